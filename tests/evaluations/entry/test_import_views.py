import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from agencies.models import Agency, Decree
from evaluations.entry.spreadsheet_template import CONTENT_TYPE
from evaluations.models import ImportUpload, MonthlyEvaluation
from tests.helpers import fill_template, messy_evaluations_xlsx

# Every test reads the reference data: loaded once for the module.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_reference_data", "reference_data")]

EVALUATIONS_URL = "/admin/impor/evaluations/"
AGENCIES_URL = "/admin/impor/agencies/"
DECREES_URL = "/admin/impor/decrees/"
TEMPLATE_URL = "/admin/impor/evaluations/templat.xlsx"
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


# Issue 14: the messy spreadsheet in one upload, and the template round trip.

OCTOBER_2020 = date(2020, 10, 1)


def _october(code):
    evaluation = MonthlyEvaluation.objects.get(agency__code=code, month=OCTOBER_2020)
    return (evaluation.account_active, evaluation.received, evaluation.followed_up, evaluation.completed)


def test_the_messy_spreadsheet_goes_in_with_one_upload(evaluator_client):
    preview = _upload(evaluator_client, EVALUATIONS_URL, "rekap oktober.xlsx", messy_evaluations_xlsx())
    html = preview.content.decode()
    assert preview.context["errors"] == []
    assert "4 baru" in html
    warnings = preview.context["warnings"]
    assert warnings == [
        "baris 1–2 di atas judul kolom dilewati (judul kolom di baris 3).",
        "kolom 'No' tidak dikenal dan diabaikan.",
        "kolom 'Nama Instansi' tidak dikenal dan diabaikan.",
        "kolom 'Keterangan' tidak dikenal dan diabaikan.",
    ]
    assert "kolom &#x27;Keterangan&#x27; tidak dikenal dan diabaikan." in html
    # The preview names the rows as the sheet numbers them (the header is row 3).
    assert [row["row"] for row in preview.context["preview_rows"]] == [4, 5, 6, 7]
    response = evaluator_client.post(EVALUATIONS_URL, {"token": str(preview.context["token"])})
    assert response.status_code == 302
    assert _october("81") == (True, 12, 10, 7)
    assert _october("8101") == (False, None, None, None)
    assert _october("8171") == (True, 1234, 1000, 850)
    assert _october("8172") == (False, 0, 0, 0)
    # Once more: nothing changes.
    again = _upload(evaluator_client, EVALUATIONS_URL, "rekap oktober.xlsx", messy_evaluations_xlsx())
    assert again.context["plan_unchanged"] == 4 and again.context["plan_created"] == 0


def test_a_messy_error_keeps_the_row_and_the_label_of_the_sheet(evaluator_client):
    workbook = load_workbook(io.BytesIO(messy_evaluations_xlsx()))
    workbook.active["H6"] = "tujuh"  # LAPORAN_SELESAI of Kota Ambon
    workbook.active["E5"] = "mungkin"  # Akun  Aktif of 8101
    out = io.BytesIO()
    workbook.save(out)
    response = _upload(evaluator_client, EVALUATIONS_URL, "rekap.xlsx", out.getvalue())
    errors = [str(error) for error in response.context["errors"]]
    assert (
        "baris 5, kolom Akun  Aktif: isi ya atau tidak (juga Aktif/Belum aktif, 1/0, true/false)." in errors
    )
    assert "baris 6, kolom LAPORAN_SELESAI: harus bilangan bulat 0 atau lebih, bukan tujuh." in errors
    assert not MonthlyEvaluation.objects.filter(month=OCTOBER_2020).exists()


def test_the_evaluations_template_round_trip(evaluator_client):
    page = evaluator_client.get(EVALUATIONS_URL)
    assert 'action="/admin/impor/evaluations/templat.xlsx"' in page.content.decode()
    download = evaluator_client.get(f"{TEMPLATE_URL}?provinsi=81&periode=2020-10")
    assert download.status_code == 200
    assert download["Content-Type"] == CONTENT_TYPE
    assert "templat-evaluations-81-2020-10.xlsx" in download["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(download.content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[:7] == [
        "Kode Instansi",
        "Nama Instansi (rujukan)",
        "Periode",
        "Akun Aktif",
        "Laporan Diterima",
        "Laporan Ditindaklanjuti",
        "Laporan Selesai",
    ]
    assert header[7:] == [
        "Akun Aktif September 2020 (rujukan)",
        "Diterima September 2020 (rujukan)",
        "Ditindaklanjuti September 2020 (rujukan)",
        "Selesai September 2020 (rujukan)",
    ]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]}
    assert len(rows) == 12 and rows["8171"][1] == "Kota Ambon" and rows["8171"][2] == "2020-10"
    # Last month's values for reference, in grey.
    september = MonthlyEvaluation.objects.get(agency__code="8171", month=date(2020, 9, 1))
    assert rows["8171"][8] == september.received
    assert sheet["I2"].fill.fgColor.rgb.endswith("EEEEEE")
    # Data validation: Aktif/Belum aktif, whole numbers ≥ 0.
    validations = {v.type: v for v in sheet.data_validations.dataValidation}
    assert validations["list"].formula1 == '"Aktif,Belum aktif"' and "D2" in validations["list"].sqref
    assert validations["whole"].operator == "greaterThanOrEqual" and validations["whole"].formula1 == "0"
    assert {"E2", "F2", "G2"} <= {str(r).split(":")[0] for r in validations["whole"].sqref.ranges}

    filled = fill_template(download.content, {"8171": ("Aktif", 20, 15, 9), "8172": ("Belum aktif",)})
    preview = _upload(evaluator_client, EVALUATIONS_URL, "templat-evaluations-81-2020-10.xlsx", filled)
    assert preview.context["errors"] == []
    assert preview.context["plan_created"] == 2
    assert preview.context["warnings"] == [
        "10 baris belum diisi (hanya Kode Instansi, Periode) dan dilewati: baris 2–11."
    ]
    evaluator_client.post(EVALUATIONS_URL, {"token": str(preview.context["token"])})
    assert _october("8171") == (True, 20, 15, 9)
    assert _october("8172") == (False, None, None, None)
    # Downloaded again, the month's values are in it: uploading it unchanged changes nothing.
    again = evaluator_client.get(f"{TEMPLATE_URL}?provinsi=81&periode=2020-10")
    preview = _upload(evaluator_client, EVALUATIONS_URL, "lagi.xlsx", again.content)
    assert preview.context["plan_unchanged"] == 2 and preview.context["plan_created"] == 0


@pytest.mark.parametrize("kind", ["agencies", "decrees", "tickets"])
def test_every_kind_has_a_template_that_goes_back_in(evaluator_client, kind):
    download = evaluator_client.get(f"/admin/impor/{kind}/templat.xlsx?provinsi=81")
    assert download.status_code == 200
    preview = _upload(evaluator_client, f"/admin/impor/{kind}/", f"templat-{kind}.xlsx", download.content)
    # As downloaded: agencies unchanged, decree and ticket rows not filled in yet.
    assert preview.context["errors"] == [], preview.context["errors"]
    assert preview.context["plan_created"] == 0 and preview.context["plan_updated"] == 0


def test_a_coordinator_gets_templates_of_their_province_only(coordinator_client):
    assert coordinator_client.get(f"{TEMPLATE_URL}?provinsi=81&periode=2020-10").status_code == 200
    assert coordinator_client.get(f"{TEMPLATE_URL}?provinsi=82&periode=2020-10").status_code == 404


def test_templates_need_the_import_permission(viewer_client):
    """A viewer has no admin: sent to the admin's log-in, no spreadsheet."""
    response = viewer_client.get(f"{TEMPLATE_URL}?provinsi=81&periode=2020-10")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
