"""The `import_lapor` command itself: its exit status, and the files it refuses before reading."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from evaluations.models import MonthlyEvaluation, Period
from tests.helpers import EVALUATIONS_HEADER, import_fails, write_file


def test_command_exits_with_status_one_on_a_bad_file(tmp_path):
    # A real process, to see the exit status; a header error needs no data in the database.
    path = write_file(tmp_path, "bad.csv", "kode_instansi,periode\n81,2021-09\n")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_lapor", "evaluations", str(path)],
        capture_output=True,
        text=True,
        env={"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "PATH": "/usr/bin:/bin"},
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "baris 1, kolom akun_aktif: kolom wajib tidak ada." in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_over_ten_megabytes_is_refused(province_with_three_agencies, tmp_path):
    row = "8101,2021-09,ya,1,1,1\n"
    content = (f"{EVALUATIONS_HEADER}\n" + row * (11 * 1024 * 1024 // len(row))).encode()
    path = tmp_path / "besar.csv"
    path.write_bytes(content)
    assert "lebih dari 10 MB" in import_fails("evaluations", path)
    assert MonthlyEvaluation.objects.count() == 0 and Period.objects.count() == 0


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="tidak dapat dibaca"):
        call_command("import_lapor", "evaluations", str(tmp_path / "tidak-ada.csv"))


def test_dry_run_lists_each_change_with_old_and_new_values(reference_data, tmp_path):
    """`--dry-run` shows what would change, row by row, and saves nothing."""
    from datetime import date
    from io import StringIO

    from django.core.management import call_command

    from agencies.models import Agency
    from evaluations.models import MonthlyEvaluation
    from tests.factories import make_evaluation

    make_evaluation(
        Agency.objects.get(code="8171"),
        date(2020, 10, 1),
        active=False,
        received=4,
        followed_up=2,
        completed=1,
    )
    path = tmp_path / "okt.csv"
    path.write_text(
        "kode_instansi,periode,akun_aktif,laporan_diterima,laporan_ditindaklanjuti,laporan_selesai\n"
        "8171,2020-10,ya,5,2,1\n"
        "8172,2020-10,tidak,,,\n"
    )
    out = StringIO()
    call_command("import_lapor", "evaluations", str(path), "--dry-run", stdout=out)
    text = out.getvalue()
    assert "baris 2, 8171 / 2020-10 (diubah): akun aktif: tidak → ya; laporan diterima: 4 → 5" in text
    assert "baris 3, 8172 / 2020-10 (baru):" in text
    assert "1 baru, 1 diubah, 0 tetap (akan disimpan)" in text
    assert MonthlyEvaluation.objects.get(agency__code="8171", month=date(2020, 10, 1)).received == 4
    assert not MonthlyEvaluation.objects.filter(agency__code="8172", month=date(2020, 10, 1)).exists()


# Issue 14: the messy spreadsheet and the template, through the command.


def _run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_lapor", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_messy_spreadsheet_goes_in_with_one_command(reference_data, tmp_path):
    from datetime import date

    from tests.helpers import messy_evaluations_xlsx

    path = tmp_path / "rekap oktober.xlsx"
    path.write_bytes(messy_evaluations_xlsx())
    out = _run("evaluations", str(path))
    assert "peringatan: baris 1–2 di atas judul kolom dilewati (judul kolom di baris 3)." in out
    assert "peringatan: kolom 'Keterangan' tidak dikenal dan diabaikan." in out
    assert "rekap oktober.xlsx: 4 baru, 0 diubah, 0 tetap (sudah disimpan)." in out
    ambon = MonthlyEvaluation.objects.get(agency__code="8171", month=date(2020, 10, 1))
    assert (ambon.account_active, ambon.received, ambon.followed_up, ambon.completed) == (
        True,
        1234,
        1000,
        850,
    )
    assert "0 baru, 0 diubah, 4 tetap" in _run("evaluations", str(path))


def test_a_messy_decree_sheet_with_day_first_dates(reference_data, tmp_path):
    from datetime import date

    from openpyxl import Workbook

    from agencies.models import Decree

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Daftar SK Pengelola SP4N-LAPOR! Maluku"])
    sheet.append(["Kode Instansi", "Nomor SK", "Tanggal SK", "Berlaku Sampai", "Keterangan"])
    sheet.append(["8172", "100/SK/XI/2020", "29/11/2020", "", "SK baru"])
    sheet.append([8101, "7/2020", date(2020, 2, 3), "31-12-2022", None])
    path = tmp_path / "sk.xlsx"
    workbook.save(path)
    out = _run("decrees", str(path))
    assert "2 baru" in out
    assert Decree.objects.get(number="100/SK/XI/2020").issued_on == date(2020, 11, 29)
    assert Decree.objects.get(number="7/2020").valid_until == date(2022, 12, 31)


def test_the_template_round_trip_through_the_command(reference_data, tmp_path):
    from datetime import date

    from openpyxl import load_workbook

    from tests.helpers import fill_template

    target = tmp_path / "templat.xlsx"
    # Options before the file, as the contract writes it.
    out = _run("template", "evaluations", "--provinsi", "81", "--periode", "2020-10", str(target))
    assert f"{target}: templat evaluations dengan 12 baris terisi kode instansi." in out
    sheet = load_workbook(target).worksheets[0]
    assert (
        sheet["A1"].value == "Kode Instansi" and sheet["A2"].value == "81" and sheet["C2"].value == "2020-10"
    )
    filled = tmp_path / "terisi.xlsx"
    filled.write_bytes(
        fill_template(target.read_bytes(), {"81": ("Aktif", 7, 5, 2), "8101": ("Belum aktif",)})
    )
    out = _run("evaluations", str(filled), "--dry-run")
    assert "peringatan: 10 baris belum diisi" in out
    assert "baris 2, 81 / 2020-10 (baru):" in out
    assert "2 baru, 0 diubah, 0 tetap (akan disimpan)" in out
    assert "2 baru" in _run("evaluations", str(filled))
    saved = MonthlyEvaluation.objects.get(agency__code="81", month=date(2020, 10, 1))
    assert (saved.account_active, saved.received, saved.followed_up, saved.completed) == (True, 7, 5, 2)


def test_template_arguments_are_checked(reference_data, tmp_path):
    with pytest.raises(CommandError, match="provinsi 99 tidak dikenal"):
        _run("template", "evaluations", str(tmp_path / "t.xlsx"), "--provinsi", "99", "--periode", "2020-10")
    with pytest.raises(CommandError, match="memerlukan periode"):
        _run("template", "evaluations", str(tmp_path / "t.xlsx"), "--provinsi", "81")
    with pytest.raises(CommandError, match="gunakan: import_lapor template JENIS"):
        _run("template", "semua", str(tmp_path / "t.xlsx"))
    with pytest.raises(CommandError, match="hanya untuk template"):
        _run("evaluations", str(tmp_path / "t.xlsx"), "--provinsi", "81")
