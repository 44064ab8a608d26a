"""SK scans (`agencies/scans.py`, `agencies/views.py`): only PDF, JPEG or PNG by content, at most
10 MB, stored under a random name, and served only through the access-checked view."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import Decree

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _upload(client, agency, name: str, content: bytes, number: str = "SK/1/2021"):
    return client.post(
        "/admin/agencies/decree/add/",
        {
            "agency": agency.pk,
            "number": number,
            "issued_on": "2021-01-04",
            "document": SimpleUploadedFile(name, content),
        },
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "halaman.html",
            b"<!doctype html><script src=x.js></script>",
            "berisi teks (mis. HTML, SVG atau skrip)",
        ),
        ("gambar.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>', "berisi teks"),
        ("skrip.js", b"fetch('/admin/').then(r => r.text())", "berisi teks"),
        ("acak.pdf", bytes(range(256)) * 40, "tidak dikenali sebagai PDF, JPEG atau PNG"),
        ("animasi.gif", b"GIF89a" + bytes(64), "berjenis image/gif"),
        ("arsip.pdf", b"PK\x03\x04" + bytes(64), "berjenis application/zip"),
    ],
)
def test_each_forbidden_kind_gets_a_clear_form_error(evaluator_client, ambon, name, content, message):
    response = _upload(evaluator_client, ambon, name, content)
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors["document"])
    assert message in errors and "PDF, JPEG atau PNG" in errors
    assert not Decree.objects.filter(number="SK/1/2021").exists()


def test_a_scan_over_10_mb_is_refused(evaluator_client, ambon):
    response = _upload(evaluator_client, ambon, "besar.pdf", PDF + bytes(10 * 1024 * 1024))
    assert "lebih dari 10 MB" in " ".join(response.context["adminform"].form.errors["document"])


@pytest.mark.parametrize(
    ("name", "content", "ext"), [("a.pdf", PDF, "pdf"), ("b.png", PNG, "png"), ("c.jpg", JPEG, "jpg")]
)
def test_a_scan_is_stored_under_a_random_name(evaluator_client, ambon, media, name, content, ext):
    assert _upload(evaluator_client, ambon, "../../" + name, content).status_code == 302
    stored = Decree.objects.get(number="SK/1/2021").document.name
    assert re.fullmatch(rf"sk/[0-9a-f]{{32}}\.{ext}", stored)
    assert (media / stored).read_bytes() == content


@pytest.fixture
def scans(ambon, ternate, media):
    """A PDF scan for Kota Ambon (Maluku), an HTML file stored for Ternate (Maluku Utara)."""
    (media / "sk").mkdir()
    (media / "sk" / "ambon.pdf").write_bytes(PDF)
    (media / "sk" / "lama.html").write_bytes(b"<script>alert(1)</script>")
    ambon_decree = Decree.objects.create(
        agency=ambon, number="A", issued_on="2021-01-04", document="sk/ambon.pdf"
    )
    ternate_decree = Decree.objects.create(
        agency=ternate, number="T", issued_on="2021-01-04", document="sk/lama.html"
    )
    return ambon_decree, ternate_decree


def test_a_scan_link_leads_to_the_checked_view(scans):
    assert scans[0].document.url == "/sk/pindaian/sk/ambon.pdf"


def test_anonymous_is_sent_to_log_in(client, scans):
    response = client.get(scans[0].document.url)
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_a_coordinator_of_another_province_gets_404(coordinator_client, scans):
    assert coordinator_client.get(scans[1].document.url).status_code == 404
    assert coordinator_client.get("/sk/pindaian/sk/tidak-ada.pdf").status_code == 404


def test_an_allowed_user_gets_the_pdf_inline_sandboxed(coordinator_client, scans):
    response = coordinator_client.get(scans[0].document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"].startswith("sandbox")


def test_anything_but_pdf_or_image_is_a_download(evaluator_client, scans):
    response = evaluator_client.get(scans[1].document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"].startswith("sandbox")


def test_media_is_never_served_directly(evaluator_client, scans):
    assert evaluator_client.get("/media/sk/ambon.pdf").status_code == 404
    assert evaluator_client.get("/media/sk/lama.html").status_code == 404


def test_no_route_serves_media_even_with_debug(settings):
    import importlib

    from django.urls import clear_url_caches

    import lapor_monitor.urls

    settings.DEBUG = True
    try:
        patterns = importlib.reload(lapor_monitor.urls).urlpatterns
        assert not [p for p in patterns if "media" in str(getattr(p, "pattern", ""))]
    finally:
        settings.DEBUG = False
        importlib.reload(lapor_monitor.urls)
        clear_url_caches()
