"""The CSV and XLSX downloads of the dashboard's tables (`web/exports.py`)."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from agencies.models import Agency
from tests.factories import make_evaluation

# Every test reads the reference data: loaded once for the module.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_reference_data")]


def _csv_rows(response, delimiter=";"):
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")  # Excel reads the file as UTF-8
    return list(csv.reader(io.StringIO(content[1:]), delimiter=delimiter))


def test_csv_export_contains_the_rows(reference_data, viewer_client):
    response = viewer_client.get("/provinsi/81/", {"periode": "2020-09", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="lapor-81-2020-09.csv"'
    rows = _csv_rows(response)  # `;`: what Excel expects with Indonesian settings
    assert rows[0][:6] == ["Kode", "Instansi", "SK", "Nomor SK", "Tanggal SK", "Akun"]
    assert len(rows) == 13
    # The page's words, the SK's number and date.
    assert rows[-2][:6] == ["8171", "Kota Ambon", "Ada", "2018/SK-LAPOR/8171", "2018-11-26", "Belum aktif"]


def test_csv_export_in_english_uses_commas(reference_data, viewer_client):
    viewer_client.cookies["django_language"] = "en"
    rows = _csv_rows(viewer_client.get("/provinsi/81/", {"periode": "2020-09", "export": "csv"}), ",")
    assert len(rows[0]) > 6  # split on commas: one column per field


def test_national_csv_gives_completeness_and_figures_as_numbers(reference_data, viewer_client):
    rows = _csv_rows(viewer_client.get("/", {"periode": "2020-09", "export": "csv"}))
    header = rows[0]
    maluku = dict(zip(header, next(row for row in rows if row[0] == "81"), strict=True))
    assert maluku["SK (%)"] == "42"
    assert maluku["SK (jumlah IP)"] == "5" and maluku["SK (dari IP)"] == "12"
    assert maluku["IP diisi"] == "12" and maluku["IP seluruhnya"] == "12"
    aceh = dict(zip(header, next(row for row in rows if row[0] == "11"), strict=True))
    assert aceh["Status"] == "Belum dievaluasi" and aceh["SK (%)"] == ""


def test_exports_neutralise_formula_cells(reference_data, staff_client):
    # A draft month reads the register as it is (a published one reads its snapshot).
    make_evaluation(Agency.objects.get(code="8171"), date(2020, 10, 1), active=True)
    Agency.objects.filter(code="8171").update(name='=HYPERLINK("http://x","klik")')
    Agency.objects.filter(code="8172").update(name="@SUM(1)")
    viewer_client = staff_client
    response = viewer_client.get("/provinsi/81/", {"periode": "2020-10", "export": "csv"})
    names = [row[1] for row in _csv_rows(response)]
    assert '\'=HYPERLINK("http://x","klik")' in names
    assert "'@SUM(1)" in names
    xlsx = viewer_client.get("/provinsi/81/", {"periode": "2020-10", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    values = [cell.value for cell in sheet["B"]]
    assert '\'=HYPERLINK("http://x","klik")' in values
    assert all(not (isinstance(v, str) and v.startswith("=")) for v in values)


def test_xlsx_export_of_provinces_opens_with_definitions(reference_data, viewer_client):
    response = viewer_client.get("/", {"periode": "2020-09", "export": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    data, notes = workbook.worksheets
    assert data.max_row == 35  # header + 34 provinces
    header = [cell.value for cell in data[1]]
    maluku_row = next(row for row in data.iter_rows(min_row=2) if row[0].value == "81")
    maluku = dict(zip(header, maluku_row, strict=True))
    assert (maluku["Provinsi"].value, maluku["IP"].value) == ("Maluku", 12)
    # A percentage is a number shown with a % format, not text.
    assert maluku["SK (%)"].value == pytest.approx(0.42) and maluku["SK (%)"].number_format == "0%"
    assert data.auto_filter.ref == f"A1:{data.cell(1, len(header)).column_letter}35"
    assert data.freeze_panes == "A2"
    assert data.column_dimensions["B"].width >= 20
    assert any("Keterhubungan berdasarkan kepemilikan SK" in (c.value or "") for c in notes["A"])
