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


def test_csv_export_contains_the_rows(reference_data, viewer_client):
    response = viewer_client.get("/provinsi/81/", {"periode": "2020-09", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="lapor-81-2020-09.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Kode", "Instansi", "SK"]
    assert len(rows) == 13
    assert rows[-2][:4] == ["8171", "Kota Ambon", "2018/SK-LAPOR/8171", "tidak"]


def test_exports_neutralise_formula_cells(reference_data, staff_client):
    # A draft month reads the register as it is (a published one reads its snapshot).
    make_evaluation(Agency.objects.get(code="8171"), date(2020, 10, 1), active=True)
    Agency.objects.filter(code="8171").update(name='=HYPERLINK("http://x","klik")')
    Agency.objects.filter(code="8172").update(name="@SUM(1)")
    viewer_client = staff_client
    response = viewer_client.get("/provinsi/81/", {"periode": "2020-10", "export": "csv"})
    names = [row[1] for row in csv.reader(io.StringIO(response.content.decode()))]
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
    maluku = next(row for row in data.iter_rows(values_only=True) if row[0] == "81")
    assert maluku[1:4] == ("Maluku", 12, 42)
    assert any("Keterhubungan berdasarkan kepemilikan SK" in (c.value or "") for c in notes["A"])
