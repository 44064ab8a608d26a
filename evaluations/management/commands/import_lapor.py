from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import InterfaceError, OperationalError

from agencies.importing import MAX_FILE_BYTES, ImportFailed, ImportRaced
from evaluations.entry.importing import IMPORTERS, import_file

RACE_ATTEMPTS = 3


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

    def _fail(self, errors) -> None:
        for error in errors:
            self.stderr.write(str(error))
        raise CommandError(f"{len(errors)} kesalahan; tidak ada data yang disimpan.", returncode=1)
