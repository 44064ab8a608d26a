"""`make loadtest` (not in CI): two gunicorn instances (two app servers) against one
PostgreSQL and one Redis on loopback, under wrk (half the connections on each).

Run 1: 60 s at 64 connections over the main pages: requests/s, p99 latency, errors.
Run 2: the same while PostgreSQL is stopped for a few seconds in the middle: the app must
answer 503 while the database is down, recover by itself within 5 s of its return, and the
row counts before and after must be equal.
Run 3: the same while Redis is stopped for a few seconds: pages keep answering from the
database (a cache that is down is a miss), no 5xx at all.
Writes the figures into docs/deploy.md between the LOADTEST markers and prints them. Needs
root (it restarts Debian's PostgreSQL).
"""

import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lapor_monitor.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

from scripts import instances  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

PORTS = (8091, 8092)
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
CONNECTIONS = 64
DOWN_AT, DOWN_FOR = SECONDS // 3, 6
TABLES = [
    "agencies_province",
    "agencies_agency",
    "agencies_decree",
    "evaluations_monthlyevaluation",
    "evaluations_period",
    "auth_user",
]


def counts() -> dict[str, int]:
    connection.close()
    with connection.cursor() as cursor:
        result = {}
        for table in TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
            result[table] = cursor.fetchone()[0]
    connection.close()
    return result


def status(url: str, cookie: str | None = None) -> int:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"} if cookie else {})
    try:
        return urllib.request.urlopen(request, timeout=2).status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def wrk(cookie: str, seconds: int, port: int) -> str:
    return subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{CONNECTIONS // len(PORTS)}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(ROOT / "scripts/loadtest.lua"),
            "-H",
            f"Cookie: sessionid={cookie}",
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def wrk_both(cookie: str, seconds: int) -> dict:
    """wrk against every instance at once; requests summed, the slower instance's latencies."""
    outs: dict[int, str] = {}
    threads = [threading.Thread(target=lambda p=p: outs.update({p: wrk(cookie, seconds, p)})) for p in PORTS]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    parts = [parse(out) for out in outs.values()]

    def ms(text: str) -> float:
        """wrk's "850.00us", "166.73ms", "1.20s" in milliseconds."""
        number = re.match(r"[\d.]+", text)
        value = float(number[0]) if number else 0.0
        if text.endswith("us"):
            return value / 1000
        return value if text.endswith("ms") else value * 1000

    return {
        "requests": sum(p["requests"] for p in parts),
        "rps": sum(p["rps"] for p in parts),
        "p50": max((p["p50"] for p in parts), key=ms),
        "p99": max((p["p99"] for p in parts), key=ms),
        "non_2xx": sum(p["non_2xx"] for p in parts),
        "socket_errors": "; ".join(sorted({p["socket_errors"] for p in parts})),
    }


def parse(out: str) -> dict:
    def find(pattern):
        match = re.search(pattern, out)
        return match[1] if match else "0"

    return {
        "requests": int(find(r"(\d+) requests in")),
        "rps": float(find(r"Requests/sec:\s+([\d.]+)")),
        "p50": find(r"50%\s+(\S+)"),
        "p99": find(r"99%\s+(\S+)"),
        "non_2xx": int(find(r"Non-2xx or 3xx responses: (\d+)")),
        "socket_errors": find(r"Socket errors: (.*)") if "Socket errors" in out else "none",
    }


def postgres(action: str) -> None:
    subprocess.run(["service", "postgresql", action], check=True, capture_output=True)


def redis(action: str) -> None:
    command = [str(ROOT / "scripts/redis.sh")] + (["stop"] if action == "stop" else [])
    subprocess.run(command, check=True, capture_output=True)


def outage(cookie: str, stop, start, ready) -> dict:
    """A load run during which a service is stopped at DOWN_AT for DOWN_FOR seconds: wrk's
    figures, and what /healthz and a province page of each instance answered meanwhile."""
    timeline: list[tuple[float, int]] = []
    pages: list[tuple[float, int]] = []
    done = threading.Event()

    def watch():
        while not done.is_set():
            for port in PORTS:
                timeline.append((time.monotonic(), status(f"http://127.0.0.1:{port}/healthz")))
                pages.append((time.monotonic(), status(f"http://127.0.0.1:{port}/provinsi/81/", cookie)))
            time.sleep(0.1)

    results: list[dict] = []
    watcher = threading.Thread(target=watch)
    load = threading.Thread(target=lambda: results.append(wrk_both(cookie, SECONDS)))
    watcher.start()
    load.start()
    time.sleep(DOWN_AT)
    down = time.monotonic()
    stop()
    time.sleep(DOWN_FOR)
    start()
    up = time.monotonic()
    deadline = time.monotonic() + 60
    while not ready():
        if time.monotonic() > deadline:
            raise SystemExit("the stopped service did not come back within 60 s")
        time.sleep(0.1)
    back = time.monotonic()
    load.join()
    done.set()
    watcher.join()
    while_down = [code for at, code in timeline if down + 0.5 < at < up]
    pages_down = [code for at, code in pages if down + 0.5 < at < up]
    recovered = next((at for at, code in timeline if at > back and code == 200), None)
    return {
        "wrk": results[0],
        "down_codes": sorted(set(while_down)),
        "down_503_share": sum(1 for c in while_down if c == 503) / max(1, len(while_down)),
        "page_codes": sorted(set(pages_down)),
        "page_checks": len(pages_down),
        "page_5xx": sum(1 for c in pages_down if c >= 500),
        "page_5xx_other": sum(1 for c in pages_down if c >= 500 and c != 503),
        "recovery_s": None if recovered is None else recovered - back,
    }


def main() -> None:
    call_command("migrate", verbosity=0)
    if not get_user_model().objects.filter(username="loadtest").exists():
        call_command("loaddata", "provinces", "monev_2020", verbosity=0)
        call_command("load_regions", verbosity=0)
        call_command("generate_demo_data", "--months", "24", "--seed", "1", verbosity=0)
        get_user_model().objects.create_user("loadtest", password="loadtest-only", is_staff=True)
    call_command("collectstatic", "--no-input", verbosity=0)
    user = get_user_model().objects.get(username="loadtest")
    session = SessionStore()
    session.update(
        {
            "_auth_user_id": str(user.pk),
            "_auth_user_hash": user.get_session_auth_hash(),
            "_auth_user_backend": "django.contrib.auth.backends.ModelBackend",
        }
    )
    session.create()
    connection.close()

    redis_url = instances.redis_url()
    servers = instances.start_gunicorn(PORTS, 2, DB_CONN_MAX_AGE="60", REDIS_URL=redis_url)
    cookie = session.session_key
    try:
        for port in PORTS:
            while status(f"http://127.0.0.1:{port}/healthz") != 200:
                time.sleep(0.25)
        wrk_both(cookie, 5)  # warm every worker
        steady = wrk_both(cookie, SECONDS)

        before = counts()
        pg = outage(
            cookie,
            lambda: postgres("stop"),
            lambda: postgres("start"),
            lambda: subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode == 0,
        )
        after = counts()
        cache = outage(
            cookie,
            lambda: redis("stop"),
            lambda: redis("start"),
            lambda: (
                subprocess.run(["redis-cli", "-u", redis_url, "ping"], capture_output=True).returncode == 0
            ),
        )
    finally:
        instances.stop(servers)

    write({"steady": steady, "postgres": pg, "redis": cache, "rows_equal": before == after, "rows": after})


def write(r: dict) -> None:
    s, pg, rd = r["steady"], r["postgres"], r["redis"]
    t, u = pg["wrk"], rd["wrk"]
    recovery = "never" if pg["recovery_s"] is None else f"{pg['recovery_s']:.1f} s"
    text = f"""<!-- LOADTEST:START (written by `make loadtest` on {time.strftime("%Y-%m-%d %H:%M %Z")}) -->
Two gunicorn instances (2 workers each, ports {PORTS[0]} and {PORTS[1]}), one PostgreSQL, one Redis; wrk with
half the connections on each instance.

| run | requests | requests/s | p50 | p99 | non-2xx | socket errors |
| --- | ---: | ---: | ---: | ---: | ---: | --- |
| steady, {SECONDS} s, {CONNECTIONS} connections | {s["requests"]:,} | {s["rps"]:.0f} | {s["p50"]} | {s["p99"]} | {s["non_2xx"]} | {s["socket_errors"]} |
| PostgreSQL stopped at {DOWN_AT} s for {DOWN_FOR} s | {t["requests"]:,} | {t["rps"]:.0f} | {t["p50"]} | {t["p99"]} | {t["non_2xx"]} | {t["socket_errors"]} |
| Redis stopped at {DOWN_AT} s for {DOWN_FOR} s | {u["requests"]:,} | {u["rps"]:.0f} | {u["p50"]} | {u["p99"]} | {u["non_2xx"]} | {u["socket_errors"]} |

While PostgreSQL was down, `/healthz` answered {pg["down_codes"]} ({pg["down_503_share"]:.0%} of the checks were 503,
the rest in the moment the server took to stop); a province page polled at the same time answered {pg["page_codes"]}
({pg["page_5xx_other"]} answers were a 5xx other than 503). The second run's non-2xx are those 503s. After PostgreSQL
accepted connections again the app answered 200 within **{recovery}**, by itself. Row counts before and after equal:
**{r["rows_equal"]}** ({", ".join(f"{k} {v:,}" for k, v in r["rows"].items())}).

While Redis was down, a province page polled on both instances answered {rd["page_codes"]} in {rd["page_checks"]} checks
(**{rd["page_5xx"]}** 5xx): the pages came from PostgreSQL, the cache being a miss.
<!-- LOADTEST:END -->"""
    deploy = ROOT / "docs" / "deploy.md"
    current = deploy.read_text() if deploy.exists() else ""
    pattern = re.compile(r"<!-- LOADTEST:START.*?LOADTEST:END -->", re.S)
    deploy.write_text(pattern.sub(text, current) if pattern.search(current) else current + "\n" + text + "\n")
    print(text)


if __name__ == "__main__":
    main()
