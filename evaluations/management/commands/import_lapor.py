from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError

from agencies.importing import MAX_FILE_BYTES, ImportFailed, ImportRaced
from evaluations.entry.importing import IMPORTERS, import_file

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
        "Impor instansi, SK, evaluasi bulanan atau tiket LAPOR! dari berkas .csv (UTF-8) atau .xlsx. "
        "Semua atau tidak sama sekali: satu baris salah, tidak ada yang disimpan."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "kind", choices=sorted(IMPORTERS), help="agencies, decrees, evaluations atau tickets"
        )
        parser.add_argument("file", help="berkas .csv atau .xlsx dengan baris judul kolom")
        parser.add_argument("--dry-run", action="store_true", help="periksa saja, jangan simpan")

    def handle(self, *args, kind: str, file: str, dry_run: bool, **options):
        path = Path(file)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise CommandError(f"berkas: {path} lebih dari 10 MB; pecah menjadi beberapa berkas.")
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"berkas: {path} tidak dapat dibaca ({exc.strerror}).") from None
        plan = self._import(kind, path.name, content, dry_run)
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

    def _fail(self, errors) -> None:
        for error in errors:
            self.stderr.write(str(error))
        raise CommandError(f"{len(errors)} kesalahan; tidak ada data yang disimpan.", returncode=1)
