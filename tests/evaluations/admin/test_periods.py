"""Publishing in the admin (`evaluations/admin/periods.py`): periods, targets."""

import pytest

from evaluations.models import Period, Target
from tests.conftest import OCTOBER_2020
from tests.helpers import CHANGELIST_QUERIES, changelist_queries_with_one_and_many_rows, grid_post

pytestmark = pytest.mark.django_db


def test_target_edits_are_recorded(superuser_client, superuser):
    target = Target.objects.get(indicator="follow_up")
    response = superuser_client.post(
        f"/admin/evaluations/target/{target.pk}/change/",
        {"good_from": 60, "fair_from": 30, "min_agencies": 3, "min_reports": 10},
    )
    assert response.status_code == 302
    record = target.history.first()
    assert record.good_from == 60 and record.history_user == superuser


def test_publishing_from_the_changelist_action(evaluator_client, maluku_province):
    grid_post(evaluator_client, maluku_province, OCTOBER_2020, {"8171": ("ya", 3, 2, 1)})
    period = Period.objects.get(month=OCTOBER_2020)
    evaluator_client.post(
        "/admin/evaluations/period/", {"action": "publish_selected", "_selected_action": [period.pk]}
    )
    assert Period.objects.get(month=OCTOBER_2020).is_published


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/admin/evaluations/period/", CHANGELIST_QUERIES),
        ("/admin/evaluations/target/", CHANGELIST_QUERIES),
    ],
)
def test_changelist_query_count_does_not_grow_with_rows(evaluator_client, url, expected):
    assert changelist_queries_with_one_and_many_rows(evaluator_client, url) == (expected, expected)
