import pytest

from evaluations.choices import Band
from evaluations.figures.indicators import (
    Bands,
    Ratio,
    band,
    complement,
    median,
    percent,
    ratio,
    report_ratios,
)


@pytest.mark.parametrize(
    ("count", "total", "expected"),
    [
        (5, 12, 42),  # 41.67
        (5, 8, 63),  # 62.5: half up, not to even
        (1, 8, 13),  # 12.5: half up, not to even (banker's would give 12)
        (3, 8, 38),  # 37.5
        (5, 11, 45),
        (4, 11, 36),
        (0, 12, 0),
        (12, 12, 100),
        (1, 3, 33),
        (2, 3, 67),
    ],
)
def test_it_rounds_whole_percent_half_up(count, total, expected):
    assert percent(count, total) == expected


def test_it_has_no_percent_without_denominator():
    assert percent(0, 0) is None
    assert percent(None, 12) is None
    assert percent(3, None) is None


def test_inactive_share_is_hundred_minus_active():
    for total in range(1, 60):
        for count in range(total + 1):
            active = ratio(count, total)
            inactive = complement(active)
            assert inactive.count == total - count
            assert active.percent + inactive.percent == 100
    # 4 of 11 active is 36.4%, 7 of 11 inactive rounds to 64 on its own and by complement.
    assert complement(ratio(4, 11)) == Ratio(7, 11, 64)
    # 1 of 8 active is 12.5% → 13; its own rounding would give 88 (87.5), the complement 87.
    assert complement(ratio(1, 8)) == Ratio(7, 8, 87)


def test_complement_of_empty_scope_is_not_available():
    assert complement(ratio(0, 0)) == Ratio(0, 0, None)


def test_report_ratios_sum_over_known_counts_only():
    follow_up, completion = report_ratios([(10, 6, 3), (None, None, None), (2, 1, 1)])
    assert follow_up == Ratio(7, 12, 58)
    assert completion == Ratio(4, 12, 33)


def test_report_ratios_distinguish_unknown_from_zero_received():
    assert report_ratios([(None, None, None)]) == (Ratio(None, None, None), Ratio(None, None, None))
    assert report_ratios([]) == (Ratio(None, None, None), Ratio(None, None, None))
    assert report_ratios([(0, 0, 0), (None, None, None)]) == (Ratio(0, 0, None), Ratio(0, 0, None))


def test_median_rounds_half_up_and_ignores_missing():
    assert median([42, 45, None]) == 44
    assert median([10, 20, 30]) == 20
    assert median([None]) is None


def test_band_against_targets():
    bands = Bands(good_from=50, fair_from=25, min_agencies=3, min_reports=10)
    assert band(ratio(6, 12), bands, agencies=12) == Band.GOOD
    assert band(ratio(5, 12), bands, agencies=12) == Band.FAIR
    assert band(ratio(2, 12), bands, agencies=12) == Band.POOR
    # Too few IPs or reports behind the percentage: no verdict.
    assert band(ratio(2, 2), bands, agencies=2) == Band.UNRATED
    assert band(ratio(9, 9), bands, agencies=12, reports_based=True) == Band.UNRATED
    assert band(ratio(9, 10), bands, agencies=12, reports_based=True) == Band.GOOD
    assert band(ratio(0, 0), bands, agencies=12) == Band.UNRATED
