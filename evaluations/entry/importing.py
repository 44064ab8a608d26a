"""Import of monthly evaluations, and the registry of every import kind (tickets: `ticket_import`)."""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from agencies.importing import (
    AgencyImporter,
    DecreeImporter,
    Importer,
    ImportFailed,
    Plan,
    Row,
    RowError,
    _codes,
    _text,
    parse_date,
)
from agencies.models import Agency
from agencies.scoping import OUT_OF_SCOPE_MESSAGE
from evaluations.choices import PeriodStatus
from evaluations.entry.locking import MonthLocked, lock_months, locked_message
from evaluations.entry.ticket_import import TicketImporter
from evaluations.models import (
    COUNT_FIELDS,
    EVALUATION_FIELDS,
    MonthlyEvaluation,
    Period,
    report_count_problems,
)
from evaluations.periods import format_month, format_period, last_day, parse_month

# Compared without case or spaces: `Aktif`, `Belum aktif` are the dashboard's own words.
_YES = {"ya", "y", "1", "true", "benar", "aktif", "sudahaktif"}
_NO = {"tidak", "t", "0", "false", "salah", "belumaktif", "tidakaktif", "nonaktif", "belum"}
_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "jan", "january"),
            ("februari", "feb", "pebruari", "february"),
            ("maret", "mar", "march"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "jun", "june"),
            ("juli", "jul", "july"),
            ("agustus", "agu", "agt", "ags", "aug", "august"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct", "october"),
            ("november", "nov", "nop", "nopember"),
            ("desember", "des", "dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NUMBER_FIRST = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{4})")
_MONTH_NAMED = re.compile(r"([a-z]+)\.?\s*[-/ ]?\s*(\d{4})")


class EvaluationImporter(Importer):
    kind = "evaluations"
    model = MonthlyEvaluation
    columns = (
        "kode_instansi",
        "periode",
        "akun_aktif",
        "laporan_diterima",
        "laporan_ditindaklanjuti",
        "laporan_selesai",
    )
    labels = {
        "kode_instansi": ("Kode Instansi", "Kode IP", "Kode"),
        "periode": ("Periode", "Bulan"),
        "akun_aktif": ("Akun Aktif", "Keaktifan Akun", "Status Akun"),
        "laporan_diterima": ("Laporan Diterima", "Diterima", "Jumlah Laporan Diterima"),
        "laporan_ditindaklanjuti": (
            "Laporan Ditindaklanjuti",
            "Ditindaklanjuti",
            "Laporan Tindak Lanjut",
            "Jumlah Laporan Ditindaklanjuti",
        ),
        "laporan_selesai": ("Laporan Selesai", "Selesai", "Jumlah Laporan Selesai"),
    }
    key_columns = ("kode_instansi", "periode")
    prefilled_columns = ("kode_instansi", "periode")
    fields = EVALUATION_FIELDS

    def prepare(self, rows):
        self.agencies = {
            a.code: a
            for a in Agency.objects.filter(code__in=_codes(rows, "kode_instansi")).select_related("province")
        }
        self.periods = {p.month: p for p in Period.objects.all()}

    def validate(self, row, check):
        code = check.text("kode_instansi", max_length=20)
        month = self._month(row, check)
        active = self._flag(row, check)
        counts = [check.count(c) for c in self.columns[3:]]
        agency = self.agencies.get(code)
        if code and agency is None:
            check.fail("kode_instansi", _("instansi %(code)s tidak dikenal.") % {"code": code})
        elif agency is not None and self.out_of_scope(agency.province_id):
            check.fail("kode_instansi", OUT_OF_SCOPE_MESSAGE % {"code": code})
        if agency is not None and month is not None:
            day = last_day(month)
            if not (agency.exists_on(day) and agency.province.exists_on(day)):
                check.fail(
                    "periode",
                    _("instansi %(code)s tidak ada pada %(month)s (lihat masa berlakunya).")
                    % {"code": code, "month": format_month(month)},
                )
        if month is not None:
            period = self.periods.get(month)
            if period is not None and period.status == PeriodStatus.PUBLISHED:
                check.fail("periode", locked_message(month))
        received, followed_up, completed = counts
        if check.ok:
            columns = dict(zip(COUNT_FIELDS, self.columns[3:], strict=True))
            for name, message in report_count_problems(received, followed_up, completed):
                # After "baris N, kolom X:" the message continues the sentence.
                check.fail(columns[name], message[0].lower() + message[1:])
        if not check.ok:
            return None
        return (agency.pk, month), {
            "agency_id": agency.pk,
            "month": month,
            "account_active": active,
            "received": received,
            "followed_up": followed_up,
            "completed": completed,
        }

    @staticmethod
    def _month(row: Row, check) -> object:
        try:
            month = month_from_cell(row.values.get("periode"))
        except ValidationError as error:
            check.fail("periode", " ".join(error.messages))
            return None
        if month is None:
            check.fail("periode", _("wajib diisi (format TTTT-BB, mis. 2020-09)."))
        return month

    @staticmethod
    def _flag(row: Row, check) -> bool:
        active = flag_from_cell(row.values.get("akun_aktif"))
        if active is None:
            check.fail("akun_aktif", _("isi ya atau tidak (juga Aktif/Belum aktif, 1/0, true/false)."))
            return False
        return active

    def key_label(self, row, values):
        # The month as the contract writes it, however the sheet wrote it (`Oktober 2020`, a date).
        return f"{_text(row.values.get('kode_instansi'))} / {format_period(values['month'])}"

    def existing(self, keys):
        agency_ids = {k[0] for k in keys}
        months = {k[1] for k in keys}
        evaluations = MonthlyEvaluation.objects.filter(agency_id__in=agency_ids, month__in=months)
        return {(e.agency_id, e.month): e for e in evaluations}

    def before_apply(self, plan: Plan) -> None:
        months = {c.instance.month for c in plan.changes if c.action != "unchanged"}
        # A month published between plan and apply must not be written; the lock holds off
        # a publication until this import commits.
        try:
            lock_months(months)
        except MonthLocked as locked:
            raise ImportFailed(
                [RowError(None, "", locked_message(month)) for month in locked.months]
            ) from None


def flag_from_cell(raw) -> bool | None:
    """ya/tidak, 1/0, true/false, Aktif/Belum aktif/Tidak aktif in any case → bool; None otherwise."""
    value = "".join(_text(raw).lower().replace("-", "").split())
    if value in _YES:
        return True
    if value in _NO:
        return False
    return None


def month_from_cell(raw) -> date | None:
    """A month as a spreadsheet holds it → its first day (None when blank): a date cell,
    `YYYY-MM`, `MM/YYYY`, `September 2020` (also `Sep 2020`, `sept-2020`) or a whole date
    (`2020-09-30`, `30/09/2020`). ValidationError (Indonesian) otherwise."""
    if hasattr(raw, "year") and hasattr(raw, "month"):
        # An XLSX date cell: the month it falls in.
        return parse_month(format_period(raw))
    value = _text(raw)
    if not value:
        return None
    lowered = " ".join(value.lower().split())
    if match := _MONTH_NUMBER_FIRST.fullmatch(lowered):
        return parse_month(f"{match[2]}-{int(match[1]):02d}")
    if (match := _MONTH_NAMED.fullmatch(lowered)) and match[1] in _MONTH_NAMES:
        return parse_month(f"{match[2]}-{_MONTH_NAMES[match[1]]:02d}")
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4}", lowered):
        try:
            day = parse_date(lowered)
        except ValueError as problem:
            raise ValidationError(str(problem)) from None
        return day.replace(day=1)
    try:
        return parse_month(value)
    except ValidationError as error:
        if error.code != "format":
            raise
        raise ValidationError(
            _(
                "periode %(v)s tidak dikenali; tulis TTTT-BB, BB/TTTT atau nama bulan, "
                "mis. 2020-09, 09/2020 atau September 2020."
            )
            % {"v": value[:30]}
        ) from None


IMPORTERS: dict[str, type[Importer]] = {
    importer.kind: importer
    for importer in (AgencyImporter, DecreeImporter, EvaluationImporter, TicketImporter)
}


def import_file(
    kind: str,
    file_name: str,
    content: bytes,
    *,
    user=None,
    dry_run: bool = False,
    expect_digest: str | None = None,
) -> Plan:
    """Read, validate and (unless `dry_run` or invalid) save a file; all or nothing.

    Raises ImportFailed when the file cannot be read; returns an invalid Plan (nothing
    saved) when rows are bad. With `expect_digest` (the digest of the preview the user
    confirmed), a plan that would now write something else is returned unsaved, `stale`.
    """
    importer = IMPORTERS[kind](user=user)
    rows = importer.read(file_name, content)
    plan = importer.plan(rows)
    if expect_digest is not None and plan.is_valid and plan.digest() != expect_digest:
        plan.stale = True
        return plan
    if plan.is_valid and not dry_run:
        importer.apply(plan)
    return plan
