"""Tables of the dashboard pages. Rows are built from scorecards (`province_rows`,
`agency_rows`); the tables only present and sort them."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from evaluations import analysis
from evaluations.indicators import Bands
from evaluations.periods import format_period
from evaluations.scorecards import Scorecard


def _cell(card: Scorecard, indicator: str, bands: dict[str, Bands]) -> dict:
    value = analysis.indicator_value(card, indicator)
    return {"ratio": value, "band": analysis.indicator_band(card, indicator, bands)}


def province_rows(card: Scorecard, previous: Scorecard | None, bands: dict[str, Bands]) -> list[dict]:
    """One row per province of a national scorecard, with the change against `previous`.

    SK ownership always has a previous value (it comes from the decrees); account activity
    only when something was entered for the previous month.
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
            "sk_change": _change(province.sk.percent, prior.sk.percent if prior else None),
            "active_change": _change(
                province.account_active.percent,
                prior.account_active.percent if prior and evaluated_before else None,
            ),
        }
        for indicator in ("sk", "account_active", "follow_up", "completion"):
            cell = _cell(province, indicator, bands)
            row[indicator] = cell
            row[f"{indicator}_percent"] = cell["ratio"].percent
        rows.append(row)
    return rows


def _change(now: int | None, before: int | None) -> int | None:
    """Change in percentage points; None when either month has no percentage."""
    return None if now is None or before is None else now - before


class ProvinceTable(tables.Table):
    """Provinces of a national scorecard; rows are written out in `tables/provinces.html`."""

    code = tables.Column(verbose_name=_("Kode"))
    name = tables.Column(verbose_name=_("Provinsi"))
    agencies_total = tables.Column(verbose_name=_("IP"), attrs={"th": {"class": "num"}})
    sk_percent = tables.Column(verbose_name=_("SK"))
    sk_change = tables.Column(verbose_name=_("Δ SK"))
    account_active_percent = tables.Column(verbose_name=_("Akun aktif"))
    active_change = tables.Column(verbose_name=_("Δ aktif"))
    follow_up_percent = tables.Column(verbose_name=_("Tindak lanjut"))
    completion_percent = tables.Column(verbose_name=_("Penyelesaian"))
    evaluated = tables.Column(verbose_name=_("Kelengkapan data"))

    class Meta:
        orderable = True
        order_by = ("code",)
        attrs = {"class": "data-table", "id": "province-table"}
        template_name = "evaluations/tables/provinces.html"

    def value_evaluated(self, value, record):
        return f"{value}/{record['agencies_total']}"


def agency_rows(card: Scorecard) -> list[dict]:
    period = format_period(card.month)
    return [
        {
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
            "follow_up_percent": row.follow_up.percent,
            "completion_percent": row.completion.percent,
        }
        for row in card.agencies
    ]


class AgencyTable(tables.Table):
    """IPs of a province scorecard; rows are written out in `tables/agencies.html`."""

    code = tables.Column(verbose_name=_("Kode"))
    name = tables.Column(verbose_name=_("Instansi"))
    has_sk = tables.Column(verbose_name=_("SK"))
    account_active = tables.Column(verbose_name=_("Akun"))
    received = tables.Column(verbose_name=_("Diterima"))
    followed_up = tables.Column(verbose_name=_("Ditindaklanjuti"))
    completed = tables.Column(verbose_name=_("Selesai"))
    follow_up_percent = tables.Column(verbose_name=_("Tindak lanjut"))
    completion_percent = tables.Column(verbose_name=_("Penyelesaian"))

    class Meta:
        orderable = True
        order_by = ("code",)
        attrs = {"class": "data-table", "id": "agency-table"}
        template_name = "evaluations/tables/agencies.html"

    def value_has_sk(self, value, record):
        return record["sk_number"] or ""

    def value_account_active(self, value, record):
        if not record["evaluated"]:
            return ""
        return "ya" if value else "tidak"
