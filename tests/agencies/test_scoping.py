import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agencies.models import Agency, Decree
from evaluations.models import MonthlyEvaluation
from tests.helpers import GRID_URL, grid_url

# Every test reads the reference data: loaded once for the module.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_reference_data")]

HEADER = "kode_instansi,periode,akun_aktif,laporan_diterima,laporan_ditindaklanjuti,laporan_selesai\n"


def test_changelists_show_only_the_coordinators_province(coordinator_client):
    agencies = coordinator_client.get("/admin/agencies/agency/")
    assert agencies.status_code == 200
    codes = {a.code for a in agencies.context["cl"].result_list}
    assert "8171" in codes and len(codes) == 12
    assert not any(code.startswith("82") for code in codes)

    evaluations = coordinator_client.get("/admin/evaluations/monthlyevaluation/")
    assert {e.agency.province.code for e in evaluations.context["cl"].result_list} == {"81"}

    decrees = coordinator_client.get("/admin/agencies/decree/")
    assert {d.agency.province.code for d in decrees.context["cl"].result_list} == {"81"}

    provinces = coordinator_client.get("/admin/agencies/province/")
    assert [p.code for p in provinces.context["cl"].result_list] == ["81"]


def test_other_provinces_records_answer_404(coordinator_client, ternate):
    evaluation = MonthlyEvaluation.objects.filter(agency=ternate).first()
    decree = Decree.objects.filter(agency__province__code="82").first()
    for url in (
        f"/admin/agencies/agency/{ternate.pk}/change/",
        f"/admin/agencies/agency/{ternate.pk}/delete/",
        f"/admin/agencies/agency/{ternate.pk}/history/",
        f"/admin/evaluations/monthlyevaluation/{evaluation.pk}/change/",
        f"/admin/evaluations/monthlyevaluation/{evaluation.pk}/history/",
        f"/admin/agencies/decree/{decree.pk}/change/",
    ):
        assert coordinator_client.get(url).status_code == 404, url
    ternate.name = "Kota Ternate (ubah)"
    ternate.save()
    version = ternate.history.first().history_id
    assert (
        coordinator_client.get(f"/admin/agencies/agency/{ternate.pk}/history/{version}/").status_code == 404
    )


def test_own_province_records_open(coordinator_client, ambon):
    response = coordinator_client.get(f"/admin/agencies/agency/{ambon.pk}/change/")
    assert response.status_code == 200
    assert response.context["original"] == ambon
    assert response.context["has_change_permission"] is True


def test_a_coordinator_cannot_move_an_agency_or_add_one_elsewhere(
    coordinator_client, ambon, maluku_utara_province
):
    response = coordinator_client.post(
        f"/admin/agencies/agency/{ambon.pk}/change/",
        {
            "code": "8171",
            "name": "Kota Ambon",
            "kind": "kota",
            "province": maluku_utara_province.pk,
            "decrees-TOTAL_FORMS": "0",
            "decrees-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["province"]
    assert Agency.objects.get(pk=ambon.pk).province.code == "81"


def test_a_coordinator_cannot_add_an_evaluation_outside_the_province(coordinator_client, ternate):
    response = coordinator_client.post(
        "/admin/evaluations/monthlyevaluation/add/",
        {"agency": ternate.pk, "month": "2020-10", "account_active": "on"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["agency"]
    assert not MonthlyEvaluation.objects.filter(month__month=10).exists()


def test_import_rows_outside_the_province_are_rejected(coordinator_client):
    text = HEADER + "8171,2020-10,ya,1,1,1\n8271,2020-10,ya,1,1,1\n"
    response = coordinator_client.post(
        "/admin/impor/evaluations/",
        {"berkas": SimpleUploadedFile("okt.csv", text.encode())},
    )
    html = response.content.decode()
    assert (
        "baris 3, kolom kode_instansi: instansi 8271 berada di luar provinsi yang menjadi wewenang Anda."
        in html
    )
    assert "Simpan impor" not in html
    assert not MonthlyEvaluation.objects.filter(month__month=10).exists()


def test_agency_and_decree_imports_are_scoped_too(coordinator_client):
    agencies = "kode,nama,jenis,kode_provinsi\n8273,Kota Baru,kota,82\n"
    response = coordinator_client.post(
        "/admin/impor/agencies/", {"berkas": SimpleUploadedFile("ip.csv", agencies.encode())}
    )
    assert "berada di luar provinsi" in response.content.decode()
    decrees = "kode_instansi,nomor_sk,tanggal_sk,berlaku_sampai\n8271,SK/9,2020-01-01,\n"
    response = coordinator_client.post(
        "/admin/impor/decrees/", {"berkas": SimpleUploadedFile("sk.csv", decrees.encode())}
    )
    assert "berada di luar provinsi" in response.content.decode()


def test_grid_offers_only_the_coordinators_province(
    coordinator_client, maluku_province, maluku_utara_province
):
    page = coordinator_client.get(GRID_URL)
    assert list(page.context["pick"].fields["provinsi"].queryset) == [maluku_province]
    other = coordinator_client.get(grid_url(maluku_utara_province, __import__("datetime").date(2020, 10, 1)))
    assert "formset" not in other.context or other.context.get("formset") is None
    assert other.context["pick"].errors["provinsi"]


def test_a_coordinator_cannot_publish(coordinator_client):
    from evaluations.models import Period

    period = Period.objects.get()
    response = coordinator_client.post(
        "/admin/evaluations/period/", {"action": "publish_selected", "_selected_action": [period.pk]}
    )
    # The action is not offered to them at all: the changelist comes back without any action.
    assert response.status_code == 200
    assert response.context["action_form"] is None
    assert Period.objects.get().revision == 1
