"""The site's admin: Django's, titled for LAPOR! Monitor, with the spreadsheet import of every
kind served from one URL (`admin:lapor_import`, `/admin/impor/<kind>/`) and its XLSX template
(`admin:lapor_import_template`, `/admin/impor/<kind>/templat.xlsx`)."""

import inspect
from functools import wraps

from axes.apps import AppConfig as AxesConfig
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _


class LaporAdminSite(admin.AdminSite):
    site_header = _("LAPOR! Monitor — administrasi data")
    site_title = _("LAPOR! Monitor")
    index_title = _("Data pemantauan SP4N-LAPOR!")

    def login(self, request, extra_context=None):
        # Imported here: the site is built while the apps load, before auth's forms can be.
        from lapor_monitor.admin_login import LaporAdminLoginForm

        self.login_form = LaporAdminLoginForm
        return super().login(request, extra_context)

    def index(self, request, extra_context=None):
        from lapor_monitor.admin_login import index_notices

        extra_context = {**(extra_context or {}), "lapor_notices": index_notices(request)}
        return super().index(request, extra_context)

    def get_urls(self):
        from evaluations.entry.import_views import import_view, template_view

        urls = [
            path(
                "impor/<slug:kind>/templat.xlsx",
                self.admin_view(lambda request, kind: template_view(request, kind, self)),
                name="lapor_import_template",
            ),
            path(
                "impor/<slug:kind>/",
                self.admin_view(lambda request, kind: import_view(request, kind, self)),
                name="lapor_import",
            ),
        ]
        return urls + super().get_urls()

    def admin_view(self, view, cacheable=False):
        """Django's wrapper (log-in, CSRF, no cache), after a check that the ids in a model
        admin's URL are ids of its model: `abc` or `1.5` for an integer key answers 404 on
        every page (change, delete, history and its versions) instead of reaching a query
        that would fail with a 500."""
        # A model admin's own pages reach here as its bound methods.
        model_admin = getattr(view, "__self__", None)
        if isinstance(model_admin, admin.ModelAdmin):
            inner = view
            signature = inspect.signature(inner)

            @wraps(inner)
            def view(request, *args, **kwargs):
                # django-simple-history's version URL passes its ids positionally.
                _check_ids(model_admin.model, signature.bind_partial(request, *args, **kwargs).arguments)
                if request.method == "POST" and "_selected_action" in request.POST:
                    _drop_junk_selection(request, model_admin.model)
                return inner(request, *args, **kwargs)

        return super().admin_view(view, cacheable)


def _check_ids(model, kwargs: dict) -> None:
    try:
        if "object_id" in kwargs:
            model._meta.pk.to_python(unquote(kwargs["object_id"]))
        if "version_id" in kwargs and not str(kwargs["version_id"]).isdigit():
            raise ValidationError("version_id")
    except ValidationError:
        raise Http404(_("Data tidak ditemukan.")) from None


def _drop_junk_selection(request, model) -> None:
    """A changelist action's selection without the values that are not ids of the model (the
    action then runs on the rest, or Django says that nothing was selected)."""
    selected = request.POST.getlist("_selected_action")
    valid = []
    for value in selected:
        try:
            model._meta.pk.to_python(value)
        except ValidationError:
            continue
        valid.append(value)
    if len(valid) != len(selected):
        request.POST = request.POST.copy()
        request.POST.setlist("_selected_action", valid)


class LaporAdminConfig(AdminConfig):
    default_site = "lapor_monitor.admin_site.LaporAdminSite"

    def ready(self):
        super().ready()
        from lapor_monitor.auth import AccessAttemptAdmin

        AccessAttemptAdmin.replace_in(admin.site)


class LoginGuardConfig(AxesConfig):
    """django-axes, named in the admin's language (its own name is the untranslated "Axes")."""

    verbose_name = _("Pengamanan log-in")
