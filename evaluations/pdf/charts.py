"""The charts of the PDF reports, drawn with matplotlib's SVG backend (text kept as text) from
the same scorecards, indicator table, palette and trend months as the pages' charts.

Every chart is drawn at the width of the page's text (so at scale 1: its 7-point text prints at
7 points), colours each indicator with its colour from `catalog.PALETTE`, and never lets
colour alone carry meaning: series are named (titles, legends, markers), targets are dashed
and labelled, national medians are solid black and labelled. A mark at 0 or 100 stays visible:
the axes reach a little beyond both ends and draw no spine there.
"""

import io
import math
import textwrap
from datetime import date

from django.utils.translation import gettext as _

from evaluations.figures import catalog
from evaluations.figures.cards import Scorecard
from evaluations.figures.formatting import percent_text
from evaluations.figures.indicators import Bands
from evaluations.periods import MONTH_NAMES

PERCENT_TICKS = (0, 25, 50, 75, 100)
# The width of the page's text (A4 less 2 × 16 mm), in inches: charts are drawn at print size.
WIDTH = 7.0
FONT_SIZE = 7
TEXT = "#212121"
MUTED = "#616161"
GRID = "#e0e0e0"
TARGET_STYLE = {"color": "#424242", "linestyle": (0, (3, 2)), "linewidth": 1.0}
MEDIAN_STYLE = {"color": "#000000", "linestyle": "-", "linewidth": 1.4}


def _outlined(style: dict) -> dict:
    """A mark's line style with a white outline, so that it shows over a bar of any colour."""
    from matplotlib import patheffects

    width = style["linewidth"]
    return {
        **style,
        "path_effects": [patheffects.Stroke(linewidth=width + 1.6, foreground="white"), patheffects.Normal()],
    }


def svg_data(figure) -> str:
    import base64

    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "lapor"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue().encode("utf-8")).decode()


def _figure(width: float, height: float):
    import matplotlib

    matplotlib.use("Agg")  # no display; the figure is saved through the SVG canvas
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"font.family": "DejaVu Sans", "font.size": FONT_SIZE}):
        return Figure(figsize=(width, height))


def _axes(figure, box: tuple[float, float, float, float]):
    """Axes at `box` = (left, bottom, width, height) in inches, fixed: no second drawing pass."""
    width, height = figure.get_size_inches()
    left, bottom, w, h = box
    axes = figure.add_axes((left / width, bottom / height, w / width, h / height))
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.spines["bottom"].set_color(MUTED)
    axes.tick_params(labelsize=FONT_SIZE, colors=TEXT, length=2)
    return axes


def figure_of(width: float, height: float, *, left: float = 0.6, bottom: float = 0.35, top: float = 0.1):
    """A figure of `width` × `height` inches with one axes and fixed margins (in inches)."""
    figure = _figure(width, height)
    axes = _axes(figure, (left, bottom, width - left - 0.15, height - bottom - top))
    return figure, axes


def _percent_axis(axes, *, low: float = -4, high: float = 104) -> None:
    axes.set_xlim(low, high)
    axes.set_xticks(PERCENT_TICKS, [f"{tick}%" for tick in PERCENT_TICKS])
    axes.grid(axis="x", color=GRID, linewidth=0.6)
    axes.set_axisbelow(True)


# A value's label keeps clear of a mark line that crosses it: a white box behind it (lighter to
# print than a halo drawn around every glyph).
LABEL_BOX = {"facecolor": "white", "edgecolor": "none", "pad": 0.4, "alpha": 0.85}


def _mark_label(axes, x: float, y: float, text: str, **style) -> None:
    """A mark's label above the axes, kept inside them when the mark is near 0 or 100."""
    low, high = axes.get_xlim()
    share = (x - low) / (high - low)
    align = "left" if share < 0.15 else "right" if share > 0.85 else "center"
    axes.text(
        x,
        y,
        text,
        transform=axes.get_xaxis_transform(),
        ha=align,
        va="bottom",
        fontsize=FONT_SIZE - 0.5,
        clip_on=False,
        **style,
    )


def target_of(spec: catalog.IndicatorSpec, bands: dict[str, Bands]) -> int | None:
    target = bands.get(spec.target) if spec.target else None
    return target.good_from if target else None


def indicator_chart(card: Scorecard, bands: dict[str, Bands], standings: dict) -> str:
    """A province's banded indicators as bars in their own colours, each with its target (dashed)
    and the national median (solid black) marked and written beside it."""
    specs = catalog.BANDED
    row = 0.22
    top, bottom = 0.3, 0.27
    height = top + bottom + row * len(specs)
    figure = _figure(WIDTH, height)
    left, right = 1.25, 1.5
    axes = _axes(figure, (left, bottom, WIDTH - left - right, row * len(specs)))
    _percent_axis(axes)
    for position, spec in enumerate(specs):
        value = card.measure(spec.key)
        if value.percent is None:
            axes.text(0, position, _("— belum ada data"), va="center", fontsize=FONT_SIZE, color=MUTED)
        else:
            axes.barh(position, value.percent, color=spec.colour, height=0.56)
            axes.text(
                value.percent + 1.2,
                position,
                percent_text(value.percent),
                va="center",
                ha="left",
                fontsize=FONT_SIZE,
                fontweight="bold",
                color=TEXT,
                bbox=LABEL_BOX,
                zorder=5,
            )
        target = target_of(spec, bands)
        standing = standings.get(spec.key)
        median = standing.median if standing is not None else None
        if target is not None:
            axes.plot(
                [target, target], [position - 0.42, position + 0.42], zorder=4, **_outlined(TARGET_STYLE)
            )
        if median is not None:
            axes.plot(
                [median, median], [position - 0.42, position + 0.42], zorder=4, **_outlined(MEDIAN_STYLE)
            )
            axes.plot([median], [position - 0.42], marker="v", markersize=3.5, color="#000000", zorder=4)
        axes.text(
            1.03,
            position,
            _("target %(target)s · median %(median)s")
            % {"target": percent_text(target), "median": percent_text(median)},
            transform=axes.get_yaxis_transform(),
            va="center",
            ha="left",
            fontsize=FONT_SIZE - 0.5,
            color=TEXT,
            clip_on=False,
        )
    axes.set_yticks(range(len(specs)), [str(spec.series_label) for spec in specs])
    axes.tick_params(axis="y", length=0)
    axes.set_ylim(len(specs) - 0.5, -0.5)
    _mark_legend(axes)
    return svg_data(figure)


def _mark_legend(axes, *, extra=()) -> None:
    """The legend of the target and median marks, above the axes."""
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], label=_("target (garis putus-putus)"), **TARGET_STYLE),
        Line2D([], [], marker="v", markersize=3.5, label=_("median nasional (garis hitam)"), **MEDIAN_STYLE),
        *extra,
    ]
    axes.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncols=len(handles),
        fontsize=FONT_SIZE - 0.5,
        frameon=False,
        borderaxespad=0.2,
        handlelength=2.2,
        columnspacing=1.4,
    )


TREND_MARKERS = "osD^v"


def trend_chart(
    points: list[tuple[date, Scorecard | None]],
    bands: dict[str, Bands],
    medians: dict[str, int | None] | None = None,
    specs=None,
) -> str:
    """The indicators month by month over `pages.trend_points`: a month without a scorecard is a
    gap, exactly as on the page. Each distinct target is a dashed line labelled with the
    indicators it applies to; `medians` (a province's report) marks the national median of the
    last month beside it, in each indicator's colour and marker, hollow."""
    from matplotlib.lines import Line2D

    specs = specs or catalog.TABLED
    height = 1.6
    figure = _figure(WIDTH, height)
    axes = _axes(figure, (0.45, 0.4, WIDTH - 0.45 - 1.2, height - 0.4 - 0.28))
    axes.spines["left"].set_visible(True)
    axes.spines["left"].set_color(MUTED)
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
            linewidth=1.3,
            color=spec.colour,
            label=str(spec.series_label),
        )
        median = (medians or {}).get(spec.key)
        if median is not None and positions:
            axes.plot(
                [positions[-1] + 0.35],
                [median],
                marker=marker,
                markersize=4.5,
                markerfacecolor="white",
                markeredgecolor=spec.colour,
                markeredgewidth=1.2,
                linestyle="none",
                clip_on=False,
            )
    # One dashed line per distinct target, labelled at the right with its indicators.
    targets: dict[int, list[str]] = {}
    for spec in specs:
        target = target_of(spec, bands)
        if target is not None:
            targets.setdefault(target, []).append(str(spec.short_label))
    for target, names in sorted(targets.items()):
        axes.axhline(target, zorder=1, **TARGET_STYLE)
        axes.annotate(
            _("target %(target)s:") % {"target": percent_text(target)}
            + "\n"
            + textwrap.fill(", ".join(names), width=18),
            xy=(1, target),
            xycoords=("axes fraction", "data"),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            fontsize=FONT_SIZE - 0.5,
            color=TEXT,
            annotation_clip=False,
        )
    axes.set_xticks(positions, labels)
    axes.set_xlim(-0.5, len(points) - 0.5 + (0.5 if medians else 0))
    axes.set_ylim(-3, 105)
    axes.set_yticks(PERCENT_TICKS, [f"{tick}%" for tick in PERCENT_TICKS])
    axes.grid(axis="y", color=GRID, linewidth=0.6)
    handles, _labels = axes.get_legend_handles_labels()
    if medians:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                markerfacecolor="white",
                markeredgecolor=TEXT,
                linestyle="none",
                markersize=4.5,
                label=_("median nasional"),
            )
        )
    axes.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        fontsize=FONT_SIZE - 0.5,
        frameon=False,
        ncols=len(handles),
        borderaxespad=0.2,
        columnspacing=1.2,
        handlelength=2.0,
    )
    return svg_data(figure)
