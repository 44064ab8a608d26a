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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from evaluations.models import DeliveryJob, Period

logger = logging.getLogger(__name__)

State = DeliveryJob.State

# A job "running" for longer than this was left by a worker that died: it may be run again.
STALE_AFTER = timedelta(minutes=15)
FINISHED = (State.DONE, State.SKIPPED)


class Skip(Exception):
    """Raised by a job's work when there is nothing to do (e.g. the month was reopened before
    its revision's PDFs were rendered); the message is the job's note."""


def retry_delay(attempts: int) -> timedelta:
    """The wait before the next try after `attempts` failed ones: 30 s, 60 s, 120 s, …

    >>> retry_delay(1).total_seconds(), retry_delay(3).total_seconds()
    (30.0, 120.0)
    """
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
    to do, anything else on failure. `requeue(job_id, delay)` enqueues the next try.
    """
    job = _claim(job_id)
    if job is None:
        return "unchanged"
    try:
        note = work(job)
    except Skip as skip:
        _finish(job, State.SKIPPED, note=str(skip))
    except Exception as error:
        logger.exception("Delivery job %s (%s) failed, try %s", job.pk, job.kind, job.attempts)
        again = job.attempts < settings.LAPOR_TASK_ATTEMPTS
        job.state = State.RETRYING if again else State.FAILED
        job.last_error = f"{type(error).__name__}: {error}"[:2000]
        job.save(update_fields=["state", "last_error", "updated_at"])
        if again:
            requeue(job.pk, retry_delay(job.attempts))
    else:
        _finish(job, State.DONE, note=note)
    return job.state


def _finish(job: DeliveryJob, state: str, *, note: str = "") -> None:
    job.state = state
    job.note = note[:200]
    job.last_error = ""
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "note", "last_error", "finished_at", "updated_at"])


def rerunnable(jobs) -> list[DeliveryJob]:
    """The jobs staff may run again: failed ones, and running ones whose worker died."""
    now = timezone.now()
    return [
        job
        for job in jobs
        if job.state == State.FAILED or (job.state == State.RUNNING and now - job.updated_at >= STALE_AFTER)
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
