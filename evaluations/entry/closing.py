"""Monthly close: publish a month (locking it), reopen it with a reason, and its change log.

A month is a draft until an evaluator publishes it. Publishing locks its evaluations
(admin, grid and import refuse to change them) and makes revision 1. Reopening needs the
`evaluations.reopen_period` permission and a reason; publishing again makes revision 2,
3, … and records every value that differs from the previous publication (`PeriodChange`),
with who changed it and why the month was reopened. `period_changes(month)` reads it back.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.choices import PeriodStatus
from evaluations.models import EVALUATION_FIELDS, MonthlyEvaluation, Period, PeriodChange, PeriodEvent
from evaluations.periods import format_month

PUBLISH_PERMISSION = "evaluations.publish_period"
REOPEN_PERMISSION = "evaluations.reopen_period"

# The evaluation values a publication freezes, in the order of the snapshot lists.
TRACKED_FIELDS = EVALUATION_FIELDS
FIELD_LABELS = {
    "account_active": gettext_lazy("akun aktif"),
    "received": gettext_lazy("laporan diterima"),
    "followed_up": gettext_lazy("laporan ditindaklanjuti"),
    "completed": gettext_lazy("laporan selesai"),
}
MIN_REASON_LENGTH = 10


class ClosingError(Exception):
    """A publish or reopen that cannot be done; the message is shown to the user as is."""


def _snapshot(month: date) -> dict[str, list]:
    """The month's evaluations as `{agency_id: [account_active, received, followed_up, completed]}`."""
    rows = MonthlyEvaluation.objects.filter(month=month).values_list("agency_id", *TRACKED_FIELDS)
    return {str(agency_id): list(values) for agency_id, *values in rows}


def _encode(value) -> str:
    """A snapshot value as stored in the change log: "1"/"0" for flags, digits, "" for nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _diff(before: dict[str, list], after: dict[str, list]) -> list[tuple[int, str, str, str]]:
    """(agency_id, field, old, new) for each tracked value that differs; a missing row is all blank."""
    blank = [None] * len(TRACKED_FIELDS)
    changes = []
    for agency_id in sorted({*before, *after}, key=int):
        old_values, new_values = before.get(agency_id, blank), after.get(agency_id, blank)
        for name, old, new in zip(TRACKED_FIELDS, old_values, new_values, strict=True):
            if old != new:
                changes.append((int(agency_id), name, _encode(old), _encode(new)))
    return changes


@transaction.atomic
def publish(month: date, user) -> Period:
    """Publish `month` (creating its Period if needed): revision + 1, locked, change log for revision ≥ 2.

    Raises PermissionDenied without `evaluations.publish_period`, ClosingError when the
    month is already published.
    """
    if not user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied(_("Anda tidak berwenang mempublikasikan periode."))
    period, _created = Period.objects.select_for_update().get_or_create(month=month)
    if period.is_published:
        raise ClosingError(_("Periode %(month)s sudah dipublikasikan.") % {"month": format_month(month)})
    now = timezone.now()
    snapshot = _snapshot(month)
    revision = period.revision + 1
    if period.revision:
        _record_changes(period, revision, snapshot)
    period.status = PeriodStatus.PUBLISHED
    period.revision = revision
    period.published_at = now
    period.published_by = user
    period._history_user = user
    period._change_reason = _("dipublikasikan (revisi %(n)s)") % {"n": revision}
    period.save()
    PeriodEvent.objects.create(
        period=period,
        action=PeriodEvent.Action.PUBLISHED,
        revision=revision,
        at=now,
        user=user,
        snapshot=snapshot,
    )
    return period


def _record_changes(period: Period, revision: int, snapshot: dict[str, list]) -> None:
    # The reopening froze the data as it was published (the month was locked until then).
    reopening = period.events.filter(action=PeriodEvent.Action.REOPENED).order_by("-at", "-id").first()
    if reopening is None:
        return
    changes = _diff(reopening.snapshot, snapshot)
    if not changes:
        return
    # Who made each change: the last history entry of the agency's evaluation since the reopening.
    since = reopening.at
    editors: dict[int, int | None] = {}
    history = (
        MonthlyEvaluation.history.filter(
            month=period.month, agency_id__in={c[0] for c in changes}, history_date__gte=since
        )
        .order_by("agency_id", "-history_date")
        .values_list("agency_id", "history_user_id")
    )
    for agency_id, user_id in history:
        editors.setdefault(agency_id, user_id)
    reason = reopening.reason
    PeriodChange.objects.bulk_create(
        PeriodChange(
            period=period,
            revision=revision,
            agency_id=agency_id,
            field=name,
            old_value=old,
            new_value=new,
            changed_by_id=editors.get(agency_id),
            reason=reason,
        )
        for agency_id, name, old, new in changes
    )


@transaction.atomic
def reopen(month: date, user, reason: str) -> Period:
    """Reopen a published month so that it can be corrected; it is a draft again until republished.

    Raises PermissionDenied without `evaluations.reopen_period`, ClosingError when the month
    is not published or the reason is shorter than MIN_REASON_LENGTH characters.
    """
    if not user.has_perm(REOPEN_PERMISSION):
        raise PermissionDenied(_("Anda tidak berwenang membuka kembali periode yang sudah dipublikasikan."))
    reason = (reason or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ClosingError(
            _("Tuliskan alasan pembukaan kembali (paling sedikit %(n)s karakter).") % {"n": MIN_REASON_LENGTH}
        )
    period = Period.objects.select_for_update().filter(month=month).first()
    if period is None or not period.is_published:
        raise ClosingError(
            _("Periode %(month)s belum dipublikasikan; tidak perlu dibuka kembali.")
            % {"month": format_month(month)}
        )
    period.status = PeriodStatus.DRAFT
    period._history_user = user
    period._change_reason = reason
    period.save()
    PeriodEvent.objects.create(
        period=period,
        action=PeriodEvent.Action.REOPENED,
        revision=period.revision,
        at=timezone.now(),
        user=user,
        reason=reason,
        snapshot=_snapshot(month),
    )
    return period


@dataclass(frozen=True)
class ValueChange:
    agency_code: str
    agency_name: str
    field: str
    field_label: str
    old: str
    new: str
    changed_by: str | None


@dataclass(frozen=True)
class RevisionLog:
    """One publication of a month; from revision 2 on, why it was reopened and what changed."""

    revision: int
    published_at: datetime
    published_by: str | None
    reopened_at: datetime | None = None
    reopened_by: str | None = None
    reason: str = ""
    changes: tuple[ValueChange, ...] = ()


def _display(field: str, value: str) -> str:
    if value == "":
        return _("kosong")
    if field == "account_active":
        return _("ya") if value == "1" else _("tidak")
    return value


def _user_name(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


def period_changes(month: date) -> list[RevisionLog]:
    """Every publication of `month`, oldest first, with the values each correction changed.

    Two queries whatever the number of changes (events, changes). An empty list means
    the month was never published. Values are shown as text: "ya"/"tidak" for account
    activity, numbers as they are, "kosong" for a blank or a row that did not exist.

    Example: published, reopened ("salah ketik Kota Ambon"), 8171's received corrected
    from 10 to 12, published again → [RevisionLog(1, …), RevisionLog(2, …, reason="salah
    ketik Kota Ambon", changes=(ValueChange("8171", …, "received", …, "10", "12", …),))].
    """
    events = list(PeriodEvent.objects.filter(period__month=month).select_related("user").order_by("at", "id"))
    changes = (
        PeriodChange.objects.filter(period__month=month)
        .select_related("agency", "changed_by")
        .order_by("revision", "agency__code", "id")
    )
    by_revision: dict[int, list[ValueChange]] = {}
    for change in changes:
        by_revision.setdefault(change.revision, []).append(
            ValueChange(
                agency_code=change.agency.code,
                agency_name=change.agency.name,
                field=change.field,
                field_label=str(FIELD_LABELS.get(change.field, change.field)),
                old=_display(change.field, change.old_value),
                new=_display(change.field, change.new_value),
                changed_by=_user_name(change.changed_by),
            )
        )
    logs = []
    last_reopening = None
    for event in events:
        if event.action == PeriodEvent.Action.REOPENED:
            last_reopening = event
            continue
        logs.append(
            RevisionLog(
                revision=event.revision,
                published_at=event.at,
                published_by=_user_name(event.user),
                reopened_at=last_reopening.at if last_reopening else None,
                reopened_by=_user_name(last_reopening.user) if last_reopening else None,
                reason=last_reopening.reason if last_reopening else "",
                changes=tuple(by_revision.get(event.revision, ())),
            )
        )
        last_reopening = None
    return logs
