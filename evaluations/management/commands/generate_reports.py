"""`python manage.py generate_reports YYYY-MM`: the month's national PDF and one per province
evaluated that month, rendered in parallel processes, plus a ZIP of them all.

A published month's reports go to its revision's archive folder (`laporan/YYYY-MM/r<n>/`);
those already archived are kept as they are (their SHA-256 is published), so running the
command twice renders nothing new. A month not published goes to `laporan/YYYY-MM/draf/`,
rendered afresh every time.
"""

import logging
import multiprocessing
import time
import zipfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import date
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from evaluations.figures import scorecards
from evaluations.pdf import archive
from evaluations.pdf import worker as report_worker
from evaluations.periods import format_month, parse_month


class Command(BaseCommand):
    help = "Membuat laporan PDF nasional dan per provinsi untuk satu bulan, beserta ZIP-nya."

    def add_arguments(self, parser):
        parser.add_argument("month", help="bulan, TTTT-BB (mis. 2020-09)")
        parser.add_argument(
            "--jobs",
            type=int,
            default=None,
            help="jumlah proses paralel (bawaan: jumlah CPU); 1 = tanpa proses tambahan",
        )
        parser.add_argument(
            "--revisi",
            type=int,
            default=None,
            help="hanya bila bulan itu masih terbit sebagai revisi ini (tugas setelah publikasi)",
        )

    def handle(self, *args, month: str, jobs: int | None, revisi: int | None = None, **options):
        try:
            month = parse_month(month)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        logging.getLogger("weasyprint").setLevel(logging.WARNING)
        period = archive.period_state(month)
        revision = period.revision if period.is_published else None
        if revisi is not None and revision != revisi:
            raise CommandError(
                f"{format_month(month)} bukan lagi revisi {revisi} yang terbit; tidak ada yang dibuat."
            )
        # A province not evaluated that month has no figures to report (its page says so).
        national = scorecards.national(month)
        codes = [None] + [card.province.code for card in national.provinces if card.is_evaluated]
        jobs = max(1, jobs or settings.LAPOR_RENDER_PROCESSES or multiprocessing.cpu_count())
        state = f"revisi {period.revision}" if period.is_published else "draf (belum dipublikasikan)"
        self.stdout.write(f"{format_month(month)}, {state}: {len(codes)} laporan, {jobs} proses")

        started = time.perf_counter()
        results = self._run(codes, month, revision, jobs)
        elapsed = time.perf_counter() - started

        folder = archive.month_folder(month, revision)
        zip_path = self._zip(month, revision, results)
        rendered = sum(1 for _digest, fresh, _seconds in results.values() if fresh)
        self.stdout.write(
            self.style.SUCCESS(
                f"{rendered} dibuat, {len(results) - rendered} sudah ada; {elapsed:.1f} s. "
                f"Berkas di {folder}/, ZIP: {zip_path}"
            )
        )

    def _run(self, codes: list, month: date, revision: int | None, jobs: int) -> dict:
        results: dict = {}
        if any(conn.in_atomic_block for conn in connections.all(initialized_only=True)):
            # Inside a transaction the workers could not see this process's uncommitted rows.
            jobs = 1
        if jobs == 1:
            for code in codes:
                code, digest, fresh, seconds = report_worker.render_one(code, month, revision)
                results[code] = (digest, fresh, seconds)
                self._progress(len(results), len(codes), code, seconds)
            return results
        # Spawned, not forked: a worker shares nothing with this process (no database socket,
        # no threads); each sets Django up (about a second) and opens its own connection.
        context = multiprocessing.get_context("spawn")
        initargs = (settings.DATABASES["default"]["NAME"], str(settings.MEDIA_ROOT))
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=context, initializer=report_worker.init, initargs=initargs
        ) as pool:
            futures = [pool.submit(report_worker.render_one, code, month, revision) for code in codes]
            for future in as_completed(futures):
                code, digest, fresh, seconds = future.result()
                results[code] = (digest, fresh, seconds)
                self._progress(len(results), len(codes), code, seconds)
        return results

    def _progress(self, done: int, total: int, code: str | None, seconds: float) -> None:
        width = 30
        filled = width * done // total
        bar = "#" * filled + "-" * (width - filled)
        line = f"[{bar}] {done:>3}/{total} {archive.report_name(code):<14} {seconds:5.2f} s"
        if self.stdout.isatty():
            self.stdout.write(f"\r{line}", ending="\n" if done == total else "")
        else:
            self.stdout.write(line)
        self.stdout.flush()

    def _zip(self, month: date, revision: int | None, results: dict) -> str:
        """The month's ZIP: every PDF plus a SHA256SUMS file, stored next to them."""
        buffer = BytesIO()
        sums = []
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            for code in sorted(results, key=lambda c: (c is not None, c or "")):
                path = archive.archive_path(code, month, revision)
                name = path.rsplit("/", 1)[-1]
                with default_storage.open(path, "rb") as stored:
                    bundle.writestr(name, stored.read())
                sums.append(f"{results[code][0]}  {name}\n")
            bundle.writestr("SHA256SUMS", "".join(sums))
        path = f"{archive.month_folder(month, revision)}/{archive.zip_name(month)}"
        archive.store(path, buffer.getvalue())
        return path
