import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from agencies.models import Agency, Decree
from evaluations.choices import PeriodStatus
from evaluations.models import MonthlyEvaluation, Period
from tests.factories import make_agencies, make_period, make_province

pytestmark = pytest.mark.django_db

EVALUATIONS_HEADER = (
    "kode_instansi,periode,akun_aktif,laporan_diterima,laporan_ditindaklanjuti,laporan_selesai"
)


@pytest.fixture
def maluku():
    province = make_province()
    make_agencies(province, 3)  # 81, 8101, 8102
    return province


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _import(kind: str, path: Path) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_lapor", kind, str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _import_fails(kind: str, path: Path) -> str:
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_lapor", kind, str(path), stdout=io.StringIO(), stderr=err)
    assert failure.value.returncode == 1
    return err.getvalue()


def test_good_evaluations_file_is_imported(maluku, tmp_path):
    path = _write(
        tmp_path,
        "sep.csv",
        f"{EVALUATIONS_HEADER}\n81,2021-09,ya,10,6,3\n8101,2021-09,tidak,,,\n8102,2021-09,1,0,0,0\n",
    )
    out, _err = _import("evaluations", path)
    assert "3 baru" in out
    rows = {e.agency.code: e for e in MonthlyEvaluation.objects.select_related("agency")}
    assert (rows["81"].account_active, rows["81"].received, rows["81"].followed_up, rows["81"].completed) == (
        True,
        10,
        6,
        3,
    )
    assert rows["8101"].account_active is False and rows["8101"].received is None
    assert rows["8102"].received == 0
    # The month now exists, as a draft.
    assert Period.objects.get(month=date(2021, 9, 1)).status == PeriodStatus.DRAFT


def test_reimporting_the_same_file_changes_nothing(maluku, tmp_path):
    path = _write(tmp_path, "sep.csv", f"{EVALUATIONS_HEADER}\n81,2021-09,ya,10,6,3\n8101,2021-09,tidak,,,\n")
    _import("evaluations", path)
    history_before = MonthlyEvaluation.history.count()
    out, _err = _import("evaluations", path)
    assert "0 baru, 0 diubah, 2 tetap" in out
    assert MonthlyEvaluation.objects.count() == 2
    assert MonthlyEvaluation.history.count() == history_before


def test_changed_row_is_updated_in_place(maluku, tmp_path):
    _import("evaluations", _write(tmp_path, "a.csv", f"{EVALUATIONS_HEADER}\n81,2021-09,ya,10,6,3\n"))
    out, _err = _import(
        "evaluations", _write(tmp_path, "b.csv", f"{EVALUATIONS_HEADER}\n81,2021-09,ya,10,8,5\n")
    )
    assert "1 diubah" in out
    evaluation = MonthlyEvaluation.objects.get()
    assert (evaluation.followed_up, evaluation.completed) == (8, 5)


def test_bad_file_saves_nothing_and_names_every_bad_row(maluku, tmp_path):
    path = _write(
        tmp_path,
        "bad.csv",
        f"{EVALUATIONS_HEADER}\n"
        "81,2021-09,ya,10,6,3\n"  # row 2: fine
        "8101,2021-09,ya,10,6,7\n"  # row 3: completed > followed up
        "9999,2021-09,tidak,,,\n"  # row 4: unknown agency
        "8102,2021-13,tidak,,,\n"  # row 5: malformed month
        "81,2021-10,mungkin,5,,\n",  # row 6: bad flag, partial counts
    )
    err = _import_fails("evaluations", path)
    assert "baris 3, kolom laporan_selesai: tidak boleh lebih dari laporan ditindaklanjuti." in err
    assert "baris 4, kolom kode_instansi: instansi 9999 tidak dikenal." in err
    assert "baris 5, kolom periode:" in err and "13" in err
    assert "baris 6, kolom akun_aktif:" in err
    assert "baris 2" not in err
    assert MonthlyEvaluation.objects.count() == 0
    assert Period.objects.count() == 0


def test_command_exits_with_status_one_on_a_bad_file(tmp_path):
    # A real process, to see the exit status; a header error needs no data in the database.
    path = _write(tmp_path, "bad.csv", "kode_instansi,periode\n81,2021-09\n")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_lapor", "evaluations", str(path)],
        capture_output=True,
        text=True,
        env={"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "PATH": "/usr/bin:/bin"},
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "baris 1, kolom akun_aktif: kolom wajib tidak ada." in result.stderr
    assert "Traceback" not in result.stderr


def test_duplicate_rows_in_one_file_are_rejected(maluku, tmp_path):
    path = _write(tmp_path, "dup.csv", f"{EVALUATIONS_HEADER}\n81,2021-09,ya,,,\n81,2021-09,tidak,,,\n")
    err = _import_fails("evaluations", path)
    assert "baris 3, kolom kode_instansi: duplikat dari baris 2." in err


def test_published_month_refuses_imports(maluku, tmp_path):
    make_period(date(2021, 9, 1), status=PeriodStatus.PUBLISHED)
    err = _import_fails("evaluations", _write(tmp_path, "p.csv", f"{EVALUATIONS_HEADER}\n81,2021-09,ya,,,\n"))
    assert "sudah dipublikasikan" in err
    assert MonthlyEvaluation.objects.count() == 0


def test_agency_outside_its_validity_is_rejected(maluku, tmp_path):
    Agency.objects.filter(code="8102").update(valid_from=date(2022, 1, 1))
    err = _import_fails(
        "evaluations", _write(tmp_path, "v.csv", f"{EVALUATIONS_HEADER}\n8102,2021-09,ya,,,\n")
    )
    assert "baris 2, kolom periode: instansi 8102 tidak ada" in err


def test_missing_and_extra_columns_are_reported_on_row_one(maluku, tmp_path):
    err = _import_fails(
        "evaluations", _write(tmp_path, "h.csv", "kode_instansi,periode,akun,catatan\n81,2021-09,ya,x\n")
    )
    assert "baris 1, kolom akun_aktif: kolom wajib tidak ada." in err
    assert "baris 1, kolom catatan: kolom tidak dikenal" in err


def test_non_utf8_and_fake_xlsx_are_refused(maluku, tmp_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes(f"{EVALUATIONS_HEADER}\n81,2021-09,ya,,,\n".replace("ya", "sí").encode("latin-1"))
    assert "bukan UTF-8" in _import_fails("evaluations", latin)
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"this is not a spreadsheet")
    assert "bukan XLSX" in _import_fails("evaluations", fake)


def test_xlsx_evaluations_are_imported_like_csv(maluku, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(EVALUATIONS_HEADER.split(","))
    sheet.append(["81", "2021-09", "ya", 10, 6, 3])
    sheet.append([8101, date(2021, 9, 1), "tidak", None, None, None])  # numeric code, date cell
    path = tmp_path / "sep.xlsx"
    workbook.save(path)
    out, _err = _import("evaluations", path)
    assert "2 baru" in out
    assert MonthlyEvaluation.objects.get(agency__code="81").received == 10
    assert MonthlyEvaluation.objects.get(agency__code="8101").month == date(2021, 9, 1)
    out, _err = _import("evaluations", path)
    assert "2 tetap" in out


def test_bad_xlsx_saves_nothing(maluku, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(EVALUATIONS_HEADER.split(","))
    sheet.append(["81", "2021-09", "ya", 10, 6, 3])
    sheet.append(["8101", "2021-09", "ya", 5.5, 1, 0])
    path = tmp_path / "bad.xlsx"
    workbook.save(path)
    err = _import_fails("evaluations", path)
    assert "baris 3, kolom laporan_diterima: harus bilangan bulat" in err
    assert MonthlyEvaluation.objects.count() == 0


def test_agencies_import_checks_codes_and_provinces(db, tmp_path):
    make_province()
    path = _write(
        tmp_path,
        "ag.csv",
        "kode,nama,jenis,kode_provinsi\n"
        "81,Pemerintah Provinsi Maluku,provinsi,81\n"
        "8171,Kota Ambon,kota,81\n"
        "ORI-MALUKU,Perwakilan Ombudsman Maluku,lainnya,81\n",
    )
    out, _err = _import("agencies", path)
    assert "3 baru" in out
    assert Agency.objects.get(code="8171").kind == "kota"
    assert Agency.objects.get(code="8171").valid_from is None
    assert "3 tetap" in _import("agencies", path)[0]

    bad = _write(
        tmp_path,
        "bad.csv",
        "kode,nama,jenis,kode_provinsi\n"
        "8201,Kabupaten Halmahera Barat,kabupaten,82\n"  # unknown province (only 81 loaded)
        "8101,Kabupaten Maluku Tengah,kota,81\n"  # a kota code must end 71–99
        '8102,=HYPERLINK("x"),kabupaten,81\n'  # formula
        "8103,Kabupaten X,desa,81\n",  # unknown kind
    )
    err = _import_fails("agencies", bad)
    assert "baris 2, kolom kode_provinsi: provinsi 82 tidak dikenal." in err
    assert "baris 3, kolom kode: kode kota berakhir 71–99." in err
    assert "baris 4, kolom nama:" in err
    assert "baris 5, kolom jenis:" in err
    assert Agency.objects.count() == 3


def test_decrees_import_matches_on_agency_and_number(maluku, tmp_path):
    path = _write(
        tmp_path,
        "sk.csv",
        "kode_instansi,nomor_sk,tanggal_sk,berlaku_sampai\n"
        "81,188/SK/2020,2020-03-01,\n"
        "8101,12/2019,2019-05-02,2021-05-01\n",
    )
    assert "2 baru" in _import("decrees", path)[0]
    assert "2 tetap" in _import("decrees", path)[0]
    assert Decree.objects.get(number="12/2019").valid_until == date(2021, 5, 1)
    bad = _write(
        tmp_path,
        "bad.csv",
        "kode_instansi,nomor_sk,tanggal_sk,berlaku_sampai\n"
        "81,1/2021,2021-02-30,\n"
        "8101,2/2021,2021-02-01,2021-01-01\n"
        "77,3/2021,2021-02-01,\n",
    )
    err = _import_fails("decrees", bad)
    assert "baris 2, kolom tanggal_sk: tanggal 2021-02-30 tidak ada di kalender." in err
    assert "baris 3, kolom berlaku_sampai: tidak boleh sebelum tanggal SK." in err
    assert "baris 4, kolom kode_instansi: instansi 77 tidak dikenal." in err
    assert Decree.objects.count() == 2


def test_imports_record_history(maluku, tmp_path):
    _import("evaluations", _write(tmp_path, "a.csv", f"{EVALUATIONS_HEADER}\n81,2021-09,ya,10,6,3\n"))
    _import("evaluations", _write(tmp_path, "b.csv", f"{EVALUATIONS_HEADER}\n81,2021-09,ya,10,8,5\n"))
    history = MonthlyEvaluation.history.order_by("history_date")
    assert [h.history_type for h in history] == ["+", "~"]
    assert history.last().completed == 5
