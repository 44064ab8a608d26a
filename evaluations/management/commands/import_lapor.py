from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agencies.importing import MAX_FILE_BYTES, ImportFailed
from evaluations.entry.importing import IMPORTERS, import_file


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
        try:
            plan = import_file(kind, path.name, content, dry_run=dry_run)
        except ImportFailed as failure:
            self._fail(failure.errors)
        if not plan.is_valid:
            self._fail(plan.errors)
        verb = "akan" if dry_run else "sudah"
        self.stdout.write(
            f"{path.name}: {plan.count('create')} baru, {plan.count('update')} diubah, "
            f"{plan.count('unchanged')} tetap ({verb} disimpan)."
        )

    def _fail(self, errors) -> None:
        for error in errors:
            self.stderr.write(str(error))
        raise CommandError(f"{len(errors)} kesalahan; tidak ada data yang disimpan.", returncode=1)
