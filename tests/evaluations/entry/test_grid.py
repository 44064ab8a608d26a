from datetime import date

import pytest
from django.conf import settings

from agencies.models import Agency, Province
from evaluations.models import MonthlyEvaluation, Period
from tests.conftest import OCTOBER_2020
from tests.factories import make_evaluation
from tests.helpers import GRID_URL, grid_post, grid_url

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


# Issue 14: the app's own validation, last month beside each cell, soft warnings, the
# province code in the URL, a phone layout.

NOVEMBER_2020 = date(2020, 11, 1)


def _cell(html: str, name_start: str) -> str:
    start = html.index(f'aria-label="{name_start}')
    return html[html.rindex("<", 0, start) : html.index(">", start) + 1]


def test_counts_are_text_inputs_checked_by_the_app(evaluator_client, maluku_province):
    html = evaluator_client.get(grid_url(maluku_province, OCTOBER_2020)).content.decode()
    cell = _cell(html, "8171 Kota Ambon — Laporan diterima")
    assert 'type="text"' in cell and 'inputmode="numeric"' in cell and 'type="number"' not in cell
    assert 'aria-describedby="prev-8171-received"' in cell
    response = grid_post(evaluator_client, maluku_province, OCTOBER_2020, {"8171": ("ya", "1o", 0, 0)})
    assert response.status_code == 200
    form = dict((a.code, f) for a, f in response.context["rows"])["8171"]
    assert form.errors["received"] == ["Harus bilangan bulat 0 atau lebih, bukan 1o."]
    assert not MonthlyEvaluation.objects.filter(month=OCTOBER_2020).exists()


def test_thousands_with_a_dot_are_read_in_the_grid_as_in_the_import(evaluator_client, maluku_province):
    grid_post(evaluator_client, maluku_province, OCTOBER_2020, {"8171": ("ya", "1.234", "1.000", " 850 ")})
    saved = MonthlyEvaluation.objects.get(month=OCTOBER_2020, agency__code="8171")
    assert (saved.received, saved.followed_up, saved.completed) == (1234, 1000, 850)
    response = grid_post(evaluator_client, maluku_province, OCTOBER_2020, {"8172": ("ya", "1,234", 0, 0)})
    form = dict((a.code, f) for a, f in response.context["rows"])["8172"]
    assert "dapat dibaca dua cara" in form.errors["received"][0]


def test_last_months_value_is_shown_beside_each_cell(evaluator_client, maluku_province):
    make_evaluation(Agency.objects.get(code="8171"), OCTOBER_2020, True, 14, 9, 5)
    html = evaluator_client.get(grid_url(maluku_province, NOVEMBER_2020)).content.decode()
    for name, shown in (
        ("account_active", "Aktif"),
        ("received", "14"),
        ("followed_up", "9"),
        ("completed", "5"),
    ):
        note = html[html.index(f'id="prev-8171-{name}"') :]
        assert note[: note.index("</div>")].endswith(f"bulan lalu: {shown}")
    # An IP without last month's data: a dash.
    note = html[html.index('id="prev-8172-received"') :]
    assert note[: note.index("</div>")].endswith("bulan lalu: —")
    assert "nilai Oktober 2020 sebagai pembanding" in html


def test_soft_warnings_are_shown_by_the_cell_and_in_a_summary_without_blocking(
    evaluator_client, maluku_province
):
    for code in ("8171", "8172"):
        make_evaluation(Agency.objects.get(code=code), OCTOBER_2020, True, 10, 8, 6)
    response = grid_post(
        evaluator_client,
        maluku_province,
        NOVEMBER_2020,
        {
            "81": ("ya", None, None, None),  # active, nothing entered
            "8171": ("ya", 31, 20, 10),  # more than three times October's 10
            "8172": ("ya", 12, 8, 4),  # completed 6 → 4 while received 10 → 12
        },
    )
    # Saved all the same.
    assert response.status_code == 302
    assert MonthlyEvaluation.objects.filter(month=NOVEMBER_2020).count() == 3
    page = evaluator_client.get(response["Location"])
    html = page.content.decode()
    assert "3 peringatan: periksa isian yang ditandai" in html
    summary = [
        (agency.code, name, message) for agency, name, _label, message in page.context["grid_warnings"]
    ]
    assert summary == [
        ("81", "received", "Akun aktif, tetapi jumlah laporan belum diisi."),
        ("8171", "received", "Lebih dari tiga kali bulan lalu (10)."),
        ("8172", "completed", "Turun dari 6 bulan lalu, padahal laporan diterima naik."),
    ]
    assert 'id="grid-warnings"' in html and 'href="#row-8171"' in html
    # Next to the cell too.
    row = html[html.index('id="row-8172"') :]
    row = row[: row.index("</tr>")]
    assert 'class="grid-warning">Turun dari 6 bulan lalu' in row and "row-warning" in html


def test_the_province_is_named_by_its_code_and_old_id_links_redirect(evaluator_client, maluku_province):
    page = evaluator_client.get(grid_url(maluku_province, OCTOBER_2020))
    assert page.context["province"] == maluku_province
    assert '<option value="81" selected>81 Maluku</option>' in page.content.decode()
    # A number that is a province code is that province (31 is DKI Jakarta, whatever its id).
    jakarta = evaluator_client.get(f"{GRID_URL}?provinsi=31&periode=2020-10")
    assert jakarta.context["province"].code == "31"
    # An old link by internal id (one that is no code) is sent to the code's URL.
    codes = set(Province.objects.values_list("code", flat=True))
    province = next(p for p in Province.objects.order_by("pk") if str(p.pk) not in codes)
    old = evaluator_client.get(f"{GRID_URL}?provinsi={province.pk}&periode=2020-10")
    assert old.status_code == 302
    assert old["Location"] == f"{GRID_URL}?provinsi={province.code}&periode=2020-10"


def test_a_coordinator_cannot_open_another_provinces_grid_by_code(coordinator_client):
    page = coordinator_client.get(f"{GRID_URL}?provinsi=82&periode=2020-10")
    assert page.status_code == 200 and page.context["pick"].errors["provinsi"]


def test_the_grid_has_a_phone_layout():
    css = (settings.BASE_DIR / "evaluations/static/lapor_admin/admin.css").read_text()
    phone = css[css.index("@media (max-width: 767px)") :]
    assert "#grid, #grid tbody, #grid tr, #grid td { display: block;" in phone
    assert "content: attr(data-label)" in phone
