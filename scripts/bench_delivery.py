"""`make bench`'s rows for the work off the request path (issue 17), called by scripts/bench.py
once Django is set up on the bench database:

- publish → last subscription email: the month reopened and published again with one
  subscription to the national report and one to each province's, and the task worker
  (`db_worker --batch`, in this process; it renders in processes of its own) run until the
  queue is empty: the time from the publish call to the last email sent;
- a page served by a second gunicorn from the first one's Redis entry: two gunicorn
  instances sharing one Redis; after each write (a target edited: a new data version) the
  page is asked of instance A (which renders and stores it), then timed on instance B.
"""

import contextlib
import io
import statistics
import subprocess
import time
import urllib.request
from pathlib import Path

from scripts import instances

ROOT = Path(__file__).resolve().parents[1]


def publish_to_last_email(month, runs: int = 2) -> tuple[list[float], int, int]:
    """Seconds from publish to the last email, per run; the emails and PDFs of the last run."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core import mail
    from django.core.management import call_command
    from django.utils import timezone

    from agencies.models import Province
    from evaluations.entry import closing
    from evaluations.models import DeliveryJob, Period, Subscription
    from evaluations.periods import last_day

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    admin = get_user_model().objects.create_superuser("bench-publisher", password="bench-only-publisher")
    reader = get_user_model().objects.create_user("bench-reader", password="bench-only-reader")
    now = timezone.now()
    Subscription.objects.create(user=reader, province=None, email="nasional@bench.invalid", confirmed_at=now)
    for province in Province.objects.existing_on(last_day(month)):
        Subscription.objects.create(
            user=reader, province=province, email=f"{province.code}@bench.invalid", confirmed_at=now
        )
    samples, emails, pdfs = [], 0, 0
    for run in range(runs):
        if Period.objects.get(month=month).is_published:
            closing.reopen(month, admin, f"bench: publish again, run {run + 1}")
        mail.outbox = []
        started = time.perf_counter()
        with contextlib.redirect_stdout(io.StringIO()):
            period = closing.publish(month, admin)
            call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")
        samples.append(time.perf_counter() - started)
        jobs = DeliveryJob.objects.filter(period=period, revision=period.revision)
        assert all(job.state == DeliveryJob.State.DONE for job in jobs), list(jobs.values("kind", "state"))
        emails = len(mail.outbox)
        pdfs = sum(1 for message in mail.outbox if message.attachments)
    return samples, emails, pdfs


def second_server_from_redis(session_key: str, url: str, runs: int) -> tuple[list[float], list[float]]:
    """(B served from A's Redis entry, B rendering itself) in seconds, per run."""
    from django.db.models import F

    from evaluations.models import Target

    redis_url = instances.redis_url().rsplit("/", 1)[0] + "/13"  # a database of its own, emptied first
    subprocess.run(["redis-cli", "-u", redis_url, "flushdb"], check=True, capture_output=True)
    ports = (8093, 8094)
    servers = instances.start_gunicorn(ports, 1, REDIS_URL=redis_url)

    def get(port: int) -> float:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{url}", headers={"Cookie": f"sessionid={session_key}"}
        )
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
            assert response.status == 200
        return time.perf_counter() - started

    def write() -> None:
        Target.objects.filter(indicator="sk").update(good_from=F("good_from"))

    try:
        for port in ports:
            for _ in range(200):
                try:
                    get(port)
                    break
                except OSError:
                    time.sleep(0.1)
        for _ in range(3):  # warm both processes (imports, connections, templates)
            write()
            get(ports[0])
            get(ports[1])
        shared, own = [], []
        for _ in range(runs):
            write()
            get(ports[0])  # A renders the page and stores it in Redis
            shared.append(get(ports[1]))
            write()
            own.append(get(ports[1]))  # B renders it itself
    finally:
        instances.stop(servers)
    return shared, own


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.1f}"
