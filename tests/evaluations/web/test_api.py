from datetime import date

import pytest

from agencies.models import Agency
from evaluations.choices import PeriodStatus
from tests.factories import make_agencies, make_evaluation, make_period, make_province

pytestmark = pytest.mark.django_db

SEED = {
    # province: (IPs, SK, SK %, active, active %, inactive, inactive %)
    "81": ("Maluku", 12, 5, 42, 3, 25, 9, 75),
    "82": ("Maluku Utara", 11, 5, 45, 4, 36, 7, 64),
}


@pytest.mark.parametrize("code", ["81", "82"])
def test_seed_table_through_the_province_json(reference_data, viewer_client, code):
    name, total, sk, sk_pct, active, active_pct, inactive, inactive_pct = SEED[code]
    response = viewer_client.get(f"/provinsi/{code}/scorecard.json", {"periode": "2020-09"})
    assert response.status_code == 200
    data = response.json()
    assert data["province"] == {"code": code, "name": name}
    assert data["period"] == "2020-09"
    assert data["agencies_total"] == total
    assert data["sk"] == {"count": sk, "total": total, "percent": sk_pct}
    assert data["account_active"] == {"count": active, "total": total, "percent": active_pct}
    assert data["account_inactive"] == {"count": inactive, "total": total, "percent": inactive_pct}
    assert data["follow_up"] == {"count": None, "total": None, "percent": None}
    assert data["completion"] == {"count": None, "total": None, "percent": None}
    assert len(data["agencies"]) == total
    assert sum(a["has_sk"] for a in data["agencies"]) == sk
    assert sum(a["account_active"] for a in data["agencies"]) == active
    assert set(data["agencies"][0]) == {
        "code",
        "name",
        "has_sk",
        "account_active",
        "received",
        "followed_up",
        "completed",
        # DESIGN.md: every agency row also carries the ticket-based figures.
        "follow_up_on_time",
        "median_working_days_to_follow_up",
    }
    assert data["follow_up_on_time"] == {"count": None, "total": None, "percent": None}
    assert data["median_working_days_to_follow_up"] is None


def test_kota_ambon_row_matches_the_contract_example(reference_data, viewer_client):
    data = viewer_client.get("/provinsi/81/scorecard.json?periode=2020-09").json()
    ambon = next(a for a in data["agencies"] if a["code"] == "8171")
    assert ambon == {
        "code": "8171",
        "name": "Kota Ambon",
        "has_sk": True,
        "account_active": False,
        "received": None,
        "followed_up": None,
        "completed": None,
        "follow_up_on_time": {"count": None, "total": None, "percent": None},
        "median_working_days_to_follow_up": None,
    }


def test_default_month_is_the_latest_published(reference_data, viewer_client):
    assert viewer_client.get("/provinsi/81/scorecard.json").json()["period"] == "2020-09"


def test_national_json_lists_every_province_of_the_month(reference_data, viewer_client):
    data = viewer_client.get("/scorecard.json", {"periode": "2020-09"}).json()
    assert data["province"] is None
    assert data["agencies_total"] == 23
    assert data["sk"] == {"count": 10, "total": 23, "percent": 43}
    assert len(data["provinces"]) == 34
    maluku = next(p for p in data["provinces"] if p["province"]["code"] == "81")
    assert maluku["sk"] == {"count": 5, "total": 12, "percent": 42}
    assert "agencies" not in maluku
    assert data["provinces_evaluated"] == 2
    assert maluku["evaluated"] is True
    # A province without any evaluation that month is "belum dievaluasi": no figures, not 0%.
    aceh = next(p for p in data["provinces"] if p["province"]["code"] == "11")
    assert aceh["evaluated"] is False
    assert aceh["sk"] == {"count": None, "total": None, "percent": None}


@pytest.mark.parametrize("periode", ["2020-13", "2020-00", "2020-9", "september", "2020-09-01", "1800-01"])
def test_malformed_period_is_a_400_with_a_message(reference_data, viewer_client, periode):
    for url in ("/scorecard.json", "/provinsi/81/scorecard.json"):
        response = viewer_client.get(url, {"periode": periode})
        assert response.status_code == 400
        assert "TTTT-BB" in response.json()["error"] or "Tahun" in response.json()["error"]


def test_unknown_province_is_a_404(reference_data, viewer_client):
    assert viewer_client.get("/provinsi/99/scorecard.json").status_code == 404


def test_province_that_did_not_exist_yet_is_a_404(reference_data, viewer_client):
    assert viewer_client.get("/provinsi/96/scorecard.json?periode=2020-09").status_code == 404
    # It exists in 2023, but nothing was evaluated anywhere that month: a 404 with a message.
    later = viewer_client.get("/provinsi/96/scorecard.json?periode=2023-01")
    assert later.status_code == 404
    assert "Belum ada data evaluasi" in later.json()["error"]


def test_known_counts_adding_up_to_zero_received_give_zero_and_null(viewer_client):
    province = make_province()
    first, _second = make_agencies(province, 2)
    month = date(2021, 5, 1)
    make_period(month)
    make_evaluation(first, month, active=True, received=0, followed_up=0, completed=0)
    data = viewer_client.get("/provinsi/81/scorecard.json?periode=2021-05").json()
    assert data["follow_up"] == {"count": 0, "total": 0, "percent": None}
    assert data["completion"] == {"count": 0, "total": 0, "percent": None}


def test_anonymous_user_is_sent_to_log_in(reference_data, client):
    response = client.get("/provinsi/81/scorecard.json?periode=2020-09")
    assert response.status_code == 302
    assert response["Location"].startswith("/masuk/?next=")


def test_public_mode_opens_the_json_but_not_admin(reference_data, client, settings):
    settings.LAPOR_PUBLIC_DASHBOARD = True
    assert client.get("/provinsi/81/scorecard.json?periode=2020-09").status_code == 200
    assert client.get("/admin/").status_code == 302


def test_draft_month_is_hidden_from_viewers_and_shown_to_staff(reference_data, viewer_client, staff_user):
    month = date(2020, 10, 1)
    make_period(month, status=PeriodStatus.DRAFT)
    make_evaluation(Agency.objects.get(code="81"), month, active=True)
    response = viewer_client.get("/provinsi/81/scorecard.json?periode=2020-10")
    assert response.status_code == 404
    assert "belum dipublikasikan" in response.json()["error"]
    # The default month stays the latest published one.
    assert viewer_client.get("/provinsi/81/scorecard.json").json()["period"] == "2020-09"
    viewer_client.force_login(staff_user)
    data = viewer_client.get("/provinsi/81/scorecard.json?periode=2020-10").json()
    assert data["account_active"]["count"] == 1
