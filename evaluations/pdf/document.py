"""The PDF reports: a scorecard per province and a national one for a month.

`render_province_pdf` and `render_national_pdf` return the bytes of an A4 PDF drawn from
the same page figures as the HTML pages (`figures.pages`; nothing here computes a
percentage); they always render in Indonesian, the language of the official document.
Their archive is `archive`, their charts `charts`.
"""

from datetime import date, datetime

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agencies.choices import AgencyKind
from agencies.models import Province
from evaluations.figures import catalog, pages
from evaluations.figures.cards import AgencyRow, Scorecard
from evaluations.figures.formatting import count_text, percent_text, ratio_text
from evaluations.figures.indicators import Bands
from evaluations.figures.targets import indicator_band
from evaluations.pdf import charts
from evaluations.periods import format_month

REPORT_LANGUAGE = "id"


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
        figures = pages.province_figures(province, month, national=national, bands=bands)
        card = figures.card
        context = _common_context(figures, generated_at)
        context.update(
            title=_("Provinsi %(name)s — %(month)s") % {"name": province.name, "month": format_month(month)},
            scope=_("Provinsi %(name)s") % {"name": province.name},
            standings=[
                {
                    "label": catalog.BY_KEY[key].label,
                    "own": percent_text(card.measure(key).percent),
                    "median": percent_text(standing.median),
                    "rank": standing.rank,
                    "of": standing.of,
                }
                for key, standing in figures.standings.items()
            ],
            agencies=[_agency_row(number, row) for number, row in enumerate(card.agencies, start=1)],
            chart_indicators=charts.indicator_chart(card, figures.bands, figures.standings),
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
        figures = pages.national_figures(month, bands=bands)
        card = figures.card
        context = _common_context(figures, generated_at)
        context.update(
            title=_("Nasional — %(month)s") % {"month": format_month(month)},
            scope=_("Nasional"),
            provinces=[_province_row(each, figures.bands) for each in card.provinces],
            indicator_columns=[
                {"label": spec.short_label, "note": _note_numbers()[spec.definition_of or spec.key]}
                for spec in catalog.INDICATORS
            ],
            without_agencies=sum(1 for each in card.provinces if not each.agencies_total),
            chart_provinces=charts.province_chart(card),
        )
        return _pdf("evaluations/pdf/national.html", context)


def _pdf(template: str, context: dict) -> bytes:
    from weasyprint import CSS, HTML  # imported here: a second's worth of import for every process

    html = render_to_string(template, context)
    stylesheet = CSS(filename=finders.find("css/pdf.css"))
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static") + "/").write_pdf(
        stylesheets=[stylesheet]
    )


def _common_context(figures: pages.PageFigures, generated_at: datetime | None) -> dict:
    card = figures.card
    period = card.period
    return {
        "card": card,
        "period": period,
        "month_name": format_month(card.month),
        "period_code": card.period_code,
        "generated_at": generated_at or timezone.now(),
        "is_published": period.is_published,
        "narrative": figures.narrative,
        "attention": figures.attention,
        "summary": _summary(card, figures.bands),
        "definitions": [
            {"number": number, "label": spec.label, "text": spec.definition}
            for number, spec in enumerate(catalog.DEFINED, start=1)
        ],
        "completeness": _("Data diisi untuk %(evaluated)s dari %(total)s IP")
        % {"evaluated": count_text(card.evaluated), "total": count_text(card.agencies_total)},
        "reporting": _("jumlah laporan tersedia untuk %(known)s dari %(total)s IP")
        % {"known": count_text(card.reporting_agencies), "total": count_text(card.agencies_total)}
        if card.agencies
        else None,
        # A published report is public: the draft months of its trend are left blank.
        "chart_trend": charts.trend_chart(pages.trend_points(figures.trend, hide_drafts=period.is_published)),
    }


def _summary(card: Scorecard, bands: dict[str, Bands]) -> list[dict]:
    """The summary rows; an indicator's definition is a footnote at its first row, its number after."""
    numbers = _note_numbers()
    rows = []
    for spec in catalog.INDICATORS:
        value = card.measure(spec.key)
        band = indicator_band(card, spec.key, bands) if spec.target else None
        rows.append(
            {
                "label": spec.label,
                "percent": percent_text(value.percent),
                "counts": ratio_text(value, spec.unit),
                "band": band.label if band else "",
                "band_key": band.value if band else "none",
                "note": numbers[spec.definition_of or spec.key],
                "definition": spec.definition,
            }
        )
    return rows


def _note_numbers() -> dict[str, int]:
    """The footnote number of each defined indicator's definition."""
    return {spec.key: number for number, spec in enumerate(catalog.DEFINED, start=1)}


def _agency_row(number: int, row: AgencyRow) -> dict:
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
        "received": count_text(row.received),
        "followed_up": count_text(row.followed_up),
        "completed": count_text(row.completed),
    }


def _province_row(card: Scorecard, bands: dict[str, Bands]) -> dict:
    return {
        "code": card.province.code,
        "name": card.province.name,
        "agencies": count_text(card.agencies_total),
        "evaluated": count_text(card.evaluated),
        "cells": [
            {
                "percent": percent_text(card.measure(spec.key).percent),
                "count": count_text(card.measure(spec.key).count),
                "band_key": indicator_band(card, spec.key, bands).value if spec.target else "none",
            }
            for spec in catalog.INDICATORS
        ],
    }
