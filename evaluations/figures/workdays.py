"""Indonesia's national public holidays (the `holidays` package, country ID) for the working-day
arithmetic of `indicators`, which takes them as a plain set of dates."""

from datetime import date
from functools import lru_cache

import holidays

from evaluations.figures import indicators


@lru_cache(maxsize=64)
def _year(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("ID", years=year))


def national_holidays(first: date, last: date) -> frozenset[date]:
    """The national public holidays from `first` to `last` (whole years; extra days do no harm)."""
    days: frozenset[date] = frozenset()
    for year in range(first.year, last.year + 1):
        days |= _year(year)
    return days


def follow_up_days(received_on: date, followed_up_on: date | None) -> int | None:
    """Working days from receipt to the first follow-up, None when there is none yet.

    >>> follow_up_days(date(2024, 8, 16), date(2024, 8, 19))  # Friday → Monday
    1
    >>> follow_up_days(date(2023, 8, 16), date(2023, 8, 18))  # over 17 August, a Thursday
    1
    """
    if followed_up_on is None:
        return None
    holidays_then = national_holidays(received_on, followed_up_on)
    return indicators.working_days(received_on, followed_up_on, holidays_then)
