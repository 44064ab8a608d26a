"""The month's close page in the admin (`entry/month_views.py`): publish, reopen, the change log."""

import pytest

from evaluations.choices import PeriodStatus
from evaluations.entry.closing import period_changes
from evaluations.models import MonthlyEvaluation, Period, PeriodChange
from tests.conftest import OCTOBER_2020, SEPTEMBER_2020
from tests.helpers import close_url, grid_post

# Every test reads the reference data: loaded once for the module.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_reference_data")]


def test_an_evaluator_publishes_a_month_from_its_close_page(evaluator_client, evaluator, maluku_province):
    grid_post(evaluator_client, maluku_province, OCTOBER_2020, {"8171": ("ya", 3, 2, 1)})
    page = evaluator_client.get(close_url(OCTOBER_2020))
    assert "1 dari 23 IP sudah diisi" in page.content.decode()
    # Provinces incomplete and not signed off: named, then published once confirmed.
    asked = evaluator_client.post(close_url(OCTOBER_2020), {"action": "publish"}, follow=True)
    assert "Ya, tetap publikasikan" in asked.content.decode()
    assert Period.objects.get(month=OCTOBER_2020).status == PeriodStatus.DRAFT
    response = evaluator_client.post(
        close_url(OCTOBER_2020), {"action": "publish", "konfirmasi": "ya"}, follow=True
    )
    assert "dipublikasikan sebagai revisi 1" in response.content.decode()
    period = Period.objects.get(month=OCTOBER_2020)
    assert (period.status, period.revision, period.published_by) == (PeriodStatus.PUBLISHED, 1, evaluator)
    assert period.published_at is not None
    assert period.history.first().history_user == evaluator


def test_reopen_correct_republish_makes_revision_2_with_a_change_log(reopener, client, maluku_province):
    client.force_login(reopener)
    response = client.post(
        close_url(SEPTEMBER_2020), {"action": "reopen", "alasan": "Kota Ambon mengoreksi laporan diterima"}
    )
    assert response.status_code == 302
    period = Period.objects.get(month=SEPTEMBER_2020)
    assert period.status == PeriodStatus.DRAFT and period.revision == 1

    ambon = MonthlyEvaluation.objects.get(month=SEPTEMBER_2020, agency__code="8171")
    grid_post(client, maluku_province, SEPTEMBER_2020, {"8171": ("ya", 12, 8, 4)})
    response = client.post(close_url(SEPTEMBER_2020), {"action": "publish", "konfirmasi": "ya"}, follow=True)
    assert "revisi 2" in response.content.decode()

    period.refresh_from_db()
    assert (period.status, period.revision) == (PeriodStatus.PUBLISHED, 2)
    changes = PeriodChange.objects.filter(period=period, revision=2)
    fields = {c.field: (c.old_value, c.new_value) for c in changes}
    assert ambon.account_active is False  # in the reference data: Kota Ambon's account was not active
    assert fields["received"] == ("", "12")
    assert fields["completed"] == ("", "4")
    assert fields["account_active"] == ("0", "1")
    assert {c.changed_by for c in changes} == {reopener}
    assert {c.reason for c in changes} == {"Kota Ambon mengoreksi laporan diterima"}

    logs = period_changes(SEPTEMBER_2020)
    # Revision 1 is the publication of the reference data; revision 2 the correction.
    assert [log.revision for log in logs] == [1, 2]
    assert logs[0].changes == ()
    log = logs[1]
    assert log.reason == "Kota Ambon mengoreksi laporan diterima"
    assert log.reopened_by == "Eva" and log.published_by == "Eva"
    received = next(c for c in log.changes if c.field == "received")
    assert (received.agency_code, received.field_label, received.old, received.new) == (
        "8171",
        "laporan diterima",
        "kosong",
        "12",
    )
    page = client.get(close_url(SEPTEMBER_2020))
    html = page.content.decode()
    assert "Revisi 2" in html and "Kota Ambon mengoreksi laporan diterima" in html
