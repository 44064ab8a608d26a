"""The reader and validator every import goes through (`agencies/importing.py`: files, header,
cells) and the agencies and decrees importers, through the `import_lapor` command. A malformed
spreadsheet: a clear message, exit status 1, nothing saved."""

from datetime import date

import pytest

from agencies.models import Agency, Decree
from evaluations.models import MonthlyEvaluation, Period
from tests.factories import make_province
from tests.helpers import EVALUATIONS_HEADER, import_fails, run_import, write_file

pytestmark = pytest.mark.django_db


def _fails(tmp_path, name: str, content: bytes, kind: str = "evaluations") -> str:
    path = tmp_path / name
    path.write_bytes(content)
    messages = import_fails(kind, path)
    assert MonthlyEvaluation.objects.count() == 0 and Period.objects.count() == 0
    assert Decree.objects.count() == 0 and Agency.objects.count() == 3
    return messages


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
@pytest.mark.usefixtures("province_with_three_agencies")
def test_bad_cells_are_named(tmp_path, row, message):
    # A good row first: one bad row is enough for nothing to be saved.
    assert message.replace("baris 2", "baris 3") in _fails(
        tmp_path, "bad.csv", (f"{EVALUATIONS_HEADER}\n8101,2021-09,ya,,,\n" + row + "\n").encode()
    )


@pytest.mark.usefixtures("province_with_three_agencies")
def test_a_binary_file_renamed_csv_or_xlsx_is_refused(tmp_path):
    assert "bukan XLSX" in _fails(tmp_path, "gambar.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert "bukan UTF-8" in _fails(tmp_path, "gambar.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))


@pytest.mark.usefixtures("province_with_three_agencies")
def test_utf16_is_refused_with_advice(tmp_path):
    assert "simpan ulang sebagai CSV UTF-8" in _fails(
        tmp_path, "utf16.csv", (f"{EVALUATIONS_HEADER}\n81,2021-09,ya,,,\n").encode("utf-16")
    )


@pytest.mark.usefixtures("province_with_three_agencies")
def test_empty_file_and_wrong_extension(tmp_path):
    assert "berkas kosong" in _fails(tmp_path, "kosong.csv", b"")
    assert "harus .csv atau .xlsx" in _fails(
        tmp_path, "data.txt", (f"{EVALUATIONS_HEADER}\n81,2021-09,ya,,,\n").encode()
    )


def test_missing_and_extra_columns_are_reported_on_row_one(province_with_three_agencies, tmp_path):
    err = import_fails(
        "evaluations", write_file(tmp_path, "h.csv", "kode_instansi,periode,akun,catatan\n81,2021-09,ya,x\n")
    )
    # `akun` is close to `akun_aktif`: named, with the label meant.
    assert "baris 1, kolom akun: kolom 'akun' tidak dikenal; maksud Anda 'Akun Aktif'?" in err
    assert "baris 1, kolom laporan_diterima: kolom wajib tidak ada." in err
    # An extra column is ignored with a warning, not an error.
    assert "peringatan: kolom 'catatan' tidak dikenal dan diabaikan." in err


def test_windows_1252_is_read_and_fake_xlsx_is_refused(province_with_three_agencies, tmp_path):
    latin = tmp_path / "latin.csv"
    latin.write_bytes(f"{EVALUATIONS_HEADER}\n81,2021-09,ya,,,\n".replace("ya", "sí").encode("cp1252"))
    err = import_fails("evaluations", latin)
    assert "dibaca sebagai Windows-1252" in err
    assert "baris 2, kolom akun_aktif: isi ya atau tidak" in err
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"this is not a spreadsheet")
    assert "bukan XLSX" in import_fails("evaluations", fake)


def test_agencies_import_checks_codes_and_provinces(db, tmp_path):
    make_province()
    path = write_file(
        tmp_path,
        "ag.csv",
        "kode,nama,jenis,kode_provinsi\n"
        "81,Pemerintah Provinsi Maluku,provinsi,81\n"
        "8171,Kota Ambon,kota,81\n"
        "ORI-MALUKU,Perwakilan Ombudsman Maluku,lainnya,81\n",
    )
    out, _err = run_import("agencies", path)
    assert "3 baru" in out
    assert Agency.objects.get(code="8171").kind == "kota"
    assert Agency.objects.get(code="8171").valid_from is None
    assert "3 tetap" in run_import("agencies", path)[0]

    bad = write_file(
        tmp_path,
        "bad.csv",
        "kode,nama,jenis,kode_provinsi\n"
        "8201,Kabupaten Halmahera Barat,kabupaten,82\n"  # unknown province (only 81 loaded)
        "8101,Kabupaten Maluku Tengah,kota,81\n"  # a kota code must end 71–99
        '8102,=HYPERLINK("x"),kabupaten,81\n'  # formula
        "8103,Kabupaten X,desa,81\n",  # unknown kind
    )
    err = import_fails("agencies", bad)
    assert "baris 2, kolom kode_provinsi: provinsi 82 tidak dikenal." in err
    assert "baris 3, kolom kode: kode kota berakhir 71–99." in err
    assert "baris 4, kolom nama:" in err
    assert "baris 5, kolom jenis:" in err
    assert Agency.objects.count() == 3


def test_decrees_import_matches_on_agency_and_number(province_with_three_agencies, tmp_path):
    path = write_file(
        tmp_path,
        "sk.csv",
        "kode_instansi,nomor_sk,tanggal_sk,berlaku_sampai\n"
        "81,188/SK/2020,2020-03-01,\n"
        "8101,12/2019,2019-05-02,2021-05-01\n",
    )
    assert "2 baru" in run_import("decrees", path)[0]
    assert "2 tetap" in run_import("decrees", path)[0]
    assert Decree.objects.get(number="12/2019").valid_until == date(2021, 5, 1)
    bad = write_file(
        tmp_path,
        "bad.csv",
        "kode_instansi,nomor_sk,tanggal_sk,berlaku_sampai\n"
        "81,1/2021,2021-02-30,\n"
        "8101,2/2021,2021-02-01,2021-01-01\n"
        "77,3/2021,2021-02-01,\n",
    )
    err = import_fails("decrees", bad)
    assert "baris 2, kolom tanggal_sk: tanggal 2021-02-30 tidak ada di kalender." in err
    assert "baris 3, kolom berlaku_sampai: tidak boleh sebelum tanggal SK." in err
    assert "baris 4, kolom kode_instansi: instansi 77 tidak dikenal." in err
    assert Decree.objects.count() == 2
