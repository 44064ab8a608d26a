"""Hand-built XLSX files, hostile or odd, written straight as zip parts so that each keeps the
property under test (a lying `<dimension>`, a DTD, a million tiny rows, gigabytes of XML)."""

import io
import zipfile
from collections.abc import Iterable

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    "</Relationships>"
)
_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>{doctype}'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "{dimension}<sheetData>"
)
_SHEET_END = "</sheetData></worksheet>"


def _cell(column: int, row: int, value: str) -> str:
    return f'<c r="{chr(65 + column)}{row}" t="inlineStr"><is><t>{value}</t></is></c>'


def _row(number: int, values: Iterable[str]) -> str:
    cells = "".join(_cell(i, number, v) for i, v in enumerate(values) if v != "")
    return f'<row r="{number}">{cells}</row>'


def xlsx(
    rows: Iterable[Iterable[str]], *, dimension: str | None = None, doctype: str = "", chunks=()
) -> bytes:
    """An XLSX whose first sheet holds `rows` (row 1 first); `chunks` (bytes) are appended
    to the sheet's data, as they come, to build large parts without holding them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            tag = f'<dimension ref="{dimension}"/>' if dimension else ""
            sheet.write(_SHEET_START.format(doctype=doctype, dimension=tag).encode())
            sheet.write("".join(_row(n, values) for n, values in enumerate(rows, start=1)).encode())
            for chunk in chunks:
                sheet.write(chunk)
            sheet.write(_SHEET_END.encode())
    return buffer.getvalue()


def million_rows(header: Iterable[str]) -> bytes:
    """About 330 KB zipped: the header, then a million tiny rows."""
    # Rows without numbers follow one another; a short block stays within deflate's window.
    block = b"<row><c><v>1</v></c></row>" * 100

    def chunks():
        for _ in range(10_000):
            yield block

    return xlsx([header], chunks=chunks())


def gigabytes_of_xml(header: Iterable[str], megabytes: int = 2900) -> bytes:
    """About 10 MB zipped holding `megabytes` of sheet XML: one cell with an endless string."""
    return xlsx(
        [header],
        chunks=[b'<row r="2"><c r="A2" t="inlineStr"><is><t>']
        + [b"A" * (1024 * 1024)] * megabytes
        + [b"</t></is></c></row>"],
    )


def with_dtd(header: Iterable[str], row: Iterable[str]) -> bytes:
    """A sheet declaring a DTD with an entity (the billion-laughs shape, one level deep)."""
    return xlsx([header, row], doctype='<!DOCTYPE worksheet [<!ENTITY lol "lol">]>')
