"""The map of provinces: a tile per province of the month, placed by a layout table, coloured
by band, grey where not evaluated, each tile a link with code, name and value as text."""

import re
from datetime import date

import pytest
from django.core.management import call_command

from agencies.models import Province
from evaluations.figures import tilemap
from tests.factories import make_agencies, make_evaluation

pytestmark = pytest.mark.django_db


def test_the_layout_places_every_province_once_on_its_own_tile(db):
    call_command("loaddata", "provinces", verbosity=0)
    codes = set(Province.objects.values_list("code", flat=True))
    assert set(tilemap.LAYOUT) == codes  # all 38, no stranger
    places = [(column, row) for column, row, _name in tilemap.LAYOUT.values()]
    assert len(places) == len(set(places))
    # Roughly where they lie: Aceh in the north-west, Papua Selatan east of Jakarta.
    assert tilemap.LAYOUT["11"][:2] == (0, 0)
    assert tilemap.LAYOUT["93"][0] > tilemap.LAYOUT["31"][0]


def test_a_2020_month_has_34_tiles_and_grey_for_provinces_without_data(reference_data, viewer_client):
    page = viewer_client.get("/", {"periode": "2020-09"}).content.decode()
    svg = page[page.index('<svg class="tilemap"') : page.index("</svg>", page.index('<svg class="tilemap"'))]
    links = re.findall(r'<a href="/provinsi/(\d\d)/\?periode=2020-09" aria-label="([^"]+)"', svg)
    assert len(links) == 34
    labels = dict(links)
    # The name starts with what the tile shows (code, short name, value), then says the rest.
    assert labels["81"] == "81 Maluku 42% — Maluku: Keterhubungan berdasarkan kepemilikan SK, Di bawah target"
    assert labels["11"] == "11 Aceh belum — Aceh: belum dievaluasi"
    assert "93" not in labels  # Papua Selatan came with the 2022 split
    assert 'data-code="11"' in svg and 'fill="#e0e0e0"' in svg


def test_a_2023_month_has_38_tiles_linking_to_their_provinces(reference_data, staff_client):
    viewer_client = staff_client  # a draft month
    month = date(2023, 1, 1)
    for province in Province.objects.all():
        agency = (
            make_agencies(province, 1)[0] if not province.agencies.exists() else province.agencies.first()
        )
        make_evaluation(agency, month, active=True)
    page = viewer_client.get("/", {"periode": "2023-01"}).content.decode()
    links = re.findall(r'<a href="/provinsi/(\d\d)/\?periode=2023-01" aria-label="([^"]+)" class="tile', page)
    assert len(links) == 38
    assert {code for code, _label in links} == set(Province.objects.values_list("code", flat=True))
    papeg = viewer_client.get("/provinsi/95/", {"periode": "2023-01"})
    assert papeg.status_code == 200


def test_the_map_is_coloured_by_the_chosen_indicator(reference_data, viewer_client):
    page = viewer_client.get("/", {"periode": "2020-09", "peta": "account_active"}).content.decode()
    assert "Peta provinsi: Keaktifan akun" in page
    assert 'aria-label="81 Maluku 25% — Maluku: Keaktifan akun, Di bawah target"' in page
    # An unknown choice falls back to SK rather than failing.
    other = viewer_client.get("/", {"periode": "2020-09", "peta": "x"}).content.decode()
    assert "Peta provinsi: Keterhubungan berdasarkan kepemilikan SK" in other
