"""The PDF reports: a scorecard per province and a national one for a month.

`render_province_pdf` and `render_national_pdf` return the bytes of an A4 PDF drawn from
the same page figures as the HTML pages (`figures.pages`; nothing here computes a
percentage); they always render in Indonesian, the language of the official document.
Their archive is `archive`, their charts `charts`.

The national report: page 1 is a summary that stands alone (headline indicators with their
counts and completeness, the narrative, the 12-month trend); then the province chart (in as
few complete parts as fit a page each), the attention list grouped by reason and the table
of evaluated provinces. The province report: page 1 holds the summary, narrative and charts;
page 2 the attention list, the table of IPs and the definitions (a longer table continues
with its header repeated). A province none of whose IPs was evaluated in the month
(`evaluated == 0`) is "belum dievaluasi": it is named once, with the others like it, and
never drawn or counted as 0%.
"""

from datetime import date, datetime

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agencies.choices import AgencyKind
from agencies.models import Province
from evaluations.choices import Band
from evaluations.figures import catalog, indicators, pages, tilemap
from evaluations.figures.analysis import Attention
from evaluations.figures.cards import AgencyRow, Scorecard
from evaluations.figures.formatting import count_text, percent_text, ratio_text
from evaluations.figures.indicators import Bands
from evaluations.figures.targets import indicator_band
from evaluations.pdf import charts, province_chart
from evaluations.periods import format_month

REPORT_LANGUAGE = "id"
# Beside a banded figure in a table, its band in a sign as well as a colour (see the legend).
BAND_SIGNS = {Band.GOOD: "✓", Band.FAIR: "△", Band.POOR: "▼", Band.UNRATED: ""}


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
        medians = {key: standing.median for key, standing in figures.standings.items()}
        context = _common_context(figures, generated_at, medians=medians)
        context.update(
            title=_("Provinsi %(name)s — %(month)s") % {"name": province.name, "month": format_month(month)},
            scope=_("Provinsi %(name)s") % {"name": province.name},
            agencies=[_agency_row(number, row) for number, row in enumerate(card.agencies, start=1)],
            attention_groups=_agency_attention_groups(figures.attention),
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
        evaluated = [each for each in card.provinces if _is_evaluated(each)]
        unevaluated = [each for each in card.provinces if each.agencies_total and not _is_evaluated(each)]
        without_agencies = [each for each in card.provinces if not each.agencies_total]
        first = province_chart.PROVINCE_CHART_INDICATORS[0]
        chart_rows = sorted(
            evaluated, key=lambda each: (-(each.measure(first.key).percent or 0), each.province.code)
        )
        context = _common_context(figures, generated_at)
        context.update(
            title=_("Nasional — %(month)s") % {"month": format_month(month)},
            scope=_("Nasional"),
            provinces_total=len(card.provinces),
            provinces_line=_province_count_line(card.provinces, evaluated),
            provinces=[_province_row(each, figures.bands) for each in evaluated],
            unevaluated_groups=_unevaluated_groups(unevaluated, without_agencies),
            indicator_columns=[
                {"label": spec.short_label, "note": _note_numbers()[spec.definition_of or spec.key]}
                for spec in catalog.INDICATORS
            ],
            **_map(card, figures.bands),
            chart_parts=province_chart.province_chart_parts(chart_rows, figures.bands, _medians(evaluated)),
            chart_sorted_by=first.series_label,
            attention_groups=_province_attention_groups(figures.attention, evaluated, figures.bands),
            band_legend=[
                {"sign": BAND_SIGNS[band], "label": band.label, "key": band.value}
                for band in (Band.GOOD, Band.FAIR, Band.POOR)
            ],
        )
        return _pdf("evaluations/pdf/national.html", context)


def _map(card: Scorecard, bands: dict[str, Bands]) -> dict:
    """The map of provinces, coloured by the first banded indicator (as on the page by default)."""
    spec = tilemap.chosen(None)
    width, height = tilemap.size()
    return {
        "map_spec": spec,
        "map_tiles": tilemap.tiles(card, bands, spec),
        "map_width": width,
        "map_height": height,
    }


def _pdf(template: str, context: dict) -> bytes:
    from weasyprint import CSS, HTML  # imported here: a second's worth of import for every process

    html = render_to_string(template, context)
    stylesheet = CSS(filename=finders.find("css/pdf.css"))
    return HTML(string=html, base_url=str(settings.BASE_DIR / "static") + "/").write_pdf(
        stylesheets=[stylesheet]
    )


def _is_evaluated(card: Scorecard) -> bool:
    """At least one IP of the scope has an evaluation this month (else: "belum dievaluasi")."""
    return bool(card.evaluated)


def _medians(evaluated: list[Scorecard]) -> dict[str, int | None]:
    """The national median of each banded indicator over the evaluated provinces."""
    return {
        spec.key: indicators.median(each.measure(spec.key).percent for each in evaluated)
        for spec in catalog.BANDED
    }


def _common_context(
    figures: pages.PageFigures, generated_at: datetime | None, *, medians: dict | None = None
) -> dict:
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
        "summary": _summary(card, figures.bands, figures.standings),
        "has_standings": bool(figures.standings),
        "band_palette": list(catalog.BAND_PALETTE.items()),
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
        "chart_trend": charts.trend_chart(
            pages.trend_points(figures.trend, hide_drafts=period.is_published), figures.bands, medians
        ),
    }


def _summary(card: Scorecard, bands: dict[str, Bands], standings: dict) -> list[dict]:
    """The summary rows, each with its definition's note number (the definitions close the report)."""
    numbers = _note_numbers()
    rows = []
    for spec in catalog.INDICATORS:
        value = card.measure(spec.key)
        band = indicator_band(card, spec.key, bands) if spec.target else None
        standing = standings.get(spec.key)
        rows.append(
            {
                "label": spec.label,
                "percent": percent_text(value.percent),
                "counts": ratio_text(value, spec.unit),
                "band": band.label if band else "",
                "band_key": band.value if band else "none",
                "note": numbers[spec.definition_of or spec.key],
                "target": charts.target_of(spec, bands),
                "median": percent_text(standing.median) if standing else "",
                "rank": _("%(rank)s dari %(of)s") % {"rank": standing.rank, "of": standing.of}
                if standing and standing.rank
                else ("—" if standing else ""),
            }
        )
    return rows


def _note_numbers() -> dict[str, int]:
    """The number of each defined indicator's definition."""
    return {spec.key: number for number, spec in enumerate(catalog.DEFINED, start=1)}


def _names(cards: list[Scorecard]) -> str:
    return ", ".join(each.province.name for each in cards)


def _province_count_line(provinces, evaluated) -> str:
    return ngettext(
        "%(evaluated)s dari %(total)s provinsi dievaluasi bulan ini",
        "%(evaluated)s dari %(total)s provinsi dievaluasi bulan ini",
        len(provinces),
    ) % {"evaluated": count_text(len(evaluated)), "total": count_text(len(provinces))}


def _unevaluated_groups(unevaluated: list[Scorecard], without_agencies: list[Scorecard]) -> list[dict]:
    """The provinces with no figures this month, each reason said once with all its provinces."""
    groups = []
    if unevaluated:
        groups.append(
            {
                "reason": ngettext(
                    "%(n)s provinsi belum dievaluasi", "%(n)s provinsi belum dievaluasi", len(unevaluated)
                )
                % {"n": len(unevaluated)},
                "members": _names(unevaluated),
            }
        )
    if without_agencies:
        groups.append(
            {
                "reason": ngettext(
                    "%(n)s provinsi belum memiliki IP terdaftar",
                    "%(n)s provinsi belum memiliki IP terdaftar",
                    len(without_agencies),
                )
                % {"n": len(without_agencies)},
                "members": _names(without_agencies),
            }
        )
    return groups


def _province_attention_groups(
    attention: list[Attention], evaluated: list[Scorecard], bands: dict[str, Bands]
) -> list[dict]:
    """The attention list by reason: per banded indicator, the evaluated provinces of the
    attention list under its target, each with its percentage. (A province not evaluated is
    never "0% under target": it is in the group of the unevaluated, said once.)"""
    listed = {item.code for item in attention}
    groups = []
    for spec in catalog.BANDED:
        members = [
            each
            for each in evaluated
            if each.province.code in listed and indicator_band(each, spec.key, bands) == Band.POOR
        ]
        if not members:
            continue
        members.sort(key=lambda each: (each.measure(spec.key).percent or 0, each.province.code))
        groups.append(
            {
                "reason": ngettext(
                    "%(label)s di bawah target %(target)s — %(n)s provinsi",
                    "%(label)s di bawah target %(target)s — %(n)s provinsi",
                    len(members),
                )
                % {
                    "label": spec.label,
                    "target": percent_text(charts.target_of(spec, bands)),
                    "n": len(members),
                },
                "members": ", ".join(
                    f"{each.province.name} {percent_text(each.measure(spec.key).percent)}" for each in members
                ),
            }
        )
    return groups


def _agency_attention_groups(attention: list[Attention]) -> list[dict]:
    """The IPs of the attention list by reason, each reason said once with all its IPs. A
    reason's details in brackets ("(3 dari 12 laporan)") stay with its IP."""
    groups: dict[str, list[str]] = {}
    for item in attention:
        for reason in item.reasons:
            head, bracket, detail = reason.partition(" (")
            member = f"{item.name} ({detail}" if bracket else item.name
            groups.setdefault(head, []).append(member)
    ordered = sorted(groups.items(), key=lambda pair: -len(pair[1]))
    return [
        {
            "reason": ngettext("%(reason)s — %(n)s IP", "%(reason)s — %(n)s IP", len(members))
            % {"reason": head, "n": len(members)},
            "members": ", ".join(members),
        }
        for head, members in ordered
    ]


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
    cells = []
    for spec in catalog.INDICATORS:
        value = card.measure(spec.key)
        band = indicator_band(card, spec.key, bands) if spec.target else Band.UNRATED
        cells.append(
            {
                "percent": percent_text(value.percent),
                "count": count_text(value.count) if value.percent is not None else "",
                "band_key": band.value if spec.target else "none",
                "sign": BAND_SIGNS[band],
            }
        )
    return {
        "code": card.province.code,
        "name": card.province.name,
        "agencies": count_text(card.agencies_total),
        "evaluated": count_text(card.evaluated),
        "cells": cells,
    }
