"""Monthly close: publish a month (locking it), reopen it with a reason, and its change log.

A month is a draft until an evaluator publishes it. Publishing locks its evaluations
(admin, grid and import refuse to change them; a database trigger too), stores the month's
figures as a snapshot (`figures.snapshot`) and makes revision 1. Reopening needs the
`evaluations.reopen_period` permission and a reason; publishing again makes revision 2,
3, … and records every value that differs from the previous revision's snapshot
(`PeriodChange`: evaluations, SKs and agencies alike), with who changed it and why the
month was reopened. `figures.revisions.period_changes(month)` reads it back. Publishing
queues the revision's work (`delivery.tasks`): its PDFs rendered and archived, then one
email per subscription.
"""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency
from evaluations.choices import PeriodStatus
from evaluations.figures import snapshot
from evaluations.figures.revisions import period_changes
from evaluations.models import MonthlyEvaluation, Period, PeriodChange, PeriodEvent
from evaluations.periods import format_month

PUBLISH_PERMISSION = "evaluations.publish_period"
REOPEN_PERMISSION = "evaluations.reopen_period"

MIN_REASON_LENGTH = 10
MAX_REASON_LENGTH = 2000

__all__ = ["ClosingError", "period_changes", "publish", "reopen"]


class ClosingError(Exception):
    """A publish or reopen that cannot be done; the message is shown to the user as is."""


@transaction.atomic
def publish(month: date, user, *, note: str = "") -> Period:
    """Publish `month` (creating its Period if needed): revision + 1, locked, change log for revision ≥ 2.

    `note` is kept with the publication (e.g. the provinces published without their sign-off).

    Raises PermissionDenied without `evaluations.publish_period`, ClosingError when the
    month is already published.
    """
    if not user.has_perm(PUBLISH_PERMISSION):
        raise PermissionDenied(_("Anda tidak berwenang mempublikasikan periode."))
    period, _created = Period.objects.select_for_update().get_or_create(month=month)
    if period.is_published:
        raise ClosingError(_("Periode %(month)s sudah dipublikasikan.") % {"month": format_month(month)})
    now = timezone.now()
    figures = snapshot.take(month)
    revision = period.revision + 1
    if period.revision:
        _record_changes(period, revision, figures)
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
        reason=note,
        snapshot=figures,
    )
    # In the same transaction: the revision's PDFs and subscription emails are queued with it.
    from evaluations.delivery.tasks import after_publish

    after_publish(period)
    return period


def _record_changes(period: Period, revision: int, figures: dict) -> None:
    """The change log of `revision`: its snapshot against the previous revision's."""
    previous = period.events.filter(action=PeriodEvent.Action.PUBLISHED, revision=revision - 1).first()
    reopening = period.events.filter(action=PeriodEvent.Action.REOPENED).order_by("-at", "-id").first()
    if previous is None or not snapshot.is_complete(previous.snapshot):
        return
    agencies = dict(Agency.objects.values_list("code", "pk"))
    changes = [
        (agencies[code], name, old, new)
        for code, name, old, new in snapshot.diff(previous.snapshot, figures)
        if code in agencies
    ]
    if not changes:
        return
    # Who made each change: the last history entry of the agency's evaluation since the reopening.
    since = reopening.at if reopening else previous.at
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
    reason = reopening.reason if reopening else ""
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
    if len(reason) > MAX_REASON_LENGTH:
        raise ClosingError(_("Alasan paling banyak %(n)s karakter; ringkaskan.") % {"n": MAX_REASON_LENGTH})
    period = Period.objects.select_for_update().filter(month=month).first()
    if period is None or not period.is_published:
        raise ClosingError(
            _("Periode %(month)s belum dipublikasikan; tidak perlu dibuka kembali.")
            % {"month": format_month(month)}
        )
    period.status = PeriodStatus.DRAFT
    period._history_user = user
    period._change_reason = reason[:100]  # the history keeps a summary; the event keeps it whole
    period.save()
    PeriodEvent.objects.create(
        period=period,
        action=PeriodEvent.Action.REOPENED,
        revision=period.revision,
        at=timezone.now(),
        user=user,
        reason=reason,
    )
    return period
