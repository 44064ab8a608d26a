"""Spreadsheet import: reading CSV/XLSX tables and the all-or-nothing import machinery.

The same code serves `manage.py import_lapor` and the admin's import with preview:
`Importer.plan()` validates every row and lists the changes without writing anything;
`Importer.apply()` writes a valid plan in one transaction. Rows are matched on their
natural keys, and rows whose values are unchanged are not written, so importing the same
file twice changes nothing.
"""

import csv
import difflib
import hashlib
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from agencies.choices import AgencyKind
from agencies.codes import agency_code_problem
from agencies.models import Agency, Decree, Province
from agencies.scoping import OUT_OF_SCOPE_MESSAGE, allowed_province_ids

MAX_FILE_BYTES = 10 * 1024 * 1024
# A file holds at most this many rows, the header included (as a spreadsheet numbers them).
MAX_ROWS = 50_000
# An XLSX is a zip of XML parts: bounds checked on its directory before anything is unpacked.
# 50,000 rows of a few columns take under 30 MB of XML; Excel writes a dozen parts.
MAX_XLSX_PARTS = 500
MAX_XLSX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_XLSX_RATIO = 200
# Cells right of this column are not read (no import has more than a handful of columns).
MAX_COLUMNS = 100
# The largest value a PositiveIntegerField holds in PostgreSQL.
MAX_COUNT = 2_147_483_647
_FORMULA_START = ("=", "+", "-", "@")


@dataclass(frozen=True)
class RowError:
    """A problem in one cell (`row` as a spreadsheet shows it, header = 1), or in the file (row None)."""

    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return _("berkas: %(message)s") % {"message": self.message}
        return _("baris %(row)s, kolom %(column)s: %(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


class ImportFailed(Exception):
    def __init__(self, errors: Sequence[RowError], warnings: Sequence[str] = ()):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = list(errors)
        self.warnings = list(warnings)


class ImportRaced(ImportFailed):
    """Another import of the same kind changed rows of this file while it was being checked."""

    def __init__(self):
        super().__init__(
            [
                RowError(
                    None,
                    "",
                    _(
                        "impor lain baru saja mengubah baris yang sama; tidak ada yang disimpan. "
                        "Ulangi impor berkas ini: pemeriksaannya akan memakai data terbaru."
                    ),
                )
            ]
        )


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, object]
    # Column → its label as the file writes it (`Kode Instansi`), for messages.
    labels: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass
class Change:
    """What importing one row does: `action` is "create", "update" or "unchanged"."""

    row: int
    key: str
    action: str
    fields: dict[str, tuple[object, object]] = field(default_factory=dict)
    instance: models.Model | None = None


@dataclass
class Plan:
    kind: str
    changes: list[Change]
    errors: list[RowError]
    # Set when the rows it would change differ from those of the preview it was confirmed from.
    stale: bool = False
    # What the reader and the rows noticed without refusing the file (ignored columns, ...).
    warnings: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    def digest(self) -> str:
        """A fingerprint of what the plan would write (rows, actions, old → new values), so that
        a confirmation can tell whether the data moved since its preview."""
        writes = [
            (c.row, c.key, c.action, sorted((k, repr(v)) for k, v in c.fields.items()))
            for c in self.changes
            if c.action != "unchanged"
        ]
        return hashlib.sha256(repr(writes).encode()).hexdigest()

    def count(self, action: str) -> int:
        return sum(1 for change in self.changes if change.action == action)


# The header row is looked for among this many first rows of the sheet.
HEADER_SEARCH_ROWS = 10
# A column whose label ends so is shown for reference (the template's grey columns): ignored quietly.
REFERENCE_SUFFIX = "(rujukan)"
_SEPARATORS = {",": _("koma"), ";": _("titik koma"), "\t": _("tab")}


def normalise_label(label: object) -> str:
    """A column label compared without case, spaces, underscores or punctuation:
    `Akun  Aktif`, `akun_aktif` and `AKUN-AKTIF` are all `akunaktif`."""
    text = unicodedata.normalize("NFKD", _text(label)).lower()
    return "".join(ch for ch in text if ch.isalnum())


class Table(list):
    """The data rows of a file, with what the reader noticed on the way (`warnings`: skipped
    rows above the header, ignored columns, the separator and encoding of a CSV)."""

    def __init__(self, rows=(), *, warnings=(), header_row: int = 1):
        super().__init__(rows)
        self.warnings = list(warnings)
        self.header_row = header_row


def read_table(
    file_name: str,
    content: bytes,
    columns: Sequence[str],
    labels: dict[str, Sequence[str]] | None = None,
) -> Table:
    """The data rows of a `.csv` or `.xlsx` file holding the `columns`, as a Table.

    Forgiving where a spreadsheet made by hand differs harmlessly: the header row is found
    within the first HEADER_SEARCH_ROWS rows (rows above it are skipped, with a warning); a
    label matches a column after normalise_label, by its code (`kode_instansi`) or one of its
    `labels` (`Kode Instansi`); unknown columns are ignored with a warning (an error, with a
    suggestion, when they look like a missing column); a CSV may be UTF-8 (with or without
    BOM) or Windows-1252 and separated by `,`, `;` or tab. Blank rows are skipped (their
    numbers still count). Raises ImportFailed on a file that cannot be read or a header that
    lacks a column.
    """
    if len(content) > MAX_FILE_BYTES:
        raise ImportFailed([RowError(None, "", _("berkas lebih dari 10 MB; pecah menjadi beberapa berkas."))])
    known = _known_labels(columns, labels or {})
    warnings: list[str] = []
    # The limits are checked while reading, so that a hostile file is refused in well under
    # a second instead of filling memory (see _check_xlsx_archive).
    suffix = Path(file_name).suffix.lower()
    if suffix == ".csv":
        records = _csv_records(content, known, warnings)
    elif suffix == ".xlsx":
        records = list(_xlsx_records(content))
    else:
        raise ImportFailed([RowError(None, "", _("jenis berkas harus .csv atau .xlsx."))])
    if not any(_text(cell) for record in records[:HEADER_SEARCH_ROWS] for cell in record):
        raise ImportFailed(
            [
                RowError(
                    None, "", _("berkas kosong; judul kolom harus ada di salah satu dari 10 baris pertama.")
                )
            ]
        )
    index = _header_index(records, known)
    header_row = index + 1
    if index:
        warnings.append(
            _("baris %(rows)s di atas judul kolom dilewati (judul kolom di baris %(n)s).")
            % {"rows": "1" if index == 1 else f"1–{index}", "n": header_row}
        )
    header = [_text(cell) for cell in records[index]]
    while header and header[-1] == "":
        header.pop()
    found: dict[str, int] = {}
    seen_labels: dict[str, str] = {}
    unknown: list[tuple[int, str]] = []
    errors: list[RowError] = []
    for position, label in enumerate(header):
        column = known.get(normalise_label(label))
        if column is None:
            if label and not label.lower().endswith(REFERENCE_SUFFIX):
                unknown.append((position, label))
            continue
        if column in found:
            errors.append(RowError(header_row, column, _("kolom muncul lebih dari sekali.")))
            continue
        found[column] = position
        seen_labels[column] = label
    missing = [column for column in columns if column not in found]
    suggested: set[str] = set()
    for _position, label in unknown:
        column, shown = _suggestion(label, known, labels or {})
        if column in missing and column not in suggested:
            suggested.add(column)
            errors.append(
                RowError(
                    header_row,
                    label,
                    _("kolom '%(label)s' tidak dikenal; maksud Anda '%(shown)s'?")
                    % {"label": label, "shown": shown},
                )
            )
        elif column is not None:
            warnings.append(
                _("kolom '%(label)s' tidak dikenal dan diabaikan (maksud Anda '%(shown)s'?).")
                % {"label": label, "shown": shown}
            )
        else:
            warnings.append(_("kolom '%(label)s' tidak dikenal dan diabaikan.") % {"label": label})
    errors += [
        RowError(header_row, column, _("kolom wajib tidak ada."))
        for column in missing
        if column not in suggested
    ]
    if errors:
        raise ImportFailed(errors, warnings)

    rows = []
    for number, record in enumerate(records[index + 1 :], start=header_row + 1):
        if number > MAX_ROWS:
            raise ImportFailed([_too_many_rows()])
        cells = list(record)
        if all(_text(cell) == "" for cell in cells):
            continue
        if any(_text(cell) != "" for cell in cells[len(header) :]):
            errors.append(RowError(number, "-", _("baris berisi lebih banyak sel daripada judul kolom.")))
            continue
        cells += [None] * (len(header) - len(cells))
        values = {column: cells[position] for column, position in found.items()}
        if all(_text(value) == "" for value in values.values()):
            continue
        rows.append(Row(number, values, seen_labels))
    if errors:
        raise ImportFailed(errors, warnings)
    return Table(rows, warnings=warnings, header_row=header_row)


def _known_labels(columns: Sequence[str], labels: dict[str, Sequence[str]]) -> dict[str, str]:
    """Every accepted label, normalised, → its column."""
    known = {}
    for column in columns:
        for label in (column, *labels.get(column, ())):
            known.setdefault(normalise_label(label), column)
    return known


def _header_index(records: Sequence[Sequence], known: dict[str, str]) -> int:
    """The index of the header among the first rows: the one naming the most columns (the
    first of equals); without any, the first row that is not blank."""
    best, best_hits = None, 0
    for index, record in enumerate(records[:HEADER_SEARCH_ROWS]):
        hits = len({known[name] for name in map(normalise_label, record) if name in known})
        if hits > best_hits:
            best, best_hits = index, hits
    if best is not None:
        return best
    return next(i for i, r in enumerate(records[:HEADER_SEARCH_ROWS]) if any(_text(c) for c in r))


def _suggestion(
    label: str, known: dict[str, str], labels: dict[str, Sequence[str]]
) -> tuple[str | None, str]:
    """The column an unknown label probably means (difflib), and its label as it would be written."""
    name = normalise_label(label)
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
    # A label cut short (`Akun` for `Akun Aktif`) is close too.
    close = close or [k for k in known if len(name) >= 4 and k.startswith(name)][:1]
    if not close:
        return None, ""
    column = known[close[0]]
    shown = next(iter(labels.get(column, ())), column)
    return column, shown


def _decode_csv(content: bytes, warnings: list[str]) -> str:
    """UTF-8 (a BOM is dropped) or, failing that, Windows-1252, as Excel saves "CSV" on Windows."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        position = exc.start
    refused = RowError(
        None,
        "",
        _("berkas CSV bukan UTF-8 atau Windows-1252 (byte %(pos)s); simpan ulang sebagai CSV UTF-8.")
        % {"pos": position},
    )
    # UTF-16 (Excel's "Unicode text") would decode as Windows-1252 garbage.
    if content.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in content:
        raise ImportFailed([refused])
    try:
        text = content.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFailed([refused]) from None
    warnings.append(_("berkas CSV bukan UTF-8; dibaca sebagai Windows-1252."))
    return text


def _csv_records(content: bytes, known: dict[str, str], warnings: list[str]) -> list[list[str]]:
    text = _decode_csv(content, warnings)
    if "\x00" in text:
        raise ImportFailed([RowError(None, "", _("berkas CSV berisi karakter NUL; bukan berkas teks."))])
    separator = _separator(text, known)
    if separator != ",":
        warnings.append(_("pemisah kolom: %(name)s.") % {"name": _SEPARATORS[separator]})
    try:
        # The row limit is checked as rows are read: ten megabytes of line breaks are ten
        # million rows, too many to hold as lists.
        records = []
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=separator):
            if len(records) >= MAX_ROWS:
                raise ImportFailed([_too_many_rows()])
            records.append(record)
        return records
    except csv.Error as exc:
        raise ImportFailed(
            [RowError(None, "", _("CSV tidak dapat dibaca: %(err)s") % {"err": exc})]
        ) from None


def _separator(text: str, known: dict[str, str]) -> str:
    """`,`, `;` or tab: the one whose first rows name the most known columns; without any,
    the one most frequent in the first lines; a comma by default."""
    head = "\n".join(text.splitlines()[:HEADER_SEARCH_ROWS])
    scores = {}
    for separator in _SEPARATORS:
        try:
            records = list(csv.reader(io.StringIO(head, newline=""), delimiter=separator))
        except csv.Error:
            records = []
        hits = max(
            (len({known[n] for n in map(normalise_label, r) if n in known}) for r in records),
            default=0,
        )
        scores[separator] = (hits, head.count(separator), separator == ",")
    return max(scores, key=scores.get)


def _too_many_rows() -> RowError:
    return RowError(
        None,
        "",
        _("berkas berisi lebih dari %(n)s baris; pecah menjadi beberapa berkas.")
        % {"n": f"{MAX_ROWS:,}".replace(",", ".")},
    )


def _xlsx_records(content: bytes) -> Iterable[tuple]:
    from defusedxml import DefusedXmlException
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    not_xlsx = RowError(None, "", _("berkas bukan XLSX yang sah; simpan ulang dari Excel/LibreOffice."))
    try:
        _check_xlsx_archive(content)
        # openpyxl parses through defusedxml when it is installed (a pinned dependency).
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except DefusedXmlException:
        raise ImportFailed([_dtd_refused()]) from None
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        OSError,
        ValueError,
        EOFError,
        RuntimeError,
        NotImplementedError,
    ):
        raise ImportFailed([not_xlsx]) from None
    try:
        sheet = workbook.worksheets[0]
        # Read-only mode trusts the sheet's <dimension> tag, which any writer may get wrong
        # (a file saying A1:F2 but holding more rows lost them silently): read every row.
        sheet.reset_dimensions()
        records = []
        for record in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            if len(records) >= MAX_ROWS:
                raise ImportFailed([_too_many_rows()])
            records.append(record)
        return records
    except DefusedXmlException:
        raise ImportFailed([_dtd_refused()]) from None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, SyntaxError):
        raise ImportFailed([not_xlsx]) from None
    finally:
        workbook.close()


def _dtd_refused() -> RowError:
    return RowError(
        None,
        "",
        _(
            "berkas XLSX berisi deklarasi DTD/entitas, yang tidak dibuat Excel; "
            "simpan ulang dari Excel/LibreOffice."
        ),
    )


# `<row` (with any namespace prefix) opens a row; `<!DOCTYPE`/`<!ENTITY` have no place in XLSX.
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_DTD_TAG = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _check_xlsx_archive(content: bytes) -> None:
    """Refuse, before any XML is parsed, an XLSX that would unpack to too much: too many parts,
    too many declared bytes or a suspicious compression ratio (read from the zip directory),
    then more rows than MAX_ROWS or a DTD (counted while streaming the parts, which zipfile
    cuts at their declared sizes). Costs a fraction of a second at the limits."""
    too_large = _("berkas XLSX terlalu besar setelah dibuka (%(what)s); pecah menjadi beberapa berkas.")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = archive.infolist()
        if len(parts) > MAX_XLSX_PARTS:
            what = _("%(n)s bagian") % {"n": len(parts)}
            raise ImportFailed([RowError(None, "", too_large % {"what": what})])
        unpacked = sum(part.file_size for part in parts)
        if unpacked > MAX_XLSX_UNPACKED_BYTES:
            what = _("%(mb)s MB data XML") % {"mb": unpacked // (1024 * 1024)}
            raise ImportFailed([RowError(None, "", too_large % {"what": what})])
        for part in parts:
            if part.file_size > 1024 * 1024 and part.file_size > MAX_XLSX_RATIO * max(part.compress_size, 1):
                what = _("rasio pemampatan lebih dari %(n)s:1") % {"n": MAX_XLSX_RATIO}
                raise ImportFailed([RowError(None, "", too_large % {"what": what})])
        for part in parts:
            if not part.filename.lower().endswith((".xml", ".rels")):
                continue
            rows = 0
            tail = b""
            with archive.open(part) as stream:
                while chunk := stream.read(1024 * 1024):
                    window = tail + chunk
                    if _DTD_TAG.search(window):
                        raise ImportFailed([_dtd_refused()])
                    rows += len(_ROW_TAG.findall(window)) - len(_ROW_TAG.findall(tail))
                    if rows > MAX_ROWS:
                        raise ImportFailed([_too_many_rows()])
                    tail = chunk[-16:]


def _text(value: object) -> str:
    """A cell as text: numbers without `.0`, dates in ISO form, blank for empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class RowValidator:
    """Collects a row's errors while turning its cells into values."""

    def __init__(self, row: Row, errors: list[RowError]):
        self.row = row
        self.errors = errors
        self.ok = True

    def fail(self, column: str, message: str) -> None:
        self.ok = False
        # Named as the file names it (`Laporan Selesai`), the column's code when it is not there.
        self.errors.append(RowError(self.row.number, self.row.labels.get(column, column), message))

    def text(self, column: str, *, required: bool = True, max_length: int = 200) -> str:
        value = _text(self.row.values.get(column))
        if not value:
            if required:
                self.fail(column, _("wajib diisi."))
            return ""
        if value.startswith(_FORMULA_START):
            self.fail(column, _("nilai tidak boleh diawali =, +, - atau @ (rumus spreadsheet)."))
        elif len(value) > max_length:
            self.fail(column, _("paling banyak %(n)s karakter.") % {"n": max_length})
        return value

    def date(self, column: str, *, required: bool = True) -> date | None:
        raw = self.row.values.get(column)
        if not _text(raw):
            if required:
                self.fail(column, _("wajib diisi (format TTTT-BB-HH atau HH/BB/TTTT)."))
            return None
        try:
            return parse_date(raw)
        except ValueError as problem:
            self.fail(column, str(problem))
            return None

    def count(self, column: str) -> int | None:
        try:
            number = parse_count(self.row.values.get(column))
        except ValueError as problem:
            self.fail(column, str(problem))
            return None
        if number is not None and number < 0:
            self.fail(column, _("harus bilangan bulat 0 atau lebih, bukan %(v)s.") % {"v": number})
            return None
        return number


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DAY_FIRST_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def parse_date(raw: object) -> date:
    """A date cell, `YYYY-MM-DD`, `DD/MM/YYYY` or `DD-MM-YYYY` → date; ValueError (Indonesian) otherwise."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    value = _text(raw)
    if match := _ISO_DATE.fullmatch(value):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := _DAY_FIRST_DATE.fullmatch(value):
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    else:
        raise ValueError(
            _(
                "tanggal %(v)s tidak dikenali; tulis TTTT-BB-HH atau HH/BB/TTTT, "
                "mis. 2020-09-30 atau 30/09/2020."
            )
            % {"v": value[:30]}
        )
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(_("tanggal %(v)s tidak ada di kalender.") % {"v": value}) from None


_THOUSANDS_DOT = re.compile(r"\d{1,3}(?:\.\d{3})+")
_THOUSANDS_COMMA = re.compile(r"\d{1,3}(?:,\d{3})+")


def parse_count(raw: object) -> int | None:
    """A count as a spreadsheet holds it → int (None when blank); ValueError (Indonesian) otherwise.

    Numbers stored as text are fine; `1.234` (a dot between groups of three digits, how
    Indonesian writes thousands) is 1234, a count never being a fraction. What could be read
    two ways is refused, saying so: `1,234` (a comma is a decimal sign in Indonesian, a
    thousands sign in English) and a decimal number cell such as 1.234 (Excel in English
    settings turning a typed `1.234` into one and a quarter). The sign is kept (a negative
    count is the caller's error to name).
    """
    if raw is None or isinstance(raw, bool):
        if raw is None:
            return None
        raise ValueError(_("harus bilangan bulat 0 atau lebih, bukan %(v)s.") % {"v": _text(raw)})
    if isinstance(raw, int):
        number = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            shown = f"{raw:g}"
            if re.fullmatch(r"\d{1,3}\.\d{3}", shown):
                raise ValueError(
                    _(
                        "sel berisi angka desimal %(v)s, bukan bilangan bulat; bila maksudnya %(n)s "
                        "(titik sebagai pemisah ribuan), tulis %(n)s tanpa titik."
                    )
                    % {"v": shown, "n": shown.replace(".", "")}
                )
            raise ValueError(_("harus bilangan bulat 0 atau lebih, bukan %(v)s.") % {"v": shown})
        number = int(raw)
    else:
        value = "".join(_text(raw).split())
        if not value:
            return None
        if re.fullmatch(r"-?\d+", value):
            number = int(value)
        elif _THOUSANDS_DOT.fullmatch(value):
            number = int(value.replace(".", ""))
        elif _THOUSANDS_COMMA.fullmatch(value):
            raise ValueError(
                _(
                    "%(v)s dapat dibaca dua cara (koma sebagai pemisah ribuan atau desimal); "
                    "tulis bilangan bulat tanpa pemisah, mis. %(n)s."
                )
                % {"v": value[:30], "n": value.replace(",", "")}
            )
        else:
            raise ValueError(_("harus bilangan bulat 0 atau lebih, bukan %(v)s.") % {"v": value[:30]})
    if number > MAX_COUNT:
        raise ValueError(_("angka %(v)s terlalu besar.") % {"v": str(number)[:30]})
    return number


class Importer:
    """One kind of import: its columns, how a row is validated, how it is matched and saved."""

    kind: str
    model: type[models.Model]
    columns: tuple[str, ...]
    key_columns: tuple[str, ...]
    fields: tuple[str, ...]
    # Column → the labels accepted beside its code, the first as templates and messages write it.
    labels: dict[str, tuple[str, ...]] = {}
    # Columns a template fills in ahead (codes, month): a row holding nothing else is not
    # entered yet and is skipped, with a warning.
    prefilled_columns: tuple[str, ...] = ()

    rows: Sequence[Row] | None = None

    def __init__(self, user=None):
        self.user = user
        # A provincial coordinator imports rows of their own province(s) only.
        self.scope = allowed_province_ids(user)

    def out_of_scope(self, province_id: int) -> bool:
        return self.scope is not None and province_id not in self.scope

    @classmethod
    def read(cls, file_name: str, content: bytes) -> "Table":
        """The file's rows under this kind's columns and labels (see read_table)."""
        return read_table(file_name, content, cls.columns, cls.labels)

    @classmethod
    def label(cls, column: str) -> str:
        """The column's label as templates and messages write it (`Kode Instansi`)."""
        return next(iter(cls.labels.get(column, ())), column)

    def plan(self, rows: Sequence[Row]) -> Plan:
        """Validate every row and work out its change; writes nothing."""
        errors: list[RowError] = []
        warnings = list(getattr(rows, "warnings", ()))
        if self.prefilled_columns:
            blank = [
                row
                for row in rows
                if not any(_text(v) for c, v in row.values.items() if c not in self.prefilled_columns)
            ]
            if blank:
                warnings.append(
                    _("%(n)s baris belum diisi (hanya %(cols)s) dan dilewati: baris %(rows)s.")
                    % {
                        "n": len(blank),
                        "cols": ", ".join(self.label(c) for c in self.prefilled_columns),
                        "rows": _row_list([row.number for row in blank]),
                    }
                )
                rows = [row for row in rows if row not in blank]
        # Kept so that `apply` can check the plan again once it holds the import lock.
        self.rows = rows
        self.prepare(rows)
        specs: list[tuple[Row, tuple, dict]] = []
        seen: dict[tuple, int] = {}
        for row in rows:
            check = RowValidator(row, errors)
            result = self.validate(row, check)
            if not check.ok or result is None:
                continue
            key, values = result
            if key in seen:
                check.fail(self.columns[0], _("duplikat dari baris %(n)s.") % {"n": seen[key]})
                continue
            seen[key] = row.number
            specs.append((row, key, values))
        if errors:
            return Plan(self.kind, [], sorted(errors, key=lambda e: e.row or 0), warnings=warnings)
        existing = self.existing([key for _row, key, _values in specs])
        changes = [self._change(row, key, values, existing.get(key)) for row, key, values in specs]
        return Plan(self.kind, changes, [], warnings=warnings)

    def _change(self, row: Row, key: tuple, values: dict, instance) -> Change:
        label = self.key_label(row, values)
        if instance is None:
            return Change(
                row.number, label, "create", {f: (None, v) for f, v in values.items()}, self.model(**values)
            )
        diff = {f: (getattr(instance, f), v) for f, v in values.items() if getattr(instance, f) != v}
        for name, (_before, after) in diff.items():
            setattr(instance, name, after)
        return Change(row.number, label, "update" if diff else "unchanged", diff, instance)

    @transaction.atomic
    def apply(self, plan: Plan) -> Plan:
        """Write a valid plan in one transaction, with history rows for every write.

        Imports of one kind run one at a time (`_lock`): holding the lock, the plan is made
        again from the same rows, so one that another import overtook since (rows it would
        create now exist, values it read have changed) is refused with ImportRaced, nothing
        saved, rather than failing on a unique key; the caller may plan and apply again.
        """
        if not plan.is_valid:
            raise ImportFailed(plan.errors)
        if self._lock() and self.rows is not None:
            fresh = self.plan(self.rows)
            if not fresh.is_valid:
                raise ImportFailed(fresh.errors)
            if fresh.digest() != plan.digest():
                raise ImportRaced()
        self.before_apply(plan)
        try:
            with transaction.atomic():
                self._write(plan)
        except IntegrityError:
            # A write outside imports (the grid, an admin form) got there first.
            raise ImportRaced() from None
        return plan

    def _write(self, plan: Plan) -> None:
        created = [c.instance for c in plan.changes if c.action == "create"]
        updated = [c.instance for c in plan.changes if c.action == "update"]
        reason = _("impor berkas %(kind)s") % {"kind": self.kind}
        if created:
            bulk_create_with_history(
                created, self.model, batch_size=1000, default_user=self.user, default_change_reason=reason
            )
        if updated:
            bulk_update_with_history(
                updated,
                self.model,
                list(self.fields),
                batch_size=1000,
                default_user=self.user,
                default_change_reason=reason,
            )

    def _lock(self) -> bool:
        """Take this kind's import lock until the transaction ends (a PostgreSQL advisory lock,
        waiting for an import of the same kind to commit); False where there is none (SQLite
        serializes writers itself)."""
        connection = transaction.get_connection()
        if connection.vendor != "postgresql":
            return False
        key = zlib.crc32(f"lapor-import:{self.kind}".encode())
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
        return True

    # Per kind -----------------------------------------------------------------
    def key_label(self, row: Row, values: dict) -> str:
        """How a row is named in previews ("8171 / 2020-10"): its key columns as written."""
        return " / ".join(_text(row.values.get(column)) for column in self.key_columns)

    def prepare(self, rows: Sequence[Row]) -> None:
        """Load, in a fixed number of queries, what validating the rows needs."""

    def validate(self, row: Row, check: RowValidator) -> tuple[tuple, dict] | None:
        raise NotImplementedError

    def existing(self, keys: list[tuple]) -> dict[tuple, models.Model]:
        raise NotImplementedError

    def before_apply(self, plan: Plan) -> None:
        """Hook for writes that must precede the rows (e.g. the months of evaluations)."""


def _row_list(numbers: list[int], limit: int = 10) -> str:
    """`2, 5–7, 9` (at most `limit` ranges, then how many more)."""
    ranges: list[list[int]] = []
    for number in sorted(numbers):
        if ranges and number == ranges[-1][1] + 1:
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    shown = ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in ranges[:limit])
    if len(ranges) > limit:
        shown += _(" dan %(n)s lainnya") % {"n": sum(b - a + 1 for a, b in ranges[limit:])}
    return shown


def _codes(rows: Sequence[Row], column: str) -> set[str]:
    return {_text(row.values.get(column)) for row in rows}


class AgencyImporter(Importer):
    kind = "agencies"
    model = Agency
    columns = ("kode", "nama", "jenis", "kode_provinsi")
    labels = {
        "kode": ("Kode", "Kode Instansi", "Kode IP"),
        "nama": ("Nama", "Nama Instansi", "Nama IP"),
        "jenis": ("Jenis", "Jenis Instansi"),
        "kode_provinsi": ("Kode Provinsi", "Kode Prov"),
    }
    key_columns = ("kode",)
    fields = ("name", "kind", "province_id")

    def prepare(self, rows):
        self.provinces = {p.code: p for p in Province.objects.filter(code__in=_codes(rows, "kode_provinsi"))}
        self.current_provinces = {}
        if self.scope is not None:
            codes = _codes(rows, "kode")
            self.current_provinces = dict(
                Agency.objects.filter(code__in=codes).values_list("code", "province_id")
            )

    def validate(self, row, check):
        code = check.text("kode", max_length=20)
        name = check.text("nama")
        kind = check.text("jenis").lower()
        province_code = check.text("kode_provinsi", max_length=2)
        province = self.provinces.get(province_code)
        if province_code and province is None:
            check.fail("kode_provinsi", _("provinsi %(code)s tidak dikenal.") % {"code": province_code})
        if province is not None and (
            self.out_of_scope(province.pk) or self.out_of_scope(self.current_provinces.get(code, province.pk))
        ):
            check.fail("kode_provinsi", OUT_OF_SCOPE_MESSAGE % {"code": code})
        if kind and kind not in AgencyKind.values:
            check.fail(
                "jenis", _("harus salah satu dari: %(kinds)s.") % {"kinds": ", ".join(AgencyKind.values)}
            )
        elif code and province_code:
            message = agency_code_problem(code, kind, province_code)
            if message:
                check.fail("kode", message)
        if not check.ok:
            return None
        return (code,), {"code": code, "name": name, "kind": kind, "province_id": province.pk}

    def existing(self, keys):
        return {(a.code,): a for a in Agency.objects.filter(code__in=[k[0] for k in keys])}


class DecreeImporter(Importer):
    kind = "decrees"
    model = Decree
    columns = ("kode_instansi", "nomor_sk", "tanggal_sk", "berlaku_sampai")
    labels = {
        "kode_instansi": ("Kode Instansi", "Kode IP", "Kode"),
        "nomor_sk": ("Nomor SK", "No SK", "Nomor"),
        "tanggal_sk": ("Tanggal SK", "Tgl SK"),
        "berlaku_sampai": ("Berlaku Sampai", "Berlaku Hingga", "Masa Berlaku"),
    }
    key_columns = ("kode_instansi", "nomor_sk")
    prefilled_columns = ("kode_instansi",)
    fields = ("issued_on", "valid_until")

    def prepare(self, rows):
        self.agencies = {a.code: a for a in Agency.objects.filter(code__in=_codes(rows, "kode_instansi"))}

    def validate(self, row, check):
        code = check.text("kode_instansi", max_length=20)
        number = check.text("nomor_sk")
        issued_on = check.date("tanggal_sk")
        valid_until = check.date("berlaku_sampai", required=False)
        agency = self.agencies.get(code)
        if code and agency is None:
            check.fail("kode_instansi", _("instansi %(code)s tidak dikenal.") % {"code": code})
        elif agency is not None and self.out_of_scope(agency.province_id):
            check.fail("kode_instansi", OUT_OF_SCOPE_MESSAGE % {"code": code})
        if issued_on and valid_until and valid_until < issued_on:
            check.fail("berlaku_sampai", _("tidak boleh sebelum tanggal SK."))
        if not check.ok:
            return None
        return (agency.pk, number), {
            "agency_id": agency.pk,
            "number": number,
            "issued_on": issued_on,
            "valid_until": valid_until,
        }

    def existing(self, keys):
        agency_ids = {k[0] for k in keys}
        return {(d.agency_id, d.number): d for d in Decree.objects.filter(agency_id__in=agency_ids)}
