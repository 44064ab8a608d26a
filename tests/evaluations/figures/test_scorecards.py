from datetime import date

import pytest

from evaluations.figures import scorecards
from evaluations.figures.indicators import Ratio
from tests.conftest import SEPTEMBER_2020
from tests.factories import (
    make_agencies,
    make_agency,
    make_decree,
    make_evaluation,
    make_period,
    make_province,
    make_ticket,
)

pytestmark = pytest.mark.django_db


def _has_sk(agency_code: str, month: date) -> bool:
    """Whether the agency holds an SK that month (its row exists whether or not it was evaluated)."""
    card = scorecards.national(month)
    rows = [row for province in card.provinces for row in province.agencies]
    return next(row for row in rows if row.code == agency_code).has_sk


def test_decree_issued_on_the_months_last_day_counts():
    agency = make_agency(make_province(), "81")
    make_decree(agency, issued_on=date(2020, 9, 30))
    assert _has_sk("81", date(2020, 9, 1))
    assert not _has_sk("81", date(2020, 8, 1))


def test_decree_ended_the_day_before_the_last_day_does_not_count():
    agency = make_agency(make_province(), "81")
    make_decree(agency, issued_on=date(2019, 1, 1), valid_until=date(2020, 9, 29))
    assert not _has_sk("81", date(2020, 9, 1))
    assert _has_sk("81", date(2020, 8, 1))


def test_decree_ending_on_the_last_day_still_counts():
    agency = make_agency(make_province(), "81")
    make_decree(agency, issued_on=date(2019, 1, 1), valid_until=date(2020, 9, 30))
    assert _has_sk("81", date(2020, 9, 1))


def test_agency_with_two_decrees_counts_once():
    province = make_province()
    first, second = make_agencies(province, 2)
    make_decree(first, issued_on=date(2019, 1, 1), number="SK-1")
    make_decree(first, issued_on=date(2020, 2, 1), number="SK-2")
    make_evaluation(second, date(2020, 9, 1))
    card = scorecards.for_province(province, date(2020, 9, 1))
    assert card.sk == Ratio(1, 2, 50)
    assert card.agencies[0].sk_number == "SK-2"  # the latest in force is shown
    assert len(card.agencies) == 2


def test_only_agencies_existing_that_month_count():
    province = make_province()
    make_agency(province, "81")
    make_agency(province, "8101", valid_from=date(2021, 1, 1))
    make_agency(province, "8102", valid_until=date(2020, 6, 30))
    assert scorecards.for_province(province, date(2020, 9, 1)).agencies_total == 1
    assert scorecards.for_province(province, date(2021, 1, 1)).agencies_total == 2
    assert scorecards.for_province(province, date(2020, 6, 1)).agencies_total == 2


def test_national_counts_the_provinces_of_the_month(reference_data):
    assert len(scorecards.national(SEPTEMBER_2020).provinces) == 34
    assert len(scorecards.national(date(2023, 1, 1)).provinces) == 38
    # Papua Barat Daya appeared in December 2022.
    assert len(scorecards.national(date(2022, 11, 1)).provinces) == 37


def test_a_month_without_evaluations_is_not_evaluated_rather_than_zero():
    province = make_province()
    agencies = make_agencies(province, 4)
    make_decree(agencies[0], issued_on=date(2019, 1, 1))
    card = scorecards.for_province(province, date(2021, 3, 1))
    assert not card.is_evaluated
    assert card.agencies_total == 4
    for key in ("sk", "account_active", "account_inactive", "follow_up", "completion"):
        assert card.measure(key) == Ratio(None, None, None)
    assert card.period.status is None


def test_agencies_without_data_count_inactive_once_the_scope_is_evaluated():
    province = make_province()
    agencies = make_agencies(province, 4)
    make_decree(agencies[0], issued_on=date(2019, 1, 1))
    make_evaluation(agencies[1], date(2021, 3, 1), active=False)
    card = scorecards.for_province(province, date(2021, 3, 1))
    assert card.sk == Ratio(1, 4, 25)
    assert card.account_active == Ratio(0, 4, 0)
    assert card.account_inactive == Ratio(4, 4, 100)
    assert card.follow_up == Ratio(None, None, None)
    assert card.evaluated == 1


def test_national_figures_sum_evaluated_provinces_only():
    evaluated, silent = make_province(), make_province("82", "Maluku Utara")
    for agency in make_agencies(evaluated, 2):
        make_decree(agency, issued_on=date(2019, 1, 1))
        make_evaluation(agency, date(2021, 3, 1), active=True)
    for agency in make_agencies(silent, 3):
        make_decree(agency, issued_on=date(2019, 1, 1))
    card = scorecards.national(date(2021, 3, 1))
    assert card.agencies_total == 2 and card.sk == Ratio(2, 2, 100)
    assert card.provinces_evaluated == 1
    assert [p.is_evaluated for p in card.provinces] == [True, False]
    assert card.provinces[1].sk == Ratio(None, None, None)


def test_report_counts_sum_over_agencies_with_known_counts():
    province = make_province()
    a, b, c = make_agencies(province, 3)
    month = date(2021, 3, 1)
    make_evaluation(a, month, active=True, received=10, followed_up=6, completed=3)
    make_evaluation(b, month, active=False)
    make_evaluation(c, month, active=True, received=2, followed_up=1, completed=1)
    card = scorecards.for_province(province, month)
    assert card.follow_up == Ratio(7, 12, 58)
    assert card.completion == Ratio(4, 12, 33)
    assert card.account_active == Ratio(2, 3, 67)
    assert card.evaluated == 3
    assert card.reporting_agencies == 2


def _build_scope(agency_count: int):
    province = make_province()
    month = date(2021, 3, 1)
    make_period(month)
    for index, agency in enumerate(make_agencies(province, agency_count)):
        make_decree(agency, issued_on=date(2020, 1, 1))
        make_decree(agency, issued_on=date(2020, 6, 1), number=f"SK-B-{index}")
        make_evaluation(agency, month, active=index % 2 == 0, received=5, followed_up=3, completed=1)
        # Every other IP also has LAPOR! tickets (which replace its counts): they must not
        # add a query per agency either.
        if index % 2:
            make_ticket(agency, f"T-{index}-1", date(2021, 3, 1), date(2021, 3, 2), date(2021, 3, 3))
            make_ticket(agency, f"T-{index}-2", date(2021, 3, 5))
    return province, month


@pytest.mark.parametrize("agency_count", [1, 50])
def test_province_scorecard_query_count_is_fixed(django_assert_num_queries, agency_count):
    province, month = _build_scope(agency_count)
    # data version; periods, snapshots (the month is published, here without one), agencies,
    # decrees, evaluations, tickets (one grouped query), provinces (the national load it is part of).
    with django_assert_num_queries(8):
        card = scorecards.for_province(province, month)
    assert card.agencies_total == agency_count


@pytest.mark.parametrize("agency_count", [1, 50])
def test_national_scorecard_query_count_is_fixed(django_assert_num_queries, agency_count):
    _province, month = _build_scope(agency_count)
    # data version; periods, snapshots, agencies, decrees, evaluations, tickets, provinces.
    with django_assert_num_queries(8):
        card = scorecards.national(month)
    assert card.agencies_total == agency_count


@pytest.mark.parametrize("agency_count", [1, 50])
def test_a_published_month_is_read_from_its_snapshot_in_three_queries(
    django_assert_num_queries, agency_count
):
    from evaluations.figures import snapshot
    from evaluations.models import Period, PeriodEvent

    _province, month = _build_scope(agency_count)
    period = Period.objects.get(month=month)
    PeriodEvent.objects.create(
        period=period, action="published", revision=1, at=period.published_at, snapshot=snapshot.take(month)
    )
    # data version; periods, snapshots: nothing of the registers.
    with django_assert_num_queries(3):
        card = scorecards.national(month)
    assert card.agencies_total == agency_count and card.targets is not None


@pytest.mark.parametrize("agency_count", [1, 50])
def test_a_provinces_pending_differences_read_its_registers_in_four_queries(
    django_assert_num_queries, agency_count
):
    """A published province's staff page compares its snapshot with the registers now: the
    province's agencies, decrees, evaluations and tickets, by its code (the province and the
    month's state come from the published card)."""
    from evaluations.figures import catalog, snapshot
    from evaluations.figures.pending import pending_differences
    from evaluations.models import Period, PeriodEvent

    province, month = _build_scope(agency_count)
    period = Period.objects.get(month=month)
    PeriodEvent.objects.create(
        period=period, action="published", revision=1, at=period.published_at, snapshot=snapshot.take(month)
    )
    card = scorecards.for_province(province, month)
    assert card.targets is not None and pending_differences(card) == []
    make_agency(province, f"{province.code}99")  # added to the register after publication
    with django_assert_num_queries(4):
        differences = pending_differences(card)
    sk = next(d for d in differences if d.label == str(catalog.BY_KEY["sk"].label))
    assert (sk.published.total, sk.register.total) == (agency_count, agency_count + 1)
