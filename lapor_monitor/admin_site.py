"""The site's admin: Django's, titled for LAPOR! Monitor, with the spreadsheet import of every
kind served from one URL (`admin:lapor_import`, `/admin/impor/<kind>/`)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.urls import path
from django.utils.translation import gettext_lazy as _


class LaporAdminSite(admin.AdminSite):
    site_header = _("LAPOR! Monitor — administrasi data")
    site_title = _("LAPOR! Monitor")
    index_title = _("Data pemantauan SP4N-LAPOR!")

    def get_urls(self):
        from evaluations.entry.import_views import import_view

        urls = [
            path(
                "impor/<slug:kind>/",
                self.admin_view(lambda request, kind: import_view(request, kind, self)),
                name="lapor_import",
            )
        ]
        return urls + super().get_urls()


class LaporAdminConfig(AdminConfig):
    default_site = "lapor_monitor.admin_site.LaporAdminSite"
