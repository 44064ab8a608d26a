"""Province sign-off, then national publishing: marked by the province's coordinator (or an
evaluator), cleared by a later edit, named when publishing without it, recorded."""

from datetime import date

import pytest

from agencies.models import Agency
from evaluations.models import MonthlyEvaluation, Period, PeriodEvent, ProvinceSignOff
from tests.helpers import grid_post

pytestmark = pytest.mark.django_db

OCTOBER_2020 = date(2020, 10, 1)


@pytest.fixture
def october(reference_data):
    """A draft October 2020 with data for every IP of Maluku and Maluku Utara."""
    for agency in Agency.objects.filter(province__code__in=["81", "82"]):
        MonthlyEvaluation.objects.create(agency=agency, month=OCTOBER_2020, account_active=True)
    return Period.objects.get(month=OCTOBER_2020)


def _close(client, period, **data):
    return client.post(f"/admin/evaluations/period/{period.pk}/penutupan/", data, follow=True)


def test_a_coordinator_signs_off_their_province_only(october, coordinator_client):
    page = _close(coordinator_client, october, action="signoff", provinsi="81")
    assert "Maluku ditandai siap diterbitkan." in page.content.decode()
    assert ProvinceSignOff.objects.filter(period=october, province__code="81").exists()
    # The close page shows a coordinator their own province, and refuses another's.
    assert 'data-code="82"' not in page.content.decode()
    refused = _close(coordinator_client, october, action="signoff", provinsi="82")
    assert "tidak berwenang" in refused.content.decode()
    assert not ProvinceSignOff.objects.filter(province__code="82").exists()


def test_a_later_edit_clears_the_sign_off(october, coordinator_client, maluku_province):
    _close(coordinator_client, october, action="signoff", provinsi="81")
    grid_post(coordinator_client, maluku_province, OCTOBER_2020, {"8171": ("tidak", 3, 2, 1)})
    assert not ProvinceSignOff.objects.filter(period=october, province__code="81").exists()


def test_publishing_names_the_provinces_not_signed_off_and_records_them(october, evaluator_client):
    _close(evaluator_client, october, action="signoff", provinsi="81")
    first = _close(evaluator_client, october, action="publish")
    page = first.content.decode()
    assert "1 provinsi belum ditandai siap atau datanya belum lengkap" in page
    assert "82 Maluku Utara" in page
    october.refresh_from_db()
    assert not october.is_published  # nothing published until confirmed

    _close(evaluator_client, october, action="publish", konfirmasi="ya")
    october.refresh_from_db()
    assert october.is_published
    event = PeriodEvent.objects.get(period=october, action="published", revision=1)
    assert "82 Maluku Utara (11/11 IP)" in event.reason


def test_with_every_province_signed_and_complete_it_publishes_at_once(october, evaluator_client):
    _close(evaluator_client, october, action="signoff", provinsi="81")
    _close(evaluator_client, october, action="signoff", provinsi="82")
    # The other 32 provinces of 2020 have no IP registered here: nothing to enter or sign.
    page = _close(evaluator_client, october, action="publish").content.decode()
    october.refresh_from_db()
    assert october.is_published and "belum ditandai siap" not in page
    assert PeriodEvent.objects.get(period=october, action="published").reason == ""
