"""Spreadsheet import: reading CSV/XLSX tables and the all-or-nothing import machinery.

The same code serves `manage.py import_lapor` and the admin's import with preview:
`Importer.plan()` validates every row and lists the changes without writing anything;
`Importer.apply()` writes a valid plan in one transaction. Rows are matched on their
natural keys, and rows whose values are unchanged are not written, so importing the same
file twice changes nothing.
"""

import csv
import hashlib
import io
import re
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
    def __init__(self, errors: Sequence[RowError]):
        super().__init__("\n".join(str(e) for e in errors))
        self.errors = list(errors)


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


def read_table(file_name: str, content: bytes, columns: Sequence[str]) -> list[Row]:
    """The data rows of a `.csv` (UTF-8, comma) or `.xlsx` file whose header is exactly `columns`.

    Blank rows are skipped (their numbers still count). Raises ImportFailed on a file that
    cannot be read or a header that does not match.
    """
    if len(content) > MAX_FILE_BYTES:
        raise ImportFailed([RowError(None, "", _("berkas lebih dari 10 MB; pecah menjadi beberapa berkas."))])
    # The limits are checked while reading, so that a hostile file is refused in well under
    # a second instead of filling memory (see _check_xlsx_archive).
    suffix = Path(file_name).suffix.lower()
    if suffix == ".csv":
        records = _csv_records(content)
    elif suffix == ".xlsx":
        records = _xlsx_records(content)
    else:
        raise ImportFailed([RowError(None, "", _("jenis berkas harus .csv atau .xlsx."))])

    records = iter(records)
    header = next(records, None)
    if header is None:
        raise ImportFailed([RowError(None, "", _("berkas kosong; baris 1 harus berisi judul kolom."))])
    names = [_text(cell).lower() for cell in header]
    while names and names[-1] == "":
        names.pop()
    errors = [RowError(1, column, _("kolom wajib tidak ada.")) for column in columns if column not in names]
    expected = ", ".join(columns)
    errors += [
        RowError(
            1,
            name or "(kosong)",
            _("kolom tidak dikenal; kolom yang diharapkan: %(cols)s.") % {"cols": expected},
        )
        for name in names
        if name not in columns
    ]
    errors += [
        RowError(1, name, _("kolom muncul lebih dari sekali."))
        for name in sorted({n for n in names if names.count(n) > 1 and n in columns})
    ]
    if errors:
        raise ImportFailed(errors)

    rows = []
    for number, record in enumerate(records, start=2):
        if number > MAX_ROWS:
            raise ImportFailed([_too_many_rows()])
        cells = list(record)
        if all(_text(cell) == "" for cell in cells):
            continue
        if any(_text(cell) != "" for cell in cells[len(names) :]):
            errors.append(RowError(number, "-", _("baris berisi lebih banyak sel daripada judul kolom.")))
            continue
        cells += [None] * (len(names) - len(cells))
        rows.append(Row(number, dict(zip(names, cells, strict=False))))
    if errors:
        raise ImportFailed(errors)
    return rows


def _csv_records(content: bytes) -> Iterable[list[str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            [
                RowError(
                    None,
                    "",
                    _("berkas CSV bukan UTF-8 (byte %(pos)s); simpan ulang sebagai CSV UTF-8.")
                    % {"pos": exc.start},
                )
            ]
        ) from None
    if "\x00" in text:
        raise ImportFailed([RowError(None, "", _("berkas CSV berisi karakter NUL; bukan berkas teks."))])
    try:
        # The row limit is checked as rows are read: ten megabytes of line breaks are ten
        # million rows, too many to hold as lists.
        records = []
        for record in csv.reader(io.StringIO(text, newline="")):
            if len(records) >= MAX_ROWS:
                raise ImportFailed([_too_many_rows()])
            records.append(record)
        return records
    except csv.Error as exc:
        raise ImportFailed(
            [RowError(None, "", _("CSV tidak dapat dibaca: %(err)s") % {"err": exc})]
        ) from None


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
        self.errors.append(RowError(self.row.number, column, message))

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
        value = _text(self.row.values.get(column))
        if not value:
            if required:
                self.fail(column, _("wajib diisi (format TTTT-BB-HH)."))
            return None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            self.fail(
                column, _("tanggal %(v)s tidak dikenali; tulis TTTT-BB-HH, mis. 2020-09-30.") % {"v": value}
            )
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(column, _("tanggal %(v)s tidak ada di kalender.") % {"v": value})
            return None

    def count(self, column: str) -> int | None:
        raw = self.row.values.get(column)
        value = _text(raw)
        if not value:
            return None
        if isinstance(raw, float) or not re.fullmatch(r"\d+", value):
            self.fail(column, _("harus bilangan bulat 0 atau lebih, bukan %(v)s.") % {"v": value[:30]})
            return None
        number = int(value)
        if number > MAX_COUNT:
            self.fail(column, _("angka %(v)s terlalu besar.") % {"v": value[:30]})
            return None
        return number


class Importer:
    """One kind of import: its columns, how a row is validated, how it is matched and saved."""

    kind: str
    model: type[models.Model]
    columns: tuple[str, ...]
    key_columns: tuple[str, ...]
    fields: tuple[str, ...]

    rows: Sequence[Row] | None = None

    def __init__(self, user=None):
        self.user = user
        # A provincial coordinator imports rows of their own province(s) only.
        self.scope = allowed_province_ids(user)

    def out_of_scope(self, province_id: int) -> bool:
        return self.scope is not None and province_id not in self.scope

    def plan(self, rows: Sequence[Row]) -> Plan:
        """Validate every row and work out its change; writes nothing."""
        errors: list[RowError] = []
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
            return Plan(self.kind, [], sorted(errors, key=lambda e: e.row or 0))
        existing = self.existing([key for _row, key, _values in specs])
        changes = [self._change(row, key, values, existing.get(key)) for row, key, values in specs]
        return Plan(self.kind, changes, [])

    def _change(self, row: Row, key: tuple, values: dict, instance) -> Change:
        label = " / ".join(_text(row.values.get(column)) for column in self.key_columns)
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
    def prepare(self, rows: Sequence[Row]) -> None:
        """Load, in a fixed number of queries, what validating the rows needs."""

    def validate(self, row: Row, check: RowValidator) -> tuple[tuple, dict] | None:
        raise NotImplementedError

    def existing(self, keys: list[tuple]) -> dict[tuple, models.Model]:
        raise NotImplementedError

    def before_apply(self, plan: Plan) -> None:
        """Hook for writes that must precede the rows (e.g. the months of evaluations)."""


def _codes(rows: Sequence[Row], column: str) -> set[str]:
    return {_text(row.values.get(column)) for row in rows}


class AgencyImporter(Importer):
    kind = "agencies"
    model = Agency
    columns = ("kode", "nama", "jenis", "kode_provinsi")
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
    key_columns = ("kode_instansi", "nomor_sk")
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
