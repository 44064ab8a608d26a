"""Figures with context: each card says how it moved since last month; charts carry the
targets; a trend of fewer than three months is a short table; the donut states its numbers."""

import json
import re
from datetime import date

import pytest

from tests.factories import make_agencies, make_decree, make_evaluation, make_period, make_province
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_months():
    """Four IPs: one holds an SK from the start, a second from March; activity 1 of 4 then 3 of 4."""
    province = make_province()
    agencies = make_agencies(province, 4)
    make_decree(agencies[0], issued_on=date(2020, 1, 1))
    make_decree(agencies[1], issued_on=date(2021, 3, 10))
    for index, agency in enumerate(agencies):
        make_evaluation(agency, date(2021, 2, 1), active=index == 0)
        make_evaluation(agency, date(2021, 3, 1), active=index < 3)
    make_period(date(2021, 2, 1))
    make_period(date(2021, 3, 1))
    return province


def test_each_card_says_how_it_moved_since_last_month(two_months, viewer_client):
    text = page_text(viewer_client.get("/provinsi/81/", {"periode": "2021-03"}))
    assert "50% — 2 dari 4 IP memiliki SK" in text
    assert "naik 25 poin dari bulan lalu" in text  # SK 25% → 50%
    assert "naik 50 poin dari bulan lalu" in text  # active 25% → 75%
    first = page_text(viewer_client.get("/provinsi/81/", {"periode": "2021-02"}))
    assert "belum ada pembanding bulan lalu" in first


def test_definitions_are_disclosure_widgets(two_months, viewer_client):
    page = viewer_client.get("/provinsi/81/", {"periode": "2021-03"}).content.decode()
    assert page.count('<details class="definition"><summary>Definisi</summary>') >= 4
    assert 'class="hint"' not in page


def _chart(page: str, chart_id: str) -> dict:
    match = re.search(rf'<script id="{chart_id}" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


def test_a_trend_of_two_months_is_a_short_table(two_months, viewer_client):
    page = viewer_client.get("/provinsi/81/", {"periode": "2021-03"}).content.decode()
    assert 'data-chart="chart-trend"' not in page
    assert "Data baru tersedia untuk kurang dari tiga bulan" in page
    assert re.search(r"<th scope=\"row\">Feb 2021</th><td class=\"num\">25%</td>", page)


def test_charts_carry_the_targets_and_the_donut_states_its_numbers(reference_data, viewer_client):
    national = viewer_client.get("/", {"periode": "2020-09"}).content.decode()
    provinces = _chart(national, "chart-provinces")
    assert {"value": 80, "label": "target SK 80%", "color": "#1f5fa8"} in provinces["targets"]
    assert provinces["labels"] == ["Maluku Utara", "Maluku"]  # sorted, evaluated provinces only
    province = viewer_client.get("/provinsi/81/", {"periode": "2020-09"}).content.decode()
    assert _chart(province, "chart-accounts")["labels"] == ["Aktif: 3 IP (25%)", "Belum aktif: 9 IP (75%)"]


def test_the_agency_page_shows_the_month_as_it_stood(reference_data, viewer_client):
    """An SK issued later is not on the page for 2020; no report counts: a plain "no data"."""
    from agencies.models import Agency
    from tests.factories import make_decree

    make_decree(Agency.objects.get(code="8171"), issued_on=date(2025, 1, 6), number="SK/2025/BARU")
    page = viewer_client.get("/instansi/8171/", {"periode": "2020-09"}).content.decode()
    assert "2018/SK-LAPOR/8171" in page and "SK/2025/BARU" not in page
    assert 'data-chart="chart-trend"' not in page and "Belum ada data." in page
    later = viewer_client.get("/instansi/8171/", {"periode": "2025-01"}).content.decode()
    assert "SK/2025/BARU" in later
