"""The tasks of the queue (django-tasks, database backend): render a published revision's PDFs
and ZIP, then mail each subscriber. `manage.py db_worker` runs them, on any machine that
reaches the database.

Each task names a `DeliveryJob` and does its work through `jobs.run` (claim, retry, finish).
"""

from datetime import timedelta

from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from evaluations.delivery import emails, jobs
from evaluations.figures import scorecards
from evaluations.models import DeliveryJob, Period, Subscription
from evaluations.pdf.worker import RevisionChanged
from evaluations.periods import format_period

Kind = DeliveryJob.Kind


@task()
def render_revision(job_id: int) -> str:
    """Render and archive a published revision's national and province PDFs and its ZIP."""
    return jobs.run(job_id, _render, _requeue(render_revision))


@task()
def send_subscription_email(job_id: int) -> str:
    """Send one subscriber the revision's report."""
    return jobs.run(job_id, _send, _requeue(send_subscription_email))


@task()
def send_confirmation(subscription_id: int) -> str:
    """Mail the confirmation link of a subscription to an address other than the account's."""
    subscription = Subscription.objects.select_related("province", "user").filter(pk=subscription_id).first()
    if subscription is None or subscription.is_confirmed:
        return "unchanged"
    emails.confirmation_email(subscription).send()
    return "sent"


def _requeue(the_task):
    def requeue(job_id: int, delay: timedelta) -> None:
        the_task.using(run_after=timezone.now() + delay).enqueue(job_id)

    return requeue


def after_publish(period: Period) -> DeliveryJob:
    """Called inside the publishing transaction: the revision's render job and its task."""
    job = DeliveryJob.objects.create(period=period, revision=period.revision, kind=Kind.RENDER)
    render_revision.enqueue(job.pk)
    return job


def rerun(job_ids) -> int:
    """Staff's "run again" for failed or stuck jobs: back in the queue, tries counted anew."""
    with transaction.atomic():
        chosen = jobs.rerunnable(DeliveryJob.objects.select_for_update().filter(pk__in=list(job_ids)))
        for job in chosen:
            job.state = jobs.State.QUEUED
            job.attempts = 0
            job.save(update_fields=["state", "attempts", "updated_at"])
            (render_revision if job.kind == Kind.RENDER else send_subscription_email).enqueue(job.pk)
    return len(chosen)


def _still_current(job: DeliveryJob) -> Period:
    period = Period.objects.get(pk=job.period_id)
    if not (period.is_published and period.revision == job.revision):
        raise jobs.Skip(f"revisi {job.revision} bukan lagi yang terbit")
    return period


def _render(job: DeliveryJob) -> str:
    period = _still_current(job)
    # Already archived reports are kept as they are: a second run renders nothing new.
    try:
        call_command("generate_reports", format_period(period.month), revisi=job.revision, verbosity=0)
    except (CommandError, RevisionChanged):
        _still_current(job)  # reopened meanwhile: skipped, nothing of it archived
        raise
    queued = _queue_emails(period)
    return f"{queued} email langganan diantrekan"


def _queue_emails(period: Period) -> int:
    """One email job per subscription whose report exists this month (the national one, and
    the provinces evaluated in it); a subscription that already has one keeps it."""
    evaluated = {
        card.province.code for card in scorecards.national(period.month).provinces if card.is_evaluated
    }
    queued = 0
    with transaction.atomic():
        subscriptions = Subscription.objects.filter(
            user__is_active=True, confirmed_at__isnull=False
        ).select_related("province")
        for subscription in subscriptions.order_by("pk"):
            if subscription.province_id and subscription.province.code not in evaluated:
                continue
            job, created = DeliveryJob.objects.get_or_create(
                period=period,
                revision=period.revision,
                kind=Kind.EMAIL,
                subscription=subscription,
                defaults={"recipient": subscription.email},
            )
            if created:
                send_subscription_email.enqueue(job.pk)
                queued += 1
    return queued


def _send(job: DeliveryJob) -> str:
    period = _still_current(job)
    subscription = job.subscription
    if subscription is None or not subscription.user.is_active:
        raise jobs.Skip("langganan sudah dihentikan")
    message = emails.report_email(subscription, period)
    # The figures were read for this revision only if it is still the one published now.
    _still_current(job)
    message.send()
    return ""
