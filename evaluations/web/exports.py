"""CSV and XLSX exports of tables, safe against formula injection."""

import tablib
from django.http import HttpResponse
from django.utils.translation import gettext as _

from lapor_monitor.spreadsheets import neutralise

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


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
