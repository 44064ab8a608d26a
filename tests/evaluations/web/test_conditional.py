"""Conditional requests (`web/conditional.py`): ETags from the data version, the reader, the
language and the path; 304 before the page is built; Cache-Control; Last-Modified for PDFs."""

from datetime import date

import pytest
from django.contrib.messages import constants, get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from agencies.models import Agency
from tests.factories import make_busy_province

pytestmark = pytest.mark.django_db

PROVINCE = "/provinsi/81/?periode=2021-03"
URLS = [
    "/?periode=2021-03",
    PROVINCE,
    "/instansi/8101/?periode=2021-03",
    "/instansi/?periode=2021-03",
    "/scorecard.json?periode=2021-03",
    "/provinsi/81/scorecard.json?periode=2021-03",
    "/provinsi/81/?periode=2021-03&export=csv",
    "/?periode=2021-03&export=xlsx",
    "/instansi/?periode=2021-03&export=csv",
]
# What a 304 may read: the session, the user and the data version, nothing of the figures.
ALLOWED_TABLES = {"django_session", "auth_user", "evaluations_dataversion"}


def _tables(queries) -> set[str]:
    found = set()
    for query in queries:
        sql = query["sql"]
        for word in sql.replace('"', " ").split():
            if word.startswith(("django_", "auth_", "evaluations_", "agencies_")):
                found.add(word.split(".")[0])
    return found


@pytest.fixture
def busy(db):
    return make_busy_province(5)


@pytest.mark.parametrize("url", URLS)
def test_a_matching_etag_answers_304_without_loading_scorecards(busy, viewer_client, url):
    first = viewer_client.get(url)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('W/"')
    assert "private" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]
    with CaptureQueriesContext(connection) as queries:
        second = viewer_client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert second.status_code == 304
    assert second.content == b""
    assert second["ETag"] == etag
    assert "private" in second["Cache-Control"]
    assert "Cookie" in second["Vary"]
    assert len(queries) <= 3, [q["sql"] for q in queries]
    assert _tables(queries.captured_queries) <= ALLOWED_TABLES


def test_the_etag_is_stable_while_nothing_changes_and_changes_with_the_data(busy, viewer_client):
    first = viewer_client.get(PROVINCE)["ETag"]
    assert viewer_client.get(PROVINCE)["ETag"] == first
    Agency.objects.filter(code="8101").update(name="Kabupaten Baru")  # any write: a new data version
    response = viewer_client.get(PROVINCE, HTTP_IF_NONE_MATCH=first)
    assert response.status_code == 200
    assert response["ETag"] != first


def test_the_etag_differs_by_path_query_language_and_reader(busy, viewer_client, staff_user):
    base = viewer_client.get(PROVINCE)["ETag"]
    assert viewer_client.get(PROVINCE + "&sort=name")["ETag"] != base
    assert viewer_client.get("/provinsi/81/?periode=2021-02")["ETag"] != base
    viewer_client.cookies["django_language"] = "en"
    english = viewer_client.get(PROVINCE)
    assert english["ETag"] != base
    assert viewer_client.get(PROVINCE, HTTP_IF_NONE_MATCH=base).status_code == 200
    del viewer_client.cookies["django_language"]
    staff = Client()
    staff.force_login(staff_user)
    assert staff.get(PROVINCE)["ETag"] != base
    # Another reader's tag is no use: the header shows the username and staff see drafts.
    assert staff.get(PROVINCE, HTTP_IF_NONE_MATCH=base).status_code == 200


def test_a_new_csrf_secret_is_a_new_etag(busy, viewer_client):
    """The kept page's forms carry tokens of the old secret: logging in again must re-send it."""
    first = viewer_client.get(PROVINCE)
    assert viewer_client.get(PROVINCE, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    viewer_client.cookies["csrftoken"] = "x" * 32
    assert viewer_client.get(PROVINCE, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_the_first_pages_etag_holds_the_csrf_secret_it_set(busy, viewer):
    client = Client()
    client.force_login(viewer)
    assert "csrftoken" not in client.cookies
    first = client.get(PROVINCE)
    assert "csrftoken" in client.cookies
    assert client.get(PROVINCE, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_no_304_while_a_message_waits(busy, viewer_client, monkeypatch):
    etag = viewer_client.get(PROVINCE)["ETag"]
    from evaluations.web import conditional

    monkeypatch.setattr(conditional, "_messages_waiting", lambda request: True)
    assert viewer_client.get(PROVINCE, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_messages_waiting_counts_without_consuming(rf):
    from django.contrib.sessions.backends.db import SessionStore

    from evaluations.web.conditional import _messages_waiting

    request = rf.get("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    assert not _messages_waiting(request)
    request._messages.add(constants.INFO, "Data tersimpan.")
    assert _messages_waiting(request)
    assert [str(m) for m in get_messages(request)] == ["Data tersimpan."]


def test_public_mode_is_public_with_a_short_max_age(busy, client, settings):
    settings.LAPOR_PUBLIC_DASHBOARD = True
    settings.LAPOR_PUBLIC_MAX_AGE = 45
    response = client.get(PROVINCE)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "max-age=45" in response["Cache-Control"]
    again = client.get(PROVINCE, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert "public" in again["Cache-Control"]


def test_logged_in_readers_stay_private_in_public_mode(busy, viewer_client, settings):
    settings.LAPOR_PUBLIC_DASHBOARD = True
    cache_control = viewer_client.get(PROVINCE)["Cache-Control"]
    assert "private" in cache_control and "public" not in cache_control


def test_no_etag_without_a_data_version(busy, viewer_client, monkeypatch):
    """SQLite (the demo) has no data version: no ETag, no 304."""
    from evaluations.web import conditional

    monkeypatch.setattr(conditional, "data_version", lambda: None)
    response = viewer_client.get(PROVINCE)
    assert response.status_code == 200
    assert not response.has_header("ETag")
    assert viewer_client.get(PROVINCE, HTTP_IF_NONE_MATCH="*").status_code == 200


def test_errors_and_redirects_carry_no_etag(busy, viewer_client):
    assert not viewer_client.get("/?periode=2021-13").has_header("ETag")
    assert not viewer_client.get("/provinsi/81/?periode=2030-01").has_header("ETag")
    login = Client().get(PROVINCE)
    assert login.status_code == 302
    assert not login.has_header("ETag")


def test_an_anonymous_request_is_redirected_before_any_304(busy, viewer_client):
    etag = viewer_client.get(PROVINCE)["ETag"]
    assert Client().get(PROVINCE, HTTP_IF_NONE_MATCH=etag).status_code == 302


def test_archived_pdf_has_last_modified_and_answers_304(reference_data, viewer_client, media_root):
    from email.utils import parsedate_to_datetime

    from evaluations.models import Period

    url = "/provinsi/81/laporan/2020-09.pdf"
    first = viewer_client.get(url)
    assert first.status_code == 200
    published = Period.objects.get(month=date(2020, 9, 1)).published_at
    assert parsedate_to_datetime(first["Last-Modified"]) == published.replace(microsecond=0)
    with CaptureQueriesContext(connection) as queries:
        again = viewer_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert _tables(queries.captured_queries) <= ALLOWED_TABLES


def test_draft_pdf_has_an_etag_but_no_last_modified(reference_data, staff_client, media_root):
    from django.contrib.auth import get_user_model

    from evaluations.entry import closing
    from tests.conftest import SEPTEMBER_2020

    admin = get_user_model().objects.create_superuser("pembuka", password="x" * 12)
    closing.reopen(SEPTEMBER_2020, admin, "koreksi data Kota Ambon")
    response = staff_client.get("/laporan/2020-09.pdf")
    assert response.status_code == 200
    assert response.has_header("ETag") and not response.has_header("Last-Modified")
    assert "no-store" in response["Cache-Control"]
    assert staff_client.get("/laporan/2020-09.pdf", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_a_gzipped_page_answers_304_to_its_own_etag(busy, viewer_client):
    first = viewer_client.get(PROVINCE, HTTP_ACCEPT_ENCODING="gzip")
    assert first.get("Content-Encoding") == "gzip"
    again = viewer_client.get(PROVINCE, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert {"Accept-Encoding", "Cookie"} <= {v.strip() for v in again["Vary"].split(",")}
