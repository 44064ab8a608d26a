"""The attention list (`figures/analysis.py`)."""

from datetime import date

import pytest

from evaluations.figures import analysis, scorecards, targets
from tests.factories import make_agencies, make_decree, make_evaluation, make_period, make_province

pytestmark = pytest.mark.django_db


def test_attention_names_low_follow_up_and_long_inactivity():
    province = make_province()
    first, second, third = make_agencies(province, 3)
    for agency in (first, second, third):
        make_decree(agency, issued_on=date(2020, 1, 1))
    for month in (date(2021, 1, 1), date(2021, 2, 1), date(2021, 3, 1)):
        make_period(month)
        make_evaluation(first, month, active=True, received=20, followed_up=4, completed=2)
        make_evaluation(second, month, active=False)
        make_evaluation(third, month, active=True, received=5, followed_up=0, completed=0)
    trend = scorecards.province_trend(province, date(2021, 3, 1))
    attention = {a.code: a.reasons for a in analysis.attention_list(trend[-1], trend, targets.load_bands())}
    assert attention[first.code] == ("tindak lanjut di bawah 50% (4 dari 20 laporan)",)
    assert attention[second.code] == ("akun belum aktif 3 bulan",)
    assert third.code not in attention  # 5 reports: too few for a verdict
