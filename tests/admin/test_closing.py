from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluations.choices import PeriodStatus
from evaluations.entry.closing import ClosingError, period_changes, publish, reopen
from evaluations.models import MonthlyEvaluation, Period, PeriodChange
from tests.admin.helpers import grid_post

pytestmark = pytest.mark.django_db

SEPTEMBER = date(2020, 9, 1)
OCTOBER = date(2020, 10, 1)


def _close_url(month):
    return f"/admin/evaluations/period/{Period.objects.get(month=month).pk}/penutupan/"


def test_an_evaluator_publishes_a_month_from_its_close_page(evaluator_client, evaluator, maluku):
    grid_post(evaluator_client, maluku, OCTOBER, {"8171": ("ya", 3, 2, 1)})
    page = evaluator_client.get(_close_url(OCTOBER))
    assert "1 dari 23 IP sudah diisi" in page.content.decode()
    response = evaluator_client.post(_close_url(OCTOBER), {"action": "publish"}, follow=True)
    assert "dipublikasikan sebagai revisi 1" in response.content.decode()
    period = Period.objects.get(month=OCTOBER)
    assert (period.status, period.revision, period.published_by) == (PeriodStatus.PUBLISHED, 1, evaluator)
    assert period.published_at is not None
    assert period.history.first().history_user == evaluator


def test_publishing_from_the_changelist_action(evaluator_client, maluku):
    grid_post(evaluator_client, maluku, OCTOBER, {"8171": ("ya", 3, 2, 1)})
    period = Period.objects.get(month=OCTOBER)
    evaluator_client.post(
        "/admin/evaluations/period/", {"action": "publish_selected", "_selected_action": [period.pk]}
    )
    assert Period.objects.get(month=OCTOBER).is_published


def test_a_published_month_refuses_edits_from_every_path(evaluator_client, ambon):
    evaluation = MonthlyEvaluation.objects.get(agency=ambon, month=SEPTEMBER)
    before = (evaluation.account_active, evaluation.received)
    change_url = f"/admin/evaluations/monthlyevaluation/{evaluation.pk}/change/"

    # Admin change form: read only, and a POST is refused.
    page = evaluator_client.get(change_url)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    post = evaluator_client.post(change_url, {"agency": ambon.pk, "month": "2020-09", "account_active": "on"})
    assert post.status_code == 403

    # Admin add form for the locked month.
    add = evaluator_client.post(
        "/admin/evaluations/monthlyevaluation/add/", {"agency": ambon.pk, "month": "2020-09"}
    )
    assert "sudah dipublikasikan dan terkunci" in add.content.decode()

    # Admin delete, one and in bulk.
    assert (
        evaluator_client.post(f"/admin/evaluations/monthlyevaluation/{evaluation.pk}/delete/").status_code
        == 403
    )
    bulk = evaluator_client.post(
        "/admin/evaluations/monthlyevaluation/",
        {"action": "delete_unlocked", "_selected_action": [evaluation.pk], "post": "yes"},
        follow=True,
    )
    assert "terkunci" in bulk.content.decode()

    # History revert.
    evaluation.save()  # a history entry to revert to
    evaluation_record = evaluation.history.first()
    revert = evaluator_client.post(
        f"/admin/evaluations/monthlyevaluation/{evaluation.pk}/history/{evaluation_record.history_id}/",
        {"agency": ambon.pk, "month": "2020-09", "account_active": "on" if not before[0] else ""},
    )
    assert revert.status_code == 403

    # Grid.
    response = grid_post(evaluator_client, ambon.province, SEPTEMBER, {"8171": ("ya", 99, 1, 1)})
    assert "terkunci" in response.content.decode()

    # Import.
    text = (
        "kode_instansi,periode,akun_aktif,laporan_diterima,laporan_ditindaklanjuti,laporan_selesai\n"
        "8171,2020-09,ya,99,1,1\n"
    )
    imported = evaluator_client.post(
        "/admin/impor/evaluations/",
        {"berkas": SimpleUploadedFile("sep.csv", text.encode())},
    )
    assert "sudah dipublikasikan dan terkunci" in imported.content.decode()

    evaluation.refresh_from_db()
    assert (evaluation.account_active, evaluation.received) == before
    assert MonthlyEvaluation.objects.filter(month=SEPTEMBER).count() == 23


def test_reopening_needs_the_specific_permission_and_a_reason(evaluator, evaluator_client, reference_data):
    with pytest.raises(PermissionDenied):
        reopen(SEPTEMBER, evaluator, "Koreksi data Kota Ambon")
    page = evaluator_client.get(_close_url(SEPTEMBER))
    assert "izin khusus" in page.content.decode()
    assert 'id="reopen-form"' not in page.content.decode()
    assert Period.objects.get(month=SEPTEMBER).is_published


def test_reopen_without_a_reason_is_refused(reopener, client, reference_data):
    with pytest.raises(ClosingError):
        reopen(SEPTEMBER, reopener, "  ")
    client.force_login(reopener)
    response = client.post(_close_url(SEPTEMBER), {"action": "reopen", "alasan": "x"})
    assert response.context["reopen_form"].errors["alasan"]
    assert Period.objects.get(month=SEPTEMBER).is_published


def test_reopen_correct_republish_makes_revision_2_with_a_change_log(reopener, client, maluku):
    client.force_login(reopener)
    response = client.post(
        _close_url(SEPTEMBER), {"action": "reopen", "alasan": "Kota Ambon mengoreksi laporan diterima"}
    )
    assert response.status_code == 302
    period = Period.objects.get(month=SEPTEMBER)
    assert period.status == PeriodStatus.DRAFT and period.revision == 1

    ambon = MonthlyEvaluation.objects.get(month=SEPTEMBER, agency__code="8171")
    grid_post(client, maluku, SEPTEMBER, {"8171": ("ya", 12, 8, 4)})
    response = client.post(_close_url(SEPTEMBER), {"action": "publish"}, follow=True)
    assert "revisi 2" in response.content.decode()

    period.refresh_from_db()
    assert (period.status, period.revision) == (PeriodStatus.PUBLISHED, 2)
    changes = PeriodChange.objects.filter(period=period, revision=2)
    fields = {c.field: (c.old_value, c.new_value) for c in changes}
    old_active = "1" if ambon.account_active else "0"
    assert fields["received"] == ("", "12")
    assert fields["completed"] == ("", "4")
    if old_active == "0":
        assert fields["account_active"] == ("0", "1")
    assert {c.changed_by for c in changes} == {reopener}
    assert {c.reason for c in changes} == {"Kota Ambon mengoreksi laporan diterima"}

    logs = period_changes(SEPTEMBER)
    assert [log.revision for log in logs] == [2]
    log = logs[0]
    assert log.reason == "Kota Ambon mengoreksi laporan diterima"
    assert log.reopened_by == "Eva" and log.published_by == "Eva"
    received = next(c for c in log.changes if c.field == "received")
    assert (received.agency_code, received.field_label, received.old, received.new) == (
        "8171",
        "laporan diterima",
        "kosong",
        "12",
    )
    page = client.get(_close_url(SEPTEMBER))
    html = page.content.decode()
    assert "Revisi 2" in html and "Kota Ambon mengoreksi laporan diterima" in html


def test_a_third_revision_lists_only_its_own_changes(reopener, evaluator, maluku):
    grid_values = MonthlyEvaluation.objects.filter(month=SEPTEMBER)
    assert grid_values.exists()
    reopen(SEPTEMBER, reopener, "koreksi pertama Kota Ambon")
    MonthlyEvaluation.objects.filter(month=SEPTEMBER, agency__code="8171").update(
        received=5, followed_up=5, completed=5
    )
    publish(SEPTEMBER, evaluator)
    reopen(SEPTEMBER, reopener, "koreksi kedua Kota Tual")
    MonthlyEvaluation.objects.filter(month=SEPTEMBER, agency__code="8172").update(
        received=1, followed_up=0, completed=0
    )
    period = publish(SEPTEMBER, evaluator)
    assert period.revision == 3
    logs = period_changes(SEPTEMBER)
    assert [log.revision for log in logs] == [2, 3]
    assert {c.agency_code for c in logs[0].changes} == {"8171"}
    assert {c.agency_code for c in logs[1].changes} == {"8172"}
    assert logs[1].reason == "koreksi kedua Kota Tual"


def test_publishing_twice_is_refused(evaluator, reference_data):
    with pytest.raises(ClosingError):
        publish(SEPTEMBER, evaluator)


def test_period_changes_reads_in_two_queries(reopener, evaluator, maluku, django_assert_num_queries):
    reopen(SEPTEMBER, reopener, "koreksi data seluruh provinsi")
    MonthlyEvaluation.objects.filter(month=SEPTEMBER).update(received=2, followed_up=1, completed=1)
    publish(SEPTEMBER, evaluator)
    # 1 events with their users, 2 changes with agencies and editors.
    with django_assert_num_queries(2):
        logs = period_changes(SEPTEMBER)
    assert len(logs[0].changes) >= 23
