"""Published figures are facts: what a publication said stays said, whatever writes the data
behind it afterwards; missing data is never read as zero; every write is serialized with
publishing. Through the public ways in: admin, grid, import, HTTP; on PostgreSQL."""

import threading
from datetime import date

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from agencies.models import Agency, Decree
from evaluations.entry import closing
from evaluations.entry.importing import import_file
from evaluations.entry.locking import MonthLocked, lock_months
from evaluations.models import MonthlyEvaluation, Period, PeriodChange, Target
from tests.conftest import SEPTEMBER_2020
from tests.helpers import pdf_pages

pytestmark = pytest.mark.django_db

EVALUATIONS_HEADER = (
    "kode_instansi,periode,akun_aktif,laporan_diterima,laporan_ditindaklanjuti,laporan_selesai"
)


def _add_sk_through_admin(client, code: str = "8107", issued: str = "2020-01-01"):
    agency = Agency.objects.get(code=code)
    response = client.post(
        "/admin/agencies/decree/add/",
        {"agency": agency.pk, "number": f"SK/{code}/BARU", "issued_on": issued, "valid_until": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Decree.objects.filter(number=f"SK/{code}/BARU").exists()


def test_an_sk_added_later_does_not_move_the_published_figure(reference_data, superuser_client):
    before = superuser_client.get("/provinsi/81/scorecard.json", {"periode": "2020-09"}).json()
    assert before["sk"] == {"count": 5, "total": 12, "percent": 42}

    _add_sk_through_admin(superuser_client)

    # The PDF (rendered now, after the edit) says what the publication said.
    pdf = " ".join(pdf_pages(superuser_client.get("/provinsi/81/laporan/2020-09.pdf").content))
    assert "5 dari 12 IP" in pdf and "6 dari 12 IP" not in pdf
    after = superuser_client.get("/provinsi/81/scorecard.json", {"periode": "2020-09"}).json()
    assert after["sk"] == {"count": 5, "total": 12, "percent": 42}
    assert after["revision"] == 1
    page = superuser_client.get("/provinsi/81/", {"periode": "2020-09"}).content.decode()
    assert "42% — 5 dari 12 IP memiliki SK" in page
    # Staff see what the register now says, as a pending difference.
    assert "Perbedaan tertunda" in page
    assert "register kini memberi 6/12 (50%), publikasi menyebut 5/12 (42%)" in page
    period = Period.objects.get(month=SEPTEMBER_2020)
    close = superuser_client.get(f"/admin/evaluations/period/{period.pk}/penutupan/").content.decode()
    assert "Maluku, Keterhubungan berdasarkan kepemilikan SK: register kini memberi 6/12 (50%)" in close


def test_an_agency_added_later_does_not_move_the_published_figure(reference_data, viewer_client):
    Agency.objects.create(
        code="8199",
        name="Kabupaten Baru",
        kind="kabupaten",
        province_id=Agency.objects.get(code="81").province_id,
    )
    data = viewer_client.get("/provinsi/81/scorecard.json", {"periode": "2020-09"}).json()
    assert data["agencies_total"] == 12 and data["sk"]["percent"] == 42
    # Viewers do not see pending differences.
    assert (
        "Perbedaan tertunda"
        not in viewer_client.get("/provinsi/81/", {"periode": "2020-09"}).content.decode()
    )


def test_republishing_makes_revision_two_with_the_sk_change_in_its_log(
    reference_data, superuser_client, superuser
):
    _add_sk_through_admin(superuser_client)
    closing.reopen(SEPTEMBER_2020, superuser, "SK Kabupaten Kepulauan Aru terlambat dicatat")
    closing.publish(SEPTEMBER_2020, superuser)

    data = superuser_client.get("/provinsi/81/scorecard.json", {"periode": "2020-09"}).json()
    assert data["revision"] == 2
    assert data["sk"] == {"count": 6, "total": 12, "percent": 50}
    changes = PeriodChange.objects.filter(revision=2, agency__code="8107")
    assert {c.field: (c.old_value, c.new_value) for c in changes}["has_sk"] == ("0", "1")
    page = superuser_client.get("/provinsi/81/", {"periode": "2020-09"}).content.decode()
    assert "Revisi 2" in page and "memiliki SK: tidak → ya" in page
    assert "SK Kabupaten Kepulauan Aru terlambat dicatat" in page
    assert "Perbedaan tertunda" not in page


def test_the_national_2020_09_scorecard_counts_evaluated_provinces_only(reference_data, viewer_client):
    call_command("load_regions", verbosity=0)
    data = viewer_client.get("/scorecard.json", {"periode": "2020-09"}).json()
    assert data["provinces_evaluated"] == 2
    assert data["agencies_total"] == 23
    assert data["sk"] == {"count": 10, "total": 23, "percent": 43}
    assert len(data["provinces"]) == 34
    not_evaluated = [p for p in data["provinces"] if not p["evaluated"]]
    assert len(not_evaluated) == 32
    for entry in not_evaluated:
        assert [
            entry[key]["percent"]
            for key in ("sk", "account_active", "account_inactive", "follow_up", "completion")
        ] == [None] * 5
    page = viewer_client.get("/", {"periode": "2020-09"}).content.decode()
    assert "43% — 10 dari 23 IP memiliki SK" in page
    assert "0% di bawah target" not in page
    # A province without data that month says so plainly.
    aceh = viewer_client.get("/provinsi/11/", {"periode": "2020-09"})
    assert aceh.status_code == 200
    assert "belum dievaluasi pada periode September 2020" in aceh.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/?periode=2031-01",
        "/scorecard.json?periode=2031-01",
        "/laporan/2031-01.pdf",
        "/provinsi/81/?periode=2019-01",
    ],
)
def test_a_month_without_any_data_is_a_404(reference_data, viewer_client, url):
    response = viewer_client.get(url)
    assert response.status_code == 404


def test_a_coordinator_sees_drafts_of_their_own_province_only(reference_data, coordinator_client):
    october = date(2020, 10, 1)
    for code in ("8171", "8271"):
        Period.objects.get_or_create(month=october)
        MonthlyEvaluation.objects.create(
            agency=Agency.objects.get(code=code), month=october, account_active=True
        )
    assert coordinator_client.get("/provinsi/81/", {"periode": "2020-10"}).status_code == 200
    assert coordinator_client.get("/provinsi/82/", {"periode": "2020-10"}).status_code == 404
    assert coordinator_client.get("/provinsi/82/scorecard.json", {"periode": "2020-10"}).status_code == 404
    assert coordinator_client.get("/", {"periode": "2020-10"}).status_code == 404


def test_a_long_reopen_reason_is_kept_whole(reference_data, client, reopener):
    client.force_login(reopener)
    period = Period.objects.get(month=SEPTEMBER_2020)
    reason = "Koreksi data Kota Ambon setelah verifikasi lapangan. " * 6
    response = client.post(
        f"/admin/evaluations/period/{period.pk}/penutupan/", {"action": "reopen", "alasan": reason}
    )
    assert response.status_code == 302
    assert not Period.objects.get(month=SEPTEMBER_2020).is_published
    assert period.events.get(action="reopened").reason == reason.strip()


def test_editing_a_target_changes_the_cached_page(db, viewer_client):
    from tests.factories import make_agencies, make_evaluation, make_period, make_province

    province = make_province()
    month = date(2021, 3, 1)
    for agency in make_agencies(province, 4):
        make_evaluation(agency, month, active=True)
    make_period(month)
    first = viewer_client.get("/provinsi/81/", {"periode": "2021-03"}).content.decode()
    assert "Sesuai target" in first
    Target.objects.filter(indicator="account_active").update(good_from=100, fair_from=100)
    Target.objects.filter(indicator="account_active").update(good_from=101 - 1)
    Target.objects.filter(indicator="sk").update(good_from=100, fair_from=100)
    second = viewer_client.get("/provinsi/81/", {"periode": "2021-03"}).content.decode()
    assert first != second


def test_the_database_refuses_writes_to_a_published_month(reference_data):
    evaluation = MonthlyEvaluation.objects.get(agency__code="8171", month=SEPTEMBER_2020)
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyEvaluation.objects.filter(pk=evaluation.pk).update(received=99)
    with pytest.raises(MonthLocked), transaction.atomic():
        lock_months([SEPTEMBER_2020])


def test_a_write_creates_its_month_as_a_draft(reference_data, tmp_path):
    content = f"{EVALUATIONS_HEADER}\n8171,2020-11,ya,3,2,1\n".encode()
    plan = import_file("evaluations", "nov.csv", content)
    assert plan.is_valid
    assert Period.objects.get(month=date(2020, 11, 1)).status == "draft"


@pytest.mark.django_db(transaction=True)
def test_publishing_races_an_import_and_one_of_them_wins_whole(django_db_blocker):
    """20 times: an import of a whole province month against a publication of the same month.
    Either the import is refused with the locked-month message, or it completed first and its
    rows are in the snapshot; never a row written after the publication."""
    from django.contrib.auth import get_user_model

    from tests.factories import make_agencies, make_province

    province = make_province()
    agencies = make_agencies(province, 30)
    publisher = get_user_model().objects.create_superuser("penerbit", password="x-" * 8)
    outcomes = []
    for attempt in range(20):
        month = date(2022, 1, 1).replace(year=2022 + attempt // 12, month=attempt % 12 + 1)
        Period.objects.create(month=month)
        rows = "".join(f"{a.code},{month:%Y-%m},ya,{attempt + 5},2,1\n" for a in agencies)
        content = f"{EVALUATIONS_HEADER}\n{rows}".encode()
        barrier = threading.Barrier(2)
        result = {}

        def run_import(barrier=barrier, content=content, result=result):
            barrier.wait()
            try:
                plan = import_file("evaluations", "race.csv", content)
                result["import"] = "ok" if plan.is_valid else "; ".join(str(e) for e in plan.errors)
            except Exception as error:  # noqa: BLE001 - the outcome is what the test reads
                result["import"] = f"{type(error).__name__}: {error}"
            finally:
                connection.close()

        def run_publish(barrier=barrier, month=month, result=result):
            barrier.wait()
            try:
                closing.publish(month, publisher)
                result["publish"] = "ok"
            finally:
                connection.close()

        threads = [threading.Thread(target=run_import), threading.Thread(target=run_publish)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        period = Period.objects.get(month=month)
        snapshot = period.events.get(action="published", revision=1).snapshot
        in_snapshot = sum(1 for row in snapshot["agencies"] if row["evaluated"])
        stored = MonthlyEvaluation.objects.filter(month=month).count()
        assert result["publish"] == "ok"
        if result["import"] == "ok":
            assert stored == 30 and in_snapshot == 30, (attempt, result)
            outcomes.append("import first")
        else:
            assert "sudah dipublikasikan dan terkunci" in result["import"], result
            assert stored == 0 and in_snapshot == 0, (attempt, result)
            outcomes.append("publish first")
    print("race outcomes:", outcomes)
    assert len(outcomes) == 20


def test_the_agency_page_of_a_published_month_shows_the_sk_it_published(reference_data, superuser_client):
    """An SK added later for 8107 is not listed as that month's SK; the page says the register changed."""
    _add_sk_through_admin(superuser_client)
    superuser_client.get("/admin/")  # the admin's "added" message is shown (and gone) there
    page = superuser_client.get("/instansi/8107/", {"periode": "2020-09"}).content.decode()
    sk_section = page[
        page.index("SK Tim SP4N-LAPOR!") : page.index("</section>", page.index("SK Tim SP4N-LAPOR!"))
    ]
    assert "SK/8107/BARU" not in sk_section
    assert "Register kini mencatat 1 SK lain untuk bulan ini" in sk_section
    draft_month = superuser_client.get("/instansi/8107/", {"periode": "2020-10"}).content.decode()
    assert "SK/8107/BARU" in draft_month  # a month not published shows the register as it is
