"""The PDF views: access, errors, the archive of published months and the query budget."""

import hashlib
from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from evaluations.choices import PeriodStatus
from evaluations.models import MonthlyEvaluation, Period
from evaluations.pdf import archive
from tests.conftest import SEPTEMBER_2020
from tests.factories import make_agencies, make_decree, make_evaluation, make_period, make_province
from tests.helpers import pdf_pages

pytestmark = pytest.mark.django_db


def _draft(month=SEPTEMBER_2020):
    Period.objects.filter(month=month).update(status=PeriodStatus.DRAFT, published_at=None)


def test_province_pdf_is_served_as_a_pdf(reference_data, viewer_client, media_root):
    response = viewer_client.get("/provinsi/81/laporan/2020-09.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="laporan-lapor-2020-09-provinsi-81.pdf"'
    assert "Provinsi Maluku — September 2020" in pdf_pages(response.content)[0]


def test_national_pdf_is_served_as_a_pdf(reference_data, viewer_client, media_root):
    response = viewer_client.get("/laporan/2020-09.pdf")
    assert response.status_code == 200
    assert "Nasional — September 2020" in pdf_pages(response.content)[0]


@pytest.mark.parametrize(
    "url, status",
    [
        ("/laporan/2020-13.pdf", 400),
        ("/laporan/2020-9.pdf", 400),
        ("/laporan/september.pdf", 400),
        ("/provinsi/81/laporan/20-09.pdf", 400),
        ("/provinsi/99/laporan/2020-09.pdf", 404),
        ("/provinsi/93/laporan/2020-09.pdf", 404),  # Papua Selatan did not exist yet
    ],
)
def test_bad_requests_are_answered_not_crashed(reference_data, viewer_client, media_root, url, status):
    assert viewer_client.get(url).status_code == status


def test_log_in_is_required(reference_data, client, media_root):
    response = client.get("/provinsi/81/laporan/2020-09.pdf")
    assert response.status_code == 302
    assert "/masuk/" in response["Location"]


def test_draft_pdf_is_for_staff_only_and_marked(reference_data, viewer_client, staff_user, media_root):
    _draft()
    assert viewer_client.get("/provinsi/81/laporan/2020-09.pdf").status_code == 404
    assert viewer_client.get("/laporan/2020-09.pdf").status_code == 404
    staff_client = Client()
    staff_client.force_login(staff_user)
    response = staff_client.get("/provinsi/81/laporan/2020-09.pdf")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert all("DRAF" in page for page in pdf_pages(response.content))
    assert not default_storage.exists("laporan/2020-09")  # drafts are never archived


def test_published_pdf_is_archived_once_and_served_with_a_stable_hash(
    reference_data, viewer_client, media_root
):
    first = viewer_client.get("/provinsi/81/laporan/2020-09.pdf")
    second = viewer_client.get("/provinsi/81/laporan/2020-09.pdf")
    assert first.content == second.content
    digest = hashlib.sha256(first.content).hexdigest()
    assert first["X-Content-SHA256"] == second["X-Content-SHA256"] == digest
    # The ETag is the conditional one (data version, reader, path: evaluations/web/conditional.py);
    # the archived PDF's hash stays in X-Content-SHA256, its revision's publication in Last-Modified.
    assert second["ETag"] == first["ETag"] and second["ETag"].startswith('W/"')
    assert second["Last-Modified"]

    stored = media_root / "laporan" / "2020-09" / "r1" / "provinsi-81.pdf"
    assert stored.read_bytes() == first.content
    assert (media_root / "laporan/2020-09/r1/provinsi-81.pdf.sha256").read_text() == (
        f"{digest}  provinsi-81.pdf\n"
    )
    assert archive.archived_report("81", SEPTEMBER_2020) == ("/provinsi/81/laporan/2020-09.pdf", digest)
    assert archive.archived_report("82", SEPTEMBER_2020) is None  # not requested yet
    assert archive.archived_report(None, SEPTEMBER_2020, revision=1) is None


def test_archived_pdf_is_served_without_rendering(
    reference_data, viewer_client, media_root, django_assert_num_queries
):
    viewer_client.get("/laporan/2020-09.pdf")
    # session, user, the data version (the ETag), the month's period; then the file from
    # storage (when its revision was published, for Last-Modified, is remembered)
    with django_assert_num_queries(4):
        response = viewer_client.get("/laporan/2020-09.pdf")
    assert response.status_code == 200
    assert archive.archived_report(None, SEPTEMBER_2020)[1] == response["X-Content-SHA256"]


def test_new_revision_is_rendered_again_under_a_new_path(reference_data, viewer_client, media_root):
    first = viewer_client.get("/provinsi/81/laporan/2020-09.pdf")
    Period.objects.filter(month=SEPTEMBER_2020).update(revision=2)
    second = viewer_client.get("/provinsi/81/laporan/2020-09.pdf")
    assert second.content != first.content
    assert "revisi 2" in pdf_pages(second.content)[0]
    assert (media_root / "laporan/2020-09/r1/provinsi-81.pdf").read_bytes() == first.content
    assert (media_root / "laporan/2020-09/r2/provinsi-81.pdf").read_bytes() == second.content
    assert archive.archived_report("81", SEPTEMBER_2020)[1] == hashlib.sha256(second.content).hexdigest()


def test_tampered_archive_is_rendered_again(reference_data, viewer_client, media_root):
    viewer_client.get("/provinsi/81/laporan/2020-09.pdf")
    (media_root / "laporan/2020-09/r1/provinsi-81.pdf").write_bytes(b"%PDF-1.7 broken")
    response = viewer_client.get("/provinsi/81/laporan/2020-09.pdf")
    assert len(pdf_pages(response.content)) >= 2
    assert hashlib.sha256(response.content).hexdigest() == archive.archived_report("81", SEPTEMBER_2020)[1]


def _province_with(count: int) -> None:
    month = date(2021, 3, 1)
    province = make_province("81", "Maluku")
    for n, agency in enumerate(make_agencies(province, count)):
        if n % 2:
            make_decree(agency, issued_on=date(2020, 1, 1))
        make_evaluation(agency, month, active=bool(n % 3), received=10, followed_up=6, completed=3)
    make_period(month, status=PeriodStatus.DRAFT)  # a draft: rendered on every request


@pytest.mark.parametrize("count", [1, 50])
def test_pdf_view_query_count_does_not_grow_with_agencies(
    staff_client, media_root, django_assert_num_queries, count
):
    _province_with(count)
    # session, user, data version, province, period; a draft: the user's groups and assigned
    # provinces (coordinators see their own drafts only), whether the month has any data; the
    # province trend from the national load (periods, agencies, decrees, evaluations, tickets
    # (grouped), provinces; no published month, so no snapshot); targets (the national is then
    # in the memo)
    with django_assert_num_queries(15):
        response = staff_client.get("/provinsi/81/laporan/2021-03.pdf")
    assert response.status_code == 200
    assert f"Daftar IP ({count} instansi)" in " ".join(pdf_pages(response.content))


def test_every_revision_stays_downloadable(reference_data, viewer_client, media_root):
    """`?revisi=N` gives that revision's archived PDF; without it, the latest."""
    from django.contrib.auth import get_user_model

    from evaluations.entry import closing
    from evaluations.pdf.worker import render_one  # what the batch does for each report

    render_one("81", SEPTEMBER_2020, 1)
    first = viewer_client.get("/provinsi/81/laporan/2020-09.pdf", {"revisi": "1"})
    assert first.status_code == 200 and first["Content-Disposition"].endswith('revisi-1.pdf"')

    admin = get_user_model().objects.create_superuser("penerbit", password="x" * 12)
    closing.reopen(SEPTEMBER_2020, admin, "koreksi data Kota Ambon")
    MonthlyEvaluation.objects.filter(agency__code="8171", month=SEPTEMBER_2020).update(account_active=True)
    closing.publish(SEPTEMBER_2020, admin)
    render_one("81", SEPTEMBER_2020, 2)

    latest = viewer_client.get("/provinsi/81/laporan/2020-09.pdf")
    second = viewer_client.get("/provinsi/81/laporan/2020-09.pdf", {"revisi": "2"})
    assert latest.content == second.content != first.content
    assert viewer_client.get("/provinsi/81/laporan/2020-09.pdf", {"revisi": "1"}).content == first.content
    assert "33%" in " ".join(pdf_pages(second.content))  # 4 of 12 active after the correction
    assert viewer_client.get("/provinsi/81/laporan/2020-09.pdf", {"revisi": "3"}).status_code == 404
    assert viewer_client.get("/provinsi/81/laporan/2020-09.pdf", {"revisi": "dua"}).status_code == 400
