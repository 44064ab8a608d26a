import io

import pytest
from pypdf import PdfReader


@pytest.fixture
def media_root(settings, tmp_path):
    """A throw-away MEDIA_ROOT: the archive and the batch write there."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page, whitespace collapsed."""
    assert content.startswith(b"%PDF-")
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(content)).pages]
