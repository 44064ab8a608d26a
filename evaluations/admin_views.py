"""The admin's own pages: the province grid, spreadsheet import with preview, CSV export, publish/reopen.

Each view is bound to a ModelAdmin (see `get_urls` in the admin modules) so that it runs
inside the admin site with its permissions, and its template extends the admin's.
"""

import csv
import uuid
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.importing import MAX_FILE_BYTES, ImportFailed
from agencies.models import Agency, Province
from evaluations import scorecards
from evaluations.admin_forms import GridFormSet, GridPickForm, ImportUploadForm, ReopenForm
from evaluations.closing import (
    PUBLISH_PERMISSION,
    REOPEN_PERMISSION,
    ClosingError,
    locked_message,
    period_changes,
    publish,
    reopen,
)
from evaluations.grid import grid_rows, save_grid
from evaluations.importing import IMPORTERS, import_file
from evaluations.models import ImportUpload, Period
from evaluations.periods import format_month, format_period

IMPORT_KIND_LABELS = {
    "agencies": _("instansi"),
    "decrees": _("SK"),
    "evaluations": _("evaluasi bulanan"),
}
# An upload not confirmed within this time is purged at the next upload.
UPLOAD_LIFETIME = timedelta(days=1)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _context(model_admin, request, title: str, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "app_label": model_admin.model._meta.app_label,
        "title": title,
        **extra,
    }


def _changelist_url(model_admin) -> str:
    opts = model_admin.model._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_changelist", current_app=model_admin.admin_site.name
    )


# The province grid ----------------------------------------------------------------------
def grid_view(request, model_admin):
    """Pick a province and a month, then enter every IP's account activity and counts at once."""
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied
    pick = GridPickForm(request.GET or None, user=request.user)
    context = _context(model_admin, request, _("Isian grid provinsi"), pick=pick)
    if not pick.is_valid():
        return TemplateResponse(request, "admin/evaluations/grid.html", context)

    province, month = pick.cleaned_data["provinsi"], pick.cleaned_data["periode"]
    agencies, evaluations = grid_rows(province, month)
    period = Period.objects.filter(month=month).first()
    locked = period is not None and period.is_published
    formset = GridFormSet(
        request.POST if request.method == "POST" else None, agencies=agencies, evaluations=evaluations
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
            except ClosingError as error:
                messages.error(request, str(error))
            else:
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
    )
    return TemplateResponse(request, "admin/evaluations/grid.html", context)


# Spreadsheet import with preview ----------------------------------------------------------
def import_view(request, model_admin, kind: str):
    """Upload → preview (nothing saved) → confirm; the file waits in the database in between.

    The confirmation validates the stored file again through the same `import_file`, so a
    change made between the two steps (a month published, a row edited) is caught.
    """
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied
    label = IMPORT_KIND_LABELS[kind]
    context = _context(
        model_admin,
        request,
        _("Impor %(label)s dari spreadsheet") % {"label": label},
        kind=kind,
        columns=IMPORTERS[kind].columns,
        changelist_url=_changelist_url(model_admin),
    )
    if request.method == "POST" and "token" in request.POST:
        return _confirm_import(request, model_admin, kind, context)

    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context["form"] = form
    if request.method != "POST" or not form.is_valid():
        return TemplateResponse(request, "admin/lapor/import.html", context)

    upload = form.cleaned_data["berkas"]
    if upload.size > MAX_FILE_BYTES:
        form.add_error("berkas", _("Berkas lebih dari 10 MB; pecah menjadi beberapa berkas."))
        return TemplateResponse(request, "admin/lapor/import.html", context)
    content = upload.read()
    plan, errors = _plan(kind, upload.name, content, request.user)
    context.update(file_name=upload.name, errors=errors, **_preview(plan))
    if not errors:
        ImportUpload.objects.filter(uploaded_at__lt=timezone.now() - UPLOAD_LIFETIME).delete()
        stored = ImportUpload.objects.create(
            token=uuid.uuid4(), kind=kind, file_name=upload.name, content=content, uploaded_by=request.user
        )
        context["token"] = stored.token
    return TemplateResponse(request, "admin/lapor/import.html", context)


def _preview(plan) -> dict:
    """The plan's changes with readable field names and related objects instead of ids."""
    if plan is None:
        return {"plan": None}
    ids = {"province_id": set(), "agency_id": set()}
    for change in plan.changes:
        for name, values in change.fields.items():
            if name in ids:
                ids[name].update(v for v in values if v is not None)
    names = {
        "province_id": {p.pk: str(p) for p in Province.objects.filter(pk__in=ids["province_id"])}
        if ids["province_id"]
        else {},
        "agency_id": {a.pk: str(a) for a in Agency.objects.filter(pk__in=ids["agency_id"])}
        if ids["agency_id"]
        else {},
    }
    model = IMPORTERS[plan.kind].model
    labels = {f.attname: str(f.verbose_name) for f in model._meta.concrete_fields}
    rows = []
    for change in plan.changes:
        if change.action == "unchanged":
            continue
        fields = []
        for name, (old, new) in change.fields.items():
            lookup = names.get(name, {})
            fields.append(
                (labels.get(name, name), _shown(lookup.get(old, old)), _shown(lookup.get(new, new)))
            )
        rows.append({"row": change.row, "key": change.key, "action": change.action, "fields": fields})
    return {
        "plan": plan,
        "preview_rows": rows,
        "plan_created": plan.count("create"),
        "plan_updated": plan.count("update"),
        "plan_unchanged": plan.count("unchanged"),
    }


def _shown(value):
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    return value


def _plan(kind: str, file_name: str, content: bytes, user, dry_run: bool = True):
    try:
        plan = import_file(kind, file_name, content, user=user, dry_run=dry_run)
    except ImportFailed as failure:
        return None, failure.errors
    return plan, plan.errors


def _confirm_import(request, model_admin, kind: str, context: dict):
    try:
        token = uuid.UUID(request.POST["token"])
    except ValueError:
        token = None
    stored = ImportUpload.objects.filter(token=token, kind=kind, uploaded_by=request.user).first()
    if stored is None:
        messages.error(request, _("Unggahan tidak ditemukan atau sudah diimpor; unggah ulang berkasnya."))
        return HttpResponseRedirect(request.path)
    with transaction.atomic():
        plan, errors = _plan(kind, stored.file_name, bytes(stored.content), request.user, dry_run=False)
        if not errors:
            stored.delete()
    if errors:
        context.update(file_name=stored.file_name, errors=errors, form=ImportUploadForm(), **_preview(plan))
        messages.error(request, _("Berkas tidak lagi lolos pemeriksaan; tidak ada yang disimpan."))
        return TemplateResponse(request, "admin/lapor/import.html", context)
    messages.success(
        request,
        _("Impor %(file)s selesai: %(created)s baru, %(updated)s diubah, %(unchanged)s tetap.")
        % {
            "file": stored.file_name,
            "created": plan.count("create"),
            "updated": plan.count("update"),
            "unchanged": plan.count("unchanged"),
        },
    )
    return HttpResponseRedirect(context["changelist_url"])


# CSV export ---------------------------------------------------------------------------------
def safe_cell(value) -> str:
    """A cell that a spreadsheet will not run as a formula: text starting = + - @ gets a leading '."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def export_csv(kind: str, queryset) -> HttpResponse:
    """The selected rows in the import's columns, so that an export can be edited and imported back."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{kind}-{stamp}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(IMPORTERS[kind].columns)
    for row in _export_rows(kind, queryset):
        writer.writerow([safe_cell(cell) for cell in row])
    return response


def _export_rows(kind: str, queryset):
    if kind == "agencies":
        for agency in queryset.select_related("province"):
            yield agency.code, agency.name, agency.kind, agency.province.code
    elif kind == "decrees":
        for decree in queryset.select_related("agency"):
            yield decree.agency.code, decree.number, decree.issued_on, decree.valid_until
    else:
        for evaluation in queryset.select_related("agency"):
            yield (
                evaluation.agency.code,
                format_period(evaluation.month),
                "ya" if evaluation.account_active else "tidak",
                evaluation.received,
                evaluation.followed_up,
                evaluation.completed,
            )


# Publish and reopen --------------------------------------------------------------------------
def close_view(request, model_admin, object_id):
    """A month's close page: completeness, publish or reopen (with a reason), and its change log."""
    period = get_object_or_404(Period, pk=object_id)
    if not model_admin.has_view_permission(request, period):
        raise PermissionDenied
    reopen_form = ReopenForm(request.POST if request.POST.get("action") == "reopen" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "publish":
                publish(period.month, request.user)
                messages.success(
                    request,
                    _("%(month)s dipublikasikan sebagai revisi %(n)s dan kini terkunci.")
                    % {"month": format_month(period.month), "n": period.revision + 1},
                )
                return HttpResponseRedirect(request.path)
            if action == "reopen" and reopen_form.is_valid():
                reopen(period.month, request.user, reopen_form.cleaned_data["alasan"])
                messages.success(
                    request,
                    _("%(month)s dibuka kembali; data dapat dikoreksi lalu dipublikasikan lagi.")
                    % {"month": format_month(period.month)},
                )
                return HttpResponseRedirect(request.path)
        except PermissionDenied as denied:
            messages.error(request, str(denied) or _("Anda tidak berwenang."))
        except ClosingError as error:
            messages.error(request, str(error))
        period.refresh_from_db()
    counts = _completeness(period)
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
        revisions=period_changes(period.month),
        **counts,
    )
    return TemplateResponse(request, "admin/evaluations/period/close.html", context)


def _completeness(period: Period) -> dict:
    """How many of the IPs existing that month have data entered: the national scorecard's count."""
    card = scorecards.national(period.month)
    return {"agencies_total": card.agencies_total, "agencies_entered": card.evaluated}
