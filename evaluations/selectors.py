"""Reads that the views share, apart from the scorecards themselves."""

from datetime import date

from django.utils import timezone

from evaluations.models import Period


def default_month() -> date:
    """The latest month with published data; the current month when nothing is published yet."""
    latest = Period.objects.published().order_by("-month").values_list("month", flat=True).first()
    if latest is not None:
        return latest
    return timezone.localdate().replace(day=1)
