"""The arithmetic of the indicators, over plain values. Nothing else computes a percentage.

A percentage is a whole number rounded half up (5/12 = 41.67 → 42; 5/8 = 62.5 → 63),
computed in integers so that no float or banker's rounding creeps in. Where the
denominator is 0 (or unknown) the percentage is not available: None, shown "—".
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

# The bands a percentage falls in against its target (the values of `choices.Band`).
GOOD, FAIR, POOR, UNRATED = "good", "fair", "poor", "unrated"


@dataclass(frozen=True)
class Ratio:
    """`count` out of `total`, with its whole percentage; any part may be None (unknown)."""

    count: int | None
    total: int | None
    percent: int | None

    def as_dict(self) -> dict:
        return {"count": self.count, "total": self.total, "percent": self.percent}


def percent(count: int | None, total: int | None) -> int | None:
    """Whole percentage rounded half up; None when the total is 0 or unknown.

    >>> percent(5, 12), percent(5, 8), percent(1, 8), percent(0, 0)
    (42, 63, 13, None)
    """
    if count is None or not total:
        return None
    # floor(100 * count / total + 1/2), exactly, in integers.
    return (200 * count + total) // (2 * total)


def ratio(count: int | None, total: int | None) -> Ratio:
    return Ratio(count=count, total=total, percent=percent(count, total))


def complement(part: Ratio) -> Ratio:
    """The rest of the total: inactive = all − active, and its percentage is 100 − the part's,
    so that the two always add up to 100 (4 of 11 active → 36%, 7 inactive → 64%)."""
    if part.total is None or part.count is None:
        return Ratio(None, part.total, None)
    return Ratio(
        count=part.total - part.count,
        total=part.total,
        percent=None if part.percent is None else 100 - part.percent,
    )


def report_ratios(
    counts: Iterable[tuple[int | None, int | None, int | None]],
) -> tuple[Ratio, Ratio]:
    """Follow-up and completion over `(received, followed_up, completed)` triples.

    Only triples whose counts are known take part. With none known, count and total are
    None; with known counts that add up to 0 received, they are 0 and the percentage is None.

    >>> report_ratios([(10, 6, 3), (None, None, None), (2, 1, 1)])
    (Ratio(count=7, total=12, percent=58), Ratio(count=4, total=12, percent=33))
    """
    known = [c for c in counts if c[0] is not None]
    if not known:
        return Ratio(None, None, None), Ratio(None, None, None)
    received = sum(c[0] for c in known)
    followed_up = sum(c[1] for c in known)
    completed = sum(c[2] for c in known)
    return ratio(followed_up, received), ratio(completed, received)


def median(values: Iterable[int | None]) -> int | None:
    """Median of the available percentages, rounded half up; None when none is available.

    >>> median([42, 45, None]), median([10, 20, 30])
    (44, 20)
    """
    known = sorted(v for v in values if v is not None)
    if not known:
        return None
    middle = len(known) // 2
    if len(known) % 2:
        return known[middle]
    return (known[middle - 1] + known[middle] + 1) // 2


@dataclass(frozen=True)
class Bands:
    """An indicator's target as plain values (see evaluations.models.Target)."""

    good_from: int
    fair_from: int
    min_agencies: int = 3
    min_reports: int = 10


def band(value: Ratio, bands: Bands | None, *, agencies: int, reports_based: bool = False) -> str:
    """The band of a percentage against its target; UNRATED when too little stands behind it.

    `agencies` is how many IPs stand behind the percentage; for report-based indicators
    `value.total` (reports received) must also reach `min_reports`.

    >>> band(Ratio(5, 12, 42), Bands(good_from=80, fair_from=40), agencies=12)
    'fair'
    >>> band(Ratio(1, 2, 50), Bands(good_from=80, fair_from=40), agencies=2)
    'unrated'
    """
    if bands is None or value.percent is None or agencies < bands.min_agencies:
        return UNRATED
    if reports_based and (value.total or 0) < bands.min_reports:
        return UNRATED
    if value.percent >= bands.good_from:
        return GOOD
    if value.percent >= bands.fair_from:
        return FAIR
    return POOR


# The service standard: an agency first follows up a routed report within 5 working days.
FOLLOW_UP_STANDARD_DAYS = 5


def working_days(start: date, end: date, holidays: Collection[date] = frozenset()) -> int:
    """Working days from the day after `start` up to and including `end`: Monday to Friday,
    minus `holidays`. A follow-up on the day of receipt is 0 working days.

    >>> friday, monday = date(2024, 8, 16), date(2024, 8, 19)
    >>> working_days(friday, monday)
    1
    >>> working_days(friday, friday), working_days(date(2024, 8, 17), monday)
    (0, 1)

    A holiday on a weekday is not counted (17 August 2023 was a Thursday):

    >>> working_days(date(2023, 8, 16), date(2023, 8, 18), {date(2023, 8, 17)})
    1
    """
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    # The remaining days after the whole weeks: start + 1 … start + rest.
    weekday = start.weekday()
    count += sum(1 for offset in range(1, rest + 1) if (weekday + offset) % 7 < 5)
    count -= sum(1 for day in holidays if start < day <= end and day.weekday() < 5)
    return count


def on_time(days: int | None) -> bool:
    """Whether a first follow-up after `days` working days meets the standard (None: never
    followed up, so not on time).

    >>> on_time(5), on_time(6), on_time(None)
    (True, False, False)
    """
    return days is not None and days <= FOLLOW_UP_STANDARD_DAYS


DayCounts = tuple[tuple[int, int], ...]


def tally(days: Iterable[int]) -> DayCounts:
    """Working-day values as sorted (days, how many) pairs: how rows carry them compactly.

    >>> tally([3, 1, 3, 0])
    ((0, 1), (1, 1), (3, 2))
    """
    counts: dict[int, int] = {}
    for value in days:
        counts[value] = counts.get(value, 0) + 1
    return tuple(sorted(counts.items()))


def merge_tallies(tallies: Iterable[DayCounts]) -> DayCounts:
    """Several tallies as one.

    >>> merge_tallies([((1, 2), (4, 1)), ((1, 1),)])
    ((1, 3), (4, 1))
    """
    counts: dict[int, int] = {}
    for pairs in tallies:
        for value, n in pairs:
            counts[value] = counts.get(value, 0) + n
    return tuple(sorted(counts.items()))


def lower_median(counts: DayCounts) -> int | None:
    """The median of a tally in whole days, the lower middle value for an even count; None
    when it is empty.

    >>> lower_median(((1, 1), (2, 1), (7, 1))), lower_median(((1, 1), (2, 1), (7, 1), (9, 1)))
    (2, 2)
    >>> lower_median(((0, 3), (10, 1))), lower_median(())
    (0, None)
    """
    total = sum(n for _value, n in counts)
    if not total:
        return None
    position = (total - 1) // 2  # 0-based index of the (lower) middle value
    for value, n in counts:
        if position < n:
            return value
        position -= n
    return None  # pragma: no cover - unreachable with positive counts


def on_time_ratio(rows: Iterable[tuple[int | None, int | None]]) -> Ratio:
    """On-time follow-up over `(on_time, received)` pairs of the IPs with ticket data; pairs with
    `on_time` None (no ticket data) are left out, as IPs without counts are elsewhere.

    >>> on_time_ratio([(3, 4), (None, 10), (1, 4)])
    Ratio(count=4, total=8, percent=50)
    >>> on_time_ratio([(None, 5)])
    Ratio(count=None, total=None, percent=None)
    """
    known = [(count, total) for count, total in rows if count is not None]
    if not known:
        return Ratio(None, None, None)
    return ratio(sum(c for c, _t in known), sum(t for _c, t in known))
