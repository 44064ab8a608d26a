"""`import_lapor` with the database down: a clear message and a non-zero exit, no traceback."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]


def test_a_database_that_is_down_gives_a_message_not_a_traceback(tmp_path):
    path = tmp_path / "instansi.csv"
    path.write_text("kode,nama,jenis,kode_provinsi\n81,Pemerintah Provinsi Maluku,provinsi,81\n")
    # Port 1 on the loopback: nothing listens there, the connection is refused at once.
    env = {**os.environ, "DATABASE_URL": "postgres://lapor:lapor@127.0.0.1:1/lapor", "LOG_FORMAT": "plain"}
    result = subprocess.run(
        [sys.executable, "manage.py", "import_lapor", "agencies", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode not in (0, 1), result.stderr
    assert "basis data tidak dapat dihubungi" in result.stderr
    assert "Traceback" not in result.stderr
