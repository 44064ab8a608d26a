"""The monthly data in the admin (`evaluations/admin/monthly.py`)."""

import pytest

from tests.helpers import CHANGELIST_QUERIES, changelist_queries_with_one_and_many_rows, count_queries

pytestmark = pytest.mark.django_db


def test_changelist_query_count_does_not_grow_with_rows(evaluator_client):
    url = "/admin/evaluations/monthlyevaluation/"
    expected = CHANGELIST_QUERIES + 3
    assert changelist_queries_with_one_and_many_rows(evaluator_client, url) == (expected, expected)


def test_a_coordinators_changelist_adds_only_the_scope_query(coordinator_client):
    # As for an evaluator, plus the coordinator's assigned provinces.
    assert (
        count_queries(coordinator_client, "/admin/evaluations/monthlyevaluation/")
        == CHANGELIST_QUERIES + 3 + 1
    )
