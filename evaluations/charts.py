"""Chart data for the pages: plain labels and values taken from scorecards, handed to
`static/js/charts.js` through `json_script`. No arithmetic here beyond picking values."""

from django.utils.translation import gettext as _

from evaluations.periods import format_month
from evaluations.scorecards import AgencyRow, PeriodInfo, Scorecard

COLOURS = {
    "sk": "#1f5fa8",
    "account_active": "#2e7d32",
    "account_inactive": "#b0b7c3",
    "follow_up": "#b35c00",
    "completion": "#6a3d9a",
}


def _short_month(card_month) -> str:
    name = format_month(card_month)
    month, year = name.rsplit(" ", 1)
    return f"{month[:3]} {year}"


def provinces_chart(card: Scorecard) -> dict:
    """SK ownership and active accounts per province (provinces without IPs are left out)."""
    provinces = [p for p in card.provinces if p.agencies_total]
    return {
        "type": "bar",
        "unit": "%",
        "labels": [p.province.name for p in provinces],
        "datasets": [
            {"label": _("Kepemilikan SK"), "data": [p.sk.percent for p in provinces], "color": COLOURS["sk"]},
            {
                "label": _("Akun aktif"),
                "data": [p.account_active.percent for p in provinces],
                "color": COLOURS["account_active"],
            },
        ],
    }


def trend_chart(trend: list[Scorecard | None]) -> dict:
    """The four indicators month by month; a hidden or empty month is a gap."""
    series = [("sk", _("Kepemilikan SK")), ("account_active", _("Akun aktif"))]
    series += [("follow_up", _("Tindak lanjut")), ("completion", _("Penyelesaian"))]
    labels = [_short_month(card.month) if card else "" for card in trend]
    return {
        "type": "line",
        "unit": "%",
        "labels": labels,
        "datasets": [
            {
                "label": label,
                "data": [
                    getattr(card, key).percent if card and card.period.status is not None else None
                    for card in trend
                ],
                "color": COLOURS[key],
            }
            for key, label in series
        ],
    }


def accounts_chart(card: Scorecard) -> dict:
    return {
        "type": "doughnut",
        "unit": "IP",
        "labels": [_("Aktif"), _("Belum aktif")],
        "datasets": [
            {
                "label": _("Keaktifan akun"),
                "data": [card.account_active.count, card.account_inactive.count],
                "colors": [COLOURS["account_active"], COLOURS["account_inactive"]],
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
            {"label": _("Diterima"), "data": [row.received for row, _p in months], "color": "#1f5fa8"},
            {
                "label": _("Ditindaklanjuti"),
                "data": [row.followed_up for row, _p in months],
                "color": COLOURS["follow_up"],
            },
            {
                "label": _("Selesai"),
                "data": [row.completed for row, _p in months],
                "color": COLOURS["completion"],
            },
        ],
    }
