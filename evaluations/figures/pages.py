"""What a province page and the national page are made of, composed once for the HTML pages
and the PDFs: the month's scorecard, its trend, bands, rank and median, attention list and
narrative. Also the one rule of which months a trend chart shows."""

from dataclasses import dataclass
from datetime import date

from agencies.models import Province
from evaluations.choices import Band
from evaluations.figures import analysis, scorecards
from evaluations.figures.cards import Scorecard
from evaluations.figures.indicators import Bands
from evaluations.figures.narrative import narrative
from evaluations.figures.targets import card_bands, load_bands

TREND_MONTHS = 12


@dataclass(frozen=True)
class PageFigures:
    """A scope's month as a page shows it. `standings` is empty on the national page."""

    card: Scorecard
    trend: list[Scorecard]
    bands: dict[str, Bands]
    band_of: dict[str, Band]
    standings: dict[str, analysis.Standing]
    attention: list[analysis.Attention]
    narrative: str


def province_figures(
    province: Province,
    month: date,
    *,
    national: Scorecard | None = None,
    bands: dict[str, Bands] | None = None,
) -> PageFigures:
    trend = scorecards.province_trend(province, month, TREND_MONTHS)
    card = trend[-1]
    national = national if national is not None else scorecards.national(month)
    bands = _bands(card, bands)
    standings = analysis.standings(national, province.code)
    return PageFigures(
        card=card,
        trend=trend,
        bands=bands,
        band_of=card_bands(card, bands),
        standings=standings,
        attention=analysis.attention_list(card, trend, bands),
        narrative=narrative(card, standings.get("sk")),
    )


def national_figures(month: date, *, bands: dict[str, Bands] | None = None) -> PageFigures:
    trend = scorecards.national_trend(month, TREND_MONTHS)
    card = trend[-1]
    bands = _bands(card, bands)
    return PageFigures(
        card=card,
        trend=trend,
        bands=bands,
        band_of=card_bands(card, bands),
        standings={},
        attention=analysis.province_attention(card, bands),
        narrative=narrative(card),
    )


def _bands(card: Scorecard, bands: dict[str, Bands] | None) -> dict[str, Bands]:
    """The targets a page is coloured by: those in force at publication for a published month."""
    if card.targets is not None:
        return card.targets
    return bands if bands is not None else load_bands()


def trend_points(trend: list[Scorecard], *, hide_drafts: bool) -> list[tuple[date, Scorecard | None]]:
    """The months of a trend chart, each with its scorecard or None where the chart leaves a gap:
    a month with no data entered for the scope, or a draft month the reader may not see.

    Pages and PDFs draw exactly these points (a page hides drafts from those who may not see
    them; a published PDF, being public, hides them always).
    """
    return [
        (card.month, None if card.evaluated == 0 or (hide_drafts and card.period.is_draft) else card)
        for card in trend
    ]
