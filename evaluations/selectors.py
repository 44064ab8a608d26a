"""Reads that the views share, apart from the scorecards themselves."""

from datetime import date

from django.utils import timezone

from agencies.models import Province
from evaluations.models import Period
from evaluations.scorecards import versioned


def default_month() -> date:
    """The latest month with published data; the current month when nothing is published yet.

    Remembered per data version: no query once known (publishing changes the version).
    """
    latest = versioned(
        ("default_month",),
        lambda: Period.objects.published().order_by("-month").values_list("month", flat=True).first(),
    )
    if latest is not None:
        return latest
    return timezone.localdate().replace(day=1)


def province_by_code(code: str) -> Province | None:
    """The province with that code, or None; remembered per data version."""
    return versioned(("province", code), lambda: Province.objects.filter(code=code).first())
