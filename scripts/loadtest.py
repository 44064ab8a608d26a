"""`make loadtest` (not in CI): gunicorn + PostgreSQL on loopback under wrk.

Run 1: 60 s at 64 connections over the main pages: requests/s, p99 latency, errors.
Run 2: the same while PostgreSQL is stopped for a few seconds in the middle: the app must
answer 503 while the database is down, recover by itself within 5 s of its return, and the
row counts before and after must be equal. Writes the figures into docs/deploy.md between
the LOADTEST markers and prints them. Needs root (it restarts Debian's PostgreSQL).
"""

import os
import re
import signal
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

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

PORT = 8091
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


def wrk(cookie: str, seconds: int) -> str:
    return subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(ROOT / "scripts/loadtest.lua"),
            "-H",
            f"Cookie: sessionid={cookie}",
            f"http://127.0.0.1:{PORT}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


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

    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_WORKERS": "4",
        "DB_CONN_MAX_AGE": "60",
    }
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "--access-logfile", "/dev/null"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    health = f"http://127.0.0.1:{PORT}/healthz"
    try:
        while status(health) != 200:
            time.sleep(0.25)
        wrk(session.session_key, 5)  # warm every worker
        steady = parse(wrk(session.session_key, SECONDS))

        before = counts()
        timeline: list[tuple[float, int]] = []
        stop = threading.Event()

        page = f"http://127.0.0.1:{PORT}/provinsi/81/"

        def watch():
            while not stop.is_set():
                timeline.append((time.monotonic(), status(health)))
                pages.append((time.monotonic(), status(page, session.session_key)))
                time.sleep(0.1)

        pages: list[tuple[float, int]] = []

        watcher = threading.Thread(target=watch)
        load = threading.Thread(target=lambda: results.append(wrk(session.session_key, SECONDS)))
        results: list[str] = []
        watcher.start()
        load.start()
        time.sleep(DOWN_AT)
        down = time.monotonic()
        postgres("stop")
        time.sleep(DOWN_FOR)
        postgres("start")
        up = time.monotonic()
        while subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"]).returncode != 0:
            time.sleep(0.1)
        ready = time.monotonic()
        load.join()
        stop.set()
        watcher.join()
        after = counts()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    restart = parse(results[0])
    while_down = [code for at, code in timeline if down + 0.5 < at < up]
    pages_down = [code for at, code in pages if down + 0.5 < at < up]
    recovered = next((at for at, code in timeline if at > ready and code == 200), None)
    report = {
        "steady": steady,
        "restart": restart,
        "down_codes": sorted(set(while_down)),
        "down_503_share": sum(1 for c in while_down if c == 503) / max(1, len(while_down)),
        "page_codes": sorted(set(pages_down)),
        "page_5xx_other": sum(1 for c in pages_down if c >= 500 and c != 503),
        "recovery_s": None if recovered is None else recovered - ready,
        "rows_equal": before == after,
        "rows": after,
    }
    write(report)


def write(r: dict) -> None:
    s, t = r["steady"], r["restart"]
    recovery = "never" if r["recovery_s"] is None else f"{r['recovery_s']:.1f} s"
    text = f"""<!-- LOADTEST:START (written by `make loadtest` on {time.strftime("%Y-%m-%d %H:%M %Z")}) -->
| run | requests | requests/s | p50 | p99 | non-2xx | socket errors |
| --- | ---: | ---: | ---: | ---: | ---: | --- |
| steady, {SECONDS} s, {CONNECTIONS} connections | {s["requests"]:,} | {s["rps"]:.0f} | {s["p50"]} | {s["p99"]} | {s["non_2xx"]} | {s["socket_errors"]} |
| PostgreSQL stopped at {DOWN_AT} s for {DOWN_FOR} s | {t["requests"]:,} | {t["rps"]:.0f} | {t["p50"]} | {t["p99"]} | {t["non_2xx"]} | {t["socket_errors"]} |

While PostgreSQL was down, `/healthz` answered {r["down_codes"]} ({r["down_503_share"]:.0%} of the checks were 503,
the rest in the moment the server took to stop); a province page polled at the same time answered {r["page_codes"]}
({r["page_5xx_other"]} answers were a 5xx other than 503). The second run's non-2xx are those 503s. After PostgreSQL accepted connections again the app
answered 200 within **{recovery}**, by itself. Row counts before and after equal: **{r["rows_equal"]}**
({", ".join(f"{k} {v:,}" for k, v in r["rows"].items())}).
<!-- LOADTEST:END -->"""
    deploy = ROOT / "docs" / "deploy.md"
    current = deploy.read_text() if deploy.exists() else ""
    pattern = re.compile(r"<!-- LOADTEST:START.*?LOADTEST:END -->", re.S)
    deploy.write_text(pattern.sub(text, current) if pattern.search(current) else current + "\n" + text + "\n")
    print(text)


if __name__ == "__main__":
    main()
