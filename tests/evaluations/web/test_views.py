import re
from datetime import date

import pytest

from agencies.models import Agency
from evaluations.choices import PeriodStatus
from evaluations.models import MonthlyEvaluation
from evaluations.web.tables import ProvinceTable
from tests.conftest import SEPTEMBER_2020
from tests.factories import (
    make_agencies,
    make_busy_province,
    make_decree,
    make_evaluation,
    make_period,
    make_province,
    make_ticket,
)
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


def test_maluku_scorecard_shows_the_seed_figures(reference_data, viewer_client):
    response = viewer_client.get("/provinsi/81/", {"periode": "2020-09"})
    assert response.status_code == 200
    text = page_text(response)
    assert "Provinsi Maluku — September 2020" in text
    assert "42% — 5 dari 12 IP" in text
    assert "25% aktif (3 IP), 75% belum aktif (9 IP)" in text
    assert "belum ada data" in text


def test_maluku_utara_scorecard_shows_the_seed_figures(reference_data, viewer_client):
    text = page_text(viewer_client.get("/provinsi/82/", {"periode": "2020-09"}))
    assert "45% — 5 dari 11 IP" in text
    assert "36% aktif (4 IP), 64% belum aktif (7 IP)" in text


def test_scorecard_narrative_is_worded_like_the_report(reference_data, viewer_client):
    text = page_text(viewer_client.get("/provinsi/81/", {"periode": "2020-09"}))
    assert (
        "angka keterhubungan SP4N-LAPOR! berdasarkan kepemilikan SK di Provinsi Maluku mencapai "
        "42 persen atau lima dari 12 IP" in text
    )
    assert "25 persen (tiga IP) sudah aktif" in text
    assert "75 persen (sembilan IP) belum aktif" in text
    assert "peringkat 2 dari 2 provinsi, dengan median nasional 44 persen" in text


def test_scorecard_lists_attention_with_reasons(reference_data, viewer_client):
    response = viewer_client.get("/provinsi/81/", {"periode": "2020-09"})
    attention = {item.code: item.reasons for item in response.context["attention"]}
    assert attention["8102"] == ("belum memiliki SK", "akun belum aktif 1 bulan")
    assert attention["8171"] == ("akun belum aktif 1 bulan",)  # Kota Ambon holds an SK
    assert "81" not in attention  # SK and active
    assert len(attention) == 12 - 2  # 81 and 8101 hold an SK and are active


def test_national_overview_lists_provinces_and_totals(reference_data, viewer_client):
    response = viewer_client.get("/", {"periode": "2020-09"})
    assert response.status_code == 200
    text = page_text(response)
    assert "43% — 10 dari 23 IP" in text
    rows = response.context["table"].rows
    assert len(rows) == 34
    assert "Maluku Utara" in text


@pytest.fixture
def three_provinces(db):
    """Three provinces over two published months (February and March 2021) whose every column
    of the national table orders them differently from their codes (see SORTED)."""
    february, march = date(2021, 2, 1), date(2021, 3, 1)
    make_period(february)
    make_period(march)
    january = date(2021, 1, 4)
    # 11 Beta Raya: 4 IPs; SK 2 of 4 in February (one ends on its last day), 1 of 4 in March;
    # active 2 then 4 of 4; March reports 10 received, 5 followed up, 1 done.
    beta = make_agencies(make_province("11", "Beta Raya"), 4)
    make_decree(beta[0], issued_on=january)
    make_decree(beta[1], issued_on=january, valid_until=date(2021, 2, 28))
    for index, agency in enumerate(beta):
        make_evaluation(agency, february, active=index < 2)
        counts = (10, 5, 1) if index == 0 else (None, None, None)
        make_evaluation(agency, march, True, *counts)
    # 12 Gama Raya: 2 IPs; SK 1 then 2 of 2 (the second issued in March); active 1 then 0 of 2;
    # March reports 10 received, 2 followed up, 2 done.
    gama = make_agencies(make_province("12", "Gama Raya"), 2)
    make_decree(gama[0], issued_on=january)
    make_decree(gama[1], issued_on=date(2021, 3, 10))
    for index, agency in enumerate(gama):
        make_evaluation(agency, february, active=index == 0)
        counts = (10, 2, 2) if index == 0 else (None, None, None)
        make_evaluation(agency, march, False, *counts)
    # 13 Alfa Raya: 3 IPs; SK 1 then 2 of 3; active 3 of 3, then only one IP entered in March
    # (active, 10 received, 9 followed up, none done).
    alfa = make_agencies(make_province("13", "Alfa Raya"), 3)
    make_decree(alfa[0], issued_on=january)
    make_decree(alfa[1], issued_on=date(2021, 3, 10))
    for agency in alfa:
        make_evaluation(agency, february, active=True)
    make_evaluation(alfa[0], march, active=True, received=10, followed_up=9, completed=0)
    # LAPOR! tickets in March (their counts replace the hand-entered ones of those IPs):
    # Alfa's government the same 10 / 9 / 0 as entered, 5 of them followed up the next working
    # day (on time 50%); Beta's second IP 1 ticket on time, not done (on time 100%); Gama's
    # second IP 1 ticket followed up after 9 working days and done (on time 0%).
    monday, tuesday, late = date(2021, 3, 1), date(2021, 3, 2), date(2021, 3, 15)
    for number in range(10):
        follow_up = tuesday if number < 5 else late if number < 9 else None
        make_ticket(alfa[0], f"A{number}", monday, follow_up)
    make_ticket(beta[1], "B1", monday, tuesday)
    make_ticket(gama[1], "G1", monday, late, late)


# Each column of the national table, and the provinces' codes in its ascending order.
SORTED = {
    "code": ["11", "12", "13"],
    "name": ["13", "11", "12"],  # Alfa, Beta, Gama
    "agencies_total": ["12", "13", "11"],  # 2, 3, 4 IPs
    "sk_percent": ["11", "13", "12"],  # 25, 67, 100
    "sk_change": ["11", "13", "12"],  # -25, +34, +50
    "account_active_percent": ["12", "13", "11"],  # 0, 33, 100
    "account_active_change": ["13", "12", "11"],  # -67, -50, +50
    "follow_up_percent": ["12", "11", "13"],  # 3/11 = 27, 6/11 = 55, 90
    "completion_percent": ["13", "11", "12"],  # 0, 1/11 = 9, 3/11 = 27
    "follow_up_on_time_percent": ["12", "13", "11"],  # 0, 50, 100 (tickets)
    "evaluated": ["13", "12", "11"],  # 1, 2, 4 IPs entered
}
ROW_CODES = re.compile(r"<tr>\s*<td>(\d+)</td>\s*<td><a href=")


def test_every_column_of_the_national_table_is_sortable():
    columns = [column.name for column in ProvinceTable([]).columns if column.orderable]
    assert sorted(columns) == sorted(SORTED)


@pytest.mark.parametrize("column", list(SORTED))
def test_national_table_sorts_by_every_column(three_provinces, viewer_client, column):
    for order, expected in ((column, SORTED[column]), (f"-{column}", SORTED[column][::-1])):
        response = viewer_client.get("/", {"periode": "2021-03", "sort": order})
        assert response.status_code == 200, order
        assert [row.record["code"] for row in response.context["table"].rows] == expected, order
        assert ROW_CODES.findall(response.content.decode()) == expected, order


def test_national_table_with_the_reference_data_sorts_maluku_utara_first_by_sk(reference_data, viewer_client):
    page = page_text(viewer_client.get("/", {"periode": "2020-09", "sort": "-sk_percent"}))
    assert page.index("Maluku Utara") < page.index("Maluku</a>")


def test_default_month_is_latest_published(reference_data, viewer_client):
    assert viewer_client.get("/").context["card"].month == SEPTEMBER_2020
    assert viewer_client.get("/provinsi/81/").context["card"].month == SEPTEMBER_2020


def test_agency_page_shows_its_decrees_and_months(reference_data, viewer_client):
    response = viewer_client.get("/instansi/8171/", {"periode": "2020-09"})
    assert response.status_code == 200
    text = page_text(response)
    assert "Kota Ambon" in text and "2018/SK-LAPOR/8171" in text and "Maluku" in text
    assert "September 2020" in text


@pytest.mark.parametrize("url", ["/", "/provinsi/81/", "/instansi/8171/"])
@pytest.mark.parametrize("periode", ["2020-13", "abc", "2020-1", "99999-01"])
def test_bad_period_is_a_400_page(reference_data, viewer_client, url, periode):
    response = viewer_client.get(url, {"periode": periode})
    assert response.status_code == 400
    assert "TTTT-BB" in page_text(response)


@pytest.mark.parametrize(
    "url", ["/provinsi/99/", "/provinsi/abc/", "/instansi/0000/", "/provinsi/96/?periode=2020-09"]
)
def test_unknown_place_is_a_404_page(reference_data, viewer_client, url):
    response = viewer_client.get(url)
    assert response.status_code == 404
    assert "Kembali ke ikhtisar nasional" in page_text(response)


def test_anonymous_user_goes_to_the_login_page(reference_data, client):
    for url in ("/", "/provinsi/81/?periode=2020-09", "/instansi/8171/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/masuk/?next=")
    login = client.get("/masuk/")
    assert login.status_code == 200
    assert "Masuk ke LAPOR! Monitor" in page_text(login)


def test_public_mode_opens_pages_but_not_admin(reference_data, client, settings):
    settings.LAPOR_PUBLIC_DASHBOARD = True
    assert client.get("/provinsi/81/?periode=2020-09").status_code == 200
    assert client.get("/").status_code == 200
    assert client.get("/admin/").status_code == 302


def test_draft_month_is_marked_for_staff_and_hidden_from_viewers(reference_data, viewer_client, staff_user):
    make_period(date(2020, 10, 1), status=PeriodStatus.DRAFT)
    make_evaluation(Agency.objects.get(code="8171"), date(2020, 10, 1), active=True)
    assert viewer_client.get("/provinsi/81/?periode=2020-10").status_code == 404
    viewer_client.force_login(staff_user)
    response = viewer_client.get("/provinsi/81/?periode=2020-10")
    assert response.status_code == 200
    assert "DRAF" in page_text(response)


# Every page: the session and the user (2). A cold scorecard load: the data version (read once
# per request), then periods, published snapshots, and for the months without one agencies,
# decrees, evaluations, tickets (grouped) and provinces (8). (The busy province's month is
# published without a snapshot, so the registers are read; one with a snapshot skips them.)
PAGE_QUERIES = {
    # session, user; national trend (8); targets
    "/?periode=2021-03": 2 + 8 + 1,
    # session, user; province; 12 months (8); targets (the month's national is in the memo)
    "/provinsi/81/?periode=2021-03": 2 + 1 + 8 + 1,
    # session, user; agency; data version; its history (periods, snapshots, agencies, decrees,
    # evaluations, tickets); decrees; the month's late tickets
    "/instansi/8101/?periode=2021-03": 2 + 1 + 1 + 6 + 1 + 1,
}


@pytest.mark.parametrize("agency_count", [2, 50])
@pytest.mark.parametrize("url", list(PAGE_QUERIES))
def test_page_query_count_does_not_grow_with_agencies(
    viewer_client, django_assert_num_queries, agency_count, url
):
    make_busy_province(agency_count)
    with django_assert_num_queries(PAGE_QUERIES[url]):
        response = viewer_client.get(url)
    assert response.status_code == 200


def test_scorecard_links_the_pdf_and_shows_its_hash_once_archived(reference_data, viewer_client):
    page = viewer_client.get("/provinsi/81/", {"periode": "2020-09"})
    assert 'href="/provinsi/81/laporan/2020-09.pdf"' in page.content.decode()
    assert page.context["pdf_sha256"] is None
    pdf = viewer_client.get("/provinsi/81/laporan/2020-09.pdf")
    digest = pdf["X-Content-SHA256"]
    page = viewer_client.get("/provinsi/81/", {"periode": "2020-09"})
    assert digest in page.content.decode()
    national = viewer_client.get("/", {"periode": "2020-09"}).content.decode()
    assert 'href="/laporan/2020-09.pdf"' in national


def test_scorecard_shows_the_revision_log_after_a_correction(reference_data, viewer_client):
    from django.contrib.auth import get_user_model

    from evaluations.entry import closing

    admin = get_user_model().objects.create_superuser("kepala", password="rahasia-123")
    closing.reopen(SEPTEMBER_2020, admin, "salah ketik Kota Ambon")
    MonthlyEvaluation.objects.filter(agency__code="8171", month=SEPTEMBER_2020).update(account_active=True)
    closing.publish(SEPTEMBER_2020, admin)
    text = page_text(viewer_client.get("/provinsi/81/", {"periode": "2020-09"}))
    assert "Revisi 2" in text
    assert "salah ketik Kota Ambon" in text
    assert "8171 Kota Ambon — akun aktif: tidak → ya" in text
    assert "33% aktif (4 IP)" in text
    data = viewer_client.get("/provinsi/81/scorecard.json?periode=2020-09").json()
    assert data["revision"] == 2
    # Maluku Utara's scorecard names no change of its own.
    assert "8171 Kota Ambon —" not in page_text(viewer_client.get("/provinsi/82/", {"periode": "2020-09"}))


# A second request finds the scorecards in the memo and the page body in the cache.
