"""What the pages and PDFs say about a scorecard beyond its figures: rank and median among
the provinces, and the attention list. Figures come from the scorecards; this module only
compares them (bands: `targets`; the narrative paragraph: `narrative`).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from evaluations.choices import Band
from evaluations.figures import catalog, indicators
from evaluations.figures.cards import AgencyRow, Scorecard
from evaluations.figures.indicators import Bands
from evaluations.figures.targets import indicator_band


@dataclass(frozen=True)
class Standing:
    """A province's rank among the provinces with a percentage (ties share a rank), and their median."""

    rank: int | None
    of: int
    median: int | None


def standing(national: Scorecard, province_code: str, key: str) -> Standing:
    """Rank 1 is the highest percentage; provinces without a percentage are left out.

    With SK percentages 45 (82) and 42 (81): 81 ranks 2 of 2, median 44.
    """
    values = {
        card.province.code: card.measure(key).percent
        for card in national.provinces
        if card.measure(key).percent is not None
    }
    own = values.get(province_code)
    rank = None if own is None else 1 + sum(1 for v in values.values() if v > own)
    return Standing(rank=rank, of=len(values), median=indicators.median(values.values()))


def standings(national: Scorecard, province_code: str) -> dict[str, Standing]:
    """The province's standing in every banded indicator, by key."""
    return {spec.key: standing(national, province_code, spec.key) for spec in catalog.BANDED}


@dataclass(frozen=True)
class Attention:
    code: str
    name: str
    reasons: tuple[str, ...]


def inactive_streak(code: str, trend: list[Scorecard]) -> int:
    """How many months in a row, up to the last of `trend`, the IP's account was not active.

    Only months with entered data count: a month nobody evaluated ends the streak.
    """
    streak = 0
    for card in reversed(trend):
        if card.period.status is None:
            break
        row = next((r for r in card.agencies if r.code == code), None)
        if row is None or row.account_active:
            break
        streak += 1
    return streak


def agency_reasons(row: AgencyRow, streak: int, bands: dict[str, Bands]) -> tuple[str, ...]:
    reasons = []
    if not row.has_sk:
        reasons.append(_("belum memiliki SK"))
    if not row.evaluated:
        reasons.append(_("data bulan ini belum diisi"))
    if not row.account_active:
        reasons.append(
            ngettext("akun belum aktif %(n)s bulan", "akun belum aktif %(n)s bulan", streak) % {"n": streak}
        )
    follow_up = row.measure("follow_up")
    target = bands.get(catalog.BY_KEY["follow_up"].target)
    if (
        target is not None
        and follow_up.percent is not None
        and (row.received or 0) >= target.min_reports
        and follow_up.percent < target.good_from
    ):
        reasons.append(
            _("tindak lanjut di bawah %(target)s%% (%(count)s dari %(total)s laporan)")
            % {"target": target.good_from, "count": follow_up.count, "total": follow_up.total}
        )
    return tuple(reasons)


def attention_list(card: Scorecard, trend: list[Scorecard], bands: dict[str, Bands]) -> list[Attention]:
    """The IPs of a province scorecard that miss an indicator, each with its reasons.

    `trend` ends with `card`'s month and gives the length of an inactive streak.
    """
    result = []
    for row in card.agencies:
        streak = inactive_streak(row.code, trend) if not row.account_active else 0
        reasons = agency_reasons(row, max(streak, 1) if not row.account_active else 0, bands)
        if reasons:
            result.append(Attention(row.code, row.name, reasons))
    return result


def province_attention(national: Scorecard, bands: dict[str, Bands]) -> list[Attention]:
    """The provinces whose indicators fall under their target (no verdict where too little data)."""
    result = []
    for card in national.provinces:
        reasons = [
            _("%(label)s %(percent)s%% di bawah target %(target)s%%")
            % {
                "label": spec.label,
                "percent": card.measure(spec.key).percent,
                "target": bands[spec.target].good_from,
            }
            for spec in catalog.BANDED
            if indicator_band(card, spec.key, bands) == Band.POOR
        ]
        if reasons:
            result.append(Attention(card.province.code, card.province.name, tuple(reasons)))
    return result
