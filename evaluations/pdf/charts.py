"""The charts of the PDF reports, drawn with matplotlib's SVG backend (text kept as text) from
the same scorecards, indicator table, palette and trend months as the pages' charts."""

import io
import math
from datetime import date

from django.utils.translation import gettext as _

from evaluations.figures import catalog
from evaluations.figures.cards import Scorecard
from evaluations.figures.formatting import percent_text
from evaluations.figures.indicators import Bands
from evaluations.figures.targets import indicator_band
from evaluations.periods import MONTH_NAMES

BAND_COLOURS = catalog.BAND_PALETTE
PERCENT_TICKS = (0, 25, 50, 75, 100)
SK, ACTIVE = catalog.BY_KEY["sk"], catalog.BY_KEY["account_active"]


def svg_data(figure) -> str:
    import base64

    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "lapor"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue().encode("utf-8")).decode()


def figure_of(width: float, height: float, *, left: float = 0.6, bottom: float = 0.35, top: float = 0.1):
    """A figure of `width` × `height` inches with fixed margins (in inches): no second drawing pass
    to fit them, as `bbox_inches="tight"` would need."""
    import matplotlib

    matplotlib.use("Agg")  # no display; the figure is saved through the SVG canvas
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"font.family": "DejaVu Sans", "font.size": 8}):
        figure = Figure(figsize=(width, height))
        axes = figure.subplots()
    figure.subplots_adjust(
        left=left / width, right=1 - 0.15 / width, bottom=bottom / height, top=1 - top / height
    )
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(labelsize=8)
    return figure, axes


def indicator_chart(card: Scorecard, bands: dict[str, Bands], standings: dict) -> str:
    """Horizontal bars of the banded indicators, coloured by band, with the national median marked."""
    specs = catalog.BANDED
    figure, axes = figure_of(6.6, 0.5 + 0.3 * len(specs), left=2.6)
    for position, spec in enumerate(specs):
        value = card.measure(spec.key)
        colour = BAND_COLOURS[indicator_band(card, spec.key, bands)]
        if value.percent is None:
            axes.text(1, position, _("— belum ada data"), va="center", fontsize=8, color="#757575")
        else:
            axes.barh(position, value.percent, color=colour, height=0.6)
            inside = value.percent >= 12
            axes.text(
                value.percent - 1.5 if inside else value.percent + 1.5,
                position,
                f"{value.percent}%",
                va="center",
                ha="right" if inside else "left",
                fontsize=8,
                fontweight="bold",
                color="white" if inside else "#212121",
            )
        standing = standings.get(spec.key)
        if standing is not None and standing.median is not None:
            median = standing.median
            axes.plot([median, median], [position - 0.42, position + 0.42], color="#212121", linewidth=1.6)
    axes.set_yticks(range(len(specs)), [str(spec.label) for spec in specs])
    axes.set_ylim(len(specs) - 0.5, -0.5)
    axes.set_xlim(0, 100)
    axes.set_xticks(PERCENT_TICKS, [f"{tick}%" for tick in PERCENT_TICKS])
    axes.grid(axis="x", color="#e0e0e0", linewidth=0.6)
    axes.set_axisbelow(True)
    return svg_data(figure)


TREND_MARKERS = "osD^v"


def trend_chart(points: list[tuple[date, Scorecard | None]], specs=None) -> str:
    """The indicators month by month over `pages.trend_points`: a month without a scorecard is a
    gap, exactly as on the page."""
    specs = specs or catalog.TABLED
    figure, axes = figure_of(6.6, 2.2, bottom=0.45)
    positions = list(range(len(points)))
    labels = [
        f"{str(MONTH_NAMES[month.month - 1])[:3]}\n{month.year}"
        if index in (0, len(points) - 1) or month.month == 1
        else str(MONTH_NAMES[month.month - 1])[:3]
        for index, (month, _card) in enumerate(points)
    ]
    for spec, marker in zip(specs, TREND_MARKERS, strict=False):
        values = [card.measure(spec.key).percent if card else None for _month, card in points]
        axes.plot(
            positions,
            [math.nan if value is None else value for value in values],
            marker=marker,
            markersize=3,
            color=spec.colour,
            label=str(spec.series_label),
        )
    axes.set_xticks(positions, labels)
    axes.set_ylim(0, 105)
    axes.set_yticks(PERCENT_TICKS, [f"{tick}%" for tick in PERCENT_TICKS])
    axes.grid(axis="y", color="#e0e0e0", linewidth=0.6)
    axes.legend(loc="upper left", fontsize=7, frameon=False, ncols=len(specs))
    return svg_data(figure)


def province_chart(card: Scorecard) -> str | None:
    """SK ownership and active accounts per province with IPs, highest SK first."""
    rows = [each for each in card.provinces if each.agencies_total]
    if not rows:
        return None
    rows.sort(key=lambda each: (-(each.measure(SK.key).percent or 0), each.province.code))
    figure, axes = figure_of(6.6, 0.7 + 0.32 * len(rows), left=1.9, top=0.05)
    positions = range(len(rows))
    for spec, offset in ((SK, -0.18), (ACTIVE, 0.18)):
        values = [row.measure(spec.key).percent for row in rows]
        axes.barh(
            [p + offset for p in positions],
            [value or 0 for value in values],
            height=0.36,
            color=spec.colour,
            label=str(spec.series_label),
        )
        for position, value in zip(positions, values, strict=True):
            axes.text((value or 0) + 1, position + offset, percent_text(value), va="center", fontsize=7)
    axes.set_yticks(list(positions), [r.province.name for r in rows])
    axes.invert_yaxis()
    axes.set_xlim(0, 110)
    axes.set_xticks(PERCENT_TICKS, [f"{tick}%" for tick in PERCENT_TICKS])
    axes.legend(loc="lower right", fontsize=7, frameon=False)
    return svg_data(figure)
