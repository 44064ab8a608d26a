from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError
from openpyxl import load_workbook

from agencies.importing import MAX_FILE_BYTES, ImportFailed, ImportRaced
from agencies.models import Province
from evaluations.entry.importing import IMPORTERS, import_file, month_from_cell
from evaluations.entry.spreadsheet_template import TemplateError, build_template

RACE_ATTEMPTS = 3


def _shown(value) -> str:
    if value is None or value == "":
        return "kosong"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return str(value)


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class Command(BaseCommand):
    help = (
        "Impor instansi, SK, evaluasi bulanan atau tiket LAPOR! dari berkas .csv atau .xlsx, atau buat "
        "templat XLSX-nya (import_lapor template JENIS BERKAS). "
        "Semua atau tidak sama sekali: satu baris salah, tidak ada yang disimpan."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # Options between the positionals, as the contract writes it:
        # `import_lapor template evaluations --provinsi 81 --periode 2026-11 FILE`.
        parser.parse_args = parser.parse_intermixed_args
        return parser

    def add_arguments(self, parser):
        parser.add_argument(
            "kind",
            choices=[*sorted(IMPORTERS), "template"],
            help="agencies, decrees, evaluations atau tickets; atau template (lalu jenisnya) untuk "
            "membuat templat XLSX",
        )
        parser.add_argument(
            "file", nargs="+", help="berkas .csv atau .xlsx; untuk template: JENIS BERKAS_KELUARAN.xlsx"
        )
        parser.add_argument("--dry-run", action="store_true", help="periksa saja, jangan simpan")
        parser.add_argument("--provinsi", help="template: kode provinsi (mis. 81) yang instansinya diisikan")
        parser.add_argument("--periode", help="template evaluations: bulan TTTT-BB (mis. 2026-11)")

    def handle(self, *args, kind: str, file: list[str], dry_run: bool, **options):
        if kind == "template":
            return self._template(file, options.get("provinsi"), options.get("periode"))
        if len(file) != 1 or options.get("provinsi") or options.get("periode"):
            raise CommandError(
                "gunakan: import_lapor JENIS BERKAS (--provinsi/--periode hanya untuk template)."
            )
        path = Path(file[0])
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(f"berkas: {path} lebih dari 10 MB; pecah menjadi beberapa berkas.")
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"berkas: {path} tidak dapat dibaca ({exc.strerror}).") from None
        plan = self._import(kind, path.name, content, dry_run)
        self._warn(plan.warnings)
        if not plan.is_valid:
            self._fail(plan.errors)
        if dry_run:
            self._show_changes(kind, plan)
        verb = "akan" if dry_run else "sudah"
        self.stdout.write(
            f"{path.name}: {plan.count('create')} baru, {plan.count('update')} diubah, "
            f"{plan.count('unchanged')} tetap ({verb} disimpan)."
        )

    def _import(self, kind: str, name: str, content: bytes, dry_run: bool):
        """The file's plan, applied unless `dry_run`. An import overtaken by another one of the
        same kind (ImportRaced: it waited for it, then found rows changed) is planned again
        against the new data, a few times at most."""
        for attempt in range(1, RACE_ATTEMPTS + 1):
            try:
                return import_file(kind, name, content, dry_run=dry_run)
            except ImportRaced as raced:
                if attempt == RACE_ATTEMPTS:
                    self._fail(raced.errors)
            except ImportFailed as failure:
                self._warn(failure.warnings)
                self._fail(failure.errors)
            except (OperationalError, InterfaceError) as exc:
                raise CommandError(
                    "basis data tidak dapat dihubungi; tidak ada data yang disimpan. "
                    f"Periksa DATABASE_URL dan apakah PostgreSQL berjalan ({_first_line(exc)}).",
                    returncode=2,
                ) from None

    def _show_changes(self, kind: str, plan) -> None:
        """Each row the import would write, with its old → new values (as the admin's preview)."""
        fields = IMPORTERS[kind].model._meta.concrete_fields
        labels = {f.attname: str(f.verbose_name) for f in fields}
        # Related rows by name, not by id ("provinsi: 81 Maluku").
        names = {}
        for field in fields:
            if field.is_relation:
                ids = {v for c in plan.changes for v in c.fields.get(field.attname, ()) if v is not None}
                names[field.attname] = {
                    obj.pk: str(obj) for obj in field.related_model.objects.filter(pk__in=ids)
                }
        actions = {"create": "baru", "update": "diubah"}
        for change in plan.changes:
            if change.action == "unchanged":
                continue
            values = "; ".join(
                f"{labels.get(name, name)}: {_shown(names.get(name, {}).get(old, old))} → "
                f"{_shown(names.get(name, {}).get(new, new))}"
                for name, (old, new) in change.fields.items()
                if old != new
            )
            self.stdout.write(f"baris {change.row}, {change.key} ({actions[change.action]}): {values}")

    def _warn(self, warnings) -> None:
        for warning in warnings:
            self.stdout.write(f"peringatan: {warning}")

    def _template(self, arguments: list[str], province_code: str | None, month_text: str | None) -> None:
        """`import_lapor template KIND FILE [--provinsi 81] [--periode 2026-11]`: write the XLSX template."""
        if len(arguments) != 2 or arguments[0] not in IMPORTERS:
            raise CommandError(
                "gunakan: import_lapor template JENIS BERKAS.xlsx [--provinsi 81] [--periode TTTT-BB]; "
                f"JENIS salah satu dari {', '.join(sorted(IMPORTERS))}."
            )
        kind, target = arguments[0], Path(arguments[1])
        province = None
        if province_code:
            province = Province.objects.filter(code=province_code.strip()).first()
            if province is None:
                raise CommandError(f"provinsi {province_code} tidak dikenal.")
        month = None
        if month_text:
            try:
                month = month_from_cell(month_text)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        try:
            content = build_template(kind, province=province, month=month)
        except TemplateError as error:
            raise CommandError(str(error)) from None
        try:
            target.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"berkas: {target} tidak dapat ditulis ({exc.strerror}).") from None
        sheet = load_workbook(target, read_only=True).worksheets[0]
        rows = sum(1 for (first,) in sheet.iter_rows(min_row=2, max_col=1, values_only=True) if first)
        self.stdout.write(f"{target}: templat {kind} dengan {rows} baris terisi kode instansi.")

    def _fail(self, errors) -> None:
        for error in errors:
            self.stderr.write(str(error))
        raise CommandError(f"{len(errors)} kesalahan; tidak ada data yang disimpan.", returncode=1)
