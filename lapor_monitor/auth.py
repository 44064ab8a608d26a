"""Log-in for the whole site."""

from axes.backends import AxesStandaloneBackend


class LoginGuardBackend(AxesStandaloneBackend):
    """django-axes' lockout for every log-in that comes through a request (the log-in page,
    admin); authentication without a request (tests' `client.login`, shell) is left to the
    model backend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
