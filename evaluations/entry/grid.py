"""The province grid: one province's month entered at once, saved in one transaction.

The admin page (`evaluations.entry.month_views.grid_view`) validates the rows with
`evaluations.entry.forms.GridFormSet`; this module loads the rows and saves them.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from agencies.models import Agency, Province
from evaluations.entry.locking import lock_months
from evaluations.models import EVALUATION_FIELDS, MonthlyEvaluation, Ticket
from evaluations.periods import last_day

FIELDS = EVALUATION_FIELDS


@dataclass(frozen=True)
class GridEntry:
    """One row as entered: `account_active` None means "not entered" (no evaluation is written)."""

    agency: Agency
    account_active: bool | None
    received: int | None
    followed_up: int | None
    completed: int | None


def grid_rows(province: Province, month: date) -> tuple[list[Agency], dict[int, MonthlyEvaluation]]:
    """The province's IPs existing on the month's last day, and their evaluations; two queries."""
    agencies = list(Agency.objects.filter(province=province).existing_on(last_day(month)).order_by("code"))
    evaluations = MonthlyEvaluation.objects.filter(month=month, agency__in=[a.pk for a in agencies])
    return agencies, {e.agency_id: e for e in evaluations}


@dataclass(frozen=True)
class TicketCounts:
    """An IP's counts for the month from its LAPOR! tickets: shown read-only in the grid."""

    received: int
    followed_up: int
    completed: int


def ticket_counts(agencies: list[Agency], month: date) -> dict[int, TicketCounts]:
    """The month's counts from tickets of those `agencies` that have tickets; one grouped query."""
    groups = (
        Ticket.objects.filter(
            agency__in=[a.pk for a in agencies], received_on__gte=month, received_on__lte=last_day(month)
        )
        .values("agency_id")
        .annotate(received=Count("id"), followed_up=Count("followed_up_on"), completed=Count("completed_on"))
        .order_by()
    )
    return {g["agency_id"]: TicketCounts(g["received"], g["followed_up"], g["completed"]) for g in groups}


@dataclass(frozen=True)
class PreviousValues:
    """An IP's previous month as the dashboard counts it (ticket counts over hand-entered ones)."""

    account_active: bool | None
    received: int | None
    followed_up: int | None
    completed: int | None


def previous_month(month: date) -> date:
    return date(month.year - 1, 12, 1) if month.month == 1 else date(month.year, month.month - 1, 1)


def previous_values(agencies: list[Agency], month: date) -> dict[int, PreviousValues]:
    """Last month's values of the `agencies` that have any; two queries."""
    before = previous_month(month)
    stored = {
        e.agency_id: e
        for e in MonthlyEvaluation.objects.filter(month=before, agency__in=[a.pk for a in agencies])
    }
    tickets = ticket_counts(agencies, before)
    values = {}
    for agency_id in stored.keys() | tickets.keys():
        evaluation, counted = stored.get(agency_id), tickets.get(agency_id)
        source = counted or evaluation
        values[agency_id] = PreviousValues(
            account_active=evaluation.account_active if evaluation else None,
            received=source.received,
            followed_up=source.followed_up,
            completed=source.completed,
        )
    return values


def soft_warnings(
    active: bool | None, counts: tuple[int | None, int | None, int | None], previous: PreviousValues | None
) -> dict[str, list[str]]:
    """Field → what looks odd but may be right (saving is not blocked): an active account with no
    reports entered; received more than three times last month's; completed falling while
    received rises."""
    received, _followed_up, completed = counts
    warnings: dict[str, list[str]] = {}
    if active and all(value is None for value in counts):
        warnings.setdefault("received", []).append(_("Akun aktif, tetapi jumlah laporan belum diisi."))
    if previous is None:
        return warnings
    if received is not None and previous.received and received > 3 * previous.received:
        warnings.setdefault("received", []).append(
            _("Lebih dari tiga kali bulan lalu (%(n)s).") % {"n": previous.received}
        )
    if (
        completed is not None
        and previous.completed is not None
        and completed < previous.completed
        and received is not None
        and previous.received is not None
        and received > previous.received
    ):
        warnings.setdefault("completed", []).append(
            _("Turun dari %(n)s bulan lalu, padahal laporan diterima naik.") % {"n": previous.completed}
        )
    return warnings


@transaction.atomic
def save_grid(month: date, entries: list[GridEntry], user) -> tuple[int, int]:
    """Create or update the month's evaluations from valid entries; returns (created, updated).

    All or nothing, with history rows recording `user`. Raises MonthLocked when the month
    is published (checked under the period's row lock, so a publication in between is seen).
    """
    lock_months([month])
    existing = {
        e.agency_id: e
        for e in MonthlyEvaluation.objects.select_for_update().filter(
            month=month, agency__in=[entry.agency.pk for entry in entries]
        )
    }
    created, updated = [], []
    for entry in entries:
        values = {name: getattr(entry, name) for name in FIELDS}
        evaluation = existing.get(entry.agency.pk)
        if evaluation is None:
            if entry.account_active is not None:
                created.append(MonthlyEvaluation(agency=entry.agency, month=month, **values))
            continue
        if entry.account_active is None:
            continue
        if any(getattr(evaluation, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(evaluation, name, value)
            updated.append(evaluation)
    reason = _("isian grid provinsi")
    if created:
        bulk_create_with_history(created, MonthlyEvaluation, default_user=user, default_change_reason=reason)
    if updated:
        bulk_update_with_history(
            updated, MonthlyEvaluation, list(FIELDS), default_user=user, default_change_reason=reason
        )
    return len(created), len(updated)
