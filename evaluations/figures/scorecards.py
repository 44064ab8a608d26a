"""Scorecards: the database turned into immutable figures for a scope and a month.

Every page, JSON endpoint, export and PDF renders these objects; the ratios come from the
indicator table (`catalog.INDICATORS`) over the arithmetic of `indicators`. Each builder
runs a fixed number of queries whatever the number of agencies (asserted in the tests).
"""

from datetime import date

from agencies.models import Agency, Province
from evaluations.figures import loading, memo
from evaluations.figures.cards import AgencyRow, PeriodInfo, ProvinceRef, Scorecard, build
from evaluations.periods import months_back

__all__ = ["AgencyRow", "PeriodInfo", "ProvinceRef", "Scorecard", "build"]

# Kept importable from here: the request middleware and the views use them by these names.
data_version = memo.data_version
one_version = memo.one_version
versioned = memo.versioned


def clear_memo() -> None:
    memo.clear()


period_info = loading.period_info


def _national_months(months: list[date]) -> list[Scorecard]:
    """The national scorecards of `months`: remembered ones, the missing ones built in one load."""
    version = memo.data_version()
    if version is None:
        return loading.national_series(months)
    found = memo.lookup([("national", month, version) for month in months])
    cards = {key[1]: card for key, card in found.items()}
    missing = [month for month in months if month not in cards]
    if missing:
        built = loading.national_series(missing)
        memo.remember({("national", card.month, version): card for card in built})
        cards.update((card.month, card) for card in built)
    return [cards[month] for month in months]


def _province_part(national: Scorecard, province: Province) -> Scorecard:
    """The province's scorecard inside a national one (empty if it did not exist that month)."""
    for card in national.provinces:
        if card.province.code == province.code:
            return card
    return build(
        month=national.month,
        province=ProvinceRef(province.code, province.name),
        rows=(),
        period=national.period,
    )


def for_province(province: Province, month: date) -> Scorecard:
    """A province's scorecard for `month`: one query when cached, four or six when not."""
    return province_trend(province, month, count=1)[0]


def national(month: date) -> Scorecard:
    """The nation's scorecard for `month`, with a summary per province that existed then.

    One query when cached; six when not (version, agencies, decrees, evaluations, periods,
    provinces).
    """
    return _national_months([month])[0]


def province_trend(province: Province, month: date, count: int = 12) -> list[Scorecard]:
    """The province's scorecards for the `count` months ending with `month`, oldest first."""
    return [_province_part(card, province) for card in _national_months(months_back(month, count))]


def national_trend(month: date, count: int = 12) -> list[Scorecard]:
    """The nation's scorecards for the `count` months ending with `month`, oldest first."""
    return _national_months(months_back(month, count))


def agency_history(agency: Agency, month: date, count: int = 12) -> list[tuple[AgencyRow | None, PeriodInfo]]:
    """The agency's row and the month's state for each of the `count` months ending with `month`,
    oldest first; the row is None where the agency did not exist (four queries)."""
    return loading.agency_history(agency, months_back(month, count))
