import io

import pytest
from pypdf import PdfReader


@pytest.fixture
def media_root(settings):
    """The throw-away MEDIA_ROOT (set for every test in tests/conftest.py) where the archive
    and the batch write."""
    return settings.MEDIA_ROOT


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page, whitespace collapsed."""
    assert content.startswith(b"%PDF-")
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(content)).pages]
