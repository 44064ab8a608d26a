"""CSV and XLSX exports of tables, safe against formula injection."""

import tablib
from django.http import HttpResponse
from django.utils.translation import gettext as _

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise(value):
    """Text that a spreadsheet would evaluate gets a leading apostrophe; numbers stay numbers.

    >>> neutralise("=1+1"), neutralise("-x"), neutralise(-5), neutralise("Maluku")
    ("'=1+1", "'-x", -5, 'Maluku')
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def table_response(table, export_format: str, filename: str, notes: list[str]) -> HttpResponse:
    """The table's values as a CSV or XLSX download.

    In XLSX, `notes` (the indicators' definitions, the month's state) are a second sheet;
    the CSV holds the table alone so that it reads back as plain rows.
    """
    rows = [[neutralise(cell) for cell in row] for row in table.as_values()]
    data = tablib.Dataset(*rows[1:], headers=rows[0], title=_("Data")[:31])
    if export_format == "csv":
        content = data.export("csv")
    else:
        definitions = tablib.Dataset(*[[neutralise(note)] for note in notes], headers=[_("Catatan")])
        definitions.title = _("Definisi")[:31]
        content = tablib.Databook([data, definitions]).export("xlsx")
    response = HttpResponse(content, content_type=CONTENT_TYPES[export_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{export_format}"'
    return response
