"""Page bodies remembered per data version (`web/page_cache.py`)."""

import re
from datetime import date

import pytest

from evaluations.choices import PeriodStatus
from evaluations.models import MonthlyEvaluation
from tests.factories import make_busy_province, make_period
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


WARM_QUERIES = {
    "/": 2 + 1,  # session, user; data version (the default month is remembered)
    "/?periode=2021-03": 2 + 1,  # session, user; data version
    "/provinsi/81/?periode=2021-03": 2 + 1,  # session, user; data version (province remembered)
    "/instansi/8101/?periode=2021-03": 2 + 1 + 1,  # session, user; agency; data version
}


@pytest.mark.parametrize("url", list(WARM_QUERIES))
def test_a_warm_page_reads_only_the_data_version(viewer_client, django_assert_num_queries, url):
    make_busy_province(5)
    first = viewer_client.get(url)
    with django_assert_num_queries(WARM_QUERIES[url]):
        second = viewer_client.get(url)
    # The same page, but for the CSRF token of the header's forms (masked anew each time).
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub(b"", first.content) == token.sub(b"", second.content)


def test_a_cached_page_changes_with_the_data(staff_client):
    make_busy_province(3)
    # A draft month: a published one is locked (and read from its snapshot).
    make_period(date(2021, 3, 1), status=PeriodStatus.DRAFT)
    url = "/provinsi/81/?periode=2021-03"
    assert "67% aktif (2 IP)" in page_text(staff_client.get(url))
    MonthlyEvaluation.objects.filter(agency__code="8101", month=date(2021, 3, 1)).update(account_active=True)
    assert "100% aktif (3 IP)" in page_text(staff_client.get(url))


@pytest.mark.parametrize(
    "noise", ["utm_source=wa", "x=1", "_=1732900000", "fbclid=abc&y=2", "periode_x=2021-03"]
)
def test_parameters_that_do_not_change_the_page_do_not_bypass_the_cache(
    viewer_client, django_assert_num_queries, noise
):
    make_busy_province(5)
    viewer_client.get("/provinsi/81/?periode=2021-03")
    with django_assert_num_queries(WARM_QUERIES["/provinsi/81/?periode=2021-03"]):
        noisy = viewer_client.get(f"/provinsi/81/?{noise}&periode=2021-03")
    assert noisy.status_code == 200
    # Nor do they leak into the cached body's links.
    assert noise.split("&")[0] not in noisy.content.decode().split("<main", 1)[1]


def test_parameters_that_change_the_page_keep_their_own_entry(viewer_client):
    make_busy_province(5)
    by_name = viewer_client.get("/provinsi/81/?periode=2021-03&sort=name").content
    by_code = viewer_client.get("/provinsi/81/?periode=2021-03&sort=-name").content
    assert by_name != by_code


def _published_with_a_correction(editor_name: str = ""):
    from django.contrib.auth import get_user_model

    from evaluations.entry import closing

    card_month = date(2020, 9, 1)
    editor = get_user_model().objects.create_superuser("kepala.bidang", password="x", first_name=editor_name)
    closing.reopen(card_month, editor, "salah ketik Kota Ambon")
    MonthlyEvaluation.objects.filter(agency__code="8171", month=card_month).update(account_active=True)
    closing.publish(card_month, editor)


def test_viewers_and_the_public_see_no_editor_in_the_revision_log(
    reference_data, client, viewer_client, settings
):
    _published_with_a_correction()
    viewer_page = page_text(viewer_client.get("/provinsi/81/", {"periode": "2020-09"}))
    assert "salah ketik Kota Ambon" in viewer_page
    assert "kepala.bidang" not in viewer_page
    viewer_client.logout()
    settings.LAPOR_PUBLIC_DASHBOARD = True
    public_page = page_text(client.get("/provinsi/81/", {"periode": "2020-09"}))
    assert "Revisi 2" in public_page
    assert "kepala.bidang" not in public_page and " oleh " not in public_page


def test_staff_see_who_published_a_correction(reference_data, staff_client):
    _published_with_a_correction("Siti")
    assert "oleh Siti" in page_text(staff_client.get("/provinsi/81/", {"periode": "2020-09"}))
