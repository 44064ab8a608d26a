"""Cached scorecards are keyed on the data version that database triggers keep: a change through
any write path (admin, grid, import, publish, plain ORM) shows on the next request."""

from datetime import date

import pytest

from agencies.models import Agency
from evaluations.entry import closing
from evaluations.entry.grid import GridEntry, save_grid
from evaluations.entry.importing import import_file
from evaluations.models import MonthlyEvaluation
from tests.factories import make_agencies, make_decree, make_evaluation, make_period, make_province

pytestmark = pytest.mark.django_db

MONTH = date(2021, 3, 1)
URL = "/provinsi/81/scorecard.json?periode=2021-03"


@pytest.fixture
def scope(db):
    province = make_province()
    agencies = make_agencies(province, 3)
    make_period(MONTH, status="draft")
    for agency in agencies:
        make_evaluation(agency, MONTH, active=False)
    return agencies


def _active(client) -> int:
    return client.get(URL).json()["account_active"]["count"]


def test_a_warm_request_reads_only_the_version(scope, staff_client, django_assert_num_queries):
    first = staff_client.get(URL).json()
    # session, user, data version (province and scorecard remembered for that version); the
    # month is a draft: the user's groups and assigned provinces (a coordinator sees only theirs)
    with django_assert_num_queries(5):
        second = staff_client.get(URL).json()
    assert first == second


def test_admin_edit_shows_at_once(scope, client, superuser):
    client.force_login(superuser)
    assert _active(client) == 0
    evaluation = MonthlyEvaluation.objects.get(agency__code="8101")
    response = client.post(
        f"/admin/evaluations/monthlyevaluation/{evaluation.pk}/change/",
        {
            "agency": evaluation.agency_id,
            "month": "2021-03",
            "account_active": "on",
            "received": "",
            "followed_up": "",
            "completed": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _active(client) == 1


def test_grid_save_shows_at_once(scope, staff_client, staff_user):
    assert _active(staff_client) == 0
    save_grid(
        MONTH, [GridEntry(scope[1], True, 10, 5, 2), GridEntry(scope[2], True, None, None, None)], staff_user
    )
    data = staff_client.get(URL).json()
    assert data["account_active"]["count"] == 2
    assert data["follow_up"] == {"count": 5, "total": 10, "percent": 50}


def test_import_shows_at_once(scope, staff_client):
    assert _active(staff_client) == 0
    content = (
        b"kode_instansi,periode,akun_aktif,laporan_diterima,laporan_ditindaklanjuti,laporan_selesai\n"
        b"81,2021-03,ya,4,4,4\n"
    )
    assert import_file("evaluations", "maret.csv", content).is_valid
    data = staff_client.get(URL).json()
    assert data["account_active"]["count"] == 1
    assert data["completion"]["percent"] == 100


def test_publish_shows_at_once(scope, staff_client, superuser, viewer):
    assert staff_client.get(URL).json()["revision"] == 0
    closing.publish(MONTH, superuser)
    data = staff_client.get(URL).json()
    assert data["revision"] == 1
    assert data["published_at"] is not None
    staff_client.force_login(viewer)
    assert staff_client.get(URL).status_code == 200  # published: viewers see it now


def test_decree_and_register_changes_show_at_once(scope, staff_client):
    assert staff_client.get(URL).json()["sk"]["count"] == 0
    make_decree(scope[0], issued_on=date(2021, 1, 5))
    assert staff_client.get(URL).json()["sk"]["count"] == 1
    Agency.objects.filter(code="8102").update(valid_from=date(2022, 1, 1))  # a bulk update
    assert staff_client.get(URL).json()["agencies_total"] == 2
