"""Spreadsheet import with preview in the admin, for every kind (one URL: `admin:lapor_import`),
and the CSV export of selected evaluations in the import's columns.

Upload → preview (nothing saved) → confirm; the file waits in the database in between.
"""

import uuid
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.importing import MAX_FILE_BYTES, ImportFailed
from agencies.models import Agency, Province
from agencies.scoping import allowed_province_ids
from evaluations.entry.admin_pages import admin_context as _context
from evaluations.entry.admin_pages import changelist_url as _changelist_url
from evaluations.entry.forms import ImportUploadForm
from evaluations.entry.importing import IMPORTERS, import_file, month_from_cell
from evaluations.entry.spreadsheet_template import CONTENT_TYPE, TemplateError, build_template, template_name
from evaluations.models import ImportUpload
from evaluations.periods import format_period

IMPORT_KIND_LABELS = {
    "agencies": _("instansi"),
    "decrees": _("SK"),
    "evaluations": _("evaluasi bulanan"),
    "tickets": _("tiket LAPOR!"),
}
# An upload not confirmed within this time is purged at the next upload.
UPLOAD_LIFETIME = timedelta(days=1)


def import_view(request, kind: str, admin_site):
    """The import page of `kind`, under the permissions of the kind's model admin."""
    if kind not in IMPORTERS:
        raise Http404(_("Jenis impor tidak dikenal."))
    model_admin = admin_site._registry[IMPORTERS[kind].model]
    return _import_page(request, model_admin, kind)


def _import_page(request, model_admin, kind: str):
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
        column_labels=[IMPORTERS[kind].label(c) for c in IMPORTERS[kind].columns],
        changelist_url=_changelist_url(model_admin),
        template_provinces=_provinces(request.user),
        template_month=format_period(timezone.localdate().replace(day=1)),
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
    plan, errors, warnings = _plan(kind, upload.name, content, request.user)
    context.update(file_name=upload.name, errors=errors, warnings=warnings, **_preview(plan))
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
        "digest": plan.digest(),
        "preview_rows": rows,
        "plan_created": plan.count("create"),
        "plan_updated": plan.count("update"),
        "plan_unchanged": plan.count("unchanged"),
    }


def _shown(value):
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    return value


def _plan(kind: str, file_name: str, content: bytes, user, dry_run: bool = True, expect_digest=None):
    """(plan or None, errors, warnings) of the file."""
    try:
        plan = import_file(kind, file_name, content, user=user, dry_run=dry_run, expect_digest=expect_digest)
    except ImportFailed as failure:
        return None, failure.errors, failure.warnings
    return plan, plan.errors, plan.warnings


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
        plan, errors, warnings = _plan(
            kind,
            stored.file_name,
            bytes(stored.content),
            request.user,
            dry_run=False,
            expect_digest=request.POST.get("pratinjau") or None,
        )
        if not errors and not plan.stale:
            stored.delete()
    if plan is not None and plan.stale:
        # Someone changed the data since the preview: show what the file would do now.
        context.update(
            file_name=stored.file_name, errors=[], warnings=warnings, token=stored.token, **_preview(plan)
        )
        messages.warning(
            request,
            _(
                "Data berubah sejak pratinjau dibuat; tidak ada yang disimpan. Periksa pratinjau baru "
                "di bawah, lalu tekan “Simpan impor” lagi."
            ),
        )
        return TemplateResponse(request, "admin/lapor/import.html", context)
    if errors:
        context.update(
            file_name=stored.file_name,
            errors=errors,
            warnings=warnings,
            form=ImportUploadForm(),
            **_preview(plan),
        )
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


def _provinces(user):
    provinces = Province.objects.order_by("code")
    scope = allowed_province_ids(user)
    return provinces.filter(pk__in=scope) if scope is not None else provinces


def template_view(request, kind: str, admin_site):
    """`/admin/impor/<kind>/templat.xlsx?provinsi=81&periode=2026-11`: the kind's XLSX template,
    for those who may import it (see spreadsheet_template)."""
    if kind not in IMPORTERS:
        raise Http404(_("Jenis impor tidak dikenal."))
    model_admin = admin_site._registry[IMPORTERS[kind].model]
    if not (model_admin.has_add_permission(request) and model_admin.has_change_permission(request)):
        raise PermissionDenied
    provinces = _provinces(request.user)
    code = request.GET.get("provinsi", "").strip()
    province = provinces.filter(code=code).first() if code else None
    if code and province is None:
        raise Http404(_("Provinsi tidak ditemukan."))
    if province is None and allowed_province_ids(request.user) is not None and len(provinces) == 1:
        province = provinces[0]
    month = None
    if kind == "evaluations":
        try:
            month = month_from_cell(request.GET.get("periode", "")) or timezone.localdate().replace(day=1)
        except ValidationError:
            raise Http404(_("Periode tidak dikenali.")) from None
    try:
        content = build_template(kind, province=province, month=month, user=request.user)
    except TemplateError as error:
        raise Http404(str(error)) from None
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{template_name(kind, province, month)}"'
    return response
