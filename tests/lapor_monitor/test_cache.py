"""The shared cache (`lapor_monitor/cache.py`): Redis through Django's RedisCache, whose errors
are misses. The tests that need a Redis read REDIS_URL (`make test` starts one with
scripts/redis.sh) and are skipped without it; the ones about a Redis that is down need none."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache, caches
from django.db import connection

from lapor_monitor import cache as safe_cache
from tests.helpers import clear_cache

ROOT = Path(__file__).resolve().parents[2]
PROVINCE = "/provinsi/81/?periode=2021-03"


def _backend(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "lapor_monitor.cache.SafeRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "lapor-test",
            "KEY_FUNCTION": "lapor_monitor.cache.make_key",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }


@pytest.fixture(autouse=True)
def _redis_state():
    safe_cache.reset()
    yield
    safe_cache.reset()


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.skip("REDIS_URL is not set (make test starts Redis with scripts/redis.sh)")
    return url


@pytest.fixture
def dead_redis(settings):
    """A Redis URL nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = _backend(f"redis://127.0.0.1:{port}/0")
    return port


@pytest.fixture
def live_redis(settings, redis_url):
    settings.CACHES = _backend(redis_url)
    clear_cache(caches["default"])  # this test database's keys only: xdist workers share Redis
    yield redis_url
    clear_cache(caches["default"])


def test_a_redis_that_is_down_is_a_miss(dead_redis, caplog):
    assert cache.get("a", "absent") == "absent"
    assert cache.set("a", 1) is None
    assert cache.add("a", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1}) == []
    assert cache.has_key("a") is False
    assert cache.delete("a") is False
    assert cache.touch("a") is False
    assert cache.clear() is False
    assert cache.get_or_set("a", 5) == 5
    # Logged once for the outage, not once per operation.
    warnings = [r for r in caplog.records if r.name == "lapor_monitor.cache"]
    assert len(warnings) == 1 and "cache unavailable" in warnings[0].getMessage()
    assert safe_cache.is_down()


def test_after_a_failure_redis_is_left_alone_for_a_while(dead_redis, monkeypatch):
    from django.core.cache.backends.redis import RedisCache

    calls = []
    original = RedisCache.get

    def counting_get(self, *args, **kwargs):
        calls.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(RedisCache, "get", counting_get)
    for _ in range(5):
        assert cache.get("a") is None
    assert len(calls) == 1
    monkeypatch.setattr(safe_cache, "RETRY_SECONDS", 0.0)
    safe_cache.reset()
    cache.get("a")
    assert len(calls) == 2


@pytest.mark.django_db
def test_pages_answer_from_the_database_while_redis_is_down(dead_redis, viewer_client):
    from tests.factories import make_busy_province

    make_busy_province(3)
    for _ in range(2):
        response = viewer_client.get(PROVINCE)
        assert response.status_code == 200
        assert "aktif" in response.content.decode()


def test_keys_carry_the_database_and_the_release():
    from lapor_monitor.release import release

    key = safe_cache.make_key("page-body:x", "lapor", 1)
    assert key == f"lapor:{connection.settings_dict['NAME']}:{release()}:1:page-body:x"


def test_redis_url_must_be_a_redis_url():
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": "sqlite:///:memory:", "REDIS_URL": "localhost:6379"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], capture_output=True, text=True, env=env, cwd=ROOT, check=False
    )
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_redis_url_chooses_the_safe_redis_backend(redis_url):
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": "sqlite:///:memory:", "REDIS_URL": redis_url}
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert result.stdout.strip().splitlines()[-1] == "lapor_monitor.cache.SafeRedisCache", result.stderr
    env.pop("REDIS_URL")
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert result.stdout.strip().splitlines()[-1] == "django.core.cache.backends.locmem.LocMemCache", (
        result.stderr
    )


def test_values_round_trip_through_redis(live_redis):
    cache.set("page-body:x", "<p>halo</p>", 30)
    assert cache.get("page-body:x") == "<p>halo</p>"
    assert cache.get_many(["page-body:x", "y"]) == {"page-body:x": "<p>halo</p>"}
    assert not safe_cache.is_down()


# Two processes: one renders a page, the other serves its body from Redis. Each is a
# `manage.py shell` on the test database (its name passed through DATABASE_URL), logged in
# as the same reader; the second cannot build the page (its figures raise), so a 200 there
# is the first one's body.
TWO_PROCESS_SCRIPT = """
import hashlib, os, re
from unittest import mock
from django.contrib.auth import get_user_model
from django.test import Client
from django.conf import settings
from evaluations.figures import pages

# As in the suite: no collectstatic, so the plain storage (a clean checkout has no manifest).
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
client = Client(raise_request_exception=False)
client.force_login(get_user_model().objects.get(username="pembaca-cache"))
if os.environ["ROLE"] == "serve":
    mock.patch.object(pages, "province_figures", side_effect=RuntimeError("not from the cache")).start()
response = client.get(os.environ["URL"])
body = response.content.decode().split("<main", 1)[-1]
body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
print(response.status_code, hashlib.sha256(body.encode()).hexdigest())
"""


def _process(role: str, redis_url: str) -> tuple[str, str]:
    settings_dict = connection.settings_dict
    database_url = (
        f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD']}@{settings_dict['HOST']}:"
        f"{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "ROLE": role,
        "URL": PROVINCE,
        "LOG_LEVEL": "CRITICAL",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", TWO_PROCESS_SCRIPT],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    status, digest = result.stdout.strip().splitlines()[-1].split()
    return status, digest


@pytest.mark.django_db(transaction=True)
def test_a_page_rendered_by_one_process_is_served_by_another(live_redis):
    from django.contrib.auth import get_user_model

    from evaluations.models import DataVersion
    from tests.factories import make_busy_province

    if connection.vendor != "postgresql":
        pytest.skip("the page cache needs the data version (PostgreSQL)")
    DataVersion.objects.get_or_create(pk=1)  # an earlier transactional test's flush removed it
    make_busy_province(3)
    get_user_model().objects.create_user("pembaca-cache", password="x" * 12)
    # Nothing cached yet: the serving process cannot build the page.
    assert _process("serve", live_redis)[0] == "500"
    rendered = _process("render", live_redis)
    assert rendered[0] == "200"
    served = _process("serve", live_redis)
    assert served == rendered
