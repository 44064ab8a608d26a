"""Chart data for the pages: plain labels and values taken from scorecards, handed to
`static/js/charts.js` through `json_script`. No arithmetic here beyond picking values; the
series and colours come from the indicator table, the months from `pages.trend_points`."""

from datetime import date

from django.utils.translation import gettext as _

from evaluations.figures import catalog
from evaluations.figures.cards import AgencyRow, PeriodInfo, Scorecard
from evaluations.periods import format_month

PROVINCE_CHART_INDICATORS = tuple(spec for spec in catalog.BANDED if spec.unit == catalog.AGENCIES)


def _short_month(month: date) -> str:
    name, year = format_month(month).rsplit(" ", 1)
    return f"{name[:3]} {year}"


def provinces_chart(card: Scorecard) -> dict:
    """The agency-counted indicators per evaluated province, highest first (a province without
    data that month is "belum dievaluasi", not a bar of 0%)."""
    provinces = [p for p in card.provinces if p.is_evaluated]
    first = PROVINCE_CHART_INDICATORS[0].key if PROVINCE_CHART_INDICATORS else None
    if first:
        provinces.sort(key=lambda p: (-(p.measure(first).percent or 0), p.province.code))
    return {
        "type": "bar",
        "unit": "%",
        "labels": [p.province.name for p in provinces],
        "datasets": [
            {
                "label": str(spec.series_label),
                "data": [p.measure(spec.key).percent for p in provinces],
                "color": spec.colour,
            }
            for spec in PROVINCE_CHART_INDICATORS
        ],
    }


def trend_chart(points: list[tuple[date, Scorecard | None]]) -> dict:
    """The indicators month by month; a month without a scorecard is a gap."""
    return {
        "type": "line",
        "unit": "%",
        "labels": [_short_month(month) for month, _card in points],
        "datasets": [
            {
                "label": str(spec.series_label),
                "data": [card.measure(spec.key).percent if card else None for _month, card in points],
                "color": spec.colour,
            }
            for spec in catalog.TABLED
        ],
    }


def accounts_chart(card: Scorecard) -> dict:
    active, inactive = catalog.BY_KEY["account_active"], catalog.BY_KEY["account_inactive"]
    return {
        "type": "doughnut",
        "unit": "IP",
        "labels": [_("Aktif"), _("Belum aktif")],
        "datasets": [
            {
                "label": _("Keaktifan akun"),
                "data": [card.measure(active.key).count, card.measure(inactive.key).count],
                "colors": [active.colour, inactive.colour],
            }
        ],
    }


def agency_chart(months: list[tuple[AgencyRow, PeriodInfo]]) -> dict:
    """An agency's reports month by month: received, followed up, completed."""
    return {
        "type": "bar",
        "unit": _("laporan"),
        "labels": [_short_month(period.month) for _row, period in months],
        "datasets": [
            {
                "label": _("Diterima"),
                "data": [row.received for row, _p in months],
                "color": catalog.PALETTE["received"],
            },
            {
                "label": _("Ditindaklanjuti"),
                "data": [row.followed_up for row, _p in months],
                "color": catalog.PALETTE["follow_up"],
            },
            {
                "label": _("Selesai"),
                "data": [row.completed for row, _p in months],
                "color": catalog.PALETTE["completion"],
            },
        ],
    }
