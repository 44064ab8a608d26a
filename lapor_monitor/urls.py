from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from agencies.views import decree_scan
from lapor_monitor.health import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    # Every logged-in user (viewers too, who have no admin) changes their own password here.
    path("akun/kata-sandi/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "akun/kata-sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
    # SK scans: never from MEDIA_URL (no route serves MEDIA_ROOT), only through this check.
    path("sk/pindaian/<path:name>", decree_scan, name="decree_scan"),
    # Subscriptions to the monthly reports, and the unsubscribe link of their emails.
    path("langganan/", include("evaluations.delivery.urls")),
    path("", include("evaluations.web.urls")),
]
