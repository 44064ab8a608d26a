"""SK scans: what an upload must be (PDF, JPEG or PNG by content, at most 10 MB), the random
name it is stored under, and the storage whose URLs lead to the access-checked view
(`agencies.views.decree_scan`), never to `MEDIA_URL`."""

import uuid

import filetype
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.urls import reverse
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

MAX_SCAN_BYTES = 10 * 1024 * 1024
# Detected type → (extension, served inline). Anything else is refused at upload, and a file
# stored before this check is served as a download.
ALLOWED_SCANS = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
}
SCAN_FOLDER = "sk"
# Enough for every signature filetype knows.
_HEAD_BYTES = 8192


def scan_type(file) -> str | None:
    """The MIME type the first bytes of `file` show (None when unknown); the position is kept."""
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(_HEAD_BYTES)
    file.seek(position)
    kind = filetype.guess(head)
    return kind.mime if kind else None


def _looks_like_text(file) -> bool:
    file.seek(0)
    head = file.read(1024)
    file.seek(0)
    return bool(head) and b"\x00" not in head and head.lstrip()[:1] in (b"<", b"{", b"/", b"(", b"f", b"v")


def validate_scan(value) -> None:
    """Refuse an upload that is not a PDF, JPEG or PNG by its content, or is larger than 10 MB.
    Files already stored (an unchanged field on a later save) are not read again."""
    if not value or getattr(value, "_committed", True):
        return
    if value.size > MAX_SCAN_BYTES:
        raise ValidationError(
            _("Pindaian SK lebih dari 10 MB (%(mb)s MB); perkecil resolusinya atau simpan sebagai PDF."),
            code="scan_too_large",
            params={"mb": round(value.size / (1024 * 1024), 1)},
        )
    mime = scan_type(value)
    if mime in ALLOWED_SCANS:
        return
    if mime is not None:
        raise ValidationError(
            _("Berkas ini berjenis %(mime)s; pindaian SK harus PDF, JPEG atau PNG."),
            code="scan_wrong_type",
            params={"mime": mime},
        )
    if _looks_like_text(value):
        raise ValidationError(
            _(
                "Berkas ini berisi teks (mis. HTML, SVG atau skrip), bukan pindaian; "
                "pindaian SK harus PDF, JPEG atau PNG."
            ),
            code="scan_text",
        )
    raise ValidationError(
        _(
            "Isi berkas tidak dikenali sebagai PDF, JPEG atau PNG (nama berkas saja tidak cukup); "
            "pindai ulang atau simpan sebagai PDF."
        ),
        code="scan_unknown",
    )


def scan_upload_to(instance, filename: str) -> str:
    """A random name (nothing of the uploader's file name survives) with the extension of the
    detected type."""
    mime = scan_type(instance.document) if instance.document else None
    return f"{SCAN_FOLDER}/{uuid.uuid4().hex}.{ALLOWED_SCANS.get(mime, 'bin')}"


@deconstructible
class ScanStorage(FileSystemStorage):
    """MEDIA_ROOT, with URLs to the access-checked view instead of `MEDIA_URL`."""

    def url(self, name: str | None) -> str:
        return reverse("decree_scan", args=[name])


scan_storage = ScanStorage()
