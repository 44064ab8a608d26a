"""Targets and bands: the admins' targets (`Target` rows) as plain `Bands`, and the band a
scope's indicator falls in against them."""

from evaluations.choices import Band
from evaluations.figures import catalog, indicators
from evaluations.figures.cards import Scorecard
from evaluations.figures.indicators import Bands
from evaluations.models import Target


def load_bands() -> dict[str, Bands]:
    """The targets admins set, by indicator (one query)."""
    return {
        t.indicator: Bands(t.good_from, t.fair_from, t.min_agencies, t.min_reports)
        for t in Target.objects.all()
    }


def indicator_band(card: Scorecard, key: str, bands: dict[str, Bands]) -> Band:
    """The band of a scope's indicator; report-based ones stand on the IPs that reported.

    An indicator without a target is never banded (UNRATED).
    """
    spec = catalog.BY_KEY[key]
    if spec.target is None:
        return Band.UNRATED
    agencies = card.reporting_agencies if spec.reports_based and card.agencies else card.agencies_total
    return Band(
        indicators.band(
            card.measure(key), bands.get(spec.target), agencies=agencies, reports_based=spec.reports_based
        )
    )


def card_bands(card: Scorecard, bands: dict[str, Bands]) -> dict[str, Band]:
    """Every banded indicator's band for a scope, by key."""
    return {spec.key: indicator_band(card, spec.key, bands) for spec in catalog.BANDED}
