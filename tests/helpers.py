"""Helpers the tests share: driving the admin's grid the way a browser would, running the
import command, reading pages and PDFs back."""

import io
from datetime import datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from evaluations.periods import format_period

EVALUATIONS_HEADER = (
    "kode_instansi,periode,akun_aktif,laporan_diterima,laporan_ditindaklanjuti,laporan_selesai"
)
AGENCIES_HEADER = "kode,nama,jenis,kode_provinsi"
DECREES_HEADER = "kode_instansi,nomor_sk,tanggal_sk,berlaku_sampai"

GRID_URL = "/admin/evaluations/monthlyevaluation/grid/"


def clear_cache(backend=None) -> None:
    """Empty the cache of this test database (default: the `default` cache) without touching
    anyone else's keys.

    `cache.clear()` on Redis is FLUSHDB: the whole Redis database, so under pytest-xdist one
    worker would wipe the pages another worker's test has just cached (and, on a shared Redis,
    another run's). Every key carries the database's name (`lapor_monitor.cache.make_key`) and
    each xdist worker has a test database of its own, so deleting the keys under
    `prefix:database:` removes exactly this run's, this worker's entries.
    """
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache
    from redis.exceptions import RedisError

    from lapor_monitor.cache import make_key

    backend = backend or caches["default"]
    if not isinstance(backend, RedisCache):
        backend.clear()  # per process (locmem): nobody else's
        return
    assert backend.key_func is make_key, "keys without the database's name: cannot clear only ours"
    database = connections["default"].settings_dict.get("NAME") or ""
    try:
        client = backend._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{backend.key_prefix}:{database}:*", count=1000))
        for start in range(0, len(keys), 1000):
            client.delete(*keys[start : start + 1000])
    except (RedisError, OSError):
        pass  # a Redis that is down holds nothing to clear (as `SafeRedisCache.clear`)


def page_text(response) -> str:
    """A response's HTML with whitespace collapsed."""
    return " ".join(response.content.decode().split())


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page, whitespace collapsed."""
    assert content.startswith(b"%PDF-")
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(content)).pages]


def count_queries(client, url: str) -> int:
    """The queries of one GET of `url`, which must answer 200."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# The admin's province grid.


def grid_url(province, month) -> str:
    return f"{GRID_URL}?provinsi={province.code}&periode={format_period(month)}"


def grid_post(client, province, month, values: dict[str, tuple]):
    """Open the grid, keep every row as prefilled except those in `values`, and save.

    `values` maps an agency code to (activity "ya"/"tidak"/"", received, followed_up, completed).
    """
    url = grid_url(province, month)
    page = client.get(url)
    assert page.status_code == 200
    data = {"form-TOTAL_FORMS": str(len(page.context["rows"])), "form-INITIAL_FORMS": "0"}
    for index, (agency, form) in enumerate(page.context["rows"]):
        row = dict(form.initial)
        if agency.code in values:
            activity, received, followed_up, completed = values[agency.code]
            row.update(
                account_active=activity, received=received, followed_up=followed_up, completed=completed
            )
        for name in ("agency", "account_active", "received", "followed_up", "completed"):
            value = row.get(name)
            data[f"form-{index}-{name}"] = "" if value is None else str(value)
    return client.post(url, data)


# The `import_lapor` command.


def write_file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def run_import(kind: str, path: Path) -> tuple[str, str]:
    """`import_lapor kind path`, which must succeed: (stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_lapor", kind, str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def import_fails(kind: str, path: Path) -> str:
    """`import_lapor kind path`, which must fail with exit status 1: its messages (warnings first)."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_lapor", kind, str(path), stdout=out, stderr=err)
    assert failure.value.returncode == 1
    return out.getvalue() + err.getvalue() + str(failure.value)


# Admin changelists.

# Every changelist, for an evaluator: session, user, user permissions, group permissions,
# the paginator's count and the full count, the page of rows (relations joined, counts and
# period status annotated): 7. Then, per page:
#   + 1 the user's groups (province scope)          on province, agency, decree, evaluation
#   + 1 the provinces present (related-only filter) on agency, decree, evaluation
#   + 1 the months (month filter)                   on evaluation
CHANGELIST_QUERIES = 7


def changelist_queries_with_one_and_many_rows(client, url: str) -> tuple[int, int]:
    """The queries of the changelist at `url` with one agency (decree, evaluation, month) in a
    new province Aceh (11), then with 25 of them and more months."""
    from datetime import date

    from agencies.models import Agency
    from evaluations.models import Period
    from tests.factories import make_agencies, make_decree, make_evaluation, make_province

    aceh = make_province("11", "Aceh")
    month = date(2021, 1, 1)
    Period.objects.create(month=month)
    for agency in make_agencies(aceh, 1):
        make_decree(agency, date(2020, 1, 1))
        make_evaluation(agency, month, active=True, received=3, followed_up=2, completed=1)
    with_one = count_queries(client, url)
    for n in range(2, 26):
        agency = Agency.objects.create(
            code=f"11{n:02d}", name=f"Kabupaten {n}", kind="kabupaten", province=aceh
        )
        make_decree(agency, date(2020, 1, 1))
        make_evaluation(agency, month, active=True)
        Period.objects.get_or_create(month=date(2019, n % 12 + 1, 1))
    return with_one, count_queries(client, url)


def close_url(month) -> str:
    """The admin's close page of a month (publish, reopen, change log)."""
    from evaluations.models import Period

    return f"/admin/evaluations/period/{Period.objects.get(month=month).pk}/penutupan/"


# "The messy spreadsheet" (issue 14): an XLSX made the way civil servants make them.

MESSY_TITLE = "REKAP EVALUASI PENGELOLAAN SP4N-LAPOR! PROVINSI MALUKU - OKTOBER 2020"
MESSY_HEADER = [
    "No",
    "Kode Instansi",
    "Nama Instansi",
    "Periode",
    "Akun  Aktif",
    "Laporan Diterima",
    "Laporan Ditindaklanjuti",
    "LAPORAN_SELESAI",
    "Keterangan",
]
MESSY_ROWS = [
    [1, "81", "Pemerintah Provinsi Maluku", "Oktober 2020", "Aktif", "12", "10", "7", "lengkap"],
    [2, "8101", "Kab. Maluku Tengah", "10/2020", "Belum aktif", None, None, None, "akun belum dibuat"],
    # A code typed as a number, the month as a date cell, thousands with a dot, as text.
    [3, 8171, "Kota Ambon", datetime(2020, 10, 1), "aktif", "1.234", "1.000", "850", None],
    [4, "8172", "Kota Tual", "2020-10", "Tidak Aktif", "0", "0", "0", "nihil"],
]


def messy_evaluations_xlsx() -> bytes:
    """A title row above the header, a blank row, `Kode Instansi`, `Akun  Aktif` with two spaces,
    `LAPORAN_SELESAI`, extra `No`, `Nama Instansi` and `Keterangan` columns, `Aktif`/`Belum aktif`,
    months written three ways and numbers stored as text."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([MESSY_TITLE])
    sheet.merge_cells("A1:I1")
    sheet.append([])
    sheet.append(MESSY_HEADER)
    for row in MESSY_ROWS:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def fill_template(content: bytes, values: dict[str, tuple]) -> bytes:
    """An evaluations template with the rows of `values` (code → activity, received, followed up,
    completed) filled in as an officer would, the others left as downloaded."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    columns = [header.index(label) + 1 for label in ("Akun Aktif", "Laporan Diterima")]
    for row in sheet.iter_rows(min_row=2):
        code = row[0].value
        if code in values:
            for offset, value in enumerate(values[code]):
                sheet.cell(row=row[0].row, column=columns[0] + offset, value=value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
