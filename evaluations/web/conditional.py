"""Conditional requests for the dashboard's pages, JSON, exports and PDFs.

A page's ETag is a hash of everything its bytes depend on besides the request itself, all
known before the page is built:

- the data version (`memo.data_version()`: every committed write changes it), so the figures;
- the language, the path with its whole query (the header's language form links back to it);
- whether drafts are visible (`can_see_drafts`) and, for a logged-in reader, who they are
  (the header shows the username and an Admin link to staff) and a hash of their CSRF
  secret: the page carries CSRF tokens (language switch, log-out), so a page kept by the
  browser stays valid only while that secret does (logging in again rotates it);
- today's date (the month picker, the default month and late tickets depend on it), and the
  release (a hash of the code, templates and translations: a deploy changes every ETag).

A matching `If-None-Match` answers 304 before the view runs: no scorecard is loaded and
nothing rendered. A 304 is never sent while a message (django.contrib.messages) waits to be
shown, since the kept page would not show it. Where there is no data version (SQLite) there
is no ETag. Logged-in readers get `Cache-Control: private, no-cache` (keep it, ask each
time); anonymous readers of the public dashboard `public, max-age=LAPOR_PUBLIC_MAX_AGE`.
A PDF served from the archive (a published revision) also carries `Last-Modified`: when that
revision was published (remembered per data version: no query once known).
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from evaluations.figures.memo import data_version, versioned
from evaluations.web.access import can_see_drafts
from lapor_monitor.release import release


def page_etag(request: HttpRequest, province_code: str | None = None) -> str | None:
    """The weak ETag of the page `request` asks for, or None where there is no data version."""
    parts = _page_parts(request, province_code)
    return None if parts is None else _etag(parts, request)


def _page_parts(request: HttpRequest, province_code: str | None) -> tuple | None:
    """What the page depends on, but for the CSRF secret (see `_etag`)."""
    version = data_version()
    if version is None:
        return None
    user = request.user
    reader = (user.pk, user.get_username(), bool(user.is_staff)) if user.is_authenticated else ("anonymous",)
    return (
        release(),
        version,
        get_language(),
        can_see_drafts(user, province_code),
        reader,
        settings.LAPOR_PUBLIC_DASHBOARD,
        timezone.localdate().isoformat(),
        request.get_full_path(),
    )


def _etag(parts: tuple, request: HttpRequest) -> str:
    """The ETag of `parts` and the reader's CSRF secret (the page's forms carry tokens masked
    from it). Asked again after the view: a first page makes the secret it then sets."""
    csrf = hashlib.sha256((request.META.get("CSRF_COOKIE") or "").encode()).hexdigest()[:16]
    return 'W/"' + hashlib.sha256(repr((parts, csrf)).encode()).hexdigest()[:32] + '"'


def _cache_headers(request: HttpRequest, response: HttpResponse) -> None:
    patch_vary_headers(response, ("Cookie",))
    if response.has_header("Cache-Control"):
        return  # the view decided (a draft PDF is no-store, an archived one kept an hour)
    if request.user.is_authenticated or not settings.LAPOR_PUBLIC_DASHBOARD:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, max_age=settings.LAPOR_PUBLIC_MAX_AGE)


def _messages_waiting(request: HttpRequest) -> bool:
    """Whether a message waits to be shown (counted without marking it shown)."""
    try:
        return len(get_messages(request)) > 0
    except Exception:  # noqa: BLE001 - no message storage: nothing waits
        return False


def conditional(view=None, *, province_kwarg: str | None = None, last_modified=None):
    """ETag for a GET view, 304 on a matching If-None-Match before the view runs.

    `province_kwarg` names the view's argument holding a province code (draft visibility is
    per province). `last_modified(request, *args, **kwargs)`, when given, is asked after the
    view for a response the view marked as kept (it set an ETag of its own: an archived
    PDF's hash, which the page's ETag replaces): the datetime to send as Last-Modified.
    """

    def decorate(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs):
            province_code = kwargs.get(province_kwarg) if province_kwarg else None
            parts = _page_parts(request, province_code)
            etag = None if parts is None else _etag(parts, request)
            if etag is not None and not _messages_waiting(request):
                early = get_conditional_response(request, etag=etag)
                if early is not None:
                    early["ETag"] = etag
                    # What the 200 would vary on (GZipMiddleware skips an empty body).
                    patch_vary_headers(early, ("Accept-Encoding",))
                    _cache_headers(request, early)
                    return early
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and etag is not None:
                if last_modified is not None and response.has_header("ETag"):
                    modified = last_modified(request, *args, **kwargs)
                    if modified is not None:
                        response["Last-Modified"] = http_date(modified.timestamp())
                response["ETag"] = _etag(parts, request)
            _cache_headers(request, response)
            return response

        return wrapper

    return decorate(view) if view is not None else decorate


def pdf_published_at(request: HttpRequest, month: str, code: str | None = None):
    """When the PDF's revision was published (`?revisi=N`, else the month's current one);
    None for a month not published (its PDF is rendered afresh) or a malformed URL."""
    from evaluations.figures.loading import period_info
    from evaluations.models import PeriodEvent
    from evaluations.web.params import PeriodError, path_month

    try:
        parsed = path_month(month)
    except PeriodError:
        return None
    revision = request.GET.get("revisi")
    if revision:
        if not revision.isdigit():
            return None
        number = int(revision)

        def published() -> object:
            events = PeriodEvent.objects.filter(
                period__month=parsed, action=PeriodEvent.Action.PUBLISHED, revision=number
            )
            return events.order_by("-at").values_list("at", flat=True).first()

        return versioned(("pdf-revision-published-at", parsed, number), published)
    period = versioned(("pdf-published-at", parsed), lambda: period_info(parsed))
    return period.published_at if period.is_published else None


# The decorators the views wear (below @dashboard_view, so a log-in redirect comes first).
conditional_view = conditional
conditional_province_view = conditional(province_kwarg="code")
conditional_pdf = conditional(last_modified=pdf_published_at)
conditional_province_pdf = conditional(province_kwarg="code", last_modified=pdf_published_at)
