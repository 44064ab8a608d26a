"""A second admin saving a change form opened before the first admin's save is refused, told
what changed, and may save again on purpose; nothing of the first admin's save is lost."""

import re
from datetime import date

import pytest

from agencies.models import Agency
from evaluations.models import MonthlyEvaluation
from tests.conftest import PASSWORD, make_user
from tests.factories import make_agencies, make_evaluation, make_province

pytestmark = pytest.mark.django_db

MONTH = date(2021, 3, 1)


def _form_values(page: str) -> dict:
    return dict(re.findall(r'name="(dimuat|csrfmiddlewaretoken)" value="([^"]*)"', page))


@pytest.fixture
def two_admins(client):
    from django.test import Client

    make_user("admin1", is_staff=True, is_superuser=True)
    make_user("admin2", is_staff=True, is_superuser=True)
    first, second = Client(), Client()
    assert first.login(username="admin1", password=PASSWORD)
    assert second.login(username="admin2", password=PASSWORD)
    return first, second


def _post(client, url, values, **fields):
    data = {
        "agency": fields["agency"],
        "month": "2021-03",
        "account_active": "on",
        "received": fields["received"],
        "followed_up": fields["followed_up"],
        "completed": "0",
        "dimuat": values["dimuat"],
    }
    return client.post(url, data)


def test_a_stale_evaluation_form_is_refused_and_says_what_changed(two_admins):
    first, second = two_admins
    agency = make_agencies(make_province(), 1)[0]
    evaluation = make_evaluation(agency, MONTH, active=True, received=10, followed_up=5, completed=0)
    url = f"/admin/evaluations/monthlyevaluation/{evaluation.pk}/change/"
    opened_first = _form_values(first.get(url).content.decode())
    opened_second = _form_values(second.get(url).content.decode())
    assert opened_first["dimuat"]

    saved = _post(first, url, opened_first, agency=agency.pk, received="12", followed_up="5")
    assert saved.status_code == 302
    stale = _post(second, url, opened_second, agency=agency.pk, received="10", followed_up="7")
    assert stale.status_code == 200
    page = stale.content.decode()
    assert "telah diubah pengguna lain" in page
    assert "laporan diterima: 10 → 12" in page
    evaluation.refresh_from_db()
    assert (evaluation.received, evaluation.followed_up) == (12, 5)

    # Seen the change, the second admin saves again on purpose.
    again = _post(second, url, _form_values(page), agency=agency.pk, received="12", followed_up="7")
    assert again.status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.received, evaluation.followed_up) == (12, 7)


def test_a_stale_agency_form_is_refused(two_admins):
    first, second = two_admins
    agency = make_agencies(make_province(), 1)[0]
    url = f"/admin/agencies/agency/{agency.pk}/change/"
    opened_first = _form_values(first.get(url).content.decode())
    opened_second = _form_values(second.get(url).content.decode())
    base = {
        "code": agency.code,
        "kind": agency.kind,
        "province": agency.province_id,
        "valid_from": "",
        "valid_until": "",
    }
    inline = {"decrees-TOTAL_FORMS": "0", "decrees-INITIAL_FORMS": "0"}
    saved = first.post(url, {**base, **inline, "name": "Nama Baru", "dimuat": opened_first["dimuat"]})
    assert saved.status_code == 302, saved.content.decode()[:3000]
    stale = second.post(url, {**base, **inline, "name": "Nama Lain", "dimuat": opened_second["dimuat"]})
    assert stale.status_code == 200
    assert "telah diubah pengguna lain" in stale.content.decode()
    assert Agency.objects.get(pk=agency.pk).name == "Nama Baru"
    assert MonthlyEvaluation.objects.count() == 0
