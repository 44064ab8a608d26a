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
