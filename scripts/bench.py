"""`make bench`: LAPOR! Monitor at national scale, measured.

Builds a PostgreSQL database with every province and kabupaten/kota (552 IPs) and 60 months
of example evaluations, then times each page, JSON endpoint and PDF in-process (median and
p95 after warm-up), counts their queries, compares each page with the raw SQL that computes
the same numbers, times the monthly batch and a 10,000-row import, and measures requests
per second for the scorecard page under gunicorn with wrk. Prints the table and writes it
to docs/benchmarks.md. Expects DATABASE_URL to name an empty, disposable database.
"""

import io
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lapor_monitor.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")
MEDIA = Path(tempfile.mkdtemp(prefix="lapor-bench-media-"))
os.environ["MEDIA_ROOT"] = str(MEDIA)

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from scripts import bench_delivery  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "30"))
SLOW_RUNS = int(os.environ.get("BENCH_SLOW_RUNS", "20"))
BATCH_RUNS = int(os.environ.get("BENCH_BATCH_RUNS", "3"))
DELIVERY_RUNS = int(os.environ.get("BENCH_DELIVERY_RUNS", "2"))
PROVINCE = "33"  # Jawa Tengah: 36 IPs, the largest after Jawa Timur
AGENCY = "3301"
WRK_SECONDS = 20
PORT = 8089


def timed(function, runs: int, warmup: int = 3, setup=None) -> list[float]:
    """`function`'s durations; `setup()` runs before each call, untimed."""
    for _ in range(warmup):
        if setup:
            setup()
        function()
    samples = []
    for _ in range(runs):
        if setup:
            setup()
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def queries(function) -> int:
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def build() -> float:
    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("loaddata", "provinces", "monev_2020", verbosity=0)
    call_command("load_regions", "--with-dki-administrative", verbosity=0)
    call_command("generate_demo_data", "--months", "60", "--seed", "1", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as autovacuum would have them in production
    return time.perf_counter() - start


# The raw SQL that computes what each page shows, the database's own limit -------------------
# Month m's IPs: agencies (and their province) existing on its last day; an SK is held when a
# decree was issued by that day and had not expired before it. An IP with LAPOR! tickets received
# in the month takes its three counts from them and counts as evaluated; a ticket is on time when
# its first follow-up came within 5 working days (Monday to Friday but national holidays, from
# the day after receipt); the median working days to follow-up is the lower median.
TICKETS_CTE = """
tk AS (
  SELECT t.agency_id, date_trunc('month', t.received_on)::date AS month, t.followed_up_on, t.completed_on,
         CASE WHEN t.followed_up_on IS NULL THEN NULL
              WHEN t.followed_up_on <= t.received_on THEN 0
              ELSE (t.followed_up_on - t.received_on) / 7 * 5
                   + (SELECT count(*) FROM generate_series(1, (t.followed_up_on - t.received_on) %% 7) AS o
                      WHERE (extract(isodow FROM t.received_on)::int - 1 + o) %% 7 < 5)
                   - (SELECT count(*) FROM unnest(%(holidays)s::date[]) AS h
                      WHERE h > t.received_on AND h <= t.followed_up_on AND extract(isodow FROM h) < 6)
         END AS days
  FROM evaluations_ticket t
  WHERE t.received_on BETWEEN %(first)s AND %(last_day)s
    AND (%(province)s::text IS NULL OR t.agency_id IN (
      SELECT a.id FROM agencies_agency a JOIN agencies_province p ON p.id = a.province_id
      WHERE p.code = %(province)s))
), per_ip AS (
  SELECT agency_id, month, count(*) AS received, count(followed_up_on) AS followed_up,
         count(completed_on) AS completed, count(*) FILTER (WHERE days <= 5) AS on_time
  FROM tk GROUP BY agency_id, month
)"""
TREND_SQL = (
    """
WITH months AS (
  SELECT m::date AS month, (m + interval '1 month - 1 day')::date AS last_day
  FROM generate_series(%(first)s::date, %(last)s::date, interval '1 month') AS m
), ips AS (
  SELECT months.month, months.last_day, a.id, p.code AS province
  FROM months
  JOIN agencies_agency a ON (a.valid_from IS NULL OR a.valid_from <= months.last_day)
                        AND (a.valid_until IS NULL OR a.valid_until >= months.last_day)
  JOIN agencies_province p ON p.id = a.province_id
                          AND (p.valid_from IS NULL OR p.valid_from <= months.last_day)
                          AND (p.valid_until IS NULL OR p.valid_until >= months.last_day)
  WHERE %(province)s::text IS NULL OR p.code = %(province)s
),"""
    + TICKETS_CTE
    + """
SELECT ips.month, ips.province, count(*) AS ips,
       count(*) FILTER (WHERE EXISTS (
         SELECT 1 FROM agencies_decree d WHERE d.agency_id = ips.id AND d.issued_on <= ips.last_day
           AND (d.valid_until IS NULL OR d.valid_until >= ips.last_day))) AS sk,
       count(*) FILTER (WHERE e.id IS NOT NULL OR k.agency_id IS NOT NULL) AS evaluated,
       count(*) FILTER (WHERE e.account_active) AS active,
       sum(coalesce(k.received, e.received)) AS received,
       sum(coalesce(k.followed_up, e.followed_up)) AS followed_up,
       sum(coalesce(k.completed, e.completed)) AS completed,
       sum(k.on_time) AS on_time, sum(k.received) AS ticket_received
FROM ips LEFT JOIN evaluations_monthlyevaluation e ON e.agency_id = ips.id AND e.month = ips.month
LEFT JOIN per_ip k ON k.agency_id = ips.id AND k.month = ips.month
GROUP BY ips.month, ips.province;
"""
)
# The median working days to follow-up per month and province, and per month over the nation.
MEDIAN_SQL = (
    "WITH"
    + TICKETS_CTE
    + """
SELECT tk.month, p.code, percentile_disc(0.5) WITHIN GROUP (ORDER BY tk.days)
FROM tk JOIN agencies_agency a ON a.id = tk.agency_id JOIN agencies_province p ON p.id = a.province_id
WHERE tk.days IS NOT NULL AND (%(province)s::text IS NULL OR p.code = %(province)s)
GROUP BY GROUPING SETS ((tk.month, p.code), (tk.month));
"""
)
AGENCY_ROWS_SQL = (
    "WITH"
    + TICKETS_CTE
    + """
SELECT a.code, a.name, e.account_active, coalesce(k.received, e.received),
       coalesce(k.followed_up, e.followed_up), coalesce(k.completed, e.completed), k.on_time,
       (SELECT d.number FROM agencies_decree d WHERE d.agency_id = a.id AND d.issued_on <= %(last_day)s
          AND (d.valid_until IS NULL OR d.valid_until >= %(last_day)s) ORDER BY d.issued_on DESC LIMIT 1)
FROM agencies_agency a JOIN agencies_province p ON p.id = a.province_id
LEFT JOIN evaluations_monthlyevaluation e ON e.agency_id = a.id AND e.month = %(month)s
LEFT JOIN per_ip k ON k.agency_id = a.id AND k.month = %(month)s
WHERE p.code = %(province)s
"""
)
# The raw SQL as `make bench` had it before the ticket figures were counted (see `page`): the
# same counts from the entries alone, without the on-time indicator and the median days that
# the pages also show. Kept to compare with earlier benchmarks.
TREND_WITHOUT_TICKETS_SQL = """
WITH months AS (
  SELECT m::date AS month, (m + interval '1 month - 1 day')::date AS last_day
  FROM generate_series(%(first)s::date, %(last)s::date, interval '1 month') AS m
), ips AS (
  SELECT months.month, months.last_day, a.id, p.code AS province
  FROM months
  JOIN agencies_agency a ON (a.valid_from IS NULL OR a.valid_from <= months.last_day)
                        AND (a.valid_until IS NULL OR a.valid_until >= months.last_day)
  JOIN agencies_province p ON p.id = a.province_id
                          AND (p.valid_from IS NULL OR p.valid_from <= months.last_day)
                          AND (p.valid_until IS NULL OR p.valid_until >= months.last_day)
  WHERE %(province)s::text IS NULL OR p.code = %(province)s
)
SELECT ips.month, ips.province, count(*) AS ips,
       count(*) FILTER (WHERE EXISTS (
         SELECT 1 FROM agencies_decree d WHERE d.agency_id = ips.id AND d.issued_on <= ips.last_day
           AND (d.valid_until IS NULL OR d.valid_until >= ips.last_day))) AS sk,
       count(e.id) AS evaluated,
       count(*) FILTER (WHERE e.account_active) AS active,
       sum(e.received) AS received, sum(e.followed_up) AS followed_up, sum(e.completed) AS completed
FROM ips LEFT JOIN evaluations_monthlyevaluation e ON e.agency_id = ips.id AND e.month = ips.month
GROUP BY ips.month, ips.province
"""
AGENCY_ROWS_WITHOUT_TICKETS_SQL = """
SELECT a.code, a.name, e.account_active, e.received, e.followed_up, e.completed,
       (SELECT d.number FROM agencies_decree d WHERE d.agency_id = a.id AND d.issued_on <= %(last_day)s
          AND (d.valid_until IS NULL OR d.valid_until >= %(last_day)s) ORDER BY d.issued_on DESC LIMIT 1)
FROM agencies_agency a JOIN agencies_province p ON p.id = a.province_id
LEFT JOIN evaluations_monthlyevaluation e ON e.agency_id = a.id AND e.month = %(month)s
WHERE p.code = %(province)s
"""
AGENCY_HISTORY_SQL = """
SELECT e.month, e.account_active, e.received, e.followed_up, e.completed
FROM evaluations_monthlyevaluation e JOIN agencies_agency a ON a.id = e.agency_id
WHERE a.code = %(agency)s AND e.month BETWEEN %(first)s AND %(month)s;
"""
DECREES_SQL = """
SELECT d.number, d.issued_on, d.valid_until FROM agencies_decree d
JOIN agencies_agency a ON a.id = d.agency_id WHERE a.code = %(agency)s
"""


def raw(sql_and_params: list[tuple[str, dict]]):
    def run():
        with connection.cursor() as cursor:
            for sql, params in sql_and_params:
                cursor.execute(sql, params)
                cursor.fetchall()

    return run


def import_file_rows(month_first: date) -> bytes:
    """10,000 evaluation rows for months before the example data, for IPs existing then."""
    from agencies.models import Agency
    from evaluations.periods import add_months, format_period, last_day

    lines = ["kode_instansi,periode,akun_aktif,laporan_diterima,laporan_ditindaklanjuti,laporan_selesai"]
    month = month_first
    while len(lines) <= 10_000:
        for number, code in enumerate(
            Agency.objects.existing_on(last_day(month)).values_list("code", flat=True)
        ):
            received = (number * 7) % 40
            lines.append(
                f"{code},{format_period(month)},{'ya' if number % 3 else 'tidak'},"
                f"{received},{received // 2},{received // 4}"
            )
            if len(lines) > 10_000:
                break
        month = add_months(month, 1)
    return ("\n".join(lines) + "\n").encode()


def wrk_scorecard(session_key: str) -> dict:
    env = {**os.environ, "GUNICORN_BIND": f"127.0.0.1:{PORT}", "GUNICORN_WORKERS": "4"}
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "--access-logfile", "/dev/null"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.25)
        url = f"http://127.0.0.1:{PORT}/provinsi/{PROVINCE}/"
        cookie = f"Cookie: sessionid={session_key}"
        subprocess.run(["wrk", "-t2", "-c16", "-d3s", "-H", cookie, url], capture_output=True, check=True)
        result = subprocess.run(
            ["wrk", "-t2", "-c16", f"-d{WRK_SECONDS}s", "--latency", "-H", cookie, url],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    out = result.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    p50 = re.search(r"50%\s+([\d.]+\w+)", out)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out)
    return {
        "rps": rps,
        "non_2xx": int(non_2xx[1]) if non_2xx else 0,
        "socket_errors": errors[1] if errors else "none",
        "p50": p50[1] if p50 else "?",
        "p99": p99[1] if p99 else "?",
    }


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("make bench needs PostgreSQL (DATABASE_URL)")
    build_seconds = build()

    from agencies.models import Agency, Province
    from evaluations.entry.importing import import_file
    from evaluations.models import MonthlyEvaluation
    from evaluations.pdf import document
    from evaluations.periods import add_months, format_period, last_day
    from evaluations.web.params import default_month

    month = default_month()
    first = add_months(month, -11)
    province = Province.objects.get(code=PROVINCE)
    user = get_user_model().objects.create_user("bench", password="bench-only", is_staff=True)
    client = Client()
    client.force_login(user)
    ips = Agency.objects.existing_on(last_day(month)).count()
    evaluations = MonthlyEvaluation.objects.count()

    period = format_period(month)
    from evaluations.figures.workdays import national_holidays

    params = {
        "holidays": sorted(national_holidays(first, last_day(month))),
        "first": first,
        "last": month,
        "month": month,
        "last_day": last_day(month),
        "province": PROVINCE,
        "agency": AGENCY,
    }
    # What each page shows: the 12-month trend (per province too on the national page); the
    # median days of the month's card; the province's IP rows; the month over every province
    # for the province's rank. Tickets are read for the months and the scope shown only.
    national = {**params, "province": None}
    national_sql = raw([(TREND_SQL, national), (MEDIAN_SQL, {**national, "first": month})])
    province_sql = raw(
        [
            (TREND_SQL, params),
            (MEDIAN_SQL, {**params, "first": month}),
            (AGENCY_ROWS_SQL, {**params, "first": month}),
            (TREND_SQL, {**national, "first": month}),
        ]
    )
    national_sql.without_tickets = raw([(TREND_WITHOUT_TICKETS_SQL, national)])
    province_sql.without_tickets = raw(
        [
            (TREND_WITHOUT_TICKETS_SQL, params),
            (AGENCY_ROWS_WITHOUT_TICKETS_SQL, params),
            (TREND_WITHOUT_TICKETS_SQL, {**national, "first": month}),
        ]
    )
    agency_sql = raw([(AGENCY_HISTORY_SQL, params), (DECREES_SQL, params)])

    rows = []

    def page(label, url, sql=None, runs=RUNS):
        def get():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        samples = timed(get, runs)
        count = queries(get)
        rows.append((label, url, samples, count, ratios(samples, sql, runs)))

    from django.db.models import F

    from evaluations.models import Target

    def ratios(samples, sql, runs) -> str:
        """The page's median over the raw SQL's; the ticket-less SQL of earlier benchmarks beside it."""
        if sql is None:
            return ""
        page_median = statistics.median(samples)
        sql_median = statistics.median(timed(sql, runs))
        text = f"{page_median / sql_median:.1f}× ({ms(sql_median)} ms)"
        without = getattr(sql, "without_tickets", None)
        if without is not None:
            without_median = statistics.median(timed(without, runs))
            text += f"; {page_median / without_median:.1f}× without tickets ({ms(without_median)} ms)"
        return text

    def cold(label, url, sql):
        """The same page right after a write (a target edited, which changes the data version):
        the price of a first view after a write. Page bodies and the figures of draft months are
        built again; a published month's figures come from its snapshot, kept per revision.
        The write itself is not timed."""

        def write():
            Target.objects.filter(indicator="sk").update(good_from=F("good_from"))

        def get():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        samples = timed(get, SLOW_RUNS, setup=write)
        write()
        rows.append((label, url, samples, queries(get), ratios(samples, sql, SLOW_RUNS)))

    def not_modified(label, url):
        """The page asked again with the ETag it carried (evaluations/web/conditional.py): a 304
        answered before the view runs, from the session, the user and the data version."""
        etag = client.get(url)["ETag"]

        def get():
            response = client.get(url, HTTP_IF_NONE_MATCH=etag)
            assert response.status_code == 304, (url, response.status_code)

        rows.append((label, url, timed(get, RUNS), queries(get), ""))

    page("National overview", "/", national_sql)
    cold("National overview, cold cache", "/", national_sql)
    page("Province scorecard", f"/provinsi/{PROVINCE}/", province_sql)
    cold("Province scorecard, cold cache", f"/provinsi/{PROVINCE}/", province_sql)
    not_modified("Province scorecard, 304 (If-None-Match)", f"/provinsi/{PROVINCE}/")
    page("Agency page", f"/instansi/{AGENCY}/", agency_sql)
    page("National JSON", "/scorecard.json")
    page("Province JSON", f"/provinsi/{PROVINCE}/scorecard.json")

    def render_province():
        document.render_province_pdf(province=province, month=month)

    def render_national():
        document.render_national_pdf(month=month)

    for label, function, note in (
        ("Province PDF (render)", render_province, f"render_province_pdf({PROVINCE}, {period})"),
        ("National PDF (render)", render_national, f"render_national_pdf({period})"),
    ):
        samples = timed(function, SLOW_RUNS, warmup=2)
        rows.append((label, note, samples, queries(function), ""))

    def batch():
        shutil.rmtree(MEDIA / "laporan", ignore_errors=True)  # render every PDF again, not from the archive
        call_command("generate_reports", period, verbosity=0, stdout=io.StringIO())

    samples = timed(batch, BATCH_RUNS, warmup=1)
    files = len(list((MEDIA / "laporan" / period).rglob("*.pdf")))
    rows.append((f"Monthly batch ({files} PDFs + ZIP)", f"generate_reports {period}", samples, None, ""))

    content = import_file_rows(date(2019, 1, 1))

    def import_10k():
        with transaction.atomic():
            plan = import_file("evaluations", "bench.csv", content)
            assert plan.is_valid and plan.count("create") == 10_000, plan.errors[:3]
            transaction.set_rollback(True)

    samples = timed(import_10k, SLOW_RUNS, warmup=1)
    rows.append(("Import of 10,000 evaluation rows", "import_file (CSV, rolled back)", samples, None, ""))

    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    load = wrk_scorecard(session.session_key) if shutil.which("wrk") else None

    # Work off the request path (scripts/bench_delivery.py): a page from another app server's
    # Redis entry, and publishing until the last subscription email (it publishes the month
    # again, so it runs last).
    url = f"/provinsi/{PROVINCE}/"
    shared, own = bench_delivery.second_server_from_redis(session.session_key, url, SLOW_RUNS)
    rows.append(
        ("Province scorecard on a second gunicorn, from the first one's Redis entry", url, shared, None, "")
    )
    rows.append(("… the same second gunicorn rendering it itself (after a write)", url, own, None, ""))
    samples, emails, attached = bench_delivery.publish_to_last_email(month, runs=DELIVERY_RUNS)
    rows.append(
        (
            f"Publish → last subscription email ({emails} emails, {attached} with the PDF attached)",
            "publish + db_worker --batch: PDFs, ZIP, emails",
            samples,
            None,
            "",
        )
    )

    report(rows, load, build_seconds, ips, evaluations, month)
    shutil.rmtree(MEDIA, ignore_errors=True)


def report(rows, load, build_seconds, ips, evaluations, month) -> None:
    from evaluations.periods import format_month

    lines = [
        "# Benchmarks",
        "",
        f"`make bench` on {time.strftime('%Y-%m-%d %H:%M %Z')}: {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, PostgreSQL {connection.pg_version // 10000}, "
        f"{ips} IPs existing in {format_month(month)}, {evaluations:,} monthly evaluations "
        f"(60 months of example data); database built in {build_seconds:.1f} s.",
        "",
        f"In-process Django test client (logged-in staff user, default month {format_month(month)}), "
        f"after warm-up; {RUNS} runs per page, {SLOW_RUNS} per cold page, PDF and import, "
        f"{BATCH_RUNS} per batch (each batch renders all PDFs again, about 15 s; more runs would "
        "not fit the 10-minute budget). A warm page comes from the scorecard memo and the page-body "
        "cache (keyed on the data version that every write changes); a *cold* page is the first "
        "view after a write (a target edited; the write itself is not timed): page bodies and "
        "draft months are built again, a published month's figures come from its snapshot, kept "
        "in memory per revision. *Raw SQL* is the SQL that computes the same numbers as the page "
        "(indicators per month and province, the LAPOR! tickets' counts, on-time follow-ups in "
        "working days and median days, the IP rows, the rank's national figures), run through the "
        "same connection: the database's own limit. *Without tickets*: the raw SQL of earlier "
        "benchmarks, the entries' counts alone (no on-time indicator, no median), for comparison.",
        "",
        "The *second gunicorn* rows run two gunicorn instances (one worker each) sharing one Redis "
        "(`REDIS_URL`): after each write the page is asked of the first instance, then timed over "
        "HTTP on the second, which serves the first one's body from Redis; the next row is the "
        "second instance rendering it itself after a write. *Publish → last email*: the month "
        "reopened and published again with one subscription to the national report and one to "
        "each province's, then the task worker (`db_worker --batch`) run until the queue is empty "
        "(PDFs in parallel processes, archive, ZIP, one email each, locmem backend); timed from "
        f"the publish call to the worker's end, {DELIVERY_RUNS} runs.",
        "",
        "| what | measured | median ms | p95 ms | queries | page ÷ raw SQL |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    for label, what, samples, count, ratio in rows:
        lines.append(
            f"| {label} | `{what}` | {ms(statistics.median(samples))} | {ms(p95(samples))} | "
            f"{'' if count is None else count} | {ratio} |"
        )
    lines.append("")
    if load:
        lines.append(
            "gunicorn (4 workers, `gunicorn.conf.py`) + PostgreSQL on 127.0.0.1, "
            f"`wrk -t2 -c16 -d{WRK_SECONDS}s` on `/provinsi/{PROVINCE}/` "
            "(logged in; load generator on the same 2 cores): "
            f"**{load['rps']:.0f} requests/s**, latency p50 {load['p50']}, p99 {load['p99']}, "
            f"non-2xx responses {load['non_2xx']}, socket errors {load['socket_errors']}."
        )
    else:
        lines.append("wrk is not installed: no load figure (`make bench` installs it).")
    text = "\n".join(lines) + "\n"
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs" / "benchmarks.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
