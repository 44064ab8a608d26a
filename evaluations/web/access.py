"""Who may read the dashboards and which months they may see."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login


def can_see_drafts(user) -> bool:
    """Staff and superusers see every month; everyone else sees published months only."""
    return bool(user.is_active and (user.is_staff or user.is_superuser))


def dashboard_view(view):
    """Log-in required, unless the public read-only dashboard is switched on."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (settings.LAPOR_PUBLIC_DASHBOARD or request.user.is_authenticated):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper
