"""The bookkeeping of delivery jobs: a job is claimed once (a second worker finds it running
and leaves it), a finished one is never run again, a stuck one (its worker died) may be run
again after 15 minutes, and failures are retried with a doubling wait until the last try."""

from datetime import timedelta

import pytest
from django.utils import timezone

from evaluations.delivery import jobs
from evaluations.models import DeliveryJob, Period
from tests.conftest import SEPTEMBER_2020

pytestmark = pytest.mark.usefixtures("reference_data")

State = DeliveryJob.State


@pytest.fixture
def job():
    return DeliveryJob.objects.create(
        period=Period.objects.get(month=SEPTEMBER_2020), revision=1, kind=DeliveryJob.Kind.RENDER
    )


def test_a_job_runs_once_and_a_finished_one_never_again(job):
    calls, requeued = [], []

    def work(claimed):
        calls.append(claimed.pk)
        # While it runs, another worker handed the same job finds it running and leaves it.
        assert jobs.run(claimed.pk, lambda _job: "again", lambda *args: None) == "unchanged"
        return "selesai"

    assert jobs.run(job.pk, work, lambda *args: requeued.append(args)) == State.DONE
    assert jobs.run(job.pk, work, lambda *args: requeued.append(args)) == "unchanged"
    job.refresh_from_db()
    assert (calls, requeued, job.state, job.attempts, job.note) == ([job.pk], [], State.DONE, 1, "selesai")


def test_a_failure_is_retried_with_a_doubling_wait_then_failed(job, settings):
    settings.LAPOR_TASK_ATTEMPTS, settings.LAPOR_TASK_RETRY_SECONDS = 3, 30
    requeued = []

    def broken(_job):
        raise OSError("disk penuh")

    for _ in range(3):
        jobs.run(job.pk, broken, lambda job_id, delay: requeued.append((job_id, delay.total_seconds())))
    job.refresh_from_db()
    assert requeued == [(job.pk, 30.0), (job.pk, 60.0)]  # no fourth try is queued
    assert (job.state, job.attempts) == (State.FAILED, 3)
    assert job.last_error == "galat jaringan atau berkas — OSError: disk penuh"
    assert jobs.rerunnable([job]) == [job]


def test_a_job_left_running_by_a_dead_worker_may_be_run_again_after_15_minutes(job):
    DeliveryJob.objects.filter(pk=job.pk).update(state=State.RUNNING, attempts=1)
    job.refresh_from_db()
    assert jobs.rerunnable([job]) == []
    assert jobs.run(job.pk, lambda _job: "", lambda *args: None) == "unchanged"

    DeliveryJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=16))
    job.refresh_from_db()
    assert jobs.rerunnable([job]) == [job]
    assert jobs.run(job.pk, lambda _job: "", lambda *args: None) == State.DONE


def test_a_waiting_job_whose_task_was_lost_may_be_run_again_after_an_hour(job):
    DeliveryJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=50))
    job.refresh_from_db()
    assert jobs.rerunnable([job]) == []
    DeliveryJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(minutes=61))
    job.refresh_from_db()
    assert jobs.rerunnable([job]) == [job]


def test_a_try_taken_over_by_a_newer_one_does_not_overwrite_it(job):
    """A slow worker's try ends after staff ran the job again: the newer try's state stands."""

    def slow(claimed):
        DeliveryJob.objects.filter(pk=claimed.pk).update(updated_at=timezone.now() + timedelta(seconds=1))
        return "terlambat"

    assert jobs.run(job.pk, slow, lambda *args: None) == "unchanged"
    job.refresh_from_db()
    assert (job.state, job.note) == (State.RUNNING, "")


def test_the_close_page_summary_counts_emails_and_names_problems(job, superuser):
    from evaluations.models import Subscription

    period = job.period
    for index, state in enumerate((State.DONE, State.DONE, State.QUEUED, State.RETRYING)):
        subscription = Subscription.objects.create(
            user=superuser if index == 0 else _user(index), email="a@b.id"
        )
        DeliveryJob.objects.create(
            period=period, revision=1, kind=DeliveryJob.Kind.EMAIL, subscription=subscription, state=state
        )
    (entry,) = jobs.summary(period)
    assert (entry.revision, entry.render, entry.emails_total, entry.emails_done, entry.emails_pending) == (
        1,
        job,
        4,
        2,
        1,
    )
    assert [problem.state for problem in entry.problems] == [State.RETRYING]
    assert entry.rerunnable == 0  # a job waiting for its next try is not run by hand


def _user(index):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(f"pelanggan{index}", password="x" * 12)
