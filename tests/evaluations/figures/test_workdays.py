"""Working days to a first follow-up (`indicators.working_days`, `workdays.follow_up_days`) and
the median of a tally: pure arithmetic over plain dates, Indonesia's holidays from `holidays`."""

from datetime import date

from evaluations.figures import indicators, workdays


def test_friday_to_monday_is_one_working_day():
    assert indicators.working_days(date(2024, 8, 16), date(2024, 8, 19)) == 1


def test_same_day_follow_up_is_zero_working_days():
    assert indicators.working_days(date(2024, 8, 14), date(2024, 8, 14)) == 0


def test_a_full_week_is_five_working_days_wherever_it_starts():
    for start in range(1, 8):
        assert indicators.working_days(date(2024, 7, start), date(2024, 7, start + 7)) == 5


def test_weekend_days_are_not_counted():
    # Received Saturday, followed up Sunday: still no working day; Monday: the first.
    assert indicators.working_days(date(2024, 8, 10), date(2024, 8, 11)) == 0
    assert indicators.working_days(date(2024, 8, 10), date(2024, 8, 12)) == 1


def test_17_august_on_a_weekday_is_not_a_working_day():
    # 2023-08-17 was a Thursday: Wednesday → Friday is one working day, not two.
    assert workdays.follow_up_days(date(2023, 8, 16), date(2023, 8, 18)) == 1
    # Without the holiday set the same span counts two days.
    assert indicators.working_days(date(2023, 8, 16), date(2023, 8, 18)) == 2
    # Received on the holiday itself, followed up the next day: one working day.
    assert workdays.follow_up_days(date(2023, 8, 17), date(2023, 8, 18)) == 1


def test_17_august_on_a_weekend_changes_nothing():
    # 2024-08-17 was a Saturday: Friday 16 → Monday 19 is one working day, as any weekend.
    assert workdays.follow_up_days(date(2024, 8, 16), date(2024, 8, 19)) == 1


def test_the_national_holidays_include_independence_day():
    assert date(2023, 8, 17) in workdays.national_holidays(date(2023, 1, 1), date(2023, 12, 31))


def test_on_time_means_within_five_working_days_and_needs_a_follow_up():
    assert indicators.on_time(0) and indicators.on_time(5)
    assert not indicators.on_time(6)
    assert not indicators.on_time(None)
    # Monday 2023-08-14 to Monday 2023-08-21 with Thursday 17 a holiday: 4 days, on time.
    assert workdays.follow_up_days(date(2023, 8, 14), date(2023, 8, 21)) == 4


def test_median_takes_the_lower_middle_value_for_an_even_count():
    assert indicators.lower_median(indicators.tally([0, 1, 4, 5, 6, 7])) == 4
    assert indicators.lower_median(indicators.tally([4, 5, 6])) == 5
    assert indicators.lower_median(()) is None
