"""Malformed spreadsheets: a clear message, exit status 1, nothing saved."""

import io

import pytest
from django.core.management import CommandError, call_command

from agencies.models import Agency, Decree
from evaluations.models import MonthlyEvaluation, Period
from tests.factories import make_agencies, make_province

pytestmark = pytest.mark.django_db

HEADER = "kode_instansi,periode,akun_aktif,laporan_diterima,laporan_ditindaklanjuti,laporan_selesai\n"


@pytest.fixture(autouse=True)
def maluku(db):
    make_agencies(make_province(), 3)


def _fails(tmp_path, name: str, content: bytes, kind: str = "evaluations") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    err = io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_lapor", kind, str(path), stdout=io.StringIO(), stderr=err)
    assert failure.value.returncode == 1
    assert MonthlyEvaluation.objects.count() == 0 and Period.objects.count() == 0
    assert Decree.objects.count() == 0 and Agency.objects.count() == 3
    return err.getvalue() + str(failure.value)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("81,2021-09,ya,-1,0,0", "baris 2, kolom laporan_diterima: harus bilangan bulat 0 atau lebih"),
        ("81,2021-09,ya,99999999999,0,0", "baris 2, kolom laporan_diterima: angka 99999999999 terlalu besar"),
        ("81,2021-09,ya,1e3,0,0", "baris 2, kolom laporan_diterima: harus bilangan bulat"),
        ("81,2021-09,ya,=1+1,0,0", "baris 2, kolom laporan_diterima: harus bilangan bulat"),
        ('=HYPERLINK("http://x"),2021-09,ya,,,', "baris 2, kolom kode_instansi: nilai tidak boleh diawali"),
        ("81,2021-02-30,ya,,,", "baris 2, kolom periode:"),
        ("81,,ya,,,", "baris 2, kolom periode: wajib diisi"),
        ("81,2021-09,ya,,,,extra", "baris 2, kolom -: baris berisi lebih banyak sel"),
    ],
)
def test_bad_cells_are_named(tmp_path, row, message):
    # A good row first: one bad row is enough for nothing to be saved.
    assert message.replace("baris 2", "baris 3") in _fails(
        tmp_path, "bad.csv", (HEADER + "8101,2021-09,ya,,,\n" + row + "\n").encode()
    )


def test_a_file_over_ten_megabytes_is_refused(tmp_path):
    row = "8101,2021-09,ya,1,1,1\n"
    content = (HEADER + row * (11 * 1024 * 1024 // len(row))).encode()
    assert "lebih dari 10 MB" in _fails(tmp_path, "besar.csv", content)


def test_a_binary_file_renamed_csv_or_xlsx_is_refused(tmp_path):
    assert "bukan XLSX" in _fails(tmp_path, "gambar.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert "bukan UTF-8" in _fails(tmp_path, "gambar.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))


def test_utf16_is_refused_with_advice(tmp_path):
    assert "simpan ulang sebagai CSV UTF-8" in _fails(
        tmp_path, "utf16.csv", (HEADER + "81,2021-09,ya,,,\n").encode("utf-16")
    )


def test_empty_file_and_wrong_extension(tmp_path):
    assert "berkas kosong" in _fails(tmp_path, "kosong.csv", b"")
    assert "harus .csv atau .xlsx" in _fails(tmp_path, "data.txt", (HEADER + "81,2021-09,ya,,,\n").encode())


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="tidak dapat dibaca"):
        call_command("import_lapor", "evaluations", str(tmp_path / "tidak-ada.csv"))
