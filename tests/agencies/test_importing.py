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


# A forgiving reader: spreadsheets as civil servants make them.


def _table(name: str, content: bytes, kind: str = "evaluations"):
    from evaluations.entry.importing import IMPORTERS

    return IMPORTERS[kind].read(name, content)


def test_the_header_is_found_below_title_rows_and_labels_are_normalised():
    text = (
        "Rekap evaluasi SP4N-LAPOR! Provinsi Maluku,,,,,\n"
        ",,,,,\n"
        "Kode Instansi,PERIODE,Akun  Aktif,laporan-diterima,Laporan Ditindaklanjuti,"
        "LAPORAN_SELESAI,Keterangan\n"
        "8101,2021-09,Aktif,10,6,3,baik\n"
    )
    table = _table("x.csv", text.encode())
    assert table.header_row == 3
    assert [row.number for row in table] == [4]
    assert table[0].values == {
        "kode_instansi": "8101",
        "periode": "2021-09",
        "akun_aktif": "Aktif",
        "laporan_diterima": "10",
        "laporan_ditindaklanjuti": "6",
        "laporan_selesai": "3",
    }
    assert table.warnings == [
        "baris 1–2 di atas judul kolom dilewati (judul kolom di baris 3).",
        "kolom 'Keterangan' tidak dikenal dan diabaikan.",
    ]


@pytest.mark.parametrize(
    ("content", "warning"),
    [
        (
            b"kode_instansi;periode;akun_aktif;laporan_diterima;laporan_ditindaklanjuti;laporan_selesai\n"
            b"8101;2021-09;ya;1.234;6;3\n",
            "pemisah kolom: titik koma.",
        ),
        (
            b"kode_instansi\tperiode\takun_aktif\tlaporan_diterima\tlaporan_ditindaklanjuti\tlaporan_selesai\n"
            b"8101\t2021-09\tya\t1.234\t6\t3\n",
            "pemisah kolom: tab.",
        ),
        (
            "\ufeffKode Instansi,Periode,Akun Aktif,Laporan Diterima,Laporan Ditindaklanjuti,"
            "Laporan Selesai\n"
            "8101,2021-09,ya,1.234,6,3\n".encode(),
            None,
        ),
    ],
)
def test_separators_and_a_bom_are_detected(content, warning):
    table = _table("x.csv", content)
    assert table[0].values["laporan_diterima"] == "1.234"
    assert table.warnings == ([warning] if warning else [])


def test_a_misspelt_column_is_named_with_a_suggestion(province_with_three_agencies, tmp_path):
    err = import_fails(
        "evaluations",
        write_file(
            tmp_path,
            "h.csv",
            "Kode Instansi,Periode,Akun Aktf,Laporan Diterima,Laporan Ditindaklanjuti,Laporan Selesai\n"
            "81,2021-09,ya,,,\n",
        ),
    )
    assert "baris 1, kolom Akun Aktf: kolom 'Akun Aktf' tidak dikenal; maksud Anda 'Akun Aktif'?" in err
    assert "kolom wajib tidak ada" not in err


@pytest.mark.parametrize(
    ("active", "expected"),
    [
        ("ya", True),
        ("YA", True),
        ("1", True),
        ("true", True),
        ("Aktif", True),
        ("AKTIF", True),
        ("tidak", False),
        ("0", False),
        ("False", False),
        ("Belum aktif", False),
        ("belum  AKTIF", False),
        ("Tidak Aktif", False),
    ],
)
def test_account_activity_words(province_with_three_agencies, tmp_path, active, expected):
    run_import(
        "evaluations", write_file(tmp_path, "a.csv", f"{EVALUATIONS_HEADER}\n8101,2021-09,{active},,,\n")
    )
    assert MonthlyEvaluation.objects.get().account_active is expected


@pytest.mark.parametrize(
    "month", ["2021-09", "09/2021", "9/2021", "September 2021", "september 2021", "Sep 2021", "30/09/2021"]
)
def test_month_forms(province_with_three_agencies, tmp_path, month):
    run_import("evaluations", write_file(tmp_path, "a.csv", f"{EVALUATIONS_HEADER}\n8101,{month},ya,,,\n"))
    assert MonthlyEvaluation.objects.get().month == date(2021, 9, 1)


@pytest.mark.parametrize(
    ("cell", "expected"), [("1.234", 1234), (" 12 ", 12), ("12.345.678", 12345678), ("0", 0)]
)
def test_counts_stored_as_text(province_with_three_agencies, tmp_path, cell, expected):
    run_import(
        "evaluations",
        write_file(tmp_path, "a.csv", f'{EVALUATIONS_HEADER}\n8101,2021-09,ya,"{cell}",0,0\n'),
    )
    assert MonthlyEvaluation.objects.get().received == expected


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ('"1,234"', "1,234 dapat dibaca dua cara (koma sebagai pemisah ribuan atau desimal)"),
        ("1.23", "harus bilangan bulat 0 atau lebih, bukan 1.23"),
        ("1o", "harus bilangan bulat 0 atau lebih, bukan 1o"),
    ],
)
@pytest.mark.usefixtures("province_with_three_agencies")
def test_ambiguous_or_bad_counts_are_refused_saying_why(tmp_path, cell, message):
    err = import_fails(
        "evaluations", write_file(tmp_path, "a.csv", f"{EVALUATIONS_HEADER}\n8101,2021-09,ya,{cell},0,0\n")
    )
    assert f"baris 2, kolom laporan_diterima: {message}" in err


@pytest.mark.usefixtures("province_with_three_agencies")
def test_a_decimal_number_cell_that_looks_like_thousands_is_refused_saying_so(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(EVALUATIONS_HEADER.split(","))
    workbook.active.append(["8101", "2021-09", "ya", 1.234, 0, 0])
    path = tmp_path / "a.xlsx"
    workbook.save(path)
    err = import_fails("evaluations", path)
    assert "baris 2, kolom laporan_diterima: sel berisi angka desimal 1.234" in err
    assert "tulis 1234 tanpa titik" in err


def test_decree_dates_day_first_and_date_cells(province_with_three_agencies, tmp_path):
    path = write_file(
        tmp_path,
        "sk.csv",
        "Kode Instansi;Nomor SK;Tanggal SK;Berlaku Sampai\n"
        "81;188/SK/2020;01/03/2020;\n"
        "8101;12/2019;02-05-2019;1/5/2021\n",
    )
    out, _err = run_import("decrees", path)
    assert "2 baru" in out and "peringatan: pemisah kolom: titik koma." in out
    assert Decree.objects.get(number="188/SK/2020").issued_on == date(2020, 3, 1)
    assert Decree.objects.get(number="12/2019").valid_until == date(2021, 5, 1)


def test_agencies_by_indonesian_labels_in_windows_1252(db, tmp_path):
    make_province()
    path = tmp_path / "ip.csv"
    path.write_bytes("Kode;Nama;Jenis;Kode Provinsi\n8171;Kota Ambon – Café;Kota;81\n".encode("cp1252"))
    out, _err = run_import("agencies", path)
    assert "1 baru" in out and "dibaca sebagai Windows-1252" in out
    assert Agency.objects.get(code="8171").name == "Kota Ambon – Café"
