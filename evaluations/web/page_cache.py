"""The rendered body of a dashboard page, remembered per data version."""

import hashlib

from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from evaluations.figures.memo import data_version
from evaluations.web.access import can_see_drafts

# A cached page body is keyed on the data version: this only bounds how long unused bodies stay.
PAGE_CACHE_SECONDS = 600


def page_body(request: HttpRequest, template: str, build, *, province_code: str | None = None) -> str:
    """The page's body (everything under its heading) rendered by `build()`'s context, cached.

    The key holds the path and query string, the data version (which every write changes,
    see DataVersion), the language and whether drafts are visible, so a cached body is
    never stale; on SQLite (no data version) nothing is cached. A hit skips the scorecards'
    analysis and the rendering: what makes the busy pages cheap.
    """
    version = data_version()
    if version is None:
        return render_to_string(template, build(), request=request)
    drafts = can_see_drafts(request.user, province_code)
    parts = (template, request.get_full_path(), version, get_language(), drafts)
    key = "page-body:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    body = cache.get(key)
    if body is None:
        body = render_to_string(template, build(), request=request)
        cache.set(key, body, PAGE_CACHE_SECONDS)
    return mark_safe(body)  # noqa: S308 - our own rendered template
