"""Two imports of overlapping files at once (`Importer.apply`'s lock): the second waits for the
first, then succeeds (the command plans again) or is refused with a message (the admin's
confirmation); never an IntegrityError, never a 500."""

import io
import threading
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction

from agencies.importing import AgencyImporter, read_table
from agencies.models import Agency
from tests.factories import make_province

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "kode,nama,jenis,kode_provinsi\n"


def _agencies(codes, name="Kabupaten") -> bytes:
    return (HEADER + "".join(f"81{n:02d},{name} {n},kabupaten,81\n" for n in codes)).encode()


def _wait_for_a_blocked_lock(seconds: float = 5) -> None:
    """Until another connection waits for an advisory lock (or the time is up, as it is when
    nothing takes one)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                return
        time.sleep(0.05)


def _first_import_holding_its_transaction(content: bytes, started, release, outcome):
    """Import `content` and keep the transaction open until `release` is set."""
    try:
        with transaction.atomic():
            importer = AgencyImporter()
            importer.apply(importer.plan(read_table("a.csv", content, AgencyImporter.columns)))
            started.set()
            release.wait(10)
        outcome["first"] = "ok"
    except Exception as error:  # noqa: BLE001 - the outcome is what the test reads
        outcome["first"] = repr(error)
        started.set()
    finally:
        connection.close()


def _race(second) -> dict:
    """The first import (rows 01-20) holds its transaction while `second` runs in another
    thread, then commits once `second` waits for it."""
    started, release, outcome = threading.Event(), threading.Event(), {}
    first = threading.Thread(
        target=_first_import_holding_its_transaction,
        args=(_agencies(range(1, 21)), started, release, outcome),
    )
    first.start()
    started.wait(10)
    other = threading.Thread(target=second, args=(outcome,))
    other.start()
    _wait_for_a_blocked_lock()
    release.set()
    first.join(20)
    other.join(20)
    return outcome


@pytest.fixture
def maluku(transactional_db):
    return make_province()


def test_a_command_overtaken_by_another_import_succeeds_after_it(maluku, tmp_path):
    path = tmp_path / "b.csv"
    # Rows 11-20 overlap the first import (other names), rows 21-40 are this file's own.
    path.write_bytes(_agencies(range(11, 41), name="Kab."))

    def second(outcome):
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("import_lapor", "agencies", str(path), stdout=out, stderr=err)
            outcome["second"] = out.getvalue()
        except BaseException as error:  # noqa: BLE001
            outcome["second"] = f"{type(error).__name__}: {error} {err.getvalue()}"
        finally:
            connection.close()

    outcome = _race(second)
    assert outcome["first"] == "ok"
    assert outcome["second"] == "b.csv: 20 baru, 10 diubah, 0 tetap (sudah disimpan).\n", outcome
    assert Agency.objects.count() == 40
    assert Agency.objects.get(code="8115").name == "Kab. 15"


def test_an_admin_confirmation_overtaken_by_another_import_is_refused_with_a_message(maluku, client):
    from tests.conftest import make_user

    client.force_login(make_user("super", is_staff=True, is_superuser=True))
    preview = client.post(
        "/admin/impor/agencies/",
        {"berkas": SimpleUploadedFile("b.csv", _agencies(range(11, 41), name="Kab."))},
    )
    token, digest = preview.context["token"], preview.context["digest"]

    def second(outcome):
        try:
            response = client.post("/admin/impor/agencies/", {"token": str(token), "pratinjau": digest})
            outcome["second"] = (response.status_code, response.content.decode())
        except BaseException as error:  # noqa: BLE001
            outcome["second"] = (500, repr(error))
        finally:
            connection.close()

    outcome = _race(second)
    assert outcome["first"] == "ok"
    status, html = outcome["second"]
    assert status == 200, html[:500]
    assert "impor lain baru saja mengubah baris yang sama" in html
    # The first import whole, nothing of the second.
    assert Agency.objects.count() == 20
