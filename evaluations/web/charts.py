"""Chart data for the pages: plain labels and values taken from scorecards, handed to
`static/js/charts.js` through `json_script`. No arithmetic here beyond picking values; the
series and colours come from the indicator table, the months from `pages.trend_points`."""

from datetime import date

from django.utils.translation import gettext as _

from evaluations.figures import catalog
from evaluations.figures.cards import AgencyRow, PeriodInfo, Scorecard
from evaluations.figures.formatting import count_text, percent_text
from evaluations.figures.indicators import Bands
from evaluations.periods import format_month

PROVINCE_CHART_INDICATORS = tuple(spec for spec in catalog.BANDED if spec.unit == catalog.AGENCIES)


def _short_month(month: date) -> str:
    name, year = format_month(month).rsplit(" ", 1)
    return f"{name[:3]} {year}"


def _targets(specs, bands: dict[str, Bands] | None) -> list[dict]:
    """The target line of each charted indicator that has one: drawn dashed and labelled."""
    lines = []
    for spec in specs:
        target = (bands or {}).get(spec.target) if spec.target else None
        if target is not None:
            lines.append(
                {
                    "value": target.good_from,
                    "label": _("target %(label)s %(value)s%%")
                    % {"label": spec.short_label, "value": target.good_from},
                    "color": spec.colour,
                }
            )
    return lines


def provinces_chart(card: Scorecard, bands: dict[str, Bands] | None = None) -> dict:
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
        "targets": _targets(PROVINCE_CHART_INDICATORS, bands),
    }


def trend_chart(points: list[tuple[date, Scorecard | None]], bands: dict[str, Bands] | None = None) -> dict:
    """The indicators month by month; a month without a scorecard is a gap. With fewer than three
    months of data the page shows the figures as a short table instead of a near-empty grid."""
    return {
        "type": "line",
        "sparse": sum(1 for _month, card in points if card is not None) < 3,
        "targets": _targets(catalog.TABLED, bands),
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
    """Active and inactive accounts; the labels state the numbers (the chart is not the only
    carrier of them)."""
    active, inactive = catalog.BY_KEY["account_active"], catalog.BY_KEY["account_inactive"]
    shares = [card.measure(active.key), card.measure(inactive.key)]
    names = [_("Aktif"), _("Belum aktif")]
    return {
        "type": "doughnut",
        "unit": "IP",
        "labels": [
            _("%(name)s: %(count)s IP (%(percent)s)")
            % {"name": name, "count": count_text(share.count), "percent": percent_text(share.percent)}
            for name, share in zip(names, shares, strict=True)
        ],
        "datasets": [
            {
                "label": _("Keaktifan akun"),
                "data": [card.measure(active.key).count, card.measure(inactive.key).count],
                "colors": [active.colour, inactive.colour],
            }
        ],
    }


def agency_chart(months: list[tuple[AgencyRow, PeriodInfo]]) -> dict:
    """An agency's reports month by month: received, followed up, completed. With fewer than
    three months of report counts the page shows them as a short table."""
    return {
        "type": "bar",
        "sparse": sum(1 for row, _p in months if row.received is not None) < 3,
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
