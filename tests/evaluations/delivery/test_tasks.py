"""The work after publishing, through the real queue: publishing queues the revision's render
job in its own transaction; `db_worker` (django-tasks' database worker, run here in batch
mode) renders and archives the PDFs and ZIP, then mails each subscriber once; a failure is
retried, then shown on the close page, and "run again" finishes it; a second run does nothing."""

import io
import re
from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from evaluations.choices import PeriodStatus
from evaluations.delivery import tasks
from evaluations.entry import closing
from evaluations.models import DeliveryJob, Subscription
from evaluations.pdf import archive
from tests.conftest import SEPTEMBER_2020, make_user
from tests.factories import make_agencies, make_decree, make_evaluation, make_period, make_province
from tests.helpers import close_url, page_text, pdf_pages

# The worker renders in processes of its own, which must see the committed data.
pytestmark = pytest.mark.django_db(transaction=True)

State = DeliveryJob.State


def run_worker() -> None:
    """What `manage.py db_worker` does, until the queue has nothing ready."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", stdout=io.StringIO())


@pytest.fixture
def subscribed_month(transactional_db, superuser, media_root, settings):
    """Maluku (three IPs) and Maluku Utara (two) entered for September 2020; Aceh exists but is
    not evaluated. Subscribers: national, Maluku, and Aceh (which gets nothing that month).
    Rendering stays in the worker's process (three small PDFs: spawning would cost more)."""
    settings.LAPOR_RENDER_PROCESSES = 1
    maluku = make_province("81", "Maluku")
    maluku_utara = make_province("82", "Maluku Utara")
    aceh = make_province("11", "Aceh")
    for index, agency in enumerate(make_agencies(maluku, 3) + make_agencies(maluku_utara, 2)):
        make_decree(agency, issued_on=date(2019, 1, 1))
        make_evaluation(agency, SEPTEMBER_2020, active=index % 2 == 0, received=4, followed_up=2, completed=1)
    make_period(SEPTEMBER_2020, status=PeriodStatus.DRAFT)
    reader = make_user("pembaca", email="pembaca@menpan.go.id")
    now = timezone.now()
    Subscription.objects.create(user=reader, province=None, email="pembaca@menpan.go.id", confirmed_at=now)
    Subscription.objects.create(user=reader, province=maluku, email="maluku@menpan.go.id", confirmed_at=now)
    Subscription.objects.create(user=reader, province=aceh, email="aceh@menpan.go.id", confirmed_at=now)
    gone = make_user("pensiun", is_active=False)  # a deactivated account gets nothing
    Subscription.objects.create(user=gone, province=None, email="pensiun@menpan.go.id", confirmed_at=now)
    # An address its owner never confirmed gets nothing either.
    Subscription.objects.create(user=reader, province=maluku_utara, email="belum@menpan.go.id")
    return superuser


def test_publishing_queues_its_render_job_in_the_same_transaction(subscribed_month):
    closing.publish(SEPTEMBER_2020, subscribed_month)
    job = DeliveryJob.objects.get()
    assert (job.kind, job.revision, job.state) == (DeliveryJob.Kind.RENDER, 1, State.QUEUED)
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "evaluations.delivery.tasks.render_revision"
    assert queued.args_kwargs["args"] == [job.pk]

    # A publish that fails leaves neither a job nor a task behind.
    with pytest.raises(closing.ClosingError):
        closing.publish(SEPTEMBER_2020, subscribed_month)
    assert DeliveryJob.objects.count() == DBTaskResult.objects.count() == 1


def test_worker_renders_the_revision_then_mails_each_subscriber_once(subscribed_month, media_root):
    closing.publish(SEPTEMBER_2020, subscribed_month)
    run_worker()

    folder = media_root / "laporan" / "2020-09" / "r1"
    assert sorted(path.name for path in folder.glob("*.pdf")) == [
        "nasional.pdf",
        "provinsi-81.pdf",
        "provinsi-82.pdf",
    ]
    assert (folder / "laporan-2020-09.zip").exists()
    render = DeliveryJob.objects.get(kind=DeliveryJob.Kind.RENDER)
    assert render.state == State.DONE and render.attempts == 1

    # National and Maluku; Aceh was not evaluated that month, so it has no report to send.
    assert sorted(message.to[0] for message in mail.outbox) == ["maluku@menpan.go.id", "pembaca@menpan.go.id"]
    maluku = next(message for message in mail.outbox if message.to == ["maluku@menpan.go.id"])
    assert maluku.subject == "Laporan SP4N-LAPOR! Maluku — September 2020"
    ((name, content, mimetype),) = maluku.attachments
    assert (name, mimetype) == ("laporan-lapor-2020-09-provinsi-81.pdf", "application/pdf")
    assert content == (folder / "provinsi-81.pdf").read_bytes()  # the archived PDF, byte for byte
    assert "Provinsi Maluku — September 2020" in pdf_pages(content)[0]
    assert "67% (2 dari 3 IP)" in maluku.body  # accounts active: agencies 1 and 3 of Maluku
    assert archive.sha256_hex(content) in maluku.body

    # Running every task again sends nothing more and renders nothing new.
    digest = archive.read_archive("81", SEPTEMBER_2020, 1)[1]
    for job in DeliveryJob.objects.all():
        task = tasks.render_revision if job.kind == DeliveryJob.Kind.RENDER else tasks.send_subscription_email
        assert task.call(job.pk) == "unchanged"
    assert len(mail.outbox) == 2
    assert archive.read_archive("81", SEPTEMBER_2020, 1)[1] == digest


def test_a_revision_mails_its_reason_and_changes_and_links_a_pdf_over_the_size_limit(
    subscribed_month, settings
):
    admin = subscribed_month
    closing.publish(SEPTEMBER_2020, admin)  # revision 1's job waits: reopened before a worker runs
    closing.reopen(SEPTEMBER_2020, admin, "koreksi laporan diterima IP pertama")
    from evaluations.models import MonthlyEvaluation

    evaluation = (
        MonthlyEvaluation.objects.filter(agency__province__code="81").order_by("agency__code").first()
    )
    evaluation.received = 9
    evaluation.save()
    other = MonthlyEvaluation.objects.filter(agency__province__code="82").order_by("agency__code").first()
    other.completed = 2
    other.save()
    settings.LAPOR_EMAIL_ATTACHMENT_MAX_BYTES = 1000
    settings.LAPOR_SITE_URL = "https://monitor.menpan.go.id"
    closing.publish(SEPTEMBER_2020, admin)
    run_worker()

    # Revision 1's rendering is skipped (no longer the published one); revision 2 goes out.
    assert list(DeliveryJob.objects.filter(kind="render").values_list("revision", "state")) == [
        (1, State.SKIPPED),
        (2, State.DONE),
    ]
    assert len(mail.outbox) == 2
    national = next(message for message in mail.outbox if message.to == ["pembaca@menpan.go.id"])
    assert national.subject == "Laporan SP4N-LAPOR! Nasional — September 2020 (revisi 2)"
    assert "Alasan dibuka kembali: koreksi laporan diterima IP pertama" in national.body
    assert f"- {evaluation.agency.code} {evaluation.agency.name}: laporan diterima 4 → 9" in national.body
    assert f"- {other.agency.code} {other.agency.name}: laporan selesai 1 → 2" in national.body
    assert "2 dari 3 provinsi sudah dievaluasi" in national.body
    # A province's subscriber reads the province's own changes only.
    maluku = next(message for message in mail.outbox if message.to == ["maluku@menpan.go.id"])
    assert "Perubahan di Maluku:" in maluku.body
    assert f"- {evaluation.agency.code} {evaluation.agency.name}: laporan diterima 4 → 9" in maluku.body
    assert f"- {other.agency.code} {other.agency.name}:" not in maluku.body
    # Over the size limit: linked to this revision's PDF, not attached.
    assert maluku.attachments == []
    assert "https://monitor.menpan.go.id/provinsi/81/laporan/2020-09.pdf?revisi=2" in maluku.body
    assert maluku.extra_headers["List-Unsubscribe"].startswith(
        "<https://monitor.menpan.go.id/langganan/berhenti/"
    )


def test_a_failing_email_is_retried_then_shown_on_the_close_page_and_run_again(
    subscribed_month, settings, client
):
    # A mail server that refuses connections (nothing listens on port 1).
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.LAPOR_TASK_ATTEMPTS = 2
    closing.publish(SEPTEMBER_2020, subscribed_month)
    run_worker()

    emails = DeliveryJob.objects.filter(kind=DeliveryJob.Kind.EMAIL)
    assert {(job.state, job.attempts) for job in emails} == {(State.RETRYING, 1)}
    assert all("ConnectionRefusedError" in job.last_error for job in emails)
    # The next try waits in the queue (run_after in the future).
    waiting = DBTaskResult.objects.filter(task_path__endswith="send_subscription_email", status="READY")
    assert waiting.count() == 2 and all(task.run_after > timezone.now() for task in waiting)

    waiting.update(run_after=timezone.now())  # its time has come
    run_worker()
    assert {(job.state, job.attempts) for job in emails.all()} == {(State.FAILED, 2)}

    client.force_login(subscribed_month)
    page = re.sub(r"<[^>]+>", "", page_text(client.get(close_url(SEPTEMBER_2020))))
    assert "0 dari 2 terkirim" in page
    assert (
        "mengirim email langganan (maluku@menpan.go.id): gagal — percobaan ke-2: server email tidak dapat "
        "dihubungi (EMAIL_HOST, EMAIL_PORT) — ConnectionRefusedError" in page
    )

    # The mail server is back; staff run the failed jobs again.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(close_url(SEPTEMBER_2020), {"action": "rerun"}, follow=True)
    assert "2 tugas diantrekan lagi." in page_text(response)
    run_worker()
    assert {(job.state, job.attempts) for job in emails.all()} == {(State.DONE, 1)}
    assert len(mail.outbox) == 2
    assert "2 dari 2 terkirim" in page_text(client.get(close_url(SEPTEMBER_2020)))


def test_a_reopening_while_the_pdfs_are_drawn_archives_nothing_of_that_revision(
    subscribed_month, media_root, monkeypatch
):
    """Staff reopen the month just as the worker draws the national PDF: the drawing may have
    read draft data, so nothing is stored as revision 1 and the job is skipped, no email."""
    from evaluations.pdf import document

    draw = document.render_national_pdf

    def reopened_meanwhile(**kwargs):
        closing.reopen(SEPTEMBER_2020, subscribed_month, "koreksi saat PDF sedang dibuat")
        return draw(**kwargs)

    monkeypatch.setattr(document, "render_national_pdf", reopened_meanwhile)
    closing.publish(SEPTEMBER_2020, subscribed_month)
    run_worker()
    render = DeliveryJob.objects.get()
    assert render.state == State.SKIPPED and "revisi 1 bukan lagi yang terbit" in render.note
    assert not list((media_root / "laporan" / "2020-09" / "r1").glob("*.pdf"))
    assert mail.outbox == []


def test_a_revision_reopened_before_its_rendering_is_skipped(subscribed_month):
    closing.publish(SEPTEMBER_2020, subscribed_month)
    closing.reopen(SEPTEMBER_2020, subscribed_month, "data Maluku Utara belum lengkap")
    run_worker()
    render = DeliveryJob.objects.get()
    assert render.state == State.SKIPPED and "revisi 1 bukan lagi yang terbit" in render.note
    assert mail.outbox == []


def test_only_publishers_run_jobs_again(subscribed_month, client):
    closing.publish(SEPTEMBER_2020, subscribed_month)
    viewer_staff = make_user("staf", is_staff=True)
    from django.contrib.auth.models import Permission

    viewer_staff.user_permissions.add(Permission.objects.get(codename="view_period"))
    client.force_login(viewer_staff)
    response = client.post(close_url(SEPTEMBER_2020), {"action": "rerun"})
    assert "Anda tidak berwenang." in page_text(response)
    assert DBTaskResult.objects.count() == 1
