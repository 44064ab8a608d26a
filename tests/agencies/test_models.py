"""Every invariant holds in the database itself, whatever path writes the row."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from agencies.models import Agency, Decree
from evaluations.models import MonthlyEvaluation, Period, Target
from tests.factories import make_agency, make_province

pytestmark = pytest.mark.django_db

MONTH = date(2020, 9, 1)


@pytest.fixture
def agency():
    return make_agency(make_province(), "81")


def _rejects(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


@pytest.mark.parametrize(
    ("received", "followed_up", "completed"),
    [
        (10, 5, 6),  # completed > followed up
        (4, 5, 1),  # followed up > received
        (10, None, None),  # counts known only in part
        (None, None, 3),
        (-1, 0, 0),  # negative
    ],
)
def test_bad_counts_are_rejected_by_the_database(agency, received, followed_up, completed):
    _rejects(
        lambda: MonthlyEvaluation.objects.create(
            agency=agency, month=MONTH, received=received, followed_up=followed_up, completed=completed
        )
    )


def test_good_counts_are_accepted(agency):
    MonthlyEvaluation.objects.create(agency=agency, month=MONTH, received=10, followed_up=10, completed=0)
    MonthlyEvaluation.objects.create(agency=agency, month=date(2020, 10, 1))
    assert MonthlyEvaluation.objects.count() == 2


def test_one_evaluation_per_agency_and_month(agency):
    MonthlyEvaluation.objects.create(agency=agency, month=MONTH)
    _rejects(lambda: MonthlyEvaluation.objects.create(agency=agency, month=MONTH))


def test_month_is_a_first_day(agency):
    _rejects(lambda: MonthlyEvaluation.objects.create(agency=agency, month=date(2020, 9, 15)))
    _rejects(lambda: Period.objects.create(month=date(2020, 9, 2)))


def test_agency_and_province_codes_are_unique(agency):
    _rejects(lambda: Agency.objects.create(province=agency.province, code="81", name="x", kind="lainnya"))
    _rejects(lambda: make_province("81", "Maluku lagi"))


def test_decree_cannot_end_before_it_is_issued(agency):
    _rejects(
        lambda: Decree.objects.create(
            agency=agency, number="1", issued_on=date(2020, 5, 1), valid_until=date(2020, 4, 30)
        )
    )


def test_decree_number_is_unique_per_agency(agency):
    Decree.objects.create(agency=agency, number="1", issued_on=date(2020, 5, 1))
    _rejects(lambda: Decree.objects.create(agency=agency, number="1", issued_on=date(2020, 6, 1)))


def test_validity_cannot_end_before_it_starts(agency):
    agency.valid_from, agency.valid_until = date(2021, 1, 1), date(2020, 1, 1)
    _rejects(agency.save)


def test_published_period_has_a_publication_time():
    _rejects(lambda: Period.objects.create(month=MONTH, status="published"))


def test_target_bands_are_ordered():
    target = Target.objects.get(indicator="follow_up")
    assert (target.good_from, target.fair_from) == (50, 25)
    target.fair_from = 60
    _rejects(target.save)
