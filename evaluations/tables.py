"""Tables of the dashboard pages. Rows are built from scorecards (`province_rows`,
`agency_rows`); the tables only present and sort them."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from evaluations import analysis
from evaluations.indicators import Bands
from evaluations.periods import format_period
from evaluations.scorecards import Scorecard

PERCENT_CELL = "evaluations/_percent_cell.html"


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
    code = tables.Column(verbose_name=_("Kode"))
    name = tables.TemplateColumn(
        '<a href="{{ record.url }}">{{ value }}</a>', verbose_name=_("Provinsi"), order_by="name"
    )
    agencies_total = tables.Column(verbose_name=_("IP"), attrs={"td": {"class": "num"}})
    sk_percent = tables.TemplateColumn(
        template_name=PERCENT_CELL, verbose_name=_("SK"), extra_context={"key": "sk"}
    )
    sk_change = tables.TemplateColumn(
        "{% load lapor %}{{ value|signed }}", verbose_name=_("Δ SK"), attrs={"td": {"class": "num"}}
    )
    account_active_percent = tables.TemplateColumn(
        template_name=PERCENT_CELL, verbose_name=_("Akun aktif"), extra_context={"key": "account_active"}
    )
    active_change = tables.TemplateColumn(
        "{% load lapor %}{{ value|signed }}", verbose_name=_("Δ aktif"), attrs={"td": {"class": "num"}}
    )
    follow_up_percent = tables.TemplateColumn(
        template_name=PERCENT_CELL, verbose_name=_("Tindak lanjut"), extra_context={"key": "follow_up"}
    )
    completion_percent = tables.TemplateColumn(
        template_name=PERCENT_CELL, verbose_name=_("Penyelesaian"), extra_context={"key": "completion"}
    )
    evaluated = tables.TemplateColumn(
        "{{ value }}/{{ record.agencies_total }} IP", verbose_name=_("Kelengkapan data")
    )

    class Meta:
        orderable = True
        order_by = ("code",)
        attrs = {"class": "data-table", "id": "province-table"}
        template_name = "django_tables2/table.html"

    def value_name(self, value):
        return value

    def value_evaluated(self, value, record):
        return f"{value}/{record['agencies_total']}"

    def value_sk_change(self, value):
        return value

    def value_active_change(self, value):
        return value

    def value_sk_percent(self, value):
        return value

    def value_account_active_percent(self, value):
        return value

    def value_follow_up_percent(self, value):
        return value

    def value_completion_percent(self, value):
        return value


def agency_rows(card: Scorecard, bands: dict[str, Bands]) -> list[dict]:
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
    code = tables.Column(verbose_name=_("Kode"))
    name = tables.TemplateColumn('<a href="{{ record.url }}">{{ value }}</a>', verbose_name=_("Instansi"))
    has_sk = tables.TemplateColumn(template_name="evaluations/_sk_cell.html", verbose_name=_("SK"))
    account_active = tables.TemplateColumn(
        template_name="evaluations/_active_cell.html", verbose_name=_("Akun")
    )
    received = tables.TemplateColumn(
        "{% load lapor %}{{ value|count }}", verbose_name=_("Diterima"), attrs={"td": {"class": "num"}}
    )
    followed_up = tables.TemplateColumn(
        "{% load lapor %}{{ value|count }}", verbose_name=_("Ditindaklanjuti"), attrs={"td": {"class": "num"}}
    )
    completed = tables.TemplateColumn(
        "{% load lapor %}{{ value|count }}", verbose_name=_("Selesai"), attrs={"td": {"class": "num"}}
    )
    follow_up_percent = tables.TemplateColumn(
        "{% load lapor %}{{ value|percent }}", verbose_name=_("Tindak lanjut"), attrs={"td": {"class": "num"}}
    )
    completion_percent = tables.TemplateColumn(
        "{% load lapor %}{{ value|percent }}", verbose_name=_("Penyelesaian"), attrs={"td": {"class": "num"}}
    )

    class Meta:
        orderable = True
        order_by = ("code",)
        attrs = {"class": "data-table", "id": "agency-table"}
        template_name = "django_tables2/table.html"

    def value_name(self, value):
        return value

    def value_has_sk(self, value, record):
        return record["sk_number"] or ""

    def value_account_active(self, value, record):
        if not record["evaluated"]:
            return ""
        return "ya" if value else "tidak"

    def value_received(self, value):
        return value

    def value_followed_up(self, value):
        return value

    def value_completed(self, value):
        return value

    def value_follow_up_percent(self, value):
        return value

    def value_completion_percent(self, value):
        return value
