"""Page bodies remembered per data version (`web/page_cache.py`)."""

import re
from datetime import date

import pytest

from evaluations.choices import PeriodStatus
from evaluations.models import MonthlyEvaluation
from tests.factories import make_busy_province, make_period
from tests.helpers import page_text

pytestmark = pytest.mark.django_db


WARM_QUERIES = {
    "/": 2 + 1,  # session, user; data version (the default month is remembered)
    "/?periode=2021-03": 2 + 1,  # session, user; data version
    "/provinsi/81/?periode=2021-03": 2 + 1,  # session, user; data version (province remembered)
    "/instansi/8101/?periode=2021-03": 2 + 1 + 1,  # session, user; agency; data version
}


@pytest.mark.parametrize("url", list(WARM_QUERIES))
def test_a_warm_page_reads_only_the_data_version(viewer_client, django_assert_num_queries, url):
    make_busy_province(5)
    first = viewer_client.get(url)
    with django_assert_num_queries(WARM_QUERIES[url]):
        second = viewer_client.get(url)
    # The same page, but for the CSRF token of the header's forms (masked anew each time).
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub(b"", first.content) == token.sub(b"", second.content)


def test_a_cached_page_changes_with_the_data(staff_client):
    make_busy_province(3)
    # A draft month: a published one is locked (and read from its snapshot).
    make_period(date(2021, 3, 1), status=PeriodStatus.DRAFT)
    url = "/provinsi/81/?periode=2021-03"
    assert "67% aktif (2 IP)" in page_text(staff_client.get(url))
    MonthlyEvaluation.objects.filter(agency__code="8101", month=date(2021, 3, 1)).update(account_active=True)
    assert "100% aktif (3 IP)" in page_text(staff_client.get(url))
