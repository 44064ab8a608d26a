from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import Agency
from evaluations.models import MonthlyEvaluation, Target
from tests.admin.helpers import grid_post

pytestmark = pytest.mark.django_db

OCTOBER = date(2020, 10, 1)


def test_an_admin_edit_is_recorded_with_its_user(evaluator_client, evaluator, ambon):
    response = evaluator_client.post(
        f"/admin/agencies/agency/{ambon.pk}/change/",
        {
            "code": "8171",
            "name": "Pemerintah Kota Ambon",
            "kind": "kota",
            "province": ambon.province_id,
            "decrees-TOTAL_FORMS": "1",
            "decrees-INITIAL_FORMS": "0",
            "decrees-0-number": "SK/AMBON/2020/9",
            "decrees-0-issued_on": "2020-09-01",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    record = ambon.history.first()
    assert record.history_type == "~" and record.history_user == evaluator
    assert record.name == "Pemerintah Kota Ambon"
    decree = ambon.decrees.get(number="SK/AMBON/2020/9")
    assert decree.history.first().history_user == evaluator
    # And it reads in admin.
    page = evaluator_client.get(f"/admin/agencies/agency/{ambon.pk}/history/")
    assert page.status_code == 200
    assert "evaluator" in page.content.decode()


def test_a_grid_save_is_recorded_with_its_user(evaluator_client, evaluator, maluku):
    grid_post(evaluator_client, maluku, OCTOBER, {"8171": ("ya", 3, 2, 1), "81": ("tidak", None, None, None)})
    records = MonthlyEvaluation.history.filter(month=OCTOBER)
    assert records.count() == 2
    assert {r.history_user for r in records} == {evaluator}
    assert {r.history_change_reason for r in records} == {"isian grid provinsi"}
    grid_post(evaluator_client, maluku, OCTOBER, {"8171": ("ya", 4, 2, 1)})
    latest = MonthlyEvaluation.history.filter(month=OCTOBER, agency__code="8171").first()
    assert latest.history_type == "~" and latest.received == 4 and latest.history_user == evaluator
    evaluation = MonthlyEvaluation.objects.get(month=OCTOBER, agency__code="8171")
    page = evaluator_client.get(f"/admin/evaluations/monthlyevaluation/{evaluation.pk}/history/")
    assert page.status_code == 200 and "evaluator" in page.content.decode()


def test_an_admin_import_is_recorded_with_its_user(evaluator_client, evaluator, reference_data):
    url = "/admin/impor/agencies/"
    text = "kode,nama,jenis,kode_provinsi\n8171,Kota Ambon Manise,kota,81\n8173,Kota Contoh,kota,81\n"
    preview = evaluator_client.post(url, {"berkas": SimpleUploadedFile("ip.csv", text.encode())})
    evaluator_client.post(url, {"token": str(preview.context["token"])})
    records = Agency.history.filter(code__in=["8171", "8173"])
    assert {(r.code, r.history_type) for r in records} == {("8171", "~"), ("8173", "+")}
    assert {r.history_user for r in records} == {evaluator}


def test_target_edits_are_recorded(superuser_client, superuser):
    target = Target.objects.get(indicator="follow_up")
    response = superuser_client.post(
        f"/admin/evaluations/target/{target.pk}/change/",
        {"good_from": 60, "fair_from": 30, "min_agencies": 3, "min_reports": 10},
    )
    assert response.status_code == 302
    record = target.history.first()
    assert record.good_from == 60 and record.history_user == superuser
