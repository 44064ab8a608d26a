"""The archive of the PDF reports: a published revision's PDFs are rendered once and kept in
`default_storage`:

    laporan/2020-09/r1/nasional.pdf          (+ nasional.pdf.sha256, in `sha256sum` format)
    laporan/2020-09/r1/provinsi-81.pdf       (+ provinsi-81.pdf.sha256)
    laporan/2020-09/r1/laporan-2020-09.zip   (written by `generate_reports`)

A new revision of the month gets a new folder, so its PDFs are rendered afresh. The
sidecar is written after the PDF: a PDF without its sidecar is not (yet) archived. A month
that is not published (a draft, or one nobody entered) is never served from storage;
`generate_reports` writes its PDFs under `laporan/YYYY-MM/draf/`, overwriting them.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import date

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from agencies.models import Province
from evaluations.figures import scorecards
from evaluations.figures.cards import PeriodInfo
from evaluations.periods import format_period

logger = logging.getLogger(__name__)

ARCHIVE_ROOT = "laporan"
DRAFT_FOLDER = "draf"


def report_name(code: str | None) -> str:
    """`None` → "nasional"; "81" → "provinsi-81" (the stored file's name, without ".pdf")."""
    return "nasional" if code is None else f"provinsi-{code}"


def download_name(code: str | None, month: date) -> str:
    """The file name offered to the browser: "laporan-lapor-2020-09-provinsi-81.pdf"."""
    return f"laporan-lapor-{format_period(month)}-{report_name(code)}.pdf"


def month_folder(month: date, revision: int | None) -> str:
    """The storage folder of a month's reports: a published revision's, or the drafts' (None)."""
    leaf = DRAFT_FOLDER if revision is None else f"r{revision}"
    return f"{ARCHIVE_ROOT}/{format_period(month)}/{leaf}"


def archive_path(code: str | None, month: date, revision: int | None) -> str:
    return f"{month_folder(month, revision)}/{report_name(code)}.pdf"


def zip_name(month: date) -> str:
    return f"laporan-{format_period(month)}.zip"


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def period_state(month: date) -> PeriodInfo:
    """The month's status and revision (one query), as the scorecards carry it."""
    return scorecards.period_info(month)


def _read_sidecar(path: str) -> str | None:
    try:
        with default_storage.open(f"{path}.sha256", "rb") as sidecar:
            text = sidecar.read().decode("ascii", "replace")
    except (FileNotFoundError, OSError):
        return None
    digest = text.split(" ", 1)[0].strip().lower()
    return digest if len(digest) == 64 else None


def read_archive(code: str | None, month: date, revision: int) -> tuple[bytes, str] | None:
    """The stored PDF of a published revision and its SHA-256, or None when not (validly) stored."""
    path = archive_path(code, month, revision)
    digest = _read_sidecar(path)
    if digest is None:
        return None
    try:
        with default_storage.open(path, "rb") as stored:
            content = stored.read()
    except (FileNotFoundError, OSError):
        return None
    if sha256_hex(content) != digest:
        logger.error("Archived report %s does not match its SHA-256; it will be rendered again", path)
        return None
    return content, digest


def _write(path: str, content: bytes) -> None:
    """Write `path`, replacing what is there (storages keep both under another name otherwise)."""
    if default_storage.exists(path):
        default_storage.delete(path)
    saved = default_storage.save(path, ContentFile(content))
    if saved != path:
        # Another process wrote the same path between our delete and our save: keep theirs.
        default_storage.delete(saved)


def store(path: str, content: bytes) -> str:
    """Store a PDF (or ZIP) with its `.sha256` sidecar, the sidecar last; returns the SHA-256."""
    digest = sha256_hex(content)
    _write(path, content)
    _write(f"{path}.sha256", f"{digest}  {path.rsplit('/', 1)[-1]}\n".encode("ascii"))
    return digest


def archived_report(code: str | None, month: date, *, revision: int | None = None) -> tuple[str, str] | None:
    """`(url, sha256)` of a published month's stored report, or None when it is not stored yet.

    `code` is a province's code, or None for the national report. Pass the month's
    `revision` when known (the page's scorecard has it: `card.period.revision`) to save a
    query; it must be a published revision. The URL is the report's view, which serves
    the stored file.
    """
    if revision is None:
        state = period_state(month)
        if not state.is_published:
            return None
        revision = state.revision
    digest = _read_sidecar(archive_path(code, month, revision))
    if digest is None:
        return None
    if code is None:
        url = reverse("evaluations:national_pdf", args=[format_period(month)])
    else:
        url = reverse("evaluations:province_pdf", args=[code, format_period(month)])
    return url, digest


def month_zip_path(month: date, *, revision: int | None = None) -> str | None:
    """The storage path of the ZIP of a published month's reports (made by `generate_reports`),
    or None when the month is not published or the ZIP not made yet."""
    if revision is None:
        state = period_state(month)
        if not state.is_published:
            return None
        revision = state.revision
    path = f"{month_folder(month, revision)}/{zip_name(month)}"
    return path if default_storage.exists(path) else None


def month_zip_url(month: date, *, revision: int | None = None) -> str | None:
    """The URL of the month's ZIP (served by the `national_zip` view), or None (see month_zip_path)."""
    if month_zip_path(month, revision=revision) is None:
        return None
    return reverse("evaluations:national_zip", args=[format_period(month)])


@dataclass(frozen=True)
class ServedReport:
    content: bytes
    sha256: str
    from_archive: bool


def province_report(province: Province, month: date, period: PeriodInfo) -> ServedReport:
    """The province PDF a view serves: the archived one of a published month (rendered and
    stored on first use), or a freshly rendered one of a month not published."""
    return _served(
        province.code, month, period, lambda: _document().render_province_pdf(province=province, month=month)
    )


def national_report(month: date, period: PeriodInfo) -> ServedReport:
    return _served(None, month, period, lambda: _document().render_national_pdf(month=month))


def _served(code: str | None, month: date, period: PeriodInfo, render) -> ServedReport:
    if not period.is_published:
        content = render()
        return ServedReport(content, sha256_hex(content), from_archive=False)
    stored = read_archive(code, month, period.revision)
    if stored is not None:
        return ServedReport(stored[0], stored[1], from_archive=True)
    content = render()
    try:
        digest = store(archive_path(code, month, period.revision), content)
    except OSError:
        # A storage that cannot be written must not cost the reader the report.
        logger.exception("Could not archive the report %s", archive_path(code, month, period.revision))
        return ServedReport(content, sha256_hex(content), from_archive=False)
    return ServedReport(content, digest, from_archive=True)


def _document():
    from evaluations.pdf import document

    return document
