"""The admin's log-in and the notices on its index page."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class LaporAdminLoginForm(AdminAuthenticationForm):
    """Says plainly when the account exists (right password) but has no access to the admin,
    instead of Django's "enter the correct username and password for a staff account"."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _("Nama pengguna atau kata sandi salah. Periksa keduanya lalu coba lagi."),
    }

    def confirm_login_allowed(self, user):
        if not user.is_active:
            super().confirm_login_allowed(user)
        if not user.is_staff:
            raise ValidationError(
                _(
                    "Akun %(username)s ada, tetapi belum punya akses ke halaman admin. Minta admin "
                    "memberi Anda peran Evaluator atau Koordinator provinsi; dasbor tetap dapat dibuka."
                ),
                code="no_admin_access",
                params={"username": user.get_username()},
            )


def index_notices(request) -> list[str]:
    """Warnings for the admin's index: coordinators without a province (to those who manage
    users), and to a coordinator who has none."""
    from django.contrib.auth import get_user_model

    from agencies.scoping import COORDINATOR_GROUP, allowed_province_ids

    notices = []
    user = request.user
    scope = allowed_province_ids(user)
    if scope is not None and not scope:
        notices.append(
            str(
                _(
                    "Akun Anda berperan Koordinator provinsi tetapi belum ditetapkan provinsinya, "
                    "sehingga tidak ada data yang tampil. Minta admin menetapkan provinsi Anda."
                )
            )
        )
    if user.has_perm("auth.change_user"):
        orphans = (
            get_user_model()
            .objects.filter(
                groups__name=COORDINATOR_GROUP, is_active=True, coordinated_provinces__isnull=True
            )
            .order_by("username")
            .values_list("username", flat=True)
        )
        if orphans:
            notices.append(
                str(_("Koordinator provinsi tanpa provinsi (tidak melihat data apa pun): %(names)s."))
                % {"names": ", ".join(orphans)}
            )
    return notices
