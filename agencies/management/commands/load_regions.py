"""Load the national register: 38 provinces, their governments and every kabupaten/kota.

Source: the npm package `idn-area-data` (pinned in package.json, installed into
`node_modules/` by `make install`): `data/provinces.csv` (`code,name`) and
`data/regencies.csv` (`code,province_code,name`, codes like `81.71`). Its data is under
ODbL 1.0 (see README, "Data credits"). Upper-case names (older releases) are
capitalised in the fixtures' style ("KABUPATEN PANGKAJENE DAN KEPULAUAN" →
"Kabupaten Pangkajene dan Kepulauan"); the names of DKI Jakarta and DI Yogyakarta are
kept as `fixtures/provinces.json` writes them.

What gets written, matched on the agency and province codes (running it again changes
nothing; names, kinds, provinces and validity dates are brought back to the reference):

- every province, with the validity of the four created in 2022 (93, 94, 95 from
  2022-07-25, 96 from 2022-12-08, as in `fixtures/provinces.json`);
- per province, its government: kind `provinsi`, code = province code, name
  "Pemerintah Provinsi <Name>", valid from the province's own start;
- every kabupaten (KK 01–69) and kota (KK 71–99), code `PPKK`. DKI Jakarta's five kota
  administrasi and one kabupaten administrasi are not autonomous governments, so DKI
  counts as one IP (domain.md) and they are left out: 38 + 508 = 546 IPs today. Pass
  `--with-dki-administrative` to register them too (552); a later run without the
  option leaves them as they are.

The Papua split. In 2022 the regencies that formed Papua Selatan (93), Papua Tengah
(94), Papua Pegunungan (95) and Papua Barat Daya (96) got new codes; before that they
were kabupaten/kota of Papua (91) or Papua Barat (92) under other codes. Each of them is
therefore stored twice: the record under its pre-split code and province, valid until
the day before its new province began, and the current record, valid from that day.
So a 2020 month counts 34 provinces, Papua with 29 kab/kota and Papua Barat with 13,
and today counts 38, Papua with 9 and Papua Barat with 7.

Where the pre-split codes come from: no release of `idn-area-data` that the npm
registry serves predates the July 2022 split (they start at 2.2.0, the
37-province state), so they cannot be read from a package. `_PRE_SPLIT_CODES` below
holds them: the kode wilayah of Permendagri 72/2019 (91.01 Merauke … 91.28 Deiyai,
92.01 Sorong … 92.71 Kota Sorong). The six of Papua Barat Daya are the codes
`idn-area-data` 2.2.x still lists under 92; the twenty of 93–95 were checked against
independent public copies of the 2019 Kemendagri list. The table is checked against
the package at every run: it must name exactly the kab/kota of 93–96, and a pre-split
code must not be a current code.
"""

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from agencies.choices import AgencyKind
from agencies.models import Agency, Province

DEFAULT_DATA_DIR = Path(settings.BASE_DIR) / "node_modules" / "idn-area-data" / "data"

# Start of the provinces created in 2022 (UU 14, 15 and 16/2022; UU 29/2022).
PROVINCE_STARTS = {
    "93": date(2022, 7, 25),
    "94": date(2022, 7, 25),
    "95": date(2022, 7, 25),
    "96": date(2022, 12, 8),
}

# The project's (and the fixture's) names where the package spells a province out in full.
PROVINCE_NAMES = {"31": "DKI Jakarta", "34": "DI Yogyakarta"}

DKI_JAKARTA = "31"

# Current code → the code the same kabupaten/kota had before the 2022 split (Permendagri 72/2019).
_PRE_SPLIT_CODES = {
    "9301": "9101",  # Merauke
    "9302": "9116",  # Boven Digoel
    "9303": "9117",  # Mappi
    "9304": "9118",  # Asmat
    "9401": "9104",  # Nabire
    "9402": "9107",  # Puncak Jaya
    "9403": "9108",  # Paniai
    "9404": "9109",  # Mimika
    "9405": "9125",  # Puncak
    "9406": "9126",  # Dogiyai
    "9407": "9127",  # Intan Jaya
    "9408": "9128",  # Deiyai
    "9501": "9102",  # Jayawijaya
    "9502": "9112",  # Pegunungan Bintang
    "9503": "9113",  # Yahukimo
    "9504": "9114",  # Tolikara
    "9505": "9121",  # Mamberamo Tengah
    "9506": "9122",  # Yalimo
    "9507": "9123",  # Lanny Jaya
    "9508": "9124",  # Nduga
    "9601": "9201",  # Sorong
    "9602": "9204",  # Sorong Selatan
    "9603": "9205",  # Raja Ampat
    "9604": "9209",  # Tambrauw
    "9605": "9210",  # Maybrat
    "9671": "9271",  # Kota Sorong
}

_AGENCY_FIELDS = ("name", "kind", "province_id", "valid_from", "valid_until")
_PROVINCE_FIELDS = ("name", "valid_from", "valid_until")


@dataclass(frozen=True)
class ProvinceSpec:
    code: str
    name: str
    valid_from: date | None = None
    valid_until: date | None = None


@dataclass(frozen=True)
class AgencySpec:
    code: str
    name: str
    kind: str
    province_code: str
    valid_from: date | None = None
    valid_until: date | None = None


def display_name(raw: str) -> str:
    """The package's name in the fixtures' capitalisation.

    Names already in mixed case are kept; upper-case ones are capitalised word by word,
    hyphenated parts too, with the conjunction "dan" in lower case:
    "KABUPATEN TOLI-TOLI" → "Kabupaten Toli-Toli".
    """
    raw = " ".join(raw.split())
    if not raw.isupper():
        return raw
    words = []
    for index, word in enumerate(raw.lower().split(" ")):
        if word == "dan" and index > 0:
            words.append(word)
        else:
            words.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return " ".join(words)


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))
    except OSError as exc:
        raise CommandError(
            f"{path} tidak dapat dibaca ({exc.strerror}); jalankan `make install` (npm ci) dahulu."
        ) from None


def _plain_code(code: str) -> str:
    return code.strip().replace(".", "")


def read_regions(data_dir: Path, *, with_dki_administrative: bool = False):
    """The provinces and agencies the register should hold, from the package's two CSV files."""
    provinces = []
    for row in _read_csv(data_dir / "provinces.csv"):
        code = _plain_code(row["code"])
        name = PROVINCE_NAMES.get(code) or display_name(row["name"])
        provinces.append(ProvinceSpec(code, name, valid_from=PROVINCE_STARTS.get(code)))
    known = {p.code: p for p in provinces}

    agencies = [
        AgencySpec(
            p.code, f"Pemerintah Provinsi {p.name}", AgencyKind.PROVINSI, p.code, valid_from=p.valid_from
        )
        for p in provinces
    ]
    moved = {}
    for row in _read_csv(data_dir / "regencies.csv"):
        code, province_code = _plain_code(row["code"]), _plain_code(row["province_code"])
        if len(code) != 4 or not code.isdigit() or code[:2] != province_code or province_code not in known:
            raise CommandError(
                f"regencies.csv: kode {row['code']!r} / provinsi {row['province_code']!r} tidak valid."
            )
        if province_code == DKI_JAKARTA and not with_dki_administrative:
            continue
        kind = AgencyKind.KABUPATEN if int(code[2:]) < 70 else AgencyKind.KOTA
        start = PROVINCE_STARTS.get(province_code)
        spec = AgencySpec(code, display_name(row["name"]), kind, province_code, valid_from=start)
        agencies.append(spec)
        if start is not None:
            moved[code] = spec

    if set(moved) != set(_PRE_SPLIT_CODES):
        raise CommandError(
            "Daftar kode pra-pemekaran Papua tidak cocok dengan data paket: "
            f"tanpa kode lama {sorted(set(moved) - set(_PRE_SPLIT_CODES))}, "
            f"tidak ada di paket {sorted(set(_PRE_SPLIT_CODES) - set(moved))}."
        )
    current = {a.code for a in agencies}
    for code, spec in moved.items():
        old = _PRE_SPLIT_CODES[code]
        if old in current:
            raise CommandError(f"Kode pra-pemekaran {old} dipakai lagi oleh kab/kota lain di data paket.")
        agencies.append(
            AgencySpec(old, spec.name, spec.kind, old[:2], valid_until=spec.valid_from - timedelta(days=1))
        )
    return provinces, agencies


class Command(BaseCommand):
    help = (
        "Muat 38 provinsi, pemerintah provinsinya dan semua kabupaten/kota (kode Kemendagri) dari paket "
        "npm idn-area-data, termasuk kode sebelum pemekaran Papua 2022. Aman dijalankan berulang."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=DEFAULT_DATA_DIR,
            help="folder berisi provinces.csv dan regencies.csv (bawaan: node_modules/idn-area-data/data)",
        )
        parser.add_argument(
            "--with-dki-administrative",
            action="store_true",
            help="daftarkan juga 5 kota administrasi dan 1 kabupaten administrasi DKI Jakarta sebagai IP",
        )

    def handle(self, *args, data_dir: Path, with_dki_administrative: bool, **options):
        provinces, agencies = read_regions(data_dir, with_dki_administrative=with_dki_administrative)
        with transaction.atomic():
            province_counts = _sync_provinces(provinces)
            agency_counts = _sync_agencies(agencies)
        self.stdout.write(
            self.style.SUCCESS(
                "Provinsi: {} baru, {} diubah, {} tetap. Instansi: {} baru, {} diubah, {} tetap.".format(
                    *province_counts, *agency_counts
                )
            )
        )


def _sync_provinces(specs: list[ProvinceSpec]) -> tuple[int, int, int]:
    existing = {p.code: p for p in Province.objects.all()}
    new, changed = [], []
    for spec in specs:
        province = existing.get(spec.code)
        if province is None:
            new.append(Province(code=spec.code, name=spec.name, valid_from=spec.valid_from))
        elif _apply(province, spec, _PROVINCE_FIELDS):
            changed.append(province)
    Province.objects.bulk_create(new)
    Province.objects.bulk_update(changed, _PROVINCE_FIELDS)
    return len(new), len(changed), len(specs) - len(new) - len(changed)


def _sync_agencies(specs: list[AgencySpec]) -> tuple[int, int, int]:
    province_ids = dict(Province.objects.values_list("code", "id"))
    existing = {a.code: a for a in Agency.objects.all()}
    new, changed = [], []
    for spec in specs:
        values = {
            "name": spec.name,
            "kind": spec.kind,
            "province_id": province_ids[spec.province_code],
            "valid_from": spec.valid_from,
            "valid_until": spec.valid_until,
        }
        agency = existing.get(spec.code)
        if agency is None:
            new.append(Agency(code=spec.code, **values))
        elif _apply(agency, values, _AGENCY_FIELDS):
            changed.append(agency)
    reason = "load_regions (idn-area-data)"
    if new:
        bulk_create_with_history(new, Agency, batch_size=500, default_change_reason=reason)
    if changed:
        bulk_update_with_history(
            changed, Agency, list(_AGENCY_FIELDS), batch_size=500, default_change_reason=reason
        )
    return len(new), len(changed), len(specs) - len(new) - len(changed)


def _apply(obj, values, fields) -> bool:
    """Set `fields` of `obj` from `values` (a mapping or an object); True when something changed."""
    changed = False
    for name in fields:
        value = values[name] if isinstance(values, dict) else getattr(values, name)
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed
