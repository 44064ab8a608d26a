from datetime import date

import pytest

from agencies.models import Agency
from evaluations.models import MonthlyEvaluation, Period
from tests.conftest import OCTOBER_2020
from tests.helpers import grid_post, grid_url

# Every test reads the reference data: loaded once for the module.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_reference_data")]


def _all_rows(province, values):
    return {a.code: values for a in Agency.objects.filter(province=province)}


def test_grid_lists_every_ip_of_the_month_prefilled(evaluator_client, maluku_province):
    page = evaluator_client.get(grid_url(maluku_province, date(2020, 9, 1)))
    assert page.status_code == 200
    codes = [agency.code for agency, _form in page.context["rows"]]
    assert len(codes) == 12 and codes[0] == "81"
    # September 2020 is published in the reference data: prefilled, locked, no save button.
    assert page.context["locked"] is True
    assert "Simpan semua" not in page.content.decode()
    assert all(form.initial.get("account_active") in ("ya", "tidak") for _a, form in page.context["rows"])


def test_a_whole_province_month_is_saved_in_one_go(evaluator_client, evaluator, maluku_province):
    response = grid_post(
        evaluator_client, maluku_province, OCTOBER_2020, _all_rows(maluku_province, ("ya", 10, 6, 3))
    )
    assert response.status_code == 302
    saved = MonthlyEvaluation.objects.filter(month=OCTOBER_2020, agency__province=maluku_province)
    assert saved.count() == 12
    assert {(e.account_active, e.received, e.followed_up, e.completed) for e in saved} == {(True, 10, 6, 3)}
    assert Period.objects.get(month=OCTOBER_2020).status == "draft"
    # Saving the same grid again writes nothing.
    history = MonthlyEvaluation.history.count()
    grid_post(evaluator_client, maluku_province, OCTOBER_2020, {})
    assert MonthlyEvaluation.history.count() == history


def test_rows_left_not_entered_create_nothing(evaluator_client, maluku_province):
    grid_post(evaluator_client, maluku_province, OCTOBER_2020, {"8171": ("tidak", None, None, None)})
    assert list(
        MonthlyEvaluation.objects.filter(month=OCTOBER_2020).values_list("agency__code", flat=True)
    ) == ["8171"]


def test_one_bad_row_shows_an_indonesian_message_and_saves_nothing(evaluator_client, maluku_province):
    values = _all_rows(maluku_province, ("ya", 10, 6, 3))
    values["8171"] = ("ya", 10, 4, 5)  # completed > followed up
    response = grid_post(evaluator_client, maluku_province, OCTOBER_2020, values)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tidak boleh lebih dari laporan ditindaklanjuti." in html
    assert "tidak ada yang disimpan" in html
    # The error sits next to the field of the bad row.
    bad_form = dict((a.code, f) for a, f in response.context["rows"])["8171"]
    assert bad_form.errors == {"completed": ["Tidak boleh lebih dari laporan ditindaklanjuti."]}
    assert not MonthlyEvaluation.objects.filter(month=OCTOBER_2020).exists()
    assert not Period.objects.filter(month=OCTOBER_2020).exists()


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        (("ya", 10, None, None), "followed_up", "Ketiga jumlah laporan diisi bersama"),
        (("ya", 5, 6, 1), "followed_up", "Tidak boleh lebih dari laporan diterima."),
        (("", 5, 3, 1), "account_active", "Isi keaktifan akun"),
        (("ya", "-1", 0, 0), "received", "Tidak boleh kurang dari 0."),
        (("ya", "sepuluh", 0, 0), "received", "bilangan bulat"),
    ],
)
def test_invalid_rows_are_explained_next_to_the_field(evaluator_client, maluku_province, row, field, message):
    response = grid_post(evaluator_client, maluku_province, OCTOBER_2020, {"8101": row})
    form = dict((a.code, f) for a, f in response.context["rows"])["8101"]
    assert message in " ".join(form.errors[field])
    assert not MonthlyEvaluation.objects.filter(month=OCTOBER_2020).exists()


def test_an_entered_row_cannot_be_blanked_in_the_grid(evaluator_client, maluku_province):
    grid_post(evaluator_client, maluku_province, OCTOBER_2020, {"8171": ("ya", 1, 1, 1)})
    response = grid_post(evaluator_client, maluku_province, OCTOBER_2020, {"8171": ("", None, None, None)})
    assert response.status_code == 200
    assert MonthlyEvaluation.objects.get(month=OCTOBER_2020, agency__code="8171").received == 1


def test_a_changed_list_of_ips_is_refused(evaluator_client, maluku_province):
    url = grid_url(maluku_province, OCTOBER_2020)
    page = evaluator_client.get(url)
    data = {"form-TOTAL_FORMS": "11", "form-INITIAL_FORMS": "0"}
    for index, (agency, _form) in enumerate(page.context["rows"][:11]):
        data[f"form-{index}-agency"] = str(agency.pk)
        data[f"form-{index}-account_active"] = "ya"
    response = evaluator_client.post(url, data)
    assert response.status_code == 200
    assert "Daftar IP berubah" in response.content.decode()
    assert not MonthlyEvaluation.objects.filter(month=OCTOBER_2020).exists()


def test_a_bad_month_or_province_is_a_form_error_not_a_500(evaluator_client, maluku_province):
    response = evaluator_client.get(
        f"/admin/evaluations/monthlyevaluation/grid/?provinsi={maluku_province.code}&periode=2020-13"
    )
    assert response.status_code == 200
    assert "Bulan 13 tidak ada" in response.content.decode()
    response = evaluator_client.get(
        "/admin/evaluations/monthlyevaluation/grid/?provinsi=999999&periode=2020-10"
    )
    assert response.status_code == 200
    assert response.context["pick"].errors["provinsi"]


def test_grid_query_count_does_not_grow_with_rows(
    evaluator_client, maluku_province, maluku_utara_province, django_assert_num_queries
):
    grid_post(evaluator_client, maluku_province, OCTOBER_2020, _all_rows(maluku_province, ("ya", 1, 1, 1)))
    counts = []
    for province in (maluku_province, maluku_utara_province):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            evaluator_client.get(grid_url(province, date(2020, 9, 1)))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_grid_save_is_recorded_with_its_user(evaluator_client, evaluator, maluku_province):
    grid_post(
        evaluator_client,
        maluku_province,
        OCTOBER_2020,
        {"8171": ("ya", 3, 2, 1), "81": ("tidak", None, None, None)},
    )
    records = MonthlyEvaluation.history.filter(month=OCTOBER_2020)
    assert records.count() == 2
    assert {r.history_user for r in records} == {evaluator}
    assert {r.history_change_reason for r in records} == {"isian grid provinsi"}
    grid_post(evaluator_client, maluku_province, OCTOBER_2020, {"8171": ("ya", 4, 2, 1)})
    latest = MonthlyEvaluation.history.filter(month=OCTOBER_2020, agency__code="8171").first()
    assert latest.history_type == "~" and latest.received == 4 and latest.history_user == evaluator
    evaluation = MonthlyEvaluation.objects.get(month=OCTOBER_2020, agency__code="8171")
    page = evaluator_client.get(f"/admin/evaluations/monthlyevaluation/{evaluation.pk}/history/")
    assert page.status_code == 200 and "evaluator" in page.content.decode()
