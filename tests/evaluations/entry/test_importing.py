"""Importing monthly evaluations (`entry/importing.py`), through the `import_lapor` command."""

from datetime import date

import pytest
from openpyxl import Workbook

from agencies.models import Agency
from evaluations.choices import PeriodStatus
from evaluations.models import MonthlyEvaluation, Period
from tests.factories import make_period
from tests.helpers import EVALUATIONS_HEADER, import_fails, run_import, write_file

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("province_with_three_agencies")]


def test_good_evaluations_file_is_imported(province_with_three_agencies, tmp_path):
    path = write_file(
        tmp_path,
        "sep.csv",
        f"{EVALUATIONS_HEADER}\n81,2021-09,ya,10,6,3\n8101,2021-09,tidak,,,\n8102,2021-09,1,0,0,0\n",
    )
    out, _err = run_import("evaluations", path)
    assert "3 baru" in out
    rows = {e.agency.code: e for e in MonthlyEvaluation.objects.select_related("agency")}
    assert (rows["81"].account_active, rows["81"].received, rows["81"].followed_up, rows["81"].completed) == (
        True,
        10,
        6,
        3,
    )
    assert rows["8101"].account_active is False and rows["8101"].received is None
    assert rows["8102"].received == 0
    # The month now exists, as a draft.
    assert Period.objects.get(month=date(2021, 9, 1)).status == PeriodStatus.DRAFT


def test_reimporting_the_same_file_changes_nothing(province_with_three_agencies, tmp_path):
    path = write_file(
        tmp_path, "sep.csv", f"{EVALUATIONS_HEADER}\n81,2021-09,ya,10,6,3\n8101,2021-09,tidak,,,\n"
    )
    run_import("evaluations", path)
    history_before = MonthlyEvaluation.history.count()
    out, _err = run_import("evaluations", path)
    assert "0 baru, 0 diubah, 2 tetap" in out
    assert MonthlyEvaluation.objects.count() == 2
    assert MonthlyEvaluation.history.count() == history_before


def test_changed_row_is_updated_in_place(province_with_three_agencies, tmp_path):
    run_import("evaluations", write_file(tmp_path, "a.csv", f"{EVALUATIONS_HEADER}\n81,2021-09,ya,10,6,3\n"))
    out, _err = run_import(
        "evaluations", write_file(tmp_path, "b.csv", f"{EVALUATIONS_HEADER}\n81,2021-09,ya,10,8,5\n")
    )
    assert "1 diubah" in out
    evaluation = MonthlyEvaluation.objects.get()
    assert (evaluation.followed_up, evaluation.completed) == (8, 5)


def test_bad_file_saves_nothing_and_names_every_bad_row(province_with_three_agencies, tmp_path):
    path = write_file(
        tmp_path,
        "bad.csv",
        f"{EVALUATIONS_HEADER}\n"
        "81,2021-09,ya,10,6,3\n"  # row 2: fine
        "8101,2021-09,ya,10,6,7\n"  # row 3: completed > followed up
        "9999,2021-09,tidak,,,\n"  # row 4: unknown agency
        "8102,2021-13,tidak,,,\n"  # row 5: malformed month
        "81,2021-10,mungkin,5,,\n",  # row 6: bad flag, partial counts
    )
    err = import_fails("evaluations", path)
    assert "baris 3, kolom laporan_selesai: tidak boleh lebih dari laporan ditindaklanjuti." in err
    assert "baris 4, kolom kode_instansi: instansi 9999 tidak dikenal." in err
    assert "baris 5, kolom periode:" in err and "13" in err
    assert "baris 6, kolom akun_aktif:" in err
    assert "baris 2" not in err
    assert MonthlyEvaluation.objects.count() == 0
    assert Period.objects.count() == 0


def test_duplicate_rows_in_one_file_are_rejected(province_with_three_agencies, tmp_path):
    path = write_file(tmp_path, "dup.csv", f"{EVALUATIONS_HEADER}\n81,2021-09,ya,,,\n81,2021-09,tidak,,,\n")
    err = import_fails("evaluations", path)
    assert "baris 3, kolom kode_instansi: duplikat dari baris 2." in err


def test_published_month_refuses_imports(province_with_three_agencies, tmp_path):
    make_period(date(2021, 9, 1), status=PeriodStatus.PUBLISHED)
    err = import_fails(
        "evaluations", write_file(tmp_path, "p.csv", f"{EVALUATIONS_HEADER}\n81,2021-09,ya,,,\n")
    )
    assert "sudah dipublikasikan" in err
    assert MonthlyEvaluation.objects.count() == 0


def test_agency_outside_its_validity_is_rejected(province_with_three_agencies, tmp_path):
    Agency.objects.filter(code="8102").update(valid_from=date(2022, 1, 1))
    err = import_fails(
        "evaluations", write_file(tmp_path, "v.csv", f"{EVALUATIONS_HEADER}\n8102,2021-09,ya,,,\n")
    )
    assert "baris 2, kolom periode: instansi 8102 tidak ada" in err


def test_xlsx_evaluations_are_imported_like_csv(province_with_three_agencies, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(EVALUATIONS_HEADER.split(","))
    sheet.append(["81", "2021-09", "ya", 10, 6, 3])
    sheet.append([8101, date(2021, 9, 1), "tidak", None, None, None])  # numeric code, date cell
    path = tmp_path / "sep.xlsx"
    workbook.save(path)
    out, _err = run_import("evaluations", path)
    assert "2 baru" in out
    assert MonthlyEvaluation.objects.get(agency__code="81").received == 10
    assert MonthlyEvaluation.objects.get(agency__code="8101").month == date(2021, 9, 1)
    out, _err = run_import("evaluations", path)
    assert "2 tetap" in out


def test_bad_xlsx_saves_nothing(province_with_three_agencies, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(EVALUATIONS_HEADER.split(","))
    sheet.append(["81", "2021-09", "ya", 10, 6, 3])
    sheet.append(["8101", "2021-09", "ya", 5.5, 1, 0])
    path = tmp_path / "bad.xlsx"
    workbook.save(path)
    err = import_fails("evaluations", path)
    assert "baris 3, kolom laporan_diterima: harus bilangan bulat" in err
    assert MonthlyEvaluation.objects.count() == 0


def test_imports_record_history(province_with_three_agencies, tmp_path):
    run_import("evaluations", write_file(tmp_path, "a.csv", f"{EVALUATIONS_HEADER}\n81,2021-09,ya,10,6,3\n"))
    run_import("evaluations", write_file(tmp_path, "b.csv", f"{EVALUATIONS_HEADER}\n81,2021-09,ya,10,8,5\n"))
    history = MonthlyEvaluation.history.order_by("history_date")
    assert [h.history_type for h in history] == ["+", "~"]
    assert history.last().completed == 5
