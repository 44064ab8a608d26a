"""The lock on published months (`entry/locking.py`), on every path that writes an evaluation."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluations.entry.locking import maintenance_writes
from evaluations.models import MonthlyEvaluation
from tests.conftest import SEPTEMBER_2020
from tests.helpers import grid_post

# Every test reads the reference data: loaded once for the module.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_reference_data")]


def test_a_published_month_refuses_edits_from_every_path(evaluator_client, ambon):
    evaluation = MonthlyEvaluation.objects.get(agency=ambon, month=SEPTEMBER_2020)
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
    with maintenance_writes():  # test data: a history entry to revert to
        evaluation.save()
    evaluation_record = evaluation.history.first()
    revert = evaluator_client.post(
        f"/admin/evaluations/monthlyevaluation/{evaluation.pk}/history/{evaluation_record.history_id}/",
        {"agency": ambon.pk, "month": "2020-09", "account_active": "on" if not before[0] else ""},
    )
    assert revert.status_code == 403

    # Grid.
    response = grid_post(evaluator_client, ambon.province, SEPTEMBER_2020, {"8171": ("ya", 99, 1, 1)})
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
    assert MonthlyEvaluation.objects.filter(month=SEPTEMBER_2020).count() == 23
