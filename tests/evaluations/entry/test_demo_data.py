"""`generate_demo_data` and the example data it writes (`entry/demo_data.py`, `entry/demo_agency.py`),
on the whole country's register.

The register (reference data + `load_regions`) is loaded once for the module, and the tests of
`TestOnTheGeneratedWindow` share one run of the command (seed 1, July to September 2026), each
in a savepoint of its own (what a test writes, another run or `--clear`, is undone after it).
The tests that need a register without example data run outside that class.
"""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from agencies.models import Agency, Decree
from evaluations.choices import PeriodStatus
from evaluations.figures import scorecards
from evaluations.models import MonthlyEvaluation, Period
from tests.conftest import SEPTEMBER_2020

WINDOW = [date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1)]


def _generate(*args):
    call_command("generate_demo_data", "--months", "3", "--until", "2026-09", *args, verbosity=0)


def _evaluations(months=WINDOW) -> list[tuple]:
    return list(
        MonthlyEvaluation.objects.filter(month__in=months)
        .order_by("agency__code", "month")
        .values_list("agency__code", "month", "account_active", "received", "followed_up", "completed")
    )


def _decrees() -> list[tuple]:
    return list(
        Decree.objects.order_by("agency__code", "number").values_list(
            "agency__code", "number", "issued_on", "valid_until"
        )
    )


def _figures(months=WINDOW) -> list[dict]:
    return [scorecards.national(month).as_dict() for month in months]


def _monev_2020() -> tuple:
    maluku = Agency.objects.get(code="81").province
    return (
        list(Period.objects.filter(month=SEPTEMBER_2020).values()),
        _evaluations([SEPTEMBER_2020]),
        scorecards.national(SEPTEMBER_2020).as_dict(),
        scorecards.for_province(maluku, SEPTEMBER_2020).as_dict(),
    )


def test_monev_2020_is_untouched_even_when_the_window_covers_it(national_register):
    before = _monev_2020()
    fixture_decrees = _decrees()
    call_command("generate_demo_data", "--months", "3", "--until", "2020-11", verbosity=0)
    assert _monev_2020() == before
    # The months after it are example data; no example decree predates them.
    assert Period.objects.filter(is_example=True).count() == 2
    assert not Period.objects.get(month=SEPTEMBER_2020).is_example
    assert Decree.objects.exclude(number__startswith="CONTOH/").count() == len(fixture_decrees)
    assert not Decree.objects.filter(number__startswith="CONTOH/", issued_on__lt=date(2020, 10, 1)).exists()

    call_command("generate_demo_data", "--clear", verbosity=0)
    assert _monev_2020() == before
    assert _decrees() == fixture_decrees


def test_a_real_month_inside_the_window_is_left_alone(national_register):
    real = Period.objects.create(month=WINDOW[1])
    agency = Agency.objects.get(code="8171")
    MonthlyEvaluation.objects.create(agency=agency, month=WINDOW[1], account_active=True)
    _generate()
    assert not Period.objects.get(pk=real.pk).is_example
    assert _evaluations([WINDOW[1]]) == [("8171", WINDOW[1], True, None, None, None)]
    assert MonthlyEvaluation.objects.filter(month=WINDOW[0]).count() > 400


@pytest.fixture(scope="class")
def generated_window(national_register_once, django_db_blocker):
    """One run of the command, seed 1 (its default), `WINDOW`: undone after the class's last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        _generate()
        yield
        transaction.set_rollback(True)


@pytest.mark.usefixtures("generated_window")
class TestOnTheGeneratedWindow:
    """Each test starts from the data of `_generate()` (seed 1) on the register."""

    def test_the_same_seed_gives_the_same_data(self, national_register):
        first = (_evaluations(), _decrees(), _figures())
        _generate("--seed", "1")
        assert (_evaluations(), _decrees(), _figures()) == first
        _generate("--seed", "2")
        assert _evaluations() != first[0]

    def test_it_covers_every_ip_with_counts_that_respect_the_invariants(self, national_register):
        rows = _evaluations()
        existing = Agency.objects.existing_on(date(2026, 9, 30)).count()
        # Some months are missing, most are there.
        assert 0.75 * existing * 3 < len(rows) < existing * 3
        known = [row for row in rows if row[3] is not None]
        assert 0 < len(known) < len(rows), "some counts are unknown"
        for _code, _month, _active, received, followed_up, completed in rows:
            if received is None:
                assert followed_up is None and completed is None
            else:
                assert 0 <= completed <= followed_up <= received
        assert {row[2] for row in rows} == {True, False}

    def test_provinces_differ(self, national_register):
        card = scorecards.national(WINDOW[-1])
        assert len(card.provinces) == 38
        active = {p.account_active.percent for p in card.provinces if p.agencies_total >= 10}
        assert max(active) - min(active) >= 40

    def test_periods_are_example_data_and_the_latest_is_a_draft(self, national_register):
        periods = {p.month: p for p in Period.objects.filter(month__in=WINDOW)}
        assert set(periods) == set(WINDOW)
        assert all(p.is_example for p in periods.values())
        assert periods[WINDOW[-1]].status == PeriodStatus.DRAFT
        assert all(
            periods[m].status == PeriodStatus.PUBLISHED and periods[m].published_at for m in WINDOW[:-1]
        )
        assert all(
            number.startswith("CONTOH/")
            for number in Decree.objects.filter(issued_on__gte=WINDOW[0]).values_list("number", flat=True)
        )

    def test_a_new_run_replaces_the_previous_window(self, national_register):
        call_command("generate_demo_data", "--months", "2", "--until", "2026-06", verbosity=0)
        earlier = [date(2026, 5, 1), date(2026, 6, 1)]
        assert set(Period.objects.filter(is_example=True).values_list("month", flat=True)) == set(earlier)
        assert not MonthlyEvaluation.objects.filter(month__gt=earlier[-1]).exists()
        assert not MonthlyEvaluation.objects.filter(month__lt=earlier[0], month__gt=SEPTEMBER_2020).exists()

    def test_clear_removes_every_example_row(self, national_register):
        call_command("generate_demo_data", "--clear", verbosity=0)
        assert not Period.objects.filter(is_example=True).exists()
        assert not MonthlyEvaluation.objects.filter(month__in=WINDOW).exists()
        assert not Decree.objects.filter(number__startswith="CONTOH/").exists()
        # The deletions are in the history too.
        assert MonthlyEvaluation.history.filter(history_type="-").count() > 400

    def test_queries_do_not_grow_with_the_number_of_agencies(self, national_register):
        # The class's run is the first one: this second run also deletes its rows.
        with CaptureQueriesContext(connection) as queries:
            _generate()
        # Reads, deletes and batched inserts, the published months' snapshots (seven queries for all
        # of them) and the maintenance switch around the evaluations: a fixed handful, not one per
        # agency (546 here). The example tickets (a quarter of the agencies, ~10,000 rows) add a
        # read, a delete and their inserts with history in batches of 5,000: about ten more.
        assert len(queries) < 60


@pytest.mark.parametrize("months", ["-1", "0", "241"])
def test_it_refuses_a_bad_month_count(db, months):
    with pytest.raises(CommandError):
        call_command("generate_demo_data", "--months", months, verbosity=0)
