"""XLSX templates for every import kind: the columns the import reads, under the labels an
officer reads (`Kode Instansi`, `Akun Aktif`), pre-filled with a province's agencies and, for
the monthly evaluations, the month's values so far and last month's for reference.

Reference columns are grey and labelled "(rujukan)": the import ignores them without a
warning (`agencies.importing.REFERENCE_SUFFIX`). Data validation in the sheet offers
Aktif/Belum aktif and accepts whole numbers ≥ 0 only. A template filled in goes back with one
upload: the header is row 1, rows left blank are skipped (the importer's `prefilled_columns`).
"""

import io
from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from agencies.choices import AgencyKind
from agencies.importing import REFERENCE_SUFFIX
from agencies.models import Agency, Decree, Province
from agencies.scoping import allowed_province_ids
from evaluations.choices import TicketCategory
from evaluations.entry.importing import IMPORTERS
from evaluations.models import MonthlyEvaluation
from evaluations.periods import format_month, format_period, last_day

# Rows given data validation below the pre-filled ones (rows an officer adds).
SPARE_ROWS = 500
GREY_FILL = PatternFill("solid", fgColor="EEEEEE")
GREY_FONT = Font(color="666666", italic=True)
HEADER_FONT = Font(bold=True)
ACTIVE, INACTIVE = "Aktif", "Belum aktif"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TemplateError(ValueError):
    """A template that cannot be made as asked (a province out of the user's scope, ...)."""


def template_name(kind: str, province: Province | None = None, month: date | None = None) -> str:
    parts = ["templat", kind]
    if province is not None:
        parts.append(province.code)
    if month is not None:
        parts.append(format_period(month))
    return "-".join(parts) + ".xlsx"


def previous_month(month: date) -> date:
    return date(month.year - 1, 12, 1) if month.month == 1 else date(month.year, month.month - 1, 1)


def build_template(
    kind: str, *, province: Province | None = None, month: date | None = None, user=None
) -> bytes:
    """The XLSX template of `kind` as bytes (see the module's docstring)."""
    if kind not in IMPORTERS:
        raise TemplateError(_("jenis impor %(kind)s tidak dikenal.") % {"kind": kind})
    scope = allowed_province_ids(user)
    if province is not None and scope is not None and province.pk not in scope:
        raise TemplateError(_("provinsi %(code)s di luar wilayah Anda.") % {"code": province.code})
    if kind == "evaluations" and month is None:
        raise TemplateError(_("templat evaluasi memerlukan periode (TTTT-BB)."))
    agencies = Agency.objects.select_related("province").order_by("province__code", "code")
    if province is not None:
        agencies = agencies.filter(province=province)
    elif scope is not None:
        agencies = agencies.filter(province__in=scope)
    if month is not None:
        agencies = agencies.existing_on(last_day(month))
    agencies = list(agencies)

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Isian")
    builder = {
        "evaluations": _evaluations,
        "decrees": _decrees,
        "agencies": _agencies,
        "tickets": _tickets,
    }[kind]
    header, reference, rows, validations = builder(agencies, month)
    importer = IMPORTERS[kind]
    labels = [importer.label(column) if column in importer.columns else column for column in header]
    sheet.append(labels)
    for row in rows:
        sheet.append(row)
    last_row = len(rows) + 1 + SPARE_ROWS
    for index, label in enumerate(labels, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index)
        sheet.column_dimensions[letter].width = max(12, min(45, len(label) + 4))
        if index - 1 in reference:
            for row_cells in sheet.iter_rows(min_row=1, max_row=len(rows) + 1, min_col=index, max_col=index):
                for each in row_cells:
                    each.fill = GREY_FILL
                    each.font = GREY_FONT
        else:
            cell.font = HEADER_FONT
        # Codes and months stay text (Excel would turn `2026-11` into a date, `08` into 8).
        if header[index - 1] in (
            "kode_instansi",
            "kode",
            "kode_provinsi",
            "periode",
            "tracking_id",
            "nomor_sk",
        ):
            for row_cells in sheet.iter_rows(min_row=2, max_row=last_row, min_col=index, max_col=index):
                for each in row_cells:
                    each.number_format = "@"
    for columns, validation in validations:
        for column in columns:
            letter = get_column_letter(header.index(column) + 1)
            validation.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(validation)
    sheet.freeze_panes = "B2"
    _notes(workbook, kind, month)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _reference(label: str) -> str:
    return f"{label} {REFERENCE_SUFFIX}"


def _active_list() -> DataValidation:
    validation = DataValidation(type="list", formula1=f'"{ACTIVE},{INACTIVE}"', allow_blank=True)
    validation.error = _("Pilih Aktif atau Belum aktif.")
    validation.errorTitle = _("Akun aktif")
    validation.showErrorMessage = True
    return validation


def _whole_numbers() -> DataValidation:
    validation = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    validation.error = _("Isi bilangan bulat 0 atau lebih, atau kosongkan.")
    validation.errorTitle = _("Jumlah laporan")
    validation.showErrorMessage = True
    return validation


def _evaluations(agencies, month):
    before = previous_month(month)
    evaluations = MonthlyEvaluation.objects.filter(
        agency__in=[a.pk for a in agencies], month__in=[month, before]
    )
    by_month = {(e.agency_id, e.month): e for e in evaluations}
    shown = format_month(before)
    header = [
        "kode_instansi",
        _reference(_("Nama Instansi")),
        "periode",
        "akun_aktif",
        "laporan_diterima",
        "laporan_ditindaklanjuti",
        "laporan_selesai",
        _reference(_("Akun Aktif %(month)s") % {"month": shown}),
        _reference(_("Diterima %(month)s") % {"month": shown}),
        _reference(_("Ditindaklanjuti %(month)s") % {"month": shown}),
        _reference(_("Selesai %(month)s") % {"month": shown}),
    ]
    rows = []
    for agency in agencies:
        now, then = by_month.get((agency.pk, month)), by_month.get((agency.pk, before))
        rows.append(
            [
                agency.code,
                agency.name,
                format_period(month),
                *_values(now),
                *_values(then),
            ]
        )
    validations = [
        (["akun_aktif"], _active_list()),
        (["laporan_diterima", "laporan_ditindaklanjuti", "laporan_selesai"], _whole_numbers()),
    ]
    return header, {1, 7, 8, 9, 10}, rows, validations


def _values(evaluation) -> list:
    if evaluation is None:
        return [None, None, None, None]
    return [
        ACTIVE if evaluation.account_active else INACTIVE,
        evaluation.received,
        evaluation.followed_up,
        evaluation.completed,
    ]


def _decrees(agencies, month):
    latest: dict[int, Decree] = {}
    for decree in Decree.objects.filter(agency__in=[a.pk for a in agencies]).order_by("issued_on"):
        latest[decree.agency_id] = decree
    header = [
        "kode_instansi",
        _reference(_("Nama Instansi")),
        "nomor_sk",
        "tanggal_sk",
        "berlaku_sampai",
        _reference(_("SK Terakhir")),
    ]
    rows = []
    for agency in agencies:
        decree = latest.get(agency.pk)
        shown = f"{decree.number} ({decree.issued_on:%d/%m/%Y})" if decree else ""
        rows.append([agency.code, agency.name, None, None, None, shown])
    return header, {1, 5}, rows, []


def _agencies(agencies, month):
    header = ["kode", "nama", "jenis", "kode_provinsi"]
    rows = [[a.code, a.name, a.kind, a.province.code] for a in agencies]
    kinds = DataValidation(type="list", formula1='"' + ",".join(AgencyKind.values) + '"', allow_blank=True)
    return header, set(), rows, [(["jenis"], kinds)]


def _tickets(agencies, month):
    header = [
        "tracking_id",
        "kode_instansi",
        "kategori",
        "tanggal_diterima",
        "tanggal_tindak_lanjut",
        "tanggal_selesai",
    ]
    categories = DataValidation(
        type="list", formula1='"' + ",".join(TicketCategory.values) + '"', allow_blank=True
    )
    return header, set(), [], [(["kategori"], categories)]


def _notes(workbook: Workbook, kind: str, month: date | None) -> None:
    """A second sheet with the rules (the import reads the first sheet only)."""
    notes = workbook.create_sheet(_("Petunjuk"))
    lines = [
        _("Isi lembar pertama; judul kolom di baris 1 jangan diubah."),
        _("Kolom abu-abu “(rujukan)” hanya untuk dibaca; impor mengabaikannya."),
        _("Baris yang hanya berisi kode (dan periode) dilewati: belum diisi."),
        _("Tanggal: TTTT-BB-HH atau HH/BB/TTTT. Periode: TTTT-BB, BB/TTTT atau nama bulan (September 2020)."),
        _("Akun aktif: Aktif atau Belum aktif (juga ya/tidak). Jumlah laporan: bilangan bulat 0 atau lebih."),
        _("Unggah kembali di halaman impor admin atau dengan: python manage.py import_lapor %(kind)s BERKAS")
        % {"kind": kind},
    ]
    if month is not None:
        lines.insert(0, _("Periode: %(month)s.") % {"month": format_month(month)})
    for line in lines:
        notes.append([line])
    notes.column_dimensions["A"].width = 100
