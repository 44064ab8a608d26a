"""The revisions of a month: every publication, why it was reopened and what changed.

The change log of a revision is the difference between its snapshot and the previous
revision's (`snapshot.diff`), stored as `PeriodChange` rows when it is published, so it
covers evaluations, SKs and agencies alike.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.models import PeriodChange, PeriodEvent

FIELD_LABELS = {
    "present": gettext_lazy("terdaftar"),
    "has_sk": gettext_lazy("memiliki SK"),
    "sk_number": gettext_lazy("nomor SK"),
    "sk_issued_on": gettext_lazy("tanggal SK"),
    "evaluated": gettext_lazy("data diisi"),
    "account_active": gettext_lazy("akun aktif"),
    "received": gettext_lazy("laporan diterima"),
    "followed_up": gettext_lazy("laporan ditindaklanjuti"),
    "completed": gettext_lazy("laporan selesai"),
    "on_time": gettext_lazy("tindak lanjut tepat waktu (tiket)"),
}
YES_NO_FIELDS = {"present", "has_sk", "evaluated", "account_active"}


@dataclass(frozen=True)
class ValueChange:
    agency_code: str
    agency_name: str
    field: str
    field_label: str
    old: str
    new: str
    changed_by: str | None
    province_code: str = ""


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
    if field in YES_NO_FIELDS:
        return _("ya") if value == "1" else _("tidak")
    return value


def user_label(user) -> str | None:
    """Who did it, as readers may see it: the full name, else the role (never the username,
    which is half of a log-in)."""
    if user is None:
        return None
    if user.get_full_name():
        return user.get_full_name()
    if user.is_superuser:
        return str(_("Administrator"))
    groups = [group.name for group in user.groups.all()]  # prefetched
    return groups[0] if groups else str(_("Petugas"))


def period_changes(month: date) -> list[RevisionLog]:
    """Every publication of `month`, oldest first, with the values each correction changed.

    Four queries whatever the number of changes (events, changes, and the roles of their
    users). An empty list means the month was never published. Values are shown as text:
    "ya"/"tidak" for account activity, numbers as they are, "kosong" for a blank or a row
    that did not exist.

    Example: published, reopened ("salah ketik Kota Ambon"), 8171's received corrected
    from 10 to 12, published again → [RevisionLog(1, …), RevisionLog(2, …, reason="salah
    ketik Kota Ambon", changes=(ValueChange("8171", …, "received", …, "10", "12", …),))].
    """
    events = list(
        PeriodEvent.objects.filter(period__month=month)
        .select_related("user")
        .prefetch_related("user__groups")
        .order_by("at", "id")
    )
    changes = (
        PeriodChange.objects.filter(period__month=month)
        .select_related("agency__province", "changed_by")
        .prefetch_related("changed_by__groups")
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
                changed_by=user_label(change.changed_by),
                province_code=change.agency.province.code,
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
                published_by=user_label(event.user),
                reopened_at=last_reopening.at if last_reopening else None,
                reopened_by=user_label(last_reopening.user) if last_reopening else None,
                reason=last_reopening.reason if last_reopening else "",
                changes=tuple(by_revision.get(event.revision, ())),
            )
        )
        last_reopening = None
    return logs
