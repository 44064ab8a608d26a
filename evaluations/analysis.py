"""What the pages and PDFs say about a scorecard: bands against targets, rank and median,
the attention list and the narrative paragraph. Figures come from the scorecards; this
module only compares and words them.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from num2words import num2words

from evaluations import indicators
from evaluations.choices import Band, Indicator
from evaluations.indicators import Bands, Ratio
from evaluations.models import Target
from evaluations.periods import format_month
from evaluations.scorecards import AgencyRow, Scorecard

REPORT_INDICATORS = (Indicator.FOLLOW_UP, Indicator.COMPLETION)


def load_bands() -> dict[str, Bands]:
    """The targets admins set, by indicator (one query)."""
    return {
        t.indicator: Bands(t.good_from, t.fair_from, t.min_agencies, t.min_reports)
        for t in Target.objects.all()
    }


def indicator_value(card: Scorecard, indicator: str) -> Ratio:
    return getattr(card, indicator)


def indicator_band(card: Scorecard, indicator: str, bands: dict[str, Bands]) -> Band:
    """The band of a scope's indicator; follow-up and completion stand on the IPs that reported."""
    reports_based = indicator in REPORT_INDICATORS
    agencies = card.reporting_agencies if reports_based and card.agencies else card.agencies_total
    return indicators.band(
        indicator_value(card, indicator), bands.get(indicator), agencies=agencies, reports_based=reports_based
    )


@dataclass(frozen=True)
class Standing:
    """A province's rank among the provinces with a percentage (ties share a rank), and their median."""

    rank: int | None
    of: int
    median: int | None


def standing(national: Scorecard, province_code: str, indicator: str) -> Standing:
    """Rank 1 is the highest percentage.

    >>> # with SK percentages 45 (82) and 42 (81): 81 ranks 2 of 2, median 44.
    """
    values = {
        card.province.code: indicator_value(card, indicator).percent
        for card in national.provinces
        if indicator_value(card, indicator).percent is not None
    }
    own = values.get(province_code)
    rank = None if own is None else 1 + sum(1 for v in values.values() if v > own)
    return Standing(rank=rank, of=len(values), median=indicators.median(values.values()))


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
    follow_up = indicators.ratio(row.followed_up, row.received)
    target = bands.get(Indicator.FOLLOW_UP)
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
        reasons = []
        for indicator in Indicator.values:
            if indicator_band(card, indicator, bands) == Band.POOR:
                reasons.append(
                    _("%(label)s %(percent)s%% di bawah target %(target)s%%")
                    % {
                        "label": Indicator(indicator).label,
                        "percent": indicator_value(card, indicator).percent,
                        "target": bands[indicator].good_from,
                    }
                )
        if reasons:
            result.append(Attention(card.province.code, card.province.name, tuple(reasons)))
    return result


def count_words(n: int) -> str:
    """Small counts in words, as the ministry's reports write them ("lima"); larger ones in digits."""
    if 0 < n <= 10:
        return num2words(n, lang="en" if translation.get_language() == "en" else "id")
    return number_format(n, force_grouping=True)


def narrative(card: Scorecard, sk_standing: Standing | None = None) -> str:
    """A paragraph in the register of the ministry's reports, generated from the scorecard."""
    scope = _("Provinsi %(name)s") % {"name": card.province.name} if card.province else _("tingkat nasional")
    parts = [
        _(
            "Berdasarkan hasil monitoring dan evaluasi SP4N-LAPOR! periode %(month)s, angka keterhubungan "
            "SP4N-LAPOR! berdasarkan kepemilikan SK di %(scope)s mencapai %(percent)s persen atau "
            "%(count)s dari %(total)s IP."
        )
        % {
            "month": format_month(card.month),
            "scope": scope,
            "percent": _percent_words(card.sk),
            "count": count_words(card.sk.count),
            "total": number_format(card.sk.total, force_grouping=True),
        }
        if card.agencies_total
        else _("Belum ada IP yang terdaftar untuk %(scope)s pada periode %(month)s.")
        % {"scope": scope, "month": format_month(card.month)}
    ]
    if card.agencies_total:
        parts.append(
            _(
                "Berdasarkan indikator keaktifan akun, %(active_pct)s persen (%(active)s IP) sudah aktif "
                "mengelola laporan dan %(inactive_pct)s persen (%(inactive)s IP) belum aktif mengelola "
                "melalui aplikasi SP4N-LAPOR!."
            )
            % {
                "active_pct": card.account_active.percent,
                "active": count_words(card.account_active.count),
                "inactive_pct": card.account_inactive.percent,
                "inactive": count_words(card.account_inactive.count),
            }
        )
    if card.follow_up.total:
        parts.append(
            _(
                "Dari %(received)s laporan yang diterima, %(followed)s (%(follow_pct)s persen) telah "
                "ditindaklanjuti dan %(completed)s (%(completion_pct)s persen) telah selesai."
            )
            % {
                "received": number_format(card.follow_up.total, force_grouping=True),
                "followed": number_format(card.follow_up.count, force_grouping=True),
                "follow_pct": card.follow_up.percent,
                "completed": number_format(card.completion.count, force_grouping=True),
                "completion_pct": card.completion.percent,
            }
        )
    elif card.follow_up.total == 0:
        parts.append(_("Tidak ada laporan yang diterima pada bulan ini."))
    else:
        parts.append(_("Data tindak lanjut dan penyelesaian laporan belum tersedia."))
    if sk_standing is not None and sk_standing.rank is not None and card.province:
        parts.append(
            _(
                "Dengan capaian kepemilikan SK tersebut, Provinsi %(name)s berada di peringkat %(rank)s "
                "dari %(of)s provinsi, dengan median nasional %(median)s persen."
            )
            % {
                "name": card.province.name,
                "rank": sk_standing.rank,
                "of": sk_standing.of,
                "median": sk_standing.median,
            }
        )
    return " ".join(parts)


def _percent_words(value: Ratio) -> str:
    return "—" if value.percent is None else str(value.percent)
