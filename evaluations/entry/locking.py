"""The published-month lock: one check and one message for every write path (admin forms and
actions, the grid, imports, commands), and the row lock that serializes them with publishing.

A write takes `lock_months` inside its transaction before it checks and writes; publishing
locks the same period row (`closing.publish`), so the two run one after the other. On
PostgreSQL a trigger refuses any write to an evaluation of a published month as the last guard.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from evaluations.choices import PeriodStatus
from evaluations.models import Period
from evaluations.periods import format_month


class MonthLocked(Exception):
    """A write to a published month; its message is shown to the user as is."""

    def __init__(self, months: Iterable[date]):
        self.months = sorted(months)
        super().__init__(" ".join(locked_message(month) for month in self.months))


def locked_message(month: date) -> str:
    return _("Periode %(month)s sudah dipublikasikan dan terkunci; minta pembukaan kembali dahulu.") % {
        "month": format_month(month)
    }


def locked_months(months: Iterable[date]) -> set[date]:
    """Of `months`, those that are published (locked), without taking a lock; one query."""
    months = set(months)
    if not months:
        return set()
    return set(
        Period.objects.filter(month__in=months, status=PeriodStatus.PUBLISHED).values_list("month", flat=True)
    )


def is_locked(month: date) -> bool:
    return bool(locked_months([month]))


def lock_months(months: Iterable[date]) -> dict[date, Period]:
    """Lock the period rows of `months` for writing, in month order, creating missing ones as
    drafts; raises MonthLocked when any of them is published. Must run inside a transaction,
    which then holds the locks until it ends (so a publication waits for the write, or the
    write sees the publication)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_months must run inside transaction.atomic")
    months = sorted(set(months))
    if not months:
        return {}
    # Lock the existing rows first: an insert would take the data version's row lock (its trigger)
    # before the period's, the other order than publishing's, and the two would deadlock.
    periods = _locked(months)
    missing = [month for month in months if month not in periods]
    if missing:
        Period.objects.bulk_create([Period(month=month) for month in missing], ignore_conflicts=True)
        periods = _locked(months)
    locked = [month for month, period in periods.items() if period.is_published]
    if locked:
        raise MonthLocked(locked)
    return periods


def _locked(months: list[date]) -> dict[date, Period]:
    rows = Period.objects.select_for_update().filter(month__in=months).order_by("month")
    return {period.month: period for period in rows}


@contextmanager
def maintenance_writes() -> Iterator[None]:
    """Lift the database's guard on published months for a maintenance command that builds or
    removes whole months of (demo) data; every user-facing write path keeps it."""
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET lapor.maintenance = 'on'")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET lapor.maintenance")
