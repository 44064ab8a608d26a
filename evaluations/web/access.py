"""Who may read the dashboards and which months they may see."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login

from agencies.models import Province
from agencies.scoping import allowed_province_ids


def can_see_drafts(user, province_code: str | None = None) -> bool:
    """Whether `user` sees draft months: evaluators, national staff and superusers everywhere;
    a provincial coordinator only on their own province's pages (`province_code`), never on
    national ones; viewers and the public never."""
    if not (user.is_active and (user.is_staff or user.is_superuser)):
        return False
    scope = allowed_province_ids(user)
    if scope is None:
        return True
    return province_code is not None and any(
        code == province_code for code in Province.objects.filter(pk__in=scope).values_list("code", flat=True)
    )


def dashboard_view(view):
    """Log-in required, unless the public read-only dashboard is switched on."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (settings.LAPOR_PUBLIC_DASHBOARD or request.user.is_authenticated):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
