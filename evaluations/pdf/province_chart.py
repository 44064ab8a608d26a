"""The national PDF's province chart: one panel per banded indicator counted in IPs, every
evaluated province with its value, the target and the national median marked; split into
complete parts that each fit an A4 page."""

import math
from dataclasses import dataclass

from django.utils.translation import gettext as _

from evaluations.figures import catalog
from evaluations.figures.cards import Scorecard
from evaluations.figures.formatting import percent_text
from evaluations.figures.indicators import Bands
from evaluations.pdf.charts import (
    FONT_SIZE,
    LABEL_BOX,
    MEDIAN_STYLE,
    PERCENT_TICKS,
    TARGET_STYLE,
    TEXT,
    WIDTH,
    _axes,
    _figure,
    _mark_label,
    _outlined,
    _percent_axis,
    svg_data,
    target_of,
)

# The province chart's indicators: those counted in IPs that have a target, as on the page.
PROVINCE_CHART_INDICATORS = tuple(spec for spec in catalog.BANDED if spec.unit == catalog.AGENCIES)
# One row of the province chart, and what a part of it may hold to fit an A4 page with its
# heading and caption (see `province_chart_parts`).
PROVINCE_ROW_INCHES = 0.2
PROVINCE_CHART_MARGINS = (0.62, 0.32)  # top (titles and mark labels), bottom (ticks) in inches
MAX_ROWS_PER_PART = 40


@dataclass(frozen=True)
class ChartPart:
    """One complete part of a chart: its image, and which of how many parts it is."""

    image: str
    number: int
    of: int
    first: str
    last: str


def _parts(rows: list, limit: int) -> list[list]:
    """`rows` in as few parts of at most `limit` as possible, of nearly equal length."""
    count = math.ceil(len(rows) / limit)
    size = math.ceil(len(rows) / count)
    return [rows[start : start + size] for start in range(0, len(rows), size)]


def province_chart_parts(
    rows: list[Scorecard], bands: dict[str, Bands], medians: dict[str, int | None]
) -> list[ChartPart]:
    """The agency-counted banded indicators of the evaluated provinces `rows` (in the order
    given), one panel per indicator with its title, target and national median; in as few
    parts as fit an A4 page each, every part complete (names, bars, values, marks, titles)."""
    parts = _parts(rows, MAX_ROWS_PER_PART) if rows else []
    return [
        ChartPart(
            _province_chart(part, bands, medians),
            number,
            len(parts),
            part[0].province.name,
            part[-1].province.name,
        )
        for number, part in enumerate(parts, start=1)
    ]


def _province_chart(rows: list[Scorecard], bands: dict[str, Bands], medians: dict[str, int | None]) -> str:
    specs = PROVINCE_CHART_INDICATORS
    top, bottom = PROVINCE_CHART_MARGINS
    plot_height = PROVINCE_ROW_INCHES * len(rows)
    height = top + bottom + plot_height
    figure = _figure(WIDTH, height)
    left, gap, right = 1.55, 0.3, 0.1
    width = (WIDTH - left - right - gap * (len(specs) - 1)) / len(specs)
    positions = list(range(len(rows)))
    for index, spec in enumerate(specs):
        axes = _axes(figure, (left + index * (width + gap), bottom, width, plot_height))
        _percent_axis(axes, high=116)
        axes.set_xticks(PERCENT_TICKS, [f"{tick}%" for tick in PERCENT_TICKS])
        values = [row.measure(spec.key).percent for row in rows]
        axes.barh(
            [p for p, v in zip(positions, values, strict=True) if v is not None],
            [v for v in values if v is not None],
            height=0.66,
            color=spec.colour,
        )
        for position, value in zip(positions, values, strict=True):
            axes.text(
                (value or 0) + 1.5,
                position,
                percent_text(value),
                va="center",
                ha="left",
                fontsize=FONT_SIZE - 0.5,
                color=TEXT,
                bbox=LABEL_BOX,
                zorder=5,
            )
        axes.set_ylim(len(rows) - 0.5, -0.5)
        if index == 0:
            axes.set_yticks(positions, [row.province.name for row in rows])
        else:
            axes.set_yticks(positions, [""] * len(rows))
        axes.tick_params(axis="y", length=0)
        target = target_of(spec, bands)
        median = medians.get(spec.key)
        if target is not None:
            axes.axvline(target, zorder=4, **_outlined(TARGET_STYLE))
            _mark_label(axes, target, 1.005, _("target %(v)s") % {"v": percent_text(target)}, color="#424242")
        if median is not None:
            axes.axvline(median, zorder=4, **_outlined(MEDIAN_STYLE))
            _mark_label(
                axes,
                median,
                1.005 + 0.17 / plot_height,
                _("median %(v)s") % {"v": percent_text(median)},
                color="#000000",
                fontweight="bold",
            )
        # The panel's title names the indicator: its colour is never the only key.
        axes.text(
            0,
            1.005 + 0.34 / plot_height,
            str(spec.series_label),
            transform=axes.transAxes,
            ha="left",
            va="bottom",
            fontsize=FONT_SIZE + 1,
            fontweight="bold",
            color=spec.colour,
        )
    return svg_data(figure)
