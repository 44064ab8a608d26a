"""Every admin URL pattern, walked with junk in its path parameters: never a 5xx."""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

pytestmark = pytest.mark.django_db

JUNK = ["abc", "0", "-1", "99999999999999999999999", "1.5", "%00", "a%2Fb", "ä"]


def _fill_regex(regex: str, value: str) -> str:
    """`regex` with each group replaced by `value` and anchors dropped (good enough for
    Django's and our admin patterns)."""
    out, depth, i = [], 0, 0
    while i < len(regex):
        char = regex[i]
        if char == "\\" and depth == 0:
            out.append(regex[i + 1])
            i += 2
            continue
        if char == "(":
            if depth == 0:
                out.append(value)
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0 and char not in "^$":
            out.append(char)
        i += 1
    return "".join(out)


def _fill(pattern, value: str) -> str:
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<(?:\w+:)?\w+>", value, str(pattern._route))
    if isinstance(pattern, RegexPattern):
        return _fill_regex(pattern._regex, value)
    return str(pattern)


def _urls(resolver, prefix: str, value: str):
    for entry in resolver.url_patterns:
        part = prefix + _fill(entry.pattern, value)
        if isinstance(entry, URLResolver):
            yield from _urls(entry, part, value)
        elif isinstance(entry, URLPattern):
            yield part


def _admin_urls(value: str) -> list[str]:
    root = get_resolver()
    admin = next(e for e in root.url_patterns if isinstance(e, URLResolver) and str(e.pattern) == "admin/")
    return sorted({"/" + url for url in _urls(admin, "admin/", value) if url.count(value)})


def test_the_walk_covers_the_admin():
    urls = _admin_urls("abc")
    assert "/admin/evaluations/period/abc/penutupan/" in urls
    assert "/admin/agencies/agency/abc/change/" in urls
    assert len(urls) > 40


@pytest.mark.parametrize("value", JUNK)
def test_no_admin_url_answers_5xx_for_junk_parameters(superuser, coordinator, value):
    failures = []
    for user in (superuser, coordinator):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for url in _admin_urls(value):
            response = client.get(url)
            if response.status_code >= 500:
                failures.append((user.username, url, response.status_code))
    assert failures == []


def _changelist_actions(request_user):
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = request_user
    for model, model_admin in admin.site._registry.items():
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for name in model_admin.get_actions(request):
            yield url, name


@pytest.mark.parametrize(
    "selection",
    [
        {},
        {"select_across": "1", "index": "0"},
        {"_selected_action": ["abc"]},
        {"_selected_action": ["999999"]},
    ],
    ids=["nothing", "all-of-none", "junk-id", "unknown-id"],
)
def test_every_changelist_action_with_an_empty_or_junk_selection_answers_without_5xx(superuser, selection):
    client = Client(raise_request_exception=False)
    client.force_login(superuser)
    failures = []
    actions = list(_changelist_actions(superuser))
    assert len(actions) > 5
    for url, action in actions:
        response = client.post(url, {"action": action, **selection})
        if response.status_code >= 500:
            failures.append((url, action, response.status_code))
    assert failures == []
