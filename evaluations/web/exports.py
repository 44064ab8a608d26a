"""CSV and XLSX exports of the dashboard's tables, made to open right in Excel and safe
against formula injection.

Each table names its export columns (`ExportColumn`: a header, how to read the value from a
row, and its kind). The rows come in the table's order (its sorting applies). CSV: UTF-8 with
a BOM, `;`-separated when the interface is Indonesian (what Excel expects with Indonesian
regional settings; `,` in English), numbers as plain numbers. XLSX: percentages as numbers
with a `%` format, counts as integers, dates as dates, column widths, a frozen header and an
autofilter, and the definitions on a second sheet.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lapor_monitor.spreadsheets import neutralise

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TEXT, INTEGER, PERCENT, DATE = "text", "integer", "percent", "date"


@dataclass(frozen=True)
class ExportColumn:
    header: str
    value: Callable[[dict], object]
    kind: str = TEXT
    width: int = 12


def csv_delimiter() -> str:
    return ";" if (get_language() or "id").startswith("id") else ","


def table_response(table, export_format: str, filename: str, notes: list[str]) -> HttpResponse:
    """The table's rows, in its order, as a CSV or XLSX download."""
    columns = table.export_columns()
    records = [row.record for row in table.rows]
    values = [[column.value(record) for column in columns] for record in records]
    content = _csv(columns, values) if export_format == "csv" else _xlsx(columns, values, notes)
    response = HttpResponse(content, content_type=CONTENT_TYPES[export_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response


def _csv(columns: list[ExportColumn], values: list[list]) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=csv_delimiter())
    writer.writerow([column.header for column in columns])
    for row in values:
        writer.writerow(["" if value is None else neutralise(_plain(value)) for value in row])
    return buffer.getvalue()


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value


def _xlsx(columns: list[ExportColumn], values: list[list], notes: list[str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Data")[:31]
    sheet.append([column.header for column in columns])
    for row in values:
        sheet.append([_cell(value, column) for value, column in zip(row, columns, strict=True)])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(column.width, len(column.header) + 2)
        number_format = {PERCENT: "0%", INTEGER: "#,##0", DATE: "dd/mm/yyyy"}.get(column.kind)
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = number_format
    sheet.freeze_panes = "A2"
    if values:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(values) + 1}"
    definitions = workbook.create_sheet(_("Definisi")[:31])
    definitions.append([_("Catatan")])
    for note in notes:
        definitions.append([neutralise(note)])
    definitions.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(value, column: ExportColumn):
    if value is None:
        return None
    if column.kind == PERCENT:
        return value / 100
    return neutralise(value)
