"""The admin's pages that enter and close a month: the province grid, and publish/reopen with
the month's change log."""

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from agencies.models import Agency, Province
from agencies.scoping import allowed_province_ids
from evaluations.delivery import jobs as delivery_jobs
from evaluations.delivery import tasks as delivery_tasks
from evaluations.entry import signoff
from evaluations.entry.admin_pages import admin_context as _context
from evaluations.entry.closing import (
    PUBLISH_PERMISSION,
    REOPEN_PERMISSION,
    ClosingError,
    period_changes,
    publish,
    reopen,
)
from evaluations.entry.forms import GridFormSet, GridPickForm, ReopenForm
from evaluations.entry.grid import grid_rows, previous_month, previous_values, save_grid, ticket_counts
from evaluations.entry.locking import MonthLocked, locked_message
from evaluations.figures import scorecards
from evaluations.figures.pending import pending_differences
from evaluations.models import Period
from evaluations.periods import format_month, format_period


def grid_view(request, model_admin):
    """Pick a province and a month, then enter every IP's account activity and counts at once."""
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied
    old_link = _province_code_link(request)
    if old_link is not None:
        return HttpResponseRedirect(old_link)
    pick = GridPickForm(request.GET or None, user=request.user)
    context = _context(model_admin, request, _("Isian grid provinsi"), pick=pick)
    if not pick.is_valid():
        return TemplateResponse(request, "admin/evaluations/grid.html", context)

    province, month = pick.cleaned_data["provinsi"], pick.cleaned_data["periode"]
    agencies, evaluations = grid_rows(province, month)
    period = Period.objects.filter(month=month).first()
    locked = period is not None and period.is_published
    formset = GridFormSet(
        request.POST if request.method == "POST" else None,
        agencies=agencies,
        evaluations=evaluations,
        tickets=ticket_counts(agencies, month),
        previous=previous_values(agencies, month),
    )
    if locked:
        for form in formset.forms:
            for field in form.fields.values():
                field.disabled = True
    if request.method == "POST":
        if locked:
            messages.error(request, locked_message(month))
        elif formset.is_valid():
            try:
                created, updated = save_grid(month, formset.entries(), request.user)
            except MonthLocked as error:
                messages.error(request, str(error))
            else:
                warned = len(formset.warnings())
                if warned:
                    messages.warning(
                        request,
                        _("%(n)s peringatan: periksa isian yang ditandai (tersimpan, tidak menghalangi).")
                        % {"n": warned},
                    )
                messages.success(
                    request,
                    _("%(province)s, %(month)s: %(created)s data baru, %(updated)s diubah.")
                    % {
                        "province": province.name,
                        "month": format_month(month),
                        "created": created,
                        "updated": updated,
                    },
                )
                return HttpResponseRedirect(request.get_full_path())
        else:
            messages.error(
                request, _("Ada isian yang salah; tidak ada yang disimpan. Lihat pesan di tiap baris.")
            )
    context.update(
        province=province,
        month=month,
        month_label=format_month(month),
        locked=locked,
        period=period,
        formset=formset,
        rows=list(zip(agencies, formset.forms, strict=True)),
        entered=len(evaluations),
        previous_label=format_month(previous_month(month)),
        grid_warnings=formset.warnings(),
    )
    return TemplateResponse(request, "admin/evaluations/grid.html", context)


def _province_code_link(request) -> str | None:
    """The grid's URL with `?provinsi=<code>` when an old link names the province by its internal
    id (`?provinsi=31` for Maluku, code 81); None otherwise. A value that is a province code is
    a code (codes are what the grid now writes)."""
    from agencies.models import Province

    value = request.GET.get("provinsi", "").strip()
    if not value.isdigit() or len(value) > 9 or Province.objects.filter(code=value).exists():
        return None
    province = Province.objects.filter(pk=int(value)).first()
    if province is None:
        return None
    query = request.GET.copy()
    query["provinsi"] = province.code
    return f"{request.path}?{query.urlencode()}"


def close_view(request, model_admin, object_id):
    """A month's close page: completeness, publish or reopen (with a reason), and its change log."""
    try:
        period = get_object_or_404(Period, pk=Period._meta.pk.to_python(object_id))
    except ValidationError:
        raise Http404(_("Periode tidak ditemukan.")) from None
    if not model_admin.has_view_permission(request, period):
        raise PermissionDenied
    reopen_form = ReopenForm(request.POST if request.POST.get("action") == "reopen" else None)
    confirm_gaps = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action in ("signoff", "unsign"):
                province = get_object_or_404(Province, code=request.POST.get("provinsi", ""))
                if action == "signoff":
                    signoff.sign_off(period.month, province, request.user)
                    done = _("%(name)s ditandai siap diterbitkan.")
                else:
                    signoff.withdraw(period.month, province, request.user)
                    done = _("Tanda siap %(name)s dibatalkan.")
                messages.success(request, done % {"name": province.name})
                return HttpResponseRedirect(request.path)
            if action == "publish":
                states = signoff.province_states(scorecards.national(period.month), request.user)
                if signoff.gaps(states) and request.POST.get("konfirmasi") != "ya":
                    # Name the provinces it would go out without, and ask once more.
                    confirm_gaps = signoff.gaps(states)
                    raise _AskToConfirm(confirm_gaps)
                publish(period.month, request.user, note=signoff.gaps_note(states))
                messages.success(
                    request,
                    _("%(month)s dipublikasikan sebagai revisi %(n)s dan kini terkunci.")
                    % {"month": format_month(period.month), "n": period.revision + 1},
                )
                return HttpResponseRedirect(request.path)
            if action == "rerun":
                if not request.user.has_perm(PUBLISH_PERMISSION):
                    raise PermissionDenied
                count = delivery_tasks.rerun(
                    job.pk for entry in delivery_jobs.summary(period) for job in entry.problems
                )
                messages.success(request, _("%(n)s tugas diantrekan lagi.") % {"n": count})
                return HttpResponseRedirect(request.path)
            if action == "reopen" and reopen_form.is_valid():
                reopen(period.month, request.user, reopen_form.cleaned_data["alasan"])
                messages.success(
                    request,
                    _("%(month)s dibuka kembali; data dapat dikoreksi lalu dipublikasikan lagi.")
                    % {"month": format_month(period.month)},
                )
                return HttpResponseRedirect(request.path)
        except _AskToConfirm as ask:
            confirm_gaps = ask.gaps
        except PermissionDenied as denied:
            messages.error(request, str(denied) or _("Anda tidak berwenang."))
        except (ClosingError, MonthLocked) as error:
            messages.error(request, str(error))
        period.refresh_from_db()
    counts = _completeness(period, request.user)
    deliveries = delivery_jobs.summary(period)
    context = _context(
        model_admin,
        request,
        _("Penutupan bulan %(month)s") % {"month": format_month(period.month)},
        original=period,
        period=period,
        month_label=format_month(period.month),
        periode=format_period(period.month),
        can_publish=request.user.has_perm(PUBLISH_PERMISSION) and not period.is_published,
        can_reopen=request.user.has_perm(REOPEN_PERMISSION) and period.is_published,
        reopen_form=reopen_form,
        revisions=_scoped_revisions(period_changes(period.month), request.user),
        confirm_gaps=confirm_gaps,
        deliveries=deliveries,
        may_publish=request.user.has_perm(PUBLISH_PERMISSION),  # sees subscribers' addresses
        can_rerun=request.user.has_perm(PUBLISH_PERMISSION) and any(entry.rerunnable for entry in deliveries),
        **counts,
    )
    return TemplateResponse(request, "admin/evaluations/period/close.html", context)


class _AskToConfirm(Exception):
    def __init__(self, gaps):
        super().__init__()
        self.gaps = gaps


def _scoped_revisions(logs, user):
    """A coordinator sees the corrections of their own provinces only."""
    scope = allowed_province_ids(user)
    if scope is None:
        return logs
    codes = set(Agency.objects.filter(province_id__in=scope).values_list("code", flat=True))
    return [replace(log, changes=tuple(c for c in log.changes if c.agency_code in codes)) for log in logs]


def _completeness(period: Period, user) -> dict:
    """How many of the IPs existing that month have data entered (over every province, evaluated
    or not), each province's state and sign-off, and where the registers now differ from the
    publication."""
    card = scorecards.national(period.month)
    states = signoff.province_states(card, user)
    return {
        "agencies_total": sum(each.agencies_total for each in card.provinces),
        "agencies_entered": sum(each.evaluated for each in card.provinces),
        "province_states": states,
        "provinces_signed": sum(1 for state in states if state.signed),
        "pending": pending_differences(card),
    }
