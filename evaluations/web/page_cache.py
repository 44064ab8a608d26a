"""The rendered body of a dashboard page, remembered per data version."""

import hashlib

from django.core.cache import cache
from django.http import HttpRequest, QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from evaluations.figures.memo import data_version
from evaluations.web.access import can_see_drafts

# A cached page body is keyed on the data version: this only bounds how long unused bodies stay.
PAGE_CACHE_SECONDS = 600
# The query parameters a page's body depends on; any other (utm_source, a random value to
# bypass the cache, fbclid …) is neither in the key nor seen while the body is rendered.
PAGE_PARAMETERS = frozenset(
    {
        "periode",
        "sort",
        "page",
        "export",
        "peta",
        "revisi",
        "lang",
        "language",
        "q",
        "status",
        "wilayah",
        "penilaian",
        "dievaluasi",
    }
)


def page_body(request: HttpRequest, template: str, build, *, province_code: str | None = None) -> str:
    """The page's body (everything under its heading) rendered by `build()`'s context, cached.

    The key holds the path and the query parameters that change the page (PAGE_PARAMETERS,
    in a fixed order), the data version (which every write changes, see DataVersion), the
    language, whether drafts are visible and whether the reader is staff (who edited a month
    is shown to staff only), so a cached body is never stale; on SQLite (no data version)
    nothing is cached. A hit skips the scorecards' analysis and the rendering: what makes
    the busy pages cheap.
    """
    query = _page_query(request)
    original_get = request.GET
    # Rendered without the other parameters, so that its links (sorting keeps the query
    # string) are the same whichever request filled the cache.
    request.GET = query
    try:
        version = data_version()
        if version is None:
            return render_to_string(template, build(), request=request)
        drafts = can_see_drafts(request.user, province_code)
        editors = bool(request.user.is_staff)
        parts = (template, request.path, query.urlencode(), version, get_language(), drafts, editors)
        key = "page-body:" + hashlib.sha256(repr(parts).encode()).hexdigest()
        body = cache.get(key)
        if body is None:
            body = render_to_string(template, build(), request=request)
            cache.set(key, body, PAGE_CACHE_SECONDS)
        return mark_safe(body)  # noqa: S308 - our own rendered template
    finally:
        request.GET = original_get


def _page_query(request: HttpRequest) -> QueryDict:
    """The request's page parameters alone, sorted by name (their values keep their order)."""
    query = QueryDict(mutable=True)
    for name in sorted(set(request.GET) & PAGE_PARAMETERS):
        query.setlist(name, request.GET.getlist(name))
    query._mutable = False
    return query
