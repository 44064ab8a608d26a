"""Importing LAPOR! tickets (`entry/ticket_import.py`) and what they make of the
figures: counts per agency and month, the on-time indicator and the median, in a province
where some IPs have tickets and others hand-entered counts, and nationally.

The small file below is worked out by hand (August 2023; Thursday 17 August a holiday):

    81    T1 Mon 14 → Mon 21: 15,16,18,21 = 4 days, on time, completed
          T2 Fri 11 → Mon 21: 14,15,16,18,21 = 5 days, on time
          T3 Wed 16 → Fri 25: 18,21,22,23,24,25 = 6 days, late, completed... no: not completed
          T4 Wed 30, no follow-up: not on time
          → received 4, followed up 3, completed 1, on time 2 of 4 (50%), median of 4,5,6 = 5
    8101  T5 Fri 4 → Mon 7: 1 day; T6 Mon 7 → Mon 7: 0 days; both completed
          → 2, 2, 2, on time 2 of 2 (100%), median of 0,1 = 0 (the lower middle)
          (T7, received 1 September, belongs to September)
    8102  no tickets: its hand-entered 10 / 6 / 3 stay
    82    (province 82) T8 Thu 17 → Mon 28: 18,21,22,23,24,25,28 = 7 days, late
"""

from datetime import date

import pytest

from evaluations.choices import PeriodStatus
from evaluations.entry.locking import locked_message
from evaluations.models import Period, Ticket
from tests.factories import make_agency, make_evaluation, make_period, make_province
from tests.helpers import import_fails, run_import, write_file

pytestmark = pytest.mark.django_db

HEADER = "tracking_id,kode_instansi,kategori,tanggal_diterima,tanggal_tindak_lanjut,tanggal_selesai"
AUGUST = date(2023, 8, 1)
TICKETS = f"""{HEADER}
T1,81,pengaduan,2023-08-14,2023-08-21,2023-08-25
T2,81,aspirasi,2023-08-11,2023-08-21,
T3,81,permintaan informasi,2023-08-16,2023-08-25,
T4,81,pengaduan,2023-08-30,,
T5,8101,pengaduan,2023-08-04,2023-08-07,2023-08-08
T6,8101,Aspirasi,2023-08-07,2023-08-07,2023-08-07
T7,8101,pengaduan,2023-09-01,2023-09-01,
T8,82,pengaduan,2023-08-17,2023-08-28,
"""


@pytest.fixture
def two_provinces(province_with_three_agencies):
    """Province 81 (81, 8101, 8102) with hand-entered August counts for 81 and 8102, and
    province 82 with its government only."""
    make_evaluation(province_with_three_agencies.agencies.get(code="81"), AUGUST, True, 50, 40, 30)
    make_evaluation(province_with_three_agencies.agencies.get(code="8102"), AUGUST, True, 10, 6, 3)
    make_agency(make_province("82", "Maluku Utara"), "82")
    Period.objects.filter(month=AUGUST).update(status=PeriodStatus.DRAFT)
    return province_with_three_agencies


@pytest.fixture
def imported(two_provinces, tmp_path):
    out, _err = run_import("tickets", write_file(tmp_path, "tiket.csv", TICKETS))
    return out


def test_tickets_are_imported_with_their_dates_and_category(imported):
    assert "8 baru" in imported
    t1 = Ticket.objects.select_related("agency").get(tracking_id="T1")
    assert (t1.agency.code, t1.category, t1.received_on, t1.followed_up_on, t1.completed_on) == (
        "81",
        "pengaduan",
        date(2023, 8, 14),
        date(2023, 8, 21),
        date(2023, 8, 25),
    )
    assert Ticket.objects.get(tracking_id="T6").category == "aspirasi"
    assert Ticket.objects.get(tracking_id="T3").category == "permintaan informasi"
    assert Ticket.history.count() == 8


def test_reimporting_the_same_file_changes_nothing(imported, tmp_path):
    history = Ticket.history.count()
    out, _err = run_import("tickets", write_file(tmp_path, "lagi.csv", TICKETS))
    assert "0 baru, 0 diubah, 8 tetap" in out
    assert Ticket.objects.count() == 8 and Ticket.history.count() == history


def test_importing_a_tracking_id_again_updates_that_ticket(imported, tmp_path):
    out, _err = run_import(
        "tickets", write_file(tmp_path, "koreksi.csv", f"{HEADER}\nT4,81,pengaduan,2023-08-30,2023-08-31,\n")
    )
    assert "0 baru, 1 diubah" in out
    assert Ticket.objects.get(tracking_id="T4").followed_up_on == date(2023, 8, 31)


def _rows(data):
    return {row["code"]: row for row in data["agencies"]}


def test_agency_rows_take_their_counts_from_tickets_beside_hand_counts(imported, superuser_client):
    data = superuser_client.get("/provinsi/81/scorecard.json?periode=2023-08").json()
    rows = _rows(data)
    government, ticketed, by_hand = rows["81"], rows["8101"], rows["8102"]
    # 81's hand-entered 50 / 40 / 30 give way to its tickets; its account activity stays.
    assert (government["received"], government["followed_up"], government["completed"]) == (4, 3, 1)
    assert government["account_active"] is True
    assert government["follow_up_on_time"] == {"count": 2, "total": 4, "percent": 50}
    assert government["median_working_days_to_follow_up"] == 5
    # 8101 has tickets only (T7 is September's).
    assert (ticketed["received"], ticketed["followed_up"], ticketed["completed"]) == (2, 2, 2)
    assert ticketed["follow_up_on_time"] == {"count": 2, "total": 2, "percent": 100}
    assert ticketed["median_working_days_to_follow_up"] == 0
    assert ticketed["account_active"] is False
    # 8102 keeps its hand-entered counts and has no ticket figures.
    assert (by_hand["received"], by_hand["followed_up"], by_hand["completed"]) == (10, 6, 3)
    assert by_hand["follow_up_on_time"] == {"count": None, "total": None, "percent": None}
    assert by_hand["median_working_days_to_follow_up"] is None


def test_province_figures_sum_tickets_and_hand_counts(imported, superuser_client):
    data = superuser_client.get("/provinsi/81/scorecard.json?periode=2023-08").json()
    # Received 4 + 2 + 10 = 16; followed up 3 + 2 + 6 = 11 (68.75 → 69); completed 1 + 2 + 3 = 6.
    assert data["follow_up"] == {"count": 11, "total": 16, "percent": 69}
    assert data["completion"] == {"count": 6, "total": 16, "percent": 38}
    # On time over the IPs with tickets only: (2 + 2) / (4 + 2) = 66.7 → 67.
    assert data["follow_up_on_time"] == {"count": 4, "total": 6, "percent": 67}
    # Days 0, 1, 4, 5, 6 → 4.
    assert data["median_working_days_to_follow_up"] == 4


def test_national_figures_and_every_province_carry_the_keys(imported, superuser_client):
    data = superuser_client.get("/scorecard.json?periode=2023-08").json()
    # 82 is evaluated by its tickets alone: 4 + 0 of 6 + 1 on time → 4 / 7 = 57.1 → 57.
    assert data["follow_up_on_time"] == {"count": 4, "total": 7, "percent": 57}
    # Days 0, 1, 4, 5, 6, 7: the lower middle is 4.
    assert data["median_working_days_to_follow_up"] == 4
    provinces = {p["province"]["code"]: p for p in data["provinces"]}
    assert provinces["82"]["evaluated"] is True
    assert provinces["82"]["follow_up_on_time"] == {"count": 0, "total": 1, "percent": 0}
    assert provinces["82"]["median_working_days_to_follow_up"] == 7
    for scope in (data, *data["provinces"]):
        assert {"follow_up_on_time", "median_working_days_to_follow_up"} <= scope.keys()


def test_a_month_without_tickets_has_no_on_time_figure(two_provinces, superuser_client):
    data = superuser_client.get("/provinsi/81/scorecard.json?periode=2023-08").json()
    assert data["follow_up_on_time"] == {"count": None, "total": None, "percent": None}
    assert data["median_working_days_to_follow_up"] is None
    assert all("follow_up_on_time" in row for row in data["agencies"])


def test_the_page_shows_the_card_and_the_narrative(imported, superuser_client):
    text = superuser_client.get("/provinsi/81/?periode=2023-08").content.decode()
    assert "Tindak lanjut tepat waktu" in text
    assert (
        "67 persen laporan ditindaklanjuti dalam 5 hari kerja (4 dari 6), dengan median 4 hari kerja" in text
    )


def test_the_agency_page_lists_the_late_tickets_with_their_lapor_link(imported, superuser_client, settings):
    text = superuser_client.get("/instansi/81/?periode=2023-08").content.decode()
    assert 'href="https://www.lapor.go.id/laporan/detil/T3"' in text
    assert 'href="https://www.lapor.go.id/laporan/detil/T4"' in text
    # T1 and T2 were on time.
    assert "detil/T1" not in text and "detil/T2" not in text


def test_a_published_month_is_refused_with_the_lock_message(two_provinces, tmp_path):
    make_period(AUGUST)
    errors = import_fails("tickets", write_file(tmp_path, "tiket.csv", TICKETS))
    assert f"baris 2, kolom tanggal_diterima: {locked_message(AUGUST)}" in errors
    assert Ticket.objects.count() == 0


def test_moving_a_ticket_out_of_a_published_month_is_refused(imported, tmp_path):
    make_period(AUGUST)
    errors = import_fails(
        "tickets", write_file(tmp_path, "pindah.csv", f"{HEADER}\nT1,81,pengaduan,2023-09-04,,\n")
    )
    assert locked_message(AUGUST) in errors


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("X1,9999,pengaduan,2023-08-01,,", "baris 2, kolom kode_instansi: instansi 9999 tidak dikenal."),
        (
            "X1,81,pengaduan,2023-08-10,2023-08-09,",
            "baris 2, kolom tanggal_tindak_lanjut: tidak boleh sebelum tanggal diterima.",
        ),
        (
            "X1,81,pengaduan,2023-08-10,2023-08-14,2023-08-11",
            "baris 2, kolom tanggal_selesai: tidak boleh sebelum tanggal tindak lanjut.",
        ),
        (
            "X1,81,pengaduan,2023-08-10,,2023-08-11",
            "baris 2, kolom tanggal_selesai: laporan selesai harus memiliki tanggal tindak lanjut.",
        ),
        (
            "X1,81,pengaduan,2999-01-04,,",
            "baris 2, kolom tanggal_diterima: tanggal 2999-01-04 belum terjadi.",
        ),
        (
            "X1,81,pengaduan,2023-08-10,2999-01-04,",
            "baris 2, kolom tanggal_tindak_lanjut: tanggal 2999-01-04 belum terjadi.",
        ),
        ("X1,81,keluhan,2023-08-10,,", "baris 2, kolom kategori: harus salah satu dari:"),
        (
            "X1,81,pengaduan,10 Agustus 23,,",
            "baris 2, kolom tanggal_diterima: tanggal 10 Agustus 23 tidak dikenali",
        ),
        (",81,pengaduan,2023-08-10,,", "baris 2, kolom tracking_id: wajib diisi."),
    ],
)
def test_each_bad_row_is_named_by_row_and_column(two_provinces, tmp_path, row, message):
    errors = import_fails(
        "tickets", write_file(tmp_path, "salah.csv", f"{HEADER}\nOK1,81,pengaduan,2023-08-01,,\n{row}\n")
    )
    assert message.replace("baris 2", "baris 3") in errors
    assert Ticket.objects.count() == 0


def test_a_tracking_id_twice_in_the_file_is_an_error(two_provinces, tmp_path):
    errors = import_fails(
        "tickets",
        write_file(
            tmp_path, "dua.csv", f"{HEADER}\nT1,81,pengaduan,2023-08-01,,\nT1,8101,aspirasi,2023-08-02,,\n"
        ),
    )
    assert "baris 3, kolom tracking_id: duplikat dari baris 2." in errors
    assert Ticket.objects.count() == 0


def test_the_import_creates_the_month_as_a_draft(imported):
    assert Period.objects.get(month=AUGUST).status == PeriodStatus.DRAFT
    assert Period.objects.get(month=date(2023, 9, 1)).status == PeriodStatus.DRAFT
