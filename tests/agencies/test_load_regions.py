import json
from collections import Counter
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from agencies.management.commands.load_regions import display_name
from agencies.models import Agency, Province
from evaluations.figures import loading
from tests.conftest import SEPTEMBER_2020

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
TODAY = date(2026, 11, 20)


def _agencies_per_province(day: date) -> Counter:
    return Counter(Agency.objects.existing_on(day).values_list("province__code", flat=True))


def _fixture_agencies() -> dict[str, dict]:
    objects = json.loads((FIXTURES / "monev_2020.json").read_text())
    return {o["fields"]["code"]: o["fields"] for o in objects if o["model"] == "agencies.agency"}


def test_display_name_capitalises_upper_case_names():
    assert display_name("KABUPATEN PANGKAJENE DAN KEPULAUAN") == "Kabupaten Pangkajene dan Kepulauan"
    assert display_name("KABUPATEN TOLI-TOLI") == "Kabupaten Toli-Toli"
    assert display_name("Kota  Tidore Kepulauan") == "Kota Tidore Kepulauan"


def test_it_registers_38_provinces_and_546_ips_today(national_register):
    assert Province.objects.existing_on(TODAY).count() == 38
    agencies = Agency.objects.existing_on(TODAY)
    # 38 provincial governments + 514 kab/kota less DKI Jakarta's 6 administrative ones.
    assert agencies.count() == 546
    assert Counter(agencies.values_list("kind", flat=True)) == {"provinsi": 38, "kabupaten": 415, "kota": 93}
    counts = _agencies_per_province(TODAY)
    assert {code: counts[code] for code in ["31", "81", "82", "91", "92", "93", "94", "95", "96"]} == {
        "31": 1,
        "81": 12,
        "82": 11,
        "91": 10,
        "92": 8,
        "93": 5,
        "94": 9,
        "95": 9,
        "96": 7,
    }


def test_a_2020_month_shows_34_provinces_and_papua_before_the_split(national_register):
    assert Province.objects.existing_on(date(2020, 9, 30)).count() == 34
    counts = _agencies_per_province(date(2020, 9, 30))
    assert (counts["91"], counts["92"]) == (1 + 29, 1 + 13)
    assert sum(counts.values()) == 34 + 508

    # The register as it stands for that month (the published month itself reads its snapshot).
    card = loading.live_national(SEPTEMBER_2020)
    assert len(card.provinces) == 34
    totals = {p.province.code: p.agencies_total for p in card.provinces}
    assert (totals["91"], totals["92"], totals["81"], totals["82"]) == (30, 14, 12, 11)


def test_between_the_two_splits_papua_barat_still_holds_sorong(national_register):
    counts = _agencies_per_province(date(2022, 10, 31))
    assert len(counts) == 37
    assert (counts["91"], counts["92"], counts["93"], counts["96"]) == (10, 14, 5, 0)


def test_moved_regencies_keep_their_pre_split_record(national_register):
    old, new = Agency.objects.get(code="9101"), Agency.objects.get(code="9301")
    assert (old.name, old.province.code, old.valid_from, old.valid_until) == (
        "Kabupaten Merauke",
        "91",
        None,
        date(2022, 7, 24),
    )
    assert (new.name, new.province.code, new.valid_from, new.valid_until) == (
        "Kabupaten Merauke",
        "93",
        date(2022, 7, 25),
        None,
    )
    assert Agency.objects.get(code="9271").valid_until == date(2022, 12, 7)
    assert Agency.objects.get(code="96").valid_from == date(2022, 12, 8)


def test_maluku_and_maluku_utara_keep_the_fixture_codes_and_names(national_register):
    expected = {code: (f["name"], f["kind"]) for code, f in _fixture_agencies().items()}
    loaded = {a.code: (a.name, a.kind) for a in Agency.objects.filter(province__code__in=["81", "82"])}
    assert loaded == expected
    assert len([code for code in loaded if code.startswith("81")]) == 12


def test_provinces_match_the_fixture_when_loaded_on_an_empty_database(db):
    call_command("load_regions", verbosity=0)
    objects = json.loads((FIXTURES / "provinces.json").read_text())
    expected = {
        o["fields"]["code"]: (o["fields"]["name"], o["fields"]["valid_from"], o["fields"]["valid_until"])
        for o in objects
    }
    loaded = {
        p.code: (p.name, p.valid_from and p.valid_from.isoformat(), p.valid_until)
        for p in Province.objects.all()
    }
    assert loaded == expected


def test_running_it_again_changes_nothing(national_register):
    history = Agency.history.count()
    before = list(
        Agency.objects.values_list("code", "name", "kind", "province__code", "valid_from", "valid_until")
    )
    out = StringIO()
    call_command("load_regions", stdout=out)
    assert "0 baru, 0 diubah, 38 tetap" in out.getvalue()
    assert "Instansi: 0 baru, 0 diubah, 572 tetap" in out.getvalue()
    assert Agency.history.count() == history
    after = list(
        Agency.objects.values_list("code", "name", "kind", "province__code", "valid_from", "valid_until")
    )
    assert after == before


def test_it_brings_a_changed_agency_back_to_the_reference(national_register):
    Agency.objects.filter(code="7310").update(name="Kab. Pangkep", valid_until=date(2021, 1, 1))
    call_command("load_regions", verbosity=0)
    agency = Agency.objects.get(code="7310")
    assert (agency.name, agency.valid_until) == ("Kabupaten Pangkajene dan Kepulauan", None)
    assert agency.history.first().history_type == "~"


def test_dki_administrative_cities_only_on_request(national_register):
    assert not Agency.objects.filter(code__startswith="31").exclude(code="31").exists()
    call_command("load_regions", "--with-dki-administrative", verbosity=0)
    assert Agency.objects.existing_on(TODAY).count() == 552
    assert Agency.objects.get(code="3171").name == "Kota Administrasi Jakarta Pusat"


def test_missing_package_data_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="make install"):
        call_command("load_regions", "--data-dir", str(tmp_path), verbosity=0)
