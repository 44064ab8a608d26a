"""Log-in for the whole site."""

from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt
from django.utils import timezone


class LoginGuardBackend(AxesStandaloneBackend):
    """django-axes' lockout for every log-in that comes through a request (the log-in page,
    admin); authentication without a request (tests' `client.login`, shell) is left to the
    model backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class AccessAttemptAdmin(AxesAccessAttemptAdmin):
    """django-axes' admin of failed log-ins, whose "clean up expired attempts" action expects
    the time stamp axes sets on log-in requests only (an AttributeError, a 500, otherwise)."""

    def cleanup_expired_attempts(self, request, queryset):
        if not hasattr(request, "axes_attempt_time"):
            request.axes_attempt_time = timezone.now()
        return super().cleanup_expired_attempts(request, queryset)

    @classmethod
    def replace_in(cls, site) -> None:
        if site.is_registered(AccessAttempt):
            site.unregister(AccessAttempt)
            site.register(AccessAttempt, cls)
