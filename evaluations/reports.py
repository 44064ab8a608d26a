"""PDF reports: a scorecard per province and a national one for a month, and their archive.

`render_province_pdf` and `render_national_pdf` return the bytes of an A4 PDF drawn from
the same scorecards and analysis as the pages (nothing here computes a percentage); they
always render in Indonesian, the language of the official document.

A published month's PDFs are rendered once and kept in `default_storage`:

    laporan/2020-09/r1/nasional.pdf          (+ nasional.pdf.sha256, in `sha256sum` format)
    laporan/2020-09/r1/provinsi-81.pdf       (+ provinsi-81.pdf.sha256)
    laporan/2020-09/r1/laporan-2020-09.zip   (written by `generate_reports`)

A new revision of the month gets a new folder, so its PDFs are rendered afresh. The
sidecar is written after the PDF: a PDF without its sidecar is not (yet) archived. A month
that is not published (a draft, or one nobody entered) is never served from storage;
`generate_reports` writes its PDFs under `laporan/YYYY-MM/draf/`, overwriting them.
"""

import hashlib
import io
import logging
import math
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.choices import AgencyKind
from agencies.models import Province
from evaluations import analysis, scorecards
from evaluations.choices import Band, Indicator
from evaluations.indicators import DEFINITIONS, Bands, Ratio
from evaluations.periods import MONTH_NAMES, format_month, format_period
from evaluations.scorecards import PeriodInfo, Scorecard

logger = logging.getLogger(__name__)

REPORT_LANGUAGE = "id"
TREND_MONTHS = 12
ARCHIVE_ROOT = "laporan"
DRAFT_FOLDER = "draf"

BAND_COLOURS = {
    Band.GOOD: "#2e7d32",
    Band.FAIR: "#b26a00",
    Band.POOR: "#c62828",
    Band.UNRATED: "#757575",
}
SK_COLOUR = "#1565c0"
ACTIVE_COLOUR = "#ef6c00"
PERCENT_TICKS = (0, 25, 50, 75, 100)
# The indicators in the order of the summary, each with its definition's footnote.
SUMMARY = (
    (Indicator.SK, "sk", "agencies"),
    (Indicator.ACCOUNT_ACTIVE, "account_active", "agencies"),
    (Indicator.ACCOUNT_ACTIVE, "account_inactive", "agencies"),
    (Indicator.FOLLOW_UP, "follow_up", "reports"),
    (Indicator.COMPLETION, "completion", "reports"),
)


# --- names and the archive -------------------------------------------------------------------


def report_name(code: str | None) -> str:
    """`None` → "nasional"; "81" → "provinsi-81" (the stored file's name, without ".pdf")."""
    return "nasional" if code is None else f"provinsi-{code}"


def download_name(code: str | None, month: date) -> str:
    """The file name offered to the browser: "laporan-lapor-2020-09-provinsi-81.pdf"."""
    return f"laporan-lapor-{format_period(month)}-{report_name(code)}.pdf"


def month_folder(month: date, revision: int | None) -> str:
    """The storage folder of a month's reports: a published revision's, or the drafts' (None)."""
    leaf = DRAFT_FOLDER if revision is None else f"r{revision}"
    return f"{ARCHIVE_ROOT}/{format_period(month)}/{leaf}"


def archive_path(code: str | None, month: date, revision: int | None) -> str:
    return f"{month_folder(month, revision)}/{report_name(code)}.pdf"


def zip_name(month: date) -> str:
    return f"laporan-{format_period(month)}.zip"


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def period_state(month: date) -> PeriodInfo:
    """The month's status and revision (one query), as the scorecards carry it."""
    return scorecards.period_info(month)


def _read_sidecar(path: str) -> str | None:
    try:
        with default_storage.open(f"{path}.sha256", "rb") as sidecar:
            text = sidecar.read().decode("ascii", "replace")
    except (FileNotFoundError, OSError):
        return None
    digest = text.split(" ", 1)[0].strip().lower()
    return digest if len(digest) == 64 else None


def read_archive(code: str | None, month: date, revision: int) -> tuple[bytes, str] | None:
    """The stored PDF of a published revision and its SHA-256, or None when not (validly) stored."""
    path = archive_path(code, month, revision)
    digest = _read_sidecar(path)
    if digest is None:
        return None
    try:
        with default_storage.open(path, "rb") as stored:
            content = stored.read()
    except (FileNotFoundError, OSError):
        return None
    if sha256_hex(content) != digest:
        logger.error("Archived report %s does not match its SHA-256; it will be rendered again", path)
        return None
    return content, digest


def _write(path: str, content: bytes) -> None:
    """Write `path`, replacing what is there (storages keep both under another name otherwise)."""
    if default_storage.exists(path):
        default_storage.delete(path)
    saved = default_storage.save(path, ContentFile(content))
    if saved != path:
        # Another process wrote the same path between our delete and our save: keep theirs.
        default_storage.delete(saved)


def store(path: str, content: bytes) -> str:
    """Store a PDF (or ZIP) with its `.sha256` sidecar, the sidecar last; returns the SHA-256."""
    digest = sha256_hex(content)
    _write(path, content)
    _write(f"{path}.sha256", f"{digest}  {path.rsplit('/', 1)[-1]}\n".encode("ascii"))
    return digest


def archived_report(code: str | None, month: date, *, revision: int | None = None) -> tuple[str, str] | None:
    """`(url, sha256)` of a published month's stored report, or None when it is not stored yet.

    `code` is a province's code, or None for the national report. Pass the month's
    `revision` when known (the page's scorecard has it: `card.period.revision`) to save a
    query; it must be a published revision. The URL is the report's view, which serves
    the stored file.
    """
    if revision is None:
        state = period_state(month)
        if not state.is_published:
            return None
        revision = state.revision
    digest = _read_sidecar(archive_path(code, month, revision))
    if digest is None:
        return None
    if code is None:
        url = reverse("evaluations:national_pdf", args=[format_period(month)])
    else:
        url = reverse("evaluations:province_pdf", args=[code, format_period(month)])
    return url, digest


def month_zip_path(month: date, *, revision: int | None = None) -> str | None:
    """The storage path of the ZIP of a published month's reports (made by `generate_reports`),
    or None when the month is not published or the ZIP not made yet."""
    if revision is None:
        state = period_state(month)
        if not state.is_published:
            return None
        revision = state.revision
    path = f"{month_folder(month, revision)}/{zip_name(month)}"
    return path if default_storage.exists(path) else None


def month_zip_url(month: date, *, revision: int | None = None) -> str | None:
    """The URL of the month's ZIP (served by the `national_zip` view), or None (see month_zip_path)."""
    if month_zip_path(month, revision=revision) is None:
        return None
    return reverse("evaluations:national_zip", args=[format_period(month)])


@dataclass(frozen=True)
class ServedReport:
    content: bytes
    sha256: str
    from_archive: bool


def province_report(province: Province, month: date, period: PeriodInfo) -> ServedReport:
    """The province PDF a view serves: the archived one of a published month (rendered and
    stored on first use), or a freshly rendered one of a month not published."""
    return _served(province.code, month, period, lambda: render_province_pdf(province=province, month=month))


def national_report(month: date, period: PeriodInfo) -> ServedReport:
    return _served(None, month, period, lambda: render_national_pdf(month=month))


def _served(code: str | None, month: date, period: PeriodInfo, render) -> ServedReport:
    if not period.is_published:
        content = render()
        return ServedReport(content, sha256_hex(content), from_archive=False)
    stored = read_archive(code, month, period.revision)
    if stored is not None:
        return ServedReport(stored[0], stored[1], from_archive=True)
    content = render()
    try:
        digest = store(archive_path(code, month, period.revision), content)
    except OSError:
        # A storage that cannot be written must not cost the reader the report.
        logger.exception("Could not archive the report %s", archive_path(code, month, period.revision))
        return ServedReport(content, sha256_hex(content), from_archive=False)
    return ServedReport(content, digest, from_archive=True)


# --- rendering -------------------------------------------------------------------------------


def render_province_pdf(
    *,
    province: Province,
    month: date,
    national: Scorecard | None = None,
    bands: dict[str, Bands] | None = None,
    generated_at: datetime | None = None,
) -> bytes:
    """The province's scorecard for `month` as an A4 PDF.

    Queries: the province's 12-month trend (4, the month itself being its last), the
    national scorecard for rank and median (5, unless `national` is given) and the targets
    (1, unless `bands` is given); the same whatever the number of agencies.
    """
    with translation.override(REPORT_LANGUAGE):
        trend = scorecards.province_trend(province, month, TREND_MONTHS)
        card = trend[-1]
        national = national if national is not None else scorecards.national(month)
        bands = bands if bands is not None else analysis.load_bands()
        standings = {key: analysis.standing(national, province.code, key) for key in Indicator.values}
        context = _common_context(card, trend, bands, generated_at)
        context.update(
            title=_("Provinsi %(name)s — %(month)s") % {"name": province.name, "month": format_month(month)},
            scope=_("Provinsi %(name)s") % {"name": province.name},
            narrative=analysis.narrative(card, standings[Indicator.SK]),
            standings=[
                {
                    "label": Indicator(key).label,
                    "own": _percent(analysis.indicator_value(card, key).percent),
                    "median": _percent(standing.median),
                    "rank": standing.rank,
                    "of": standing.of,
                }
                for key, standing in standings.items()
            ],
            agencies=[_agency_row(number, row) for number, row in enumerate(card.agencies, start=1)],
            attention=analysis.attention_list(card, trend, bands),
            chart_indicators=_indicator_chart(card, bands, standings),
        )
        return _pdf("evaluations/pdf/province.html", context)


def render_national_pdf(
    *, month: date, bands: dict[str, Bands] | None = None, generated_at: datetime | None = None
) -> bytes:
    """The nation's scorecard for `month`, province by province, as an A4 PDF.

    Queries: the national 12-month trend (5, the month itself being its last) and the
    targets (1, unless `bands` is given).
    """
    with translation.override(REPORT_LANGUAGE):
        trend = scorecards.national_trend(month, TREND_MONTHS)
        card = trend[-1]
        bands = bands if bands is not None else analysis.load_bands()
        context = _common_context(card, trend, bands, generated_at)
        context.update(
            title=_("Nasional — %(month)s") % {"month": format_month(month)},
            scope=_("Nasional"),
            narrative=analysis.narrative(card),
            provinces=[_province_row(each, bands) for each in card.provinces],
            without_agencies=sum(1 for each in card.provinces if not each.agencies_total),
            attention=analysis.province_attention(card, bands),
            chart_provinces=_province_chart(card),
        )
        return _pdf("evaluations/pdf/national.html", context)


def _pdf(template: str, context: dict) -> bytes:
    from weasyprint import CSS, HTML  # imported here: a second's worth of import for every process

    html = render_to_string(template, context)
    stylesheet = CSS(filename=finders.find("css/pdf.css"))
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static") + "/").write_pdf(
        stylesheets=[stylesheet]
    )


def _common_context(
    card: Scorecard, trend: list[Scorecard], bands: dict[str, Bands], generated_at: datetime | None
) -> dict:
    period = card.period
    return {
        "card": card,
        "period": period,
        "month_name": format_month(card.month),
        "period_code": card.period_code,
        "generated_at": generated_at or timezone.now(),
        "is_published": period.is_published,
        "summary": _summary(card, bands),
        "definitions": [
            {"number": number, "label": Indicator(key).label, "text": text}
            for number, (key, text) in enumerate(DEFINITIONS.items(), start=1)
        ],
        "completeness": _("Data diisi untuk %(evaluated)s dari %(total)s IP")
        % {
            "evaluated": _count(card.evaluated),
            "total": _count(card.agencies_total),
        },
        "reporting": _("jumlah laporan tersedia untuk %(known)s dari %(total)s IP")
        % {
            "known": _count(card.reporting_agencies),
            "total": _count(card.agencies_total),
        }
        if card.agencies
        else None,
        "chart_trend": _trend_chart(_public_trend(trend, period)),
    }


def _public_trend(trend: list[Scorecard], period: PeriodInfo) -> list[tuple[date, Scorecard | None]]:
    """A published report is public: the draft months of its trend are left blank."""
    hide = period.is_published
    return [(each.month, None if hide and each.period.is_draft else each) for each in trend]


def _percent(value: int | None) -> str:
    return "—" if value is None else f"{value}%"


def _count(value: int | None) -> str:
    return "—" if value is None else number_format(value, force_grouping=True)


def _ratio_text(value: Ratio, unit: str) -> str:
    """ "5 dari 12 IP", "7 dari 12 laporan"; unknown counts say so."""
    if value.total is None:
        return _("belum ada data laporan")
    noun = _("IP") if unit == "agencies" else _("laporan")
    return _("%(count)s dari %(total)s %(noun)s") % {
        "count": _count(value.count),
        "total": _count(value.total),
        "noun": noun,
    }


SUMMARY_LABELS = {
    "sk": Indicator.SK.label,
    "account_active": Indicator.ACCOUNT_ACTIVE.label,
    "account_inactive": gettext_lazy("Akun belum aktif"),
    "follow_up": Indicator.FOLLOW_UP.label,
    "completion": Indicator.COMPLETION.label,
}


def _summary(card: Scorecard, bands: dict[str, Bands]) -> list[dict]:
    """The summary rows; an indicator's definition is a footnote at its first row, its number after."""
    rows, defined = [], set()
    for key, attr, unit in SUMMARY:
        value: Ratio = getattr(card, attr)
        band = analysis.indicator_band(card, key, bands) if attr != "account_inactive" else None
        rows.append(
            {
                "label": SUMMARY_LABELS[attr],
                "percent": _percent(value.percent),
                "counts": _ratio_text(value, unit),
                "band": band.label if band else "",
                "band_key": band.value if band else "none",
                "note": list(DEFINITIONS).index(key) + 1,
                "definition": None if key in defined else DEFINITIONS[key],
            }
        )
        defined.add(key)
    return rows


def _agency_row(number: int, row: scorecards.AgencyRow) -> dict:
    return {
        "number": number,
        "code": row.code,
        "name": row.name,
        "kind": AgencyKind(row.kind).label if row.kind in AgencyKind.values else row.kind,
        "has_sk": row.has_sk,
        "sk_number": row.sk_number or "",
        "sk_issued_on": row.sk_issued_on,
        "evaluated": row.evaluated,
        "account_active": row.account_active,
        "received": _count(row.received),
        "followed_up": _count(row.followed_up),
        "completed": _count(row.completed),
    }


def _province_row(card: Scorecard, bands: dict[str, Bands]) -> dict:
    return {
        "code": card.province.code,
        "name": card.province.name,
        "agencies": _count(card.agencies_total),
        "evaluated": _count(card.evaluated),
        "cells": [
            {
                "percent": _percent(getattr(card, attr).percent),
                "count": _count(getattr(card, attr).count),
                "band_key": analysis.indicator_band(card, key, bands).value
                if attr != "account_inactive"
                else "none",
            }
            for key, attr, _unit in SUMMARY
        ],
    }


# --- charts (matplotlib's SVG backend; text kept as text) -------------------------------------


def _svg(figure) -> str:
    import base64

    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "lapor"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue().encode("utf-8")).decode()


def _figure(width: float, height: float, *, left: float = 0.6, bottom: float = 0.35, top: float = 0.1):
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


def _indicator_chart(card: Scorecard, bands: dict[str, Bands], standings: dict) -> str:
    """Horizontal bars of the four indicators, coloured by band, with the national median marked."""
    keys = list(Indicator.values)
    figure, axes = _figure(6.6, 1.7, left=2.6)
    for position, key in enumerate(keys):
        value = analysis.indicator_value(card, key)
        colour = BAND_COLOURS[analysis.indicator_band(card, key, bands)]
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
        median = standings[key].median
        if median is not None:
            axes.plot([median, median], [position - 0.42, position + 0.42], color="#212121", linewidth=1.6)
    axes.set_yticks(range(len(keys)), [str(Indicator(key).label) for key in keys])
    axes.set_ylim(len(keys) - 0.5, -0.5)
    axes.set_xlim(0, 100)
    axes.set_xticks(PERCENT_TICKS, [f"{tick}%" for tick in PERCENT_TICKS])
    axes.grid(axis="x", color="#e0e0e0", linewidth=0.6)
    axes.set_axisbelow(True)
    return _svg(figure)


def _trend_chart(trend: list[tuple[date, Scorecard | None]]) -> str:
    """Twelve months of SK ownership and active accounts; months without data are gaps.

    SK ownership comes from the decrees, so it stands for every month; account activity
    only for months with entered data.
    """
    figure, axes = _figure(6.6, 2.2, bottom=0.45)
    positions = list(range(len(trend)))
    labels = [
        f"{str(MONTH_NAMES[month.month - 1])[:3]}\n{month.year}"
        if index in (0, len(trend) - 1) or month.month == 1
        else str(MONTH_NAMES[month.month - 1])[:3]
        for index, (month, _card) in enumerate(trend)
    ]

    def series(attr: str, needs_data: bool) -> list[float]:
        values = []
        for _month, each in trend:
            percent = getattr(each, attr).percent if each else None
            if each is not None and needs_data and each.period.status is None:
                percent = None
            values.append(math.nan if percent is None else percent)
        return values

    axes.plot(
        positions, series("sk", False), marker="o", markersize=3, color=SK_COLOUR, label=_("Kepemilikan SK")
    )
    axes.plot(
        positions,
        series("account_active", True),
        marker="s",
        markersize=3,
        color=ACTIVE_COLOUR,
        label=_("Akun aktif"),
    )
    axes.set_xticks(positions, labels)
    axes.set_ylim(0, 105)
    axes.set_yticks(PERCENT_TICKS, [f"{tick}%" for tick in PERCENT_TICKS])
    axes.grid(axis="y", color="#e0e0e0", linewidth=0.6)
    axes.legend(loc="upper left", fontsize=7, frameon=False, ncols=2)
    return _svg(figure)


def _province_chart(card: Scorecard) -> str | None:
    """SK ownership and active accounts per province with IPs, highest SK first."""
    rows = [each for each in card.provinces if each.agencies_total]
    if not rows:
        return None
    rows.sort(key=lambda each: (-(each.sk.percent or 0), each.province.code))
    figure, axes = _figure(6.6, 0.7 + 0.32 * len(rows), left=1.9, top=0.05)
    positions = range(len(rows))
    axes.barh(
        [p - 0.18 for p in positions],
        [r.sk.percent or 0 for r in rows],
        height=0.36,
        color=SK_COLOUR,
        label=_("Kepemilikan SK"),
    )
    axes.barh(
        [p + 0.18 for p in positions],
        [r.account_active.percent or 0 for r in rows],
        height=0.36,
        color=ACTIVE_COLOUR,
        label=_("Akun aktif"),
    )
    for position, row in zip(positions, rows, strict=True):
        axes.text(
            (row.sk.percent or 0) + 1, position - 0.18, _percent(row.sk.percent), va="center", fontsize=7
        )
        axes.text(
            (row.account_active.percent or 0) + 1,
            position + 0.18,
            _percent(row.account_active.percent),
            va="center",
            fontsize=7,
        )
    axes.set_yticks(list(positions), [r.province.name for r in rows])
    axes.invert_yaxis()
    axes.set_xlim(0, 110)
    axes.set_xticks(PERCENT_TICKS, [f"{tick}%" for tick in PERCENT_TICKS])
    axes.legend(loc="lower right", fontsize=7, frameon=False)
    return _svg(figure)
