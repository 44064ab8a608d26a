"""Province sign-off before national publishing: a coordinator (or an evaluator) marks a
province's month complete ("siap diterbitkan"); any later write to that province's month
clears it (a database trigger, migration 0009); publishing names the provinces that were
not signed off or not complete, asks to confirm, and records them with the publication."""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Province
from agencies.scoping import in_scope
from evaluations.entry.locking import lock_months
from evaluations.figures.cards import Scorecard
from evaluations.figures.revisions import user_label
from evaluations.models import ProvinceSignOff

ENTER_PERMISSION = "evaluations.change_monthlyevaluation"


@dataclass(frozen=True)
class ProvinceState:
    code: str
    name: str
    entered: int
    total: int
    signed_by: str | None
    signed_at: datetime | None
    may_sign: bool

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.entered >= self.total

    @property
    def signed(self) -> bool:
        return self.signed_at is not None


def may_sign(user, province: Province) -> bool:
    return user.has_perm(ENTER_PERMISSION) and in_scope(user, province.pk)


@transaction.atomic
def sign_off(month: date, province: Province, user) -> ProvinceSignOff:
    """Mark `province`'s `month` complete; refused without the right to enter its data or once
    the month is published (MonthLocked)."""
    if not may_sign(user, province):
        raise PermissionDenied(_("Anda tidak berwenang menandai provinsi ini."))
    period = lock_months([month])[month]
    sign, _created = ProvinceSignOff.objects.update_or_create(
        period=period, province=province, defaults={"signed_by": user, "signed_at": timezone.now()}
    )
    return sign


@transaction.atomic
def withdraw(month: date, province: Province, user) -> None:
    if not may_sign(user, province):
        raise PermissionDenied(_("Anda tidak berwenang menandai provinsi ini."))
    period = lock_months([month])[month]
    ProvinceSignOff.objects.filter(period=period, province=province).delete()


def province_states(card: Scorecard, user) -> list[ProvinceState]:
    """Every province of the month (of the national scorecard `card`) with its entered and total
    IPs and its sign-off; a coordinator sees their own provinces only."""
    signs = {
        s.province.code: s
        for s in ProvinceSignOff.objects.filter(period__month=card.month)
        .select_related("province", "signed_by")
        .prefetch_related("signed_by__groups")
    }
    provinces = {
        p.code: p for p in Province.objects.filter(code__in=[c.province.code for c in card.provinces])
    }
    states = []
    for each in card.provinces:
        province = provinces[each.province.code]
        if not in_scope(user, province.pk):
            continue
        sign = signs.get(each.province.code)
        states.append(
            ProvinceState(
                code=each.province.code,
                name=each.province.name,
                entered=each.evaluated,
                total=each.agencies_total,
                signed_by=user_label(sign.signed_by) if sign else None,
                signed_at=sign.signed_at if sign else None,
                may_sign=may_sign(user, province),
            )
        )
    return states


def gaps(states: list[ProvinceState]) -> list[ProvinceState]:
    """The provinces a publication would go out without: not signed off, or not complete (a
    province with no IP registered has nothing to enter or sign)."""
    return [state for state in states if state.total and (not state.signed or not state.complete)]


def gaps_note(states: list[ProvinceState]) -> str:
    missing = gaps(states)
    if not missing:
        return ""
    return _("Dipublikasikan tanpa tanda siap atau dengan data belum lengkap: %(list)s") % {
        "list": ", ".join(f"{s.code} {s.name} ({s.entered}/{s.total} IP)" for s in missing)
    }
