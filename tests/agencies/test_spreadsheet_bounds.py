"""Hostile spreadsheets (`agencies/importing.py: read_table`): zip bombs, row floods, DTDs and a
lying `<dimension>` are refused quickly with a file-level message, and nothing is saved."""

import time

import pytest

from agencies.importing import ImportFailed, read_table
from evaluations.entry.importing import EvaluationImporter
from evaluations.models import MonthlyEvaluation, Period
from tests.agencies import spreadsheet_bombs as bombs
from tests.helpers import import_fails, run_import

COLUMNS = EvaluationImporter.columns


def _refusal(name: str, content: bytes) -> tuple[str, float]:
    started = time.perf_counter()
    with pytest.raises(ImportFailed) as failure:
        read_table(name, content, COLUMNS)
    return "\n".join(str(e) for e in failure.value.errors), time.perf_counter() - started


def test_a_million_tiny_rows_are_refused_in_under_two_seconds():
    content = bombs.million_rows(COLUMNS)
    assert len(content) < 400_000
    message, seconds = _refusal("juta.xlsx", content)
    assert message.startswith("berkas: berkas XLSX terlalu besar setelah dibuka")
    assert seconds < 2


def test_gigabytes_of_xml_are_refused_before_unpacking():
    content = bombs.gigabytes_of_xml(COLUMNS, megabytes=300)
    message, seconds = _refusal("besar.xlsx", content)
    assert "terlalu besar setelah dibuka (300 MB data XML)" in message
    assert seconds < 2


def test_more_rows_than_the_limit_are_refused_with_the_limit_named():
    rows = [COLUMNS] + [(str(8100 + n % 99), "2021-09", "ya", str(n), "", "") for n in range(50_000)]
    message, seconds = _refusal("banyak.xlsx", bombs.xlsx(rows))
    assert message == "berkas: berkas berisi lebih dari 50.000 baris; pecah menjadi beberapa berkas."
    assert seconds < 2
    csv = "\n".join(",".join(row) for row in rows).encode()
    assert "lebih dari 50.000 baris" in _refusal("banyak.csv", csv)[0]
    assert "lebih dari 50.000 baris" in _refusal("kosong.csv", b"\n" * 5_000_000)[0]


def test_sparse_row_numbers_count_towards_the_limit():
    sheet = bombs.xlsx([COLUMNS], chunks=[b'<row r="900000"><c r="A900000"><v>1</v></c></row>'])
    assert "lebih dari 50.000 baris" in _refusal("jauh.xlsx", sheet)[0]


def test_a_dtd_is_refused_with_a_message():
    message, _seconds = _refusal("dtd.xlsx", bombs.with_dtd(COLUMNS, ["81", "2021-09", "ya", "", "", ""]))
    assert message.startswith("berkas: berkas XLSX berisi deklarasi DTD/entitas")


def test_every_row_is_read_whatever_the_dimension_tag_says():
    rows = [COLUMNS] + [(code, "2021-09", "ya", "", "", "") for code in ("81", "8101", "8102")]
    read = read_table("dim.xlsx", bombs.xlsx(rows, dimension="A1:F2"), COLUMNS)
    assert [row.values["kode_instansi"] for row in read] == ["81", "8101", "8102"]


@pytest.mark.django_db
@pytest.mark.usefixtures("province_with_three_agencies")
def test_the_command_refuses_a_bomb_and_saves_nothing(tmp_path):
    bomb = tmp_path / "bom.xlsx"
    bomb.write_bytes(bombs.million_rows(COLUMNS))
    assert "terlalu besar setelah dibuka" in import_fails("evaluations", bomb)
    dtd = tmp_path / "dtd.xlsx"
    dtd.write_bytes(bombs.with_dtd(COLUMNS, ["81", "2021-09", "ya", "", "", ""]))
    assert "DTD" in import_fails("evaluations", dtd)
    assert MonthlyEvaluation.objects.count() == 0 and Period.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.usefixtures("province_with_three_agencies")
def test_the_command_imports_rows_beyond_a_lying_dimension(tmp_path):
    rows = [COLUMNS] + [(code, "2021-09", "ya", "", "", "") for code in ("81", "8101", "8102")]
    path = tmp_path / "dim.xlsx"
    path.write_bytes(bombs.xlsx(rows, dimension="A1:F2"))
    out, _err = run_import("evaluations", path)
    assert "3 baru" in out
    assert MonthlyEvaluation.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (bombs.with_dtd(COLUMNS, ["81", "2021-09", "ya", "", "", ""]), "DTD"),
        (bombs.million_rows(COLUMNS), "terlalu besar setelah dibuka"),
    ],
    ids=["dtd", "million-rows"],
)
def test_the_admin_import_explains_a_hostile_xlsx_without_a_500(superuser_client, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    started = time.perf_counter()
    response = superuser_client.post(
        "/admin/impor/evaluations/", {"berkas": SimpleUploadedFile("bom.xlsx", content)}
    )
    assert time.perf_counter() - started < 2
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "token" not in response.context or not response.context["token"]
