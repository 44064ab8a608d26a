"""Tables of the dashboard pages. Rows are built from scorecards (`province_rows`,
`agency_rows`); the tables only present and sort them. Their indicator columns come from
the indicator table (`catalog.INDICATORS`), so the CSV/XLSX exports carry every indicator."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from evaluations.choices import Band
from evaluations.figures import catalog
from evaluations.figures.cards import Scorecard
from evaluations.figures.formatting import count_text, percent_text
from evaluations.figures.indicators import Bands
from evaluations.figures.targets import indicator_band
from evaluations.periods import format_period
from evaluations.web.exports import DATE, INTEGER, PERCENT, ExportColumn

TABLE_INDICATORS = catalog.TABLED
AGENCY_INDICATORS = tuple(spec for spec in TABLE_INDICATORS if spec.per_agency is not None)


def province_rows(card: Scorecard, previous: Scorecard | None, bands: dict[str, Bands]) -> list[dict]:
    """One row per province of a national scorecard, with the change against `previous`.

    Indicators drawn from the registers (agency-unit ones) always have a previous value;
    the others only when something was entered for the previous month.
    """
    before = {c.province.code: c for c in previous.provinces} if previous else {}
    evaluated_before = previous is not None and previous.period.status is not None
    period = format_period(card.month)
    rows = []
    for province in card.provinces:
        prior = before.get(province.province.code)
        row = {
            "code": province.province.code,
            "name": province.province.name,
            "url": reverse("evaluations:province", args=[province.province.code]) + f"?periode={period}",
            "agencies_total": province.agencies_total,
            "evaluated": province.evaluated,
            "is_evaluated": province.is_evaluated,
            "cells": [],
        }
        for spec in TABLE_INDICATORS:
            value = province.measure(spec.key)
            band = indicator_band(province, spec.key, bands)
            cell = {"ratio": value, "band": band, "spec": spec, "why": unrated_reason(province, spec, bands)}
            cell["html"] = percent_cell(cell)
            row[f"{spec.key}_percent"] = value.percent
            if spec.change:
                comparable = prior is not None and (spec.from_register or evaluated_before)
                cell["change"] = _change(
                    value.percent, prior.measure(spec.key).percent if comparable else None
                )
                row[f"{spec.key}_change"] = cell["change"]
            row["cells"].append(cell)
        row["span"] = len(row["cells"]) + sum(1 for cell in row["cells"] if "change" in cell)
        rows.append(row)
    return rows


def percent_cell(cell: dict) -> str:
    """A percentage cell of the national table as `tables/provinces.html` writes it: the
    percentage in its band's colour, count/total, the band or why there is none. Written here
    (38 rows × 5 cells) because the template engine spends more on it than on the whole page.
    Percentages and counts are digits and signs; the band's label and the reason are escaped."""
    ratio, band = cell["ratio"], cell["band"]
    counts = f"{count_text(ratio.count)}/{count_text(ratio.total)}" if ratio.total else ""
    if band != Band.UNRATED:
        mark = f' <span class="band band-{band.value}">{escape(band.label)}</span>'
    elif cell["why"]:
        mark = f' <small class="muted why">{escape(cell["why"])}</small>'
    else:
        mark = ""
    percent = percent_text(ratio.percent)
    return mark_safe(  # noqa: S308 - built from escaped text
        f'<td class="num"><span class="cell-percent band-text-{band.value}">{percent}</span>'
        f' <small class="muted">{counts}</small>{mark}</td>'
    )


def unrated_reason(card: Scorecard, spec, bands: dict[str, Bands]) -> str:
    """Why a percentage carries no band (the small-n rule, no target, no data); "" when banded."""
    target = bands.get(spec.target) if spec.target else None
    if target is None:
        return str(_("tanpa target"))
    value = card.measure(spec.key)
    if value.percent is None:
        return ""
    agencies = card.reporting_agencies if spec.reports_based and card.agencies else card.agencies_total
    if agencies < target.min_agencies:
        return str(_("kurang dari %(n)s IP")) % {"n": target.min_agencies}
    if spec.reports_based and (value.total or 0) < target.min_reports:
        return str(_("kurang dari %(n)s laporan")) % {"n": target.min_reports}
    return ""


REGIONS = {
    "1": _("Sumatera"),
    "2": _("Sumatera"),
    "3": _("Jawa"),
    "5": _("Bali dan Nusa Tenggara"),
    "6": _("Kalimantan"),
    "7": _("Sulawesi"),
    "8": _("Maluku"),
    "9": _("Papua"),
}


def region_of(code: str) -> str:
    """The island group of a province, from the first digit of its code (Kemendagri's order)."""
    return str(REGIONS.get(code[:1], _("lainnya")))


def filter_rows(rows: list[dict], *, region: str = "", band: str = "", evaluated: str = "") -> list[dict]:
    """The national table's rows by island group, SK band, or evaluated or not."""
    result = []
    for row in rows:
        if region and region_of(row["code"]) != region:
            continue
        if evaluated == "ya" and not row["is_evaluated"]:
            continue
        if evaluated == "tidak" and row["is_evaluated"]:
            continue
        if band and (not row["cells"] or str(row["cells"][0]["band"]) != band):
            continue
        result.append(row)
    return result


def _change(now: int | None, before: int | None) -> int | None:
    """Change in percentage points; None when either month has no percentage."""
    return None if now is None or before is None else now - before


def _province_columns() -> dict:
    columns = {
        "code": tables.Column(verbose_name=_("Kode")),
        "name": tables.Column(verbose_name=_("Provinsi")),
        "agencies_total": tables.Column(verbose_name=_("IP"), attrs={"th": {"class": "num"}}),
    }
    for spec in TABLE_INDICATORS:
        columns[f"{spec.key}_percent"] = tables.Column(verbose_name=spec.short_label)
        if spec.change:
            columns[f"{spec.key}_change"] = tables.Column(verbose_name="Δ " + str(spec.short_label))
    columns["evaluated"] = tables.Column(verbose_name=_("Kelengkapan data"))
    return columns


class _ProvinceMeta:
    orderable = True
    order_by = ("code",)
    attrs = {"class": "data-table", "id": "province-table"}
    template_name = "evaluations/tables/provinces.html"


def _value_evaluated(self, value, record):
    return f"{value}/{record['agencies_total']}"


def _province_export_columns(self) -> list[ExportColumn]:
    """Every figure as a number of its own: percentages, counts, changes, and completeness as
    entered and total IPs (never "10/12", which Excel reads as a date)."""
    columns = [
        ExportColumn(str(_("Kode")), lambda r: r["code"], width=6),
        ExportColumn(str(_("Provinsi")), lambda r: r["name"], width=28),
        ExportColumn(
            str(_("Status")),
            lambda r: str(_("Dievaluasi")) if r["is_evaluated"] else str(_("Belum dievaluasi")),
            width=16,
        ),
        ExportColumn(str(_("IP")), lambda r: r["agencies_total"], INTEGER, 6),
    ]
    for position, spec in enumerate(TABLE_INDICATORS):
        label = str(spec.short_label)
        columns.append(ExportColumn(f"{label} (%)", _cell_value(position, "percent"), PERCENT))
        unit = str(_("IP")) if spec.unit == catalog.AGENCIES else str(_("laporan"))
        columns.append(
            ExportColumn(f"{label} ({_('jumlah')} {unit})", _cell_value(position, "count"), INTEGER)
        )
        columns.append(ExportColumn(f"{label} ({_('dari')} {unit})", _cell_value(position, "total"), INTEGER))
        if spec.change:
            change = str(_("Δ %(label)s (poin)")) % {"label": label}
            columns.append(ExportColumn(change, _cell_value(position, "change"), INTEGER))
    columns += [
        ExportColumn(str(_("IP diisi")), lambda r: r["evaluated"], INTEGER),
        ExportColumn(str(_("IP seluruhnya")), lambda r: r["agencies_total"], INTEGER),
    ]
    return columns


def _cell_value(position: int, part: str):
    def value(record: dict):
        cell = record["cells"][position]
        if part == "change":
            return cell.get("change")
        return getattr(cell["ratio"], part)

    return value


# Provinces of a national scorecard; rows are written out in `tables/provinces.html`.
ProvinceTable = type(
    "ProvinceTable",
    (tables.Table,),
    {
        **_province_columns(),
        "Meta": _ProvinceMeta,
        "value_evaluated": _value_evaluated,
        "export_columns": _province_export_columns,
    },
)


def agency_rows(card: Scorecard) -> list[dict]:
    period = format_period(card.month)
    rows = []
    for row in card.agencies:
        record = {
            "code": row.code,
            "name": row.name,
            "url": reverse("evaluations:agency", args=[row.code]) + f"?periode={period}",
            "has_sk": row.has_sk,
            "sk_number": row.sk_number,
            "sk_issued_on": row.sk_issued_on,
            "evaluated": row.evaluated,
            "account_active": row.account_active,
            "received": row.received,
            "followed_up": row.followed_up,
            "completed": row.completed,
            "percents": [],
        }
        for spec in AGENCY_INDICATORS:
            record[f"{spec.key}_percent"] = row.measure(spec.key).percent
            record["percents"].append(record[f"{spec.key}_percent"])
        record["cells_html"] = agency_cells(record)
        rows.append(record)
    return rows


def agency_cells(record: dict) -> str:
    """A province table row's cells after the name, as `tables/agencies.html` writes them (the
    SK and account cells as `cells/sk.html` and `cells/active.html` do): written here, as the
    national table's percentage cells are, because the template engine spent more on them than
    on the rest of the page. The SK number is escaped; the rest are fixed words and figures."""
    if record["has_sk"]:
        issued = date_format(record["sk_issued_on"], "j M Y") if record["sk_issued_on"] else ""
        sk = (
            f'<span class="status status-ok">{escape(_("Ada"))}</span> '
            f"<small>{escape(record['sk_number'])}, {escape(issued)}</small>"
        )
    else:
        sk = f'<span class="status status-bad">{escape(_("Belum ada"))}</span>'
    if not record["evaluated"]:
        account = f'<span class="status status-none">{escape(_("Belum ada data"))}</span>'
    elif record["account_active"]:
        account = f'<span class="status status-ok">{escape(_("Aktif"))}</span>'
    else:
        account = f'<span class="status status-bad">{escape(_("Belum aktif"))}</span>'
    counts = "\n  ".join(
        f'<td class="num">{count_text(record[key])}</td>' for key in ("received", "followed_up", "completed")
    )
    percents = "".join(f'<td class="num">{percent_text(value)}</td>' for value in record["percents"])
    return mark_safe(f"<td>{sk}</td>\n  <td>{account}</td>\n  {counts}\n  {percents}")  # noqa: S308 - escaped


def _agency_columns() -> dict:
    columns = {
        "code": tables.Column(verbose_name=_("Kode")),
        "name": tables.Column(verbose_name=_("Instansi")),
        "has_sk": tables.Column(verbose_name=_("SK")),
        "account_active": tables.Column(verbose_name=_("Akun")),
        "received": tables.Column(verbose_name=_("Diterima")),
        "followed_up": tables.Column(verbose_name=_("Ditindaklanjuti")),
        "completed": tables.Column(verbose_name=_("Selesai")),
    }
    for spec in AGENCY_INDICATORS:
        columns[f"{spec.key}_percent"] = tables.Column(verbose_name=spec.short_label)
    return columns


class _AgencyMeta:
    orderable = True
    order_by = ("code",)
    attrs = {"class": "data-table", "id": "agency-table"}
    template_name = "evaluations/tables/agencies.html"


def _value_has_sk(self, value, record):
    return record["sk_number"] or ""


def _value_account_active(self, value, record):
    if not record["evaluated"]:
        return ""
    return "ya" if value else "tidak"


def _activity_word(record: dict) -> str:
    """The page's own words for an IP's account."""
    if not record["evaluated"]:
        return str(_("Belum ada data"))
    return str(_("Aktif")) if record["account_active"] else str(_("Belum aktif"))


def _agency_export_columns(self) -> list[ExportColumn]:
    columns = [
        ExportColumn(str(_("Kode")), lambda r: r["code"], width=8),
        ExportColumn(str(_("Instansi")), lambda r: r["name"], width=36),
        ExportColumn(str(_("SK")), lambda r: str(_("Ada")) if r["has_sk"] else str(_("Belum ada")), width=10),
        ExportColumn(str(_("Nomor SK")), lambda r: r["sk_number"], width=28),
        ExportColumn(str(_("Tanggal SK")), lambda r: r["sk_issued_on"], DATE),
        ExportColumn(str(_("Akun")), _activity_word, width=14),
        ExportColumn(str(_("Diterima")), lambda r: r["received"], INTEGER),
        ExportColumn(str(_("Ditindaklanjuti")), lambda r: r["followed_up"], INTEGER),
        ExportColumn(str(_("Selesai")), lambda r: r["completed"], INTEGER),
    ]
    for spec in AGENCY_INDICATORS:
        key = f"{spec.key}_percent"
        columns.append(ExportColumn(f"{spec.short_label} (%)", lambda r, key=key: r[key], PERCENT))
    return columns


# IPs of a province scorecard; rows are written out in `tables/agencies.html`.
AgencyTable = type(
    "AgencyTable",
    (tables.Table,),
    {
        **_agency_columns(),
        "Meta": _AgencyMeta,
        "value_has_sk": _value_has_sk,
        "value_account_active": _value_account_active,
        "export_columns": _agency_export_columns,
    },
)
