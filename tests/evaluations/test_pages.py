import csv
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from agencies.models import Agency, Province
from evaluations.choices import PeriodStatus
from evaluations.models import MonthlyEvaluation
from tests.conftest import SEPTEMBER_2020
from tests.factories import make_agencies, make_decree, make_evaluation, make_period, make_province

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return " ".join(response.content.decode().split())


def test_maluku_scorecard_shows_the_seed_figures(reference_data, viewer_client):
    response = viewer_client.get("/provinsi/81/", {"periode": "2020-09"})
    assert response.status_code == 200
    text = _text(response)
    assert "Provinsi Maluku — September 2020" in text
    assert "42% — 5 dari 12 IP" in text
    assert "25% aktif (3 IP), 75% belum aktif (9 IP)" in text
    assert "belum ada data" in text


def test_maluku_utara_scorecard_shows_the_seed_figures(reference_data, viewer_client):
    text = _text(viewer_client.get("/provinsi/82/", {"periode": "2020-09"}))
    assert "45% — 5 dari 11 IP" in text
    assert "36% aktif (4 IP), 64% belum aktif (7 IP)" in text


def test_scorecard_narrative_is_worded_like_the_report(reference_data, viewer_client):
    text = _text(viewer_client.get("/provinsi/81/", {"periode": "2020-09"}))
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


def test_attention_names_low_follow_up_and_long_inactivity():
    province = make_province()
    first, second, third = make_agencies(province, 3)
    for agency in (first, second, third):
        make_decree(agency, issued_on=date(2020, 1, 1))
    for month in (date(2021, 1, 1), date(2021, 2, 1), date(2021, 3, 1)):
        make_period(month)
        make_evaluation(first, month, active=True, received=20, followed_up=4, completed=2)
        make_evaluation(second, month, active=False)
        make_evaluation(third, month, active=True, received=5, followed_up=0, completed=0)
    from evaluations.figures import analysis, scorecards, targets

    trend = scorecards.province_trend(province, date(2021, 3, 1))
    attention = {a.code: a.reasons for a in analysis.attention_list(trend[-1], trend, targets.load_bands())}
    assert attention[first.code] == ("tindak lanjut di bawah 50% (4 dari 20 laporan)",)
    assert attention[second.code] == ("akun belum aktif 3 bulan",)
    assert third.code not in attention  # 5 reports: too few for a verdict


def test_national_overview_lists_provinces_and_totals(reference_data, viewer_client):
    response = viewer_client.get("/", {"periode": "2020-09"})
    assert response.status_code == 200
    text = _text(response)
    assert "43% — 10 dari 23 IP" in text
    rows = response.context["table"].rows
    assert len(rows) == 34
    assert "Maluku Utara" in text


def test_national_table_sorts_by_every_column(reference_data, viewer_client):
    for column in (
        "code",
        "name",
        "agencies_total",
        "sk_percent",
        "sk_change",
        "account_active_percent",
        "active_change",
        "follow_up_percent",
        "completion_percent",
        "evaluated",
    ):
        for order in (column, f"-{column}"):
            response = viewer_client.get("/", {"periode": "2020-09", "sort": order})
            assert response.status_code == 200, order
    page = _text(viewer_client.get("/", {"periode": "2020-09", "sort": "-sk_percent"}))
    assert page.index("Maluku Utara") < page.index("Maluku</a>")


def test_default_month_is_latest_published(reference_data, viewer_client):
    assert viewer_client.get("/").context["card"].month == SEPTEMBER_2020
    assert viewer_client.get("/provinsi/81/").context["card"].month == SEPTEMBER_2020


def test_agency_page_shows_its_decrees_and_months(reference_data, viewer_client):
    response = viewer_client.get("/instansi/8171/", {"periode": "2020-09"})
    assert response.status_code == 200
    text = _text(response)
    assert "Kota Ambon" in text and "2018/SK-LAPOR/8171" in text and "Maluku" in text
    assert "September 2020" in text


@pytest.mark.parametrize("url", ["/", "/provinsi/81/", "/instansi/8171/"])
@pytest.mark.parametrize("periode", ["2020-13", "abc", "2020-1", "99999-01"])
def test_bad_period_is_a_400_page(reference_data, viewer_client, url, periode):
    response = viewer_client.get(url, {"periode": periode})
    assert response.status_code == 400
    assert "TTTT-BB" in _text(response)


@pytest.mark.parametrize(
    "url", ["/provinsi/99/", "/provinsi/abc/", "/instansi/0000/", "/provinsi/96/?periode=2020-09"]
)
def test_unknown_place_is_a_404_page(reference_data, viewer_client, url):
    response = viewer_client.get(url)
    assert response.status_code == 404
    assert "Kembali ke ikhtisar nasional" in _text(response)


def test_anonymous_user_goes_to_the_login_page(reference_data, client):
    for url in ("/", "/provinsi/81/?periode=2020-09", "/instansi/8171/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/masuk/?next=")
    login = client.get("/masuk/")
    assert login.status_code == 200
    assert "Masuk ke LAPOR! Monitor" in _text(login)


def test_public_mode_opens_pages_but_not_admin(reference_data, client, settings):
    settings.LAPOR_PUBLIC_DASHBOARD = True
    assert client.get("/provinsi/81/?periode=2020-09").status_code == 200
    assert client.get("/").status_code == 200
    assert client.get("/admin/").status_code == 302


def test_draft_month_is_marked_for_staff_and_hidden_from_viewers(reference_data, viewer_client, staff_user):
    make_period(date(2020, 10, 1), status=PeriodStatus.DRAFT)
    assert viewer_client.get("/provinsi/81/?periode=2020-10").status_code == 404
    viewer_client.force_login(staff_user)
    response = viewer_client.get("/provinsi/81/?periode=2020-10")
    assert response.status_code == 200
    assert "DRAF" in _text(response)


def test_csv_export_contains_the_rows(reference_data, viewer_client):
    response = viewer_client.get("/provinsi/81/", {"periode": "2020-09", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="lapor-81-2020-09.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Kode", "Instansi", "SK"]
    assert len(rows) == 13
    assert rows[-2][:4] == ["8171", "Kota Ambon", "2018/SK-LAPOR/8171", "tidak"]


def test_exports_neutralise_formula_cells(reference_data, viewer_client):
    Agency.objects.filter(code="8171").update(name='=HYPERLINK("http://x","klik")')
    Agency.objects.filter(code="8172").update(name="@SUM(1)")
    response = viewer_client.get("/provinsi/81/", {"periode": "2020-09", "export": "csv"})
    names = [row[1] for row in csv.reader(io.StringIO(response.content.decode()))]
    assert '\'=HYPERLINK("http://x","klik")' in names
    assert "'@SUM(1)" in names
    xlsx = viewer_client.get("/provinsi/81/", {"periode": "2020-09", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    values = [cell.value for cell in sheet["B"]]
    assert '\'=HYPERLINK("http://x","klik")' in values
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in values)


def test_xlsx_export_of_provinces_opens_with_definitions(reference_data, viewer_client):
    response = viewer_client.get("/", {"periode": "2020-09", "export": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    data, notes = workbook.worksheets
    assert data.max_row == 35  # header + 34 provinces
    maluku = next(row for row in data.iter_rows(values_only=True) if row[0] == "81")
    assert maluku[1:4] == ("Maluku", 12, 42)
    assert any("Keterhubungan berdasarkan kepemilikan SK" in (c.value or "") for c in notes["A"])


def _scope(agency_count: int) -> Province:
    province = make_province()
    for month in (date(2021, 2, 1), date(2021, 3, 1)):
        make_period(month)
    for index, agency in enumerate(make_agencies(province, agency_count)):
        make_decree(agency, issued_on=date(2020, 1, 1))
        for month in (date(2021, 2, 1), date(2021, 3, 1)):
            make_evaluation(agency, month, active=index % 2 == 0, received=5, followed_up=3, completed=1)
    return province


# Every page: the session and the user (2). A cold scorecard load: the data version (read once
# per request), then agencies, decrees, evaluations, periods and provinces (6).
PAGE_QUERIES = {
    # session, user; national trend (6); targets
    "/?periode=2021-03": 2 + 6 + 1,
    # session, user; province; 12 months (6); targets (the month's national is in the memo)
    "/provinsi/81/?periode=2021-03": 2 + 1 + 6 + 1,
    # session, user; agency; data version; its history (agencies, decrees, evaluations,
    # periods); decrees
    "/instansi/8101/?periode=2021-03": 2 + 1 + 1 + 4 + 1,
}


@pytest.mark.parametrize("agency_count", [2, 50])
@pytest.mark.parametrize("url", list(PAGE_QUERIES))
def test_page_query_count_does_not_grow_with_agencies(
    viewer_client, django_assert_num_queries, agency_count, url
):
    _scope(agency_count)
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
    from evaluations.models import MonthlyEvaluation

    admin = get_user_model().objects.create_superuser("kepala", password="rahasia-123")
    closing.reopen(SEPTEMBER_2020, admin, "salah ketik Kota Ambon")
    MonthlyEvaluation.objects.filter(agency__code="8171", month=SEPTEMBER_2020).update(account_active=True)
    closing.publish(SEPTEMBER_2020, admin)
    text = _text(viewer_client.get("/provinsi/81/", {"periode": "2020-09"}))
    assert "Revisi 2" in text
    assert "salah ketik Kota Ambon" in text
    assert "8171 Kota Ambon — akun aktif: tidak → ya" in text
    assert "33% aktif (4 IP)" in text
    data = viewer_client.get("/provinsi/81/scorecard.json?periode=2020-09").json()
    assert data["revision"] == 2
    # Maluku Utara's scorecard names no change of its own.
    assert "8171 Kota Ambon —" not in _text(viewer_client.get("/provinsi/82/", {"periode": "2020-09"}))


# A second request finds the scorecards in the memo and the page body in the cache.
WARM_QUERIES = {
    "/": 2 + 1,  # session, user; data version (the default month is remembered)
    "/?periode=2021-03": 2 + 1,  # session, user; data version
    "/provinsi/81/?periode=2021-03": 2 + 1,  # session, user; data version (province remembered)
    "/instansi/8101/?periode=2021-03": 2 + 1 + 1,  # session, user; agency; data version
}


@pytest.mark.parametrize("url", list(WARM_QUERIES))
def test_a_warm_page_reads_only_the_data_version(viewer_client, django_assert_num_queries, url):
    _scope(5)
    first = viewer_client.get(url)
    with django_assert_num_queries(WARM_QUERIES[url]):
        second = viewer_client.get(url)
    # The same page, but for the CSRF token of the header's forms (masked anew each time).
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub(b"", first.content) == token.sub(b"", second.content)


def test_a_cached_page_changes_with_the_data(viewer_client):
    _scope(3)
    url = "/provinsi/81/?periode=2021-03"
    assert "67% aktif (2 IP)" in _text(viewer_client.get(url))
    MonthlyEvaluation.objects.filter(agency__code="8101", month=date(2021, 3, 1)).update(account_active=True)
    assert "100% aktif (3 IP)" in _text(viewer_client.get(url))
