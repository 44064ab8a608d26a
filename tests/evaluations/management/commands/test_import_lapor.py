"""The `import_lapor` command itself: its exit status, and the files it refuses before reading."""

import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from evaluations.models import MonthlyEvaluation, Period
from tests.helpers import EVALUATIONS_HEADER, import_fails, write_file


def test_command_exits_with_status_one_on_a_bad_file(tmp_path):
    # A real process, to see the exit status; a header error needs no data in the database.
    path = write_file(tmp_path, "bad.csv", "kode_instansi,periode\n81,2021-09\n")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_lapor", "evaluations", str(path)],
        capture_output=True,
        text=True,
        env={"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "PATH": "/usr/bin:/bin"},
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "baris 1, kolom akun_aktif: kolom wajib tidak ada." in result.stderr
    assert "Traceback" not in result.stderr


def test_a_file_over_ten_megabytes_is_refused(province_with_three_agencies, tmp_path):
    row = "8101,2021-09,ya,1,1,1\n"
    content = (f"{EVALUATIONS_HEADER}\n" + row * (11 * 1024 * 1024 // len(row))).encode()
    path = tmp_path / "besar.csv"
    path.write_bytes(content)
    assert "lebih dari 10 MB" in import_fails("evaluations", path)
    assert MonthlyEvaluation.objects.count() == 0 and Period.objects.count() == 0


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="tidak dapat dibaca"):
        call_command("import_lapor", "evaluations", str(tmp_path / "tidak-ada.csv"))


def test_dry_run_lists_each_change_with_old_and_new_values(reference_data, tmp_path):
    """`--dry-run` shows what would change, row by row, and saves nothing."""
    from datetime import date
    from io import StringIO

    from django.core.management import call_command

    from agencies.models import Agency
    from evaluations.models import MonthlyEvaluation
    from tests.factories import make_evaluation

    make_evaluation(
        Agency.objects.get(code="8171"),
        date(2020, 10, 1),
        active=False,
        received=4,
        followed_up=2,
        completed=1,
    )
    path = tmp_path / "okt.csv"
    path.write_text(
        "kode_instansi,periode,akun_aktif,laporan_diterima,laporan_ditindaklanjuti,laporan_selesai\n"
        "8171,2020-10,ya,5,2,1\n"
        "8172,2020-10,tidak,,,\n"
    )
    out = StringIO()
    call_command("import_lapor", "evaluations", str(path), "--dry-run", stdout=out)
    text = out.getvalue()
    assert "baris 2, 8171 / 2020-10 (diubah): akun aktif: tidak → ya; laporan diterima: 4 → 5" in text
    assert "baris 3, 8172 / 2020-10 (baru):" in text
    assert "1 baru, 1 diubah, 0 tetap (akan disimpan)" in text
    assert MonthlyEvaluation.objects.get(agency__code="8171", month=date(2020, 10, 1)).received == 4
    assert not MonthlyEvaluation.objects.filter(agency__code="8172", month=date(2020, 10, 1)).exists()
