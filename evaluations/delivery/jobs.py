"""The bookkeeping of the work after publishing: a `DeliveryJob` row per piece of work, claimed,
retried and finished here, whichever task runs it.

Publishing a revision creates its render job and enqueues it in the same transaction (the
task queue lives in the same database, so a publication never commits without its job, nor
the job without the publication). Rendering done, one email job per subscription follows.

A job runs at most once to completion: a second run of its task (a retry that raced, the
queue handing it out twice, a staff member's "run again") finds it done and returns. A job
that raises is tried again after `LAPOR_TASK_RETRY_SECONDS` (doubling) until
`LAPOR_TASK_ATTEMPTS` tries, then it is failed; either way the close page shows its error.
"""

import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.models import DeliveryJob, Period

logger = logging.getLogger(__name__)

State = DeliveryJob.State

# A job "running" for longer than this was left by a worker that died: it may be run again.
STALE_AFTER = timedelta(minutes=15)
# A job waiting this long has lost its task (e.g. the database failed while a worker took it).
LOST_AFTER = timedelta(hours=1)
FINISHED = (State.DONE, State.SKIPPED)


class Skip(Exception):
    """Raised by a job's work when there is nothing to do (e.g. the month was reopened before
    its revision's PDFs were rendered); the message is the job's note."""


def retry_delay(attempts: int) -> timedelta:
    """The wait before the next try after `attempts` failed ones: with the default
    `LAPOR_TASK_RETRY_SECONDS` of 60, 1, 2, 4 and 8 minutes (15 minutes over five tries)."""
    return timedelta(seconds=settings.LAPOR_TASK_RETRY_SECONDS * 2 ** max(attempts - 1, 0))


def _claim(job_id: int) -> DeliveryJob | None:
    """Mark the job running (one more try) unless it is finished or another worker runs it."""
    with transaction.atomic():
        job = DeliveryJob.objects.select_for_update().select_related("period").filter(pk=job_id).first()
        if job is None or job.state in FINISHED:
            return None
        if job.state == State.RUNNING and timezone.now() - job.updated_at < STALE_AFTER:
            return None
        job.state = State.RUNNING
        job.attempts += 1
        job.save(update_fields=["state", "attempts", "updated_at"])
    return job


def run(job_id: int, work: Callable[[DeliveryJob], str], requeue: Callable[[int, timedelta], None]) -> str:
    """Run `work(job)` for the job `job_id` once; returns the job's state afterwards.

    `work` returns a note for the close page ("" for none), raises `Skip` when there is nothing
    to do, anything else on failure. `requeue(job_id, delay)` enqueues the next try. The end
    of a try is written only if the job is still this try's (a run taken over by staff's "run
    again" after 15 minutes does not overwrite the newer one).
    """
    job = _claim(job_id)
    if job is None:
        return "unchanged"
    try:
        note = work(job)
    except Skip as skip:
        return _finish(job, State.SKIPPED, note=str(skip))
    except Exception as error:
        logger.exception("Delivery job %s (%s) failed, try %s", job.pk, job.kind, job.attempts)
        again = job.attempts < settings.LAPOR_TASK_ATTEMPTS
        state = State.RETRYING if again else State.FAILED
        with transaction.atomic():  # the state and the next try's task together, or neither
            if not _ours(job).update(state=state, last_error=explain(error), updated_at=timezone.now()):
                return "unchanged"
            if again:
                requeue(job.pk, retry_delay(job.attempts))
        return state
    return _finish(job, State.DONE, note=note)


def _ours(job: DeliveryJob):
    """The job's row if it is still in the try this worker claimed (its claim's time stamp)."""
    return DeliveryJob.objects.filter(pk=job.pk, state=State.RUNNING, updated_at=job.updated_at)


def _finish(job: DeliveryJob, state: str, *, note: str = "") -> str:
    now = timezone.now()
    done = _ours(job).update(state=state, note=note[:200], last_error="", finished_at=now, updated_at=now)
    return state if done else "unchanged"


# What staff read first on the close page, before the technical message.
HINTS = (
    (smtplib.SMTPAuthenticationError, _("server email menolak nama pengguna/kata sandi (EMAIL_HOST_USER)")),
    (smtplib.SMTPRecipientsRefused, _("server email menolak alamat penerima")),
    (smtplib.SMTPException, _("server email menolak atau memutus pengiriman")),
    (TimeoutError, _("server tidak menjawab dalam batas waktu")),
    (ConnectionError, _("server email tidak dapat dihubungi (EMAIL_HOST, EMAIL_PORT)")),
    (OSError, _("galat jaringan atau berkas")),
)


def explain(error: Exception) -> str:
    """The error as the close page shows it: a hint in Indonesian, then the technical message,
    e.g. "server email tidak dapat dihubungi (EMAIL_HOST, EMAIL_PORT) — ConnectionRefusedError:
    [Errno 111] Connection refused"."""
    technical = f"{type(error).__name__}: {error}"
    hint = next((str(text) for kind, text in HINTS if isinstance(error, kind)), "")
    return (f"{hint} — {technical}" if hint else technical)[:2000]


def rerunnable(jobs) -> list[DeliveryJob]:
    """The jobs staff may run again: failed ones, running ones whose worker died (15 minutes),
    and waiting ones whose task was lost (an hour: longer than any retry's wait)."""
    now = timezone.now()
    return [
        job
        for job in jobs
        if job.state == State.FAILED
        or (job.state == State.RUNNING and now - job.updated_at >= STALE_AFTER)
        or (job.state in (State.QUEUED, State.RETRYING) and now - job.updated_at >= LOST_AFTER)
    ]


@dataclass(frozen=True)
class RevisionDelivery:
    """What the close page says of one revision's delivery."""

    revision: int
    render: DeliveryJob | None
    emails_total: int
    emails_done: int
    emails_pending: int
    problems: tuple[DeliveryJob, ...]  # failed, retrying or stuck jobs, with their errors
    rerunnable: int


def summary(period: Period) -> list[RevisionDelivery]:
    """Each published revision's delivery, newest first (one query)."""
    by_revision: dict[int, list[DeliveryJob]] = {}
    for job in DeliveryJob.objects.filter(period=period).order_by("-revision", "kind", "id"):
        by_revision.setdefault(job.revision, []).append(job)
    result = []
    for revision, jobs in by_revision.items():
        emails = [job for job in jobs if job.kind == DeliveryJob.Kind.EMAIL]
        render = next((job for job in jobs if job.kind == DeliveryJob.Kind.RENDER), None)
        stuck = rerunnable(jobs)
        result.append(
            RevisionDelivery(
                revision=revision,
                render=render,
                emails_total=len(emails),
                emails_done=sum(1 for job in emails if job.state == State.DONE),
                emails_pending=sum(1 for job in emails if job.state in (State.QUEUED, State.RUNNING)),
                problems=tuple(
                    job for job in jobs if job.state in (State.FAILED, State.RETRYING) or job in stuck
                ),
                rerunnable=len(stuck),
            )
        )
    return result
