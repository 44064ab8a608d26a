"""`/langganan/`: any logged-in user lists, adds and stops their subscriptions; the unsubscribe
link of an email asks before it stops (a GET changes nothing), and mail programs' one-click
POST stops it without a session; a forged or used link says so."""

import pytest
from django.core import mail, signing
from django_tasks_db.models import DBTaskResult

from evaluations.delivery import tasks
from evaluations.delivery.emails import unsubscribe_token
from evaluations.models import Subscription
from tests.helpers import page_text

pytestmark = pytest.mark.usefixtures("reference_data")


def test_a_viewer_subscribes_to_the_national_and_a_province_report(viewer_client, viewer):
    viewer.email = "saya@menpan.go.id"  # the account's own address: active at once
    viewer.save()
    page = page_text(viewer_client.get("/langganan/"))
    assert "Anda belum berlangganan laporan apa pun." in page
    assert '<option value="81">81 Maluku</option>' in page

    response = viewer_client.post(
        "/langganan/", {"cakupan": "nasional", "email": "saya@menpan.go.id"}, follow=True
    )
    assert "Berlangganan laporan Nasional: setiap terbitan dikirim ke saya@menpan.go.id." in page_text(
        response
    )
    viewer_client.post("/langganan/", {"cakupan": "81", "email": "saya@menpan.go.id"})
    mine = {
        (s.province.code if s.province else None, s.email, s.is_confirmed)
        for s in Subscription.objects.filter(user=viewer)
    }
    assert mine == {(None, "saya@menpan.go.id", True), ("81", "saya@menpan.go.id", True)}
    assert not DBTaskResult.objects.exists()  # nothing to confirm
    page = page_text(viewer_client.get("/langganan/"))
    assert "<strong>81 Maluku</strong>" in page and "<strong>Nasional</strong>" in page


def test_another_address_gets_the_reports_only_once_its_owner_confirms(viewer_client, viewer, client):
    response = viewer_client.post(
        "/langganan/", {"cakupan": "81", "email": "atasan@menpan.go.id"}, follow=True
    )
    assert "Tautan konfirmasi dikirim ke atasan@menpan.go.id" in page_text(response)
    assert "menunggu konfirmasi dari pemilik alamat" in page_text(response)
    subscription = Subscription.objects.get(user=viewer)
    assert not subscription.is_confirmed

    # The confirmation email goes out through the queue, queued with the subscription.
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "evaluations.delivery.tasks.send_confirmation"
    assert tasks.send_confirmation.call(*queued.args_kwargs["args"]) == "sent"
    (message,) = mail.outbox
    assert message.to == ["atasan@menpan.go.id"]
    assert message.subject == "Konfirmasi langganan laporan SP4N-LAPOR! Maluku"
    link = next(line for line in message.body.splitlines() if "/langganan/konfirmasi/" in line)
    path = link.split("8000", 1)[1]

    page = page_text(client.get(path))  # its owner, without an account; a link preview changes nothing
    assert "Kirim laporan bulanan Maluku ke atasan@menpan.go.id?" in page
    subscription.refresh_from_db()
    assert not subscription.is_confirmed
    done = page_text(client.post(path))
    assert "Laporan Maluku akan dikirim ke atasan@menpan.go.id setiap kali diterbitkan." in done
    subscription.refresh_from_db()
    assert subscription.is_confirmed
    assert tasks.send_confirmation.call(subscription.pk) == "unchanged"  # confirmed: no second mail

    # A link for another address (the subscription's address changed) confirms nothing.
    forged = path.replace("konfirmasi/", "konfirmasi/x")
    assert client.post(forged).status_code == 404


def test_a_second_subscription_to_the_same_report_and_a_bad_address_are_refused(viewer_client, viewer):
    viewer_client.post("/langganan/", {"cakupan": "82", "email": "saya@menpan.go.id"})
    again = viewer_client.post("/langganan/", {"cakupan": "82", "email": "lain@menpan.go.id"})
    assert again.status_code == 400
    assert "Anda sudah berlangganan laporan ini." in page_text(again)
    bad = viewer_client.post("/langganan/", {"cakupan": "nasional", "email": "bukan email"})
    assert bad.status_code == 400
    assert "Alamat email tidak valid (contoh: nama@instansi.go.id)." in page_text(bad)
    unknown = viewer_client.post("/langganan/", {"cakupan": "99", "email": "saya@menpan.go.id"})
    assert unknown.status_code == 400
    assert Subscription.objects.filter(user=viewer).count() == 1


def test_one_stops_only_ones_own_subscription(viewer_client, viewer, staff_user):
    mine = Subscription.objects.create(user=viewer, province=None, email="saya@menpan.go.id")
    theirs = Subscription.objects.create(user=staff_user, province=None, email="staf@menpan.go.id")
    viewer_client.post("/langganan/", {"action": "stop", "id": theirs.pk})
    assert Subscription.objects.filter(pk=theirs.pk).exists()
    response = viewer_client.post("/langganan/", {"action": "stop", "id": mine.pk}, follow=True)
    assert "Langganan dihentikan." in page_text(response)
    assert not Subscription.objects.filter(pk=mine.pk).exists()


def test_a_malformed_stop_request_is_a_400(viewer_client, viewer):
    Subscription.objects.create(user=viewer, province=None, email="saya@menpan.go.id")
    for junk in ("abc", "", "9" * 30, "-1"):
        response = viewer_client.post("/langganan/", {"action": "stop", "id": junk})
        assert response.status_code == 400, junk
        assert response.content.decode() == "Langganan tidak dikenal."
    assert Subscription.objects.filter(user=viewer).count() == 1


def test_the_page_needs_a_log_in(client):
    response = client.get("/langganan/")
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


def test_the_unsubscribe_link_asks_first_then_stops(client, viewer, maluku_province):
    subscription = Subscription.objects.create(
        user=viewer, province=maluku_province, email="saya@menpan.go.id"
    )
    url = f"/langganan/berhenti/{unsubscribe_token(subscription)}/"
    page = page_text(client.get(url))
    assert "Hentikan email laporan Maluku ke saya@menpan.go.id?" in page
    assert Subscription.objects.filter(pk=subscription.pk).exists()  # a GET (a link preview) changes nothing

    done = client.post(url)
    assert "Anda tidak akan lagi menerima email laporan Maluku." in page_text(done)
    assert not Subscription.objects.exists()
    used = client.get(url)
    assert used.status_code == 404
    assert "Langganan ini sudah tidak ada" in page_text(used)


def test_a_stopped_subscription_leaves_its_jobs_without_the_address(client, viewer, superuser):
    from evaluations.models import DeliveryJob, Period
    from tests.conftest import SEPTEMBER_2020

    subscription = Subscription.objects.create(user=viewer, province=None, email="saya@menpan.go.id")
    job = DeliveryJob.objects.create(
        period=Period.objects.get(month=SEPTEMBER_2020),
        revision=1,
        kind=DeliveryJob.Kind.EMAIL,
        subscription=subscription,
        recipient=subscription.email,
        state=DeliveryJob.State.DONE,
    )
    client.post(f"/langganan/berhenti/{unsubscribe_token(subscription)}/")
    job.refresh_from_db()
    assert (job.subscription, job.recipient, job.state) == (None, "", DeliveryJob.State.DONE)


def test_one_click_unsubscribe_from_a_mail_program(client, viewer):
    subscription = Subscription.objects.create(user=viewer, province=None, email="saya@menpan.go.id")
    response = client.post(
        f"/langganan/berhenti/{unsubscribe_token(subscription)}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200 and response.content.decode() == "Langganan dihentikan."
    assert not Subscription.objects.exists()


def test_a_forged_link_stops_nothing(client, viewer):
    subscription = Subscription.objects.create(user=viewer, province=None, email="saya@menpan.go.id")
    forged = signing.dumps(subscription.pk, salt="another-salt")
    assert client.get(f"/langganan/berhenti/{forged}/").status_code == 404
    client.post(f"/langganan/berhenti/{forged}/")
    assert Subscription.objects.filter(pk=subscription.pk).exists()
