"""Every URL pattern, enumerated: who may open it, and that odd input never makes a 5xx."""

from urllib.parse import quote

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

# Every test reads the reference data: loaded once for the module.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_reference_data")]

# Opened by anyone, with what a GET answers: the log-in pages, the health check, the language
# switch (back to the page it came from), log-out (POST only; the admin's sends you back to it),
# an email's unsubscribe and confirmation links.
PUBLIC = {
    "login": 200,
    "logout": 405,
    "set_language": 302,
    "healthz": 200,
    "admin:login": 200,
    "admin:logout": 302,
    # The unsubscribe and confirmation links of emails: their signed token is the authority (this sample's is
    # forged, so: not found).
    "unsubscribe": 404,
    "confirm_subscription": 404,
}
DASHBOARD = {
    "evaluations:national",
    "evaluations:province",
    "evaluations:agency",
    "evaluations:national_json",
    "evaluations:province_json",
    "evaluations:national_pdf",
    "evaluations:province_pdf",
}
SAMPLE_KWARGS = {"code": "81", "month": "2020-09", "app_label": "agencies", "object_id": "1", "pk": "1"}


def _named_patterns(resolver: URLResolver = None, namespace: str = ""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


def _sample_url(name: str, pattern: URLPattern) -> str | None:
    groups = list(pattern.pattern.regex.groupindex)
    kwargs = {group: SAMPLE_KWARGS.get(group, "1") for group in groups}
    try:
        return reverse(name, kwargs=kwargs)
    except Exception:  # a pattern our samples cannot fill (e.g. a content-type shortcut)
        return None


ALL_URLS = sorted(
    {(name, url) for name, pattern in _named_patterns() if (url := _sample_url(name, pattern)) is not None}
)


def test_every_dashboard_url_is_enumerated():
    assert {name for name, _url in ALL_URLS} >= DASHBOARD
    assert len(ALL_URLS) > 30  # the admin's too


@pytest.mark.parametrize(("name", "url"), ALL_URLS)
def test_anonymous_user_is_sent_to_log_in_everywhere_but_the_public_urls(reference_data, client, name, url):
    response = client.get(url)
    if name in PUBLIC:
        assert response.status_code == PUBLIC[name], (name, url, response.status_code)
    else:
        assert response.status_code == 302, (name, url, response.status_code)
        login = "/admin/login/" if name.startswith("admin:") else "/masuk/"
        assert response["Location"] == f"{login}?next={quote(url)}", (name, response["Location"])


@pytest.mark.parametrize(
    ("name", "url"), [(n, u) for n, u in ALL_URLS if n in DASHBOARD or n.startswith("admin:")]
)
def test_public_mode_opens_the_dashboard_but_not_admin(reference_data, client, settings, name, url):
    settings.LAPOR_PUBLIC_DASHBOARD = True
    response = client.get(url)
    if name in DASHBOARD:
        assert response.status_code == 200, (name, url, response.status_code)
    else:
        assert response.status_code == PUBLIC.get(name, 302), (name, url, response.status_code)
        if name not in PUBLIC:
            assert response["Location"] == f"/admin/login/?next={quote(url)}", (name, response["Location"])


FUZZ = hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
odd_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["2020-09", "2020-13", "0000-00", "9999-12", "2020-02-30", "%00", "\x00", "../../etc", "' OR 1=1"]
    ),
)


@FUZZ
@given(periode=odd_text, sort=odd_text, export=odd_text)
def test_query_strings_never_make_a_5xx(reference_data, staff_client, periode, sort, export):
    for url in ("/", "/provinsi/81/", "/instansi/8171/", "/scorecard.json", "/provinsi/82/scorecard.json"):
        response = staff_client.get(url, {"periode": periode, "sort": sort, "export": export})
        assert response.status_code < 500, (url, periode, sort, export)


@FUZZ
@given(code=odd_text, month=odd_text)
def test_path_parameters_never_make_a_5xx(reference_data, staff_client, code, month):
    code, month = quote(code, safe=""), quote(month, safe="")
    for url in (
        f"/provinsi/{code}/",
        f"/instansi/{code}/",
        f"/provinsi/{code}/scorecard.json",
        f"/laporan/{month}.pdf",
        f"/provinsi/{code}/laporan/{month}.pdf",
    ):
        response = staff_client.get(url)
        assert response.status_code < 500, url
