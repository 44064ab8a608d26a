"""The province grid beside LAPOR! tickets: an IP with tickets that month shows their counts
read-only, marked "dari data tiket"; its account activity is still entered by hand."""

from datetime import date

import pytest

from evaluations.models import MonthlyEvaluation
from tests.factories import make_ticket
from tests.helpers import grid_post, grid_url

pytestmark = pytest.mark.django_db

AUGUST = date(2023, 8, 1)


@pytest.fixture
def ticketed(province_with_three_agencies):
    """8101 has three August tickets: 2 followed up, 1 of them completed."""
    agency = province_with_three_agencies.agencies.get(code="8101")
    make_ticket(agency, "T1", date(2023, 8, 1), date(2023, 8, 2), date(2023, 8, 3))
    make_ticket(agency, "T2", date(2023, 8, 1), date(2023, 8, 4))
    make_ticket(agency, "T3", date(2023, 8, 9))
    return province_with_three_agencies


def test_ticket_counts_are_shown_read_only_and_marked(ticketed, evaluator_client):
    page = evaluator_client.get(grid_url(ticketed, AUGUST))
    rows = {agency.code: form for agency, form in page.context["rows"]}
    form = rows["8101"]
    assert (form.initial["received"], form.initial["followed_up"], form.initial["completed"]) == (3, 2, 1)
    assert all(form.fields[name].disabled for name in ("received", "followed_up", "completed"))
    assert not rows["8102"].fields["received"].disabled
    assert page.content.decode().count('from-tickets">dari data tiket') == 3


def test_saving_the_grid_keeps_ticket_counts_out_of_the_hand_entered_ones(ticketed, evaluator_client):
    # The posted counts of 8101 are ignored (read-only); its activity is saved, 8102 by hand.
    response = grid_post(
        evaluator_client, ticketed, AUGUST, {"8101": ("ya", 99, 99, 99), "8102": ("tidak", 10, 6, 3)}
    )
    assert response.status_code == 302
    saved = {e.agency.code: e for e in MonthlyEvaluation.objects.select_related("agency")}
    assert saved["8101"].account_active is True
    assert saved["8101"].received is None
    assert (saved["8102"].received, saved["8102"].followed_up, saved["8102"].completed) == (10, 6, 3)


def test_a_snapshot_taken_before_tickets_existed_still_loads():
    from evaluations.figures import snapshot

    old = {
        "version": snapshot.VERSION,
        "agencies": [
            {
                "code": "8171",
                "name": "Kota Ambon",
                "kind": "kota",
                "province_code": "81",
                "has_sk": True,
                "sk_number": "1",
                "sk_issued_on": "2018-11-26",
                "evaluated": True,
                "account_active": False,
                "received": 4,
                "followed_up": 2,
                "completed": 1,
            }
        ],
    }
    (row,) = snapshot.rows(old)
    assert (row.on_time, row.follow_up_days, row.from_tickets) == (None, (), False)
    assert row.as_dict()["follow_up_on_time"] == {"count": None, "total": None, "percent": None}


def test_a_snapshot_keeps_the_ticket_figures(ticketed):
    from evaluations.figures import snapshot

    data = snapshot.take(AUGUST)
    (row,) = [r for r in snapshot.rows(data) if r.code == "8101"]
    # T1 1 working day, T2 3 (Tue 1 → Fri 4), T3 never: 2 of 3 on time.
    assert (row.received, row.followed_up, row.completed, row.on_time) == (3, 2, 1, 2)
    assert row.follow_up_days == ((1, 1), (3, 1))
