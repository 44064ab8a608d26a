"""The one guard against formula injection in every CSV and XLSX the site writes."""

import csv

from django.http import HttpResponse

# A cell starting with one of these is run as a formula by spreadsheet programs (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value):
    """Text that a spreadsheet would evaluate gets a leading apostrophe; numbers stay numbers.

    >>> neutralise("=1+1"), neutralise("-x"), neutralise(-5), neutralise("Maluku"), neutralise(None)
    ("'=1+1", "'-x", -5, 'Maluku', None)
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_cell(value) -> str:
    """A value as CSV text: blank for nothing, guarded like every other cell."""
    return "" if value is None else neutralise(str(value))


def csv_download(filename: str, header, rows) -> HttpResponse:
    """A CSV download (UTF-8 with a BOM, for Excel) of `header` and `rows`, every cell guarded."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return response
