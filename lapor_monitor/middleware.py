import logging

from django.db import DatabaseError, DataError, IntegrityError, ProgrammingError
from django.template.response import TemplateResponse

logger = logging.getLogger(__name__)


class IndonesianFirstMiddleware:
    """Indonesian is the interface's first language: the browser's Accept-Language is ignored,
    so English appears only when chosen with the language switcher (its cookie)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A view that cannot reach the database answers 503 with a page that says so, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseError) or _is_data_error(exception):
            return None
        logger.error("database unavailable: %s", exception)
        response = TemplateResponse(request, "503.html", status=503)
        response["Retry-After"] = "5"
        return response.render()


def _is_data_error(exception: DatabaseError) -> bool:
    """Integrity and data errors are bugs or bad input, not an unreachable database."""
    return isinstance(exception, DataError | IntegrityError | ProgrammingError)


class OneDataVersionMiddleware:
    """A GET or HEAD request reads the data version once (see scorecards.one_version)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        from evaluations.figures.scorecards import one_version

        with one_version():
            return self.get_response(request)
