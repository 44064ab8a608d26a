"""Synthetic example data ("data contoh"): the command; what it writes and leaves alone is
described, and generated, in `evaluations/entry/demo_data.py`."""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from evaluations.entry.demo_data import clear_example_data, generate
from evaluations.periods import add_months, format_period, months_back, parse_month


class Command(BaseCommand):
    help = (
        "Isi data contoh (SK dan evaluasi bulanan) untuk semua instansi selama N bulan sampai bulan lalu; "
        "deterministik untuk satu --seed. Bulan dengan data nyata tidak disentuh."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=24, help="jumlah bulan (bawaan 24)")
        parser.add_argument("--seed", type=int, default=1, help="benih acak (bawaan 1)")
        parser.add_argument("--until", metavar="YYYY-MM", help="bulan terakhir (bawaan: bulan lalu)")
        parser.add_argument(
            "--clear", action="store_true", help="hapus semua data contoh (periode, evaluasi, SK) saja"
        )

    def handle(self, *args, months: int, seed: int, clear: bool, until: str | None, **options):
        if clear:
            with transaction.atomic():
                cleared = clear_example_data()
            self.stdout.write(self.style.SUCCESS(f"Data contoh dihapus: {cleared} periode."))
            return
        if not 1 <= months <= 240:
            raise CommandError("--months harus antara 1 dan 240.")
        started = time.perf_counter()
        try:
            latest = parse_month(until) if until else add_months(timezone.localdate().replace(day=1), -1)
        except ValidationError as error:
            raise CommandError(f"--until: {error.messages[0]}") from None
        window = months_back(latest, months)
        with transaction.atomic():
            result = generate(window=window, seed=seed)
        for month in result.skipped:
            self.stdout.write(
                self.style.WARNING(f"{format_period(month)} dilewati: sudah berisi data nyata.")
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Data contoh {format_period(window[0])} s.d. {format_period(window[-1])} (seed {seed}): "
                f"{result.periods} periode, {result.evaluations} evaluasi, {result.decrees} SK, "
                f"{time.perf_counter() - started:.1f} detik."
            )
        )
