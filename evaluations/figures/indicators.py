"""The arithmetic of the indicators, over plain values. Nothing else computes a percentage.

A percentage is a whole number rounded half up (5/12 = 41.67 → 42; 5/8 = 62.5 → 63),
computed in integers so that no float or banker's rounding creeps in. Where the
denominator is 0 (or unknown) the percentage is not available: None, shown "—".
"""

from collections.abc import Iterable
from dataclasses import dataclass

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
