import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from agencies.models import Agency, Decree
from evaluations.models import ImportUpload, MonthlyEvaluation

# Every test reads the reference data: loaded once for the module.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_reference_data", "reference_data")]

EVALUATIONS_URL = "/admin/impor/evaluations/"
AGENCIES_URL = "/admin/impor/agencies/"
DECREES_URL = "/admin/impor/decrees/"
HEADER = "kode_instansi,periode,akun_aktif,laporan_diterima,laporan_ditindaklanjuti,laporan_selesai\n"


def _upload(client, url, name, text):
    content = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(url, {"berkas": SimpleUploadedFile(name, content)})


def test_upload_shows_a_preview_and_saves_nothing(evaluator_client):
    response = _upload(evaluator_client, EVALUATIONS_URL, "okt.csv", HEADER + "8171,2020-10,ya,10,6,3\n")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pratinjau okt.csv" in html and "1 baru" in html
    assert "Simpan impor" in html
    assert not MonthlyEvaluation.objects.filter(month__month=10).exists()
    # The file waits in the database, not in a temp folder.
    assert ImportUpload.objects.get().content.tobytes().startswith(b"kode_instansi")


def test_confirm_in_another_process_imports_the_stored_file(evaluator, evaluator_client, tmp_path, settings):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    preview = _upload(evaluator_client, EVALUATIONS_URL, "okt.csv", HEADER + "8171,2020-10,ya,10,6,3\n")
    token = preview.context["token"]
    # The temp folder is emptied, and the confirmation comes from a fresh client (another worker).
    for leftover in tmp_path.iterdir():
        leftover.unlink()
    other = Client()
    other.force_login(evaluator)
    response = other.post(EVALUATIONS_URL, {"token": str(token)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/evaluations/monthlyevaluation/"
    evaluation = MonthlyEvaluation.objects.get(agency__code="8171", month__month=10)
    assert (evaluation.received, evaluation.followed_up, evaluation.completed) == (10, 6, 3)
    assert not ImportUpload.objects.exists()
    # The token is spent: a second confirmation imports nothing more.
    again = other.post(EVALUATIONS_URL, {"token": str(token)}, follow=True)
    assert "sudah diimpor" in again.content.decode()


def test_a_bad_file_imports_nothing_and_lists_every_bad_row(evaluator_client):
    text = HEADER + "8171,2020-10,ya,10,6,3\n8172,2020-10,ya,5,6,1\n9999,2020-10,ya,,,\n"
    response = _upload(evaluator_client, EVALUATIONS_URL, "okt.csv", text)
    html = response.content.decode()
    assert "baris 3, kolom laporan_ditindaklanjuti: tidak boleh lebih dari laporan diterima." in html
    assert "baris 4, kolom kode_instansi: instansi 9999 tidak dikenal." in html
    assert "Simpan impor" not in html
    assert not ImportUpload.objects.exists()
    assert not MonthlyEvaluation.objects.filter(month__month=10).exists()


def test_an_unreadable_file_is_explained(evaluator_client):
    response = _upload(evaluator_client, EVALUATIONS_URL, "okt.pdf", b"%PDF-1.4")
    assert "jenis berkas harus .csv atau .xlsx." in response.content.decode()
    response = _upload(evaluator_client, EVALUATIONS_URL, "okt.xlsx", b"not a zip")
    assert "bukan XLSX yang sah" in response.content.decode()


def test_xlsx_agencies_and_decrees_go_through_the_same_path(evaluator_client, maluku_province):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["kode", "nama", "jenis", "kode_provinsi"])
    sheet.append(["8173", "Kota Contoh", "kota", "81"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = _upload(evaluator_client, AGENCIES_URL, "ip.xlsx", buffer.getvalue())
    assert "Pratinjau ip.xlsx" in preview.content.decode()
    assert "81 Maluku" in preview.content.decode()  # the province by name, not its id
    evaluator_client.post(AGENCIES_URL, {"token": str(preview.context["token"])})
    assert Agency.objects.get(code="8173").province == maluku_province

    preview = _upload(
        evaluator_client,
        DECREES_URL,
        "sk.csv",
        "kode_instansi,nomor_sk,tanggal_sk,berlaku_sampai\n8173,SK/1/2020,2020-10-01,\n",
    )
    evaluator_client.post(DECREES_URL, {"token": str(preview.context["token"])})
    assert Decree.objects.get(number="SK/1/2020").agency.code == "8173"


def test_a_month_published_between_preview_and_confirm_is_refused(evaluator_client, evaluator):
    from evaluations.entry.closing import publish
    from evaluations.periods import parse_month

    preview = _upload(evaluator_client, EVALUATIONS_URL, "okt.csv", HEADER + "8171,2020-10,ya,10,6,3\n")
    publish(parse_month("2020-10"), evaluator)
    response = evaluator_client.post(EVALUATIONS_URL, {"token": str(preview.context["token"])})
    assert response.status_code == 200
    assert "sudah dipublikasikan" in response.content.decode()
    assert not MonthlyEvaluation.objects.filter(month__month=10).exists()


def test_someone_elses_upload_cannot_be_confirmed(evaluator_client, superuser):
    preview = _upload(evaluator_client, EVALUATIONS_URL, "okt.csv", HEADER + "8171,2020-10,ya,10,6,3\n")
    other = Client()
    other.force_login(superuser)
    other.post(EVALUATIONS_URL, {"token": str(preview.context["token"])})
    assert not MonthlyEvaluation.objects.filter(month__month=10).exists()


def test_an_admin_import_is_recorded_with_its_user(evaluator_client, evaluator, reference_data):
    url = "/admin/impor/agencies/"
    text = "kode,nama,jenis,kode_provinsi\n8171,Kota Ambon Manise,kota,81\n8173,Kota Contoh,kota,81\n"
    preview = evaluator_client.post(url, {"berkas": SimpleUploadedFile("ip.csv", text.encode())})
    evaluator_client.post(url, {"token": str(preview.context["token"])})
    records = Agency.history.filter(code__in=["8171", "8173"])
    assert {(r.code, r.history_type) for r in records} == {("8171", "~"), ("8173", "+")}
    assert {r.history_user for r in records} == {evaluator}


def test_a_confirmation_whose_preview_went_stale_shows_the_new_preview(evaluator_client):
    """A correction made between the preview and its confirmation is not overwritten blindly."""
    from datetime import date

    from tests.factories import make_evaluation

    ambon = Agency.objects.get(code="8171")
    make_evaluation(ambon, date(2020, 10, 1), active=True, received=10, followed_up=6, completed=3)
    preview = _upload(evaluator_client, EVALUATIONS_URL, "okt.csv", HEADER + "8171,2020-10,ya,20,6,3\n")
    assert "laporan diterima" in preview.content.decode()
    token, digest = preview.context["token"], preview.context["digest"]

    # Someone corrects the same row after the preview.
    MonthlyEvaluation.objects.filter(agency=ambon, month=date(2020, 10, 1)).update(received=15)

    stale = evaluator_client.post(EVALUATIONS_URL, {"token": str(token), "pratinjau": digest})
    assert stale.status_code == 200
    page = stale.content.decode()
    assert "Data berubah sejak pratinjau" in page
    assert MonthlyEvaluation.objects.get(agency=ambon, month=date(2020, 10, 1)).received == 15
    new_digest = stale.context["digest"]
    assert new_digest != digest

    confirmed = evaluator_client.post(EVALUATIONS_URL, {"token": str(token), "pratinjau": new_digest})
    assert confirmed.status_code == 302
    assert MonthlyEvaluation.objects.get(agency=ambon, month=date(2020, 10, 1)).received == 20
