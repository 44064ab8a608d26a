"""The dashboard pages: the national overview, a province scorecard and an agency's history.

Each page is composed by `figures.pages` (the same composition the PDFs use) and rendered
through a body cached per data version (`page_cache`)."""

from dataclasses import replace
from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from agencies.models import Agency
from evaluations.choices import Band
from evaluations.figures import catalog, indicators, pages, scorecards, tilemap
from evaluations.figures.cards import Scorecard
from evaluations.figures.formatting import count_text, percent_text
from evaluations.figures.pending import pending_differences
from evaluations.figures.revisions import period_changes
from evaluations.figures.tickets import late_tickets
from evaluations.pdf import archive
from evaluations.periods import add_months, format_month, format_period, last_day
from evaluations.web import charts
from evaluations.web.access import can_see_drafts, dashboard_view
from evaluations.web.conditional import conditional_province_view, conditional_view
from evaluations.web.exports import CONTENT_TYPES, table_response
from evaluations.web.page_cache import page_body
from evaluations.web.params import PeriodError, check_has_data, check_visible, province_for, requested_month
from evaluations.web.tables import (
    REGIONS,
    AgencyTable,
    ProvinceTable,
    agency_rows,
    filter_rows,
    province_rows,
)


def _page_error(request: HttpRequest, error: PeriodError) -> HttpResponse:
    template = "400.html" if error.status == 400 else "404.html"
    return render(request, template, {"message": error.message}, status=error.status)


def _month_navigation(month: date) -> dict:
    """Previous/next months for the picker; no link past the current month."""
    latest = timezone.localdate().replace(day=1)
    following = add_months(month, 1)
    return {
        "month": month,
        "period": format_period(month),
        "previous_period": format_period(add_months(month, -1)),
        "next_period": format_period(following) if following <= latest else None,
        "latest_period": format_period(latest),
    }


def _export_notes(card: Scorecard) -> list[str]:
    state = (
        _("draf") if card.period.is_draft else _("dipublikasikan, revisi %(r)s") % {"r": card.period.revision}
    )
    notes = [
        _("LAPOR! Monitor — periode %(month)s (%(state)s)")
        % {"month": format_month(card.month), "state": state}
    ]
    notes += [f"{label}: {text}" for label, text in catalog.definitions()]
    if card.period.is_example:
        notes.append(_("Data contoh, bukan hasil evaluasi sebenarnya."))
    return notes


def _reports_context(card: Scorecard, code: str | None) -> dict:
    """Links to the PDF (and the month's ZIP), with the archived PDF's SHA-256 once it is stored."""
    period = format_period(card.month)
    if code is None:
        pdf_url = reverse("evaluations:national_pdf", args=[period])
    else:
        pdf_url = reverse("evaluations:province_pdf", args=[code, period])
    context = {"pdf_url": pdf_url, "pdf_sha256": None, "zip_url": None}
    if card.period.is_published:
        archived = archive.archived_report(code, card.month, revision=card.period.revision)
        context["pdf_sha256"] = archived[1] if archived else None
        if code is None:
            context["zip_url"] = archive.month_zip_url(card.month, revision=card.period.revision)
    return context


def _revision_log(card: Scorecard, codes: set[str] | None = None) -> list:
    """The month's corrections after publication (from revision 2), limited to `codes` if given;
    no query for a month published once or never."""
    if card.period.revision < 2:
        return []
    logs = period_changes(card.month)
    if codes is None:
        return logs
    return [
        replace(log, changes=tuple(change for change in log.changes if change.agency_code in codes))
        for log in logs
    ]


def _trend_chart(request: HttpRequest, figures: pages.PageFigures, code: str | None = None) -> dict:
    hide = not can_see_drafts(request.user, code)
    return charts.trend_chart(pages.trend_points(figures.trend, hide_drafts=hide), figures.bands)


def _region_order(name: str) -> int:
    return [str(n) for n in REGIONS.values()].index(name)


def _about(figures: pages.PageFigures) -> dict:
    """ "Tentang data ini": source, targets and bands from the data, the small-n rule, the
    month's state and when it was last written, and whom to ask."""
    card = figures.card
    targets = [
        {"label": spec.label, "good": bands.good_from, "fair": bands.fair_from}
        for spec in catalog.BANDED
        if (bands := figures.bands.get(spec.target)) is not None
    ]
    sample = next(iter(figures.bands.values()), None)
    return {
        "targets": targets,
        "min_agencies": sample.min_agencies if sample else None,
        "min_reports": sample.min_reports if sample else None,
        "published_at": card.period.published_at,
        "revision": card.period.revision,
        "is_published": card.period.is_published,
        "contact": settings.LAPOR_CONTACT,
    }


def _map_context(request: HttpRequest, figures: pages.PageFigures) -> dict:
    """The map of provinces coloured by the indicator chosen with `?peta=` (SK by default)."""
    spec = tilemap.chosen(request.GET.get("peta"))
    width, height = tilemap.size()
    return {
        "map_spec": spec,
        "map_choices": tilemap.map_indicators(),
        "map_tiles": tilemap.tiles(figures.card, figures.bands, spec),
        "map_width": width,
        "map_height": height,
        "band_palette": [(band, catalog.BAND_PALETTE[band.value]) for band in Band],
    }


def indicator_cards(card: Scorecard, band_of: dict, previous: Scorecard | None = None) -> list[dict]:
    """The page's indicator cards, one per indicator with a card sentence, in the table's order,
    each with its change since `previous` (the month before, when it has figures) in words."""
    cards = []
    for spec in catalog.INDICATORS:
        if spec.card is None:
            continue
        value = card.measure(spec.key)
        rest = indicators.complement(value)
        before = previous.measure(spec.key).percent if previous is not None else None
        cards.append(
            {
                "spec": spec,
                "ratio": value,
                "band": band_of.get(spec.key),
                "definition": catalog.definition(spec),
                "known": value.total is not None,
                "change": _change_words(value.percent, before),
                "sentence": spec.card
                % {
                    "pct": percent_text(value.percent),
                    "count": count_text(value.count),
                    "total": count_text(value.total),
                    "rest_pct": percent_text(rest.percent),
                    "rest": count_text(rest.count),
                    **{key: count_text(card.figure(key)) for key in catalog.FIGURE_KEYS},
                },
            }
        )
    return cards


def _change_words(now: int | None, before: int | None) -> dict:
    """ "naik 8 poin" / "turun 3 poin" / "tetap" against last month, with an arrow; or no comparison."""
    if now is None or before is None:
        return {"arrow": "", "words": _("belum ada pembanding bulan lalu"), "direction": "none"}
    points = now - before
    if points > 0:
        return {
            "arrow": "▲",
            "words": _("naik %(n)s poin dari bulan lalu") % {"n": points},
            "direction": "up",
        }
    if points < 0:
        return {
            "arrow": "▼",
            "words": _("turun %(n)s poin dari bulan lalu") % {"n": -points},
            "direction": "down",
        }
    return {"arrow": "■", "words": _("tetap dibanding bulan lalu"), "direction": "same"}


def _previous_visible(
    request: HttpRequest, trend: list[Scorecard], code: str | None = None
) -> Scorecard | None:
    """Last month's scorecard, when this reader may see it and it has figures."""
    previous = trend[-2] if len(trend) > 1 else None
    if previous is None or not previous.is_evaluated:
        return None
    if previous.period.is_draft and not can_see_drafts(request.user, code):
        return None
    return previous


@require_GET
@dashboard_view
@conditional_view
def national_page(request: HttpRequest) -> HttpResponse:
    try:
        month = requested_month(request)
        # The whole trend in one load: the page's figures then come from the memo.
        card = scorecards.national_trend(month, pages.TREND_MONTHS)[-1]
        check_visible(request, card.period)
        check_has_data(card)
    except PeriodError as error:
        return _page_error(request, error)

    filters = {
        "region": request.GET.get("wilayah", ""),
        "band": request.GET.get("penilaian", ""),
        "evaluated": request.GET.get("dievaluasi", ""),
    }

    def table_for(figures: pages.PageFigures) -> ProvinceTable:
        previous = _previous_visible(request, figures.trend)
        rows = filter_rows(province_rows(figures.card, previous, figures.bands), **filters)
        table = ProvinceTable(rows)
        RequestConfig(request, paginate=False).configure(table)
        return table

    export = request.GET.get("export")
    if export in CONTENT_TYPES:
        table = table_for(pages.national_figures(month))
        return table_response(table, export, f"lapor-provinsi-{format_period(month)}", _export_notes(card))

    def build() -> dict:
        figures = pages.national_figures(month)
        return {
            "card": figures.card,
            "table": table_for(figures),
            "indicator_cards": indicator_cards(
                figures.card, figures.band_of, _previous_visible(request, figures.trend)
            ),
            "attention": figures.attention,
            "definitions": catalog.definitions(),
            "chart_provinces": charts.provinces_chart(figures.card, figures.bands),
            **_map_context(request, figures),
            "filters": filters,
            "region_choices": sorted({str(name) for name in REGIONS.values()}, key=_region_order),
            "band_choices": [(band.value, band.label) for band in Band],
            "about": _about(figures),
            "chart_trend": _trend_chart(request, figures),
            "revision_log": _revision_log(figures.card),
            "period": format_period(month),
        }

    context = {
        "card": card,
        "body": page_body(request, "evaluations/national_body.html", build),
        **_reports_context(card, None),
        **_month_navigation(month),
    }
    return render(request, "evaluations/national.html", context)


@require_GET
@dashboard_view
@conditional_province_view
def province_page(request: HttpRequest, code: str) -> HttpResponse:
    try:
        month = requested_month(request)
        province = province_for(code, month)
        card = scorecards.province_trend(province, month, pages.TREND_MONTHS)[-1]
        check_visible(request, card.period, province.code)
        check_has_data(scorecards.national(month))
    except PeriodError as error:
        return _page_error(request, error)

    def table() -> AgencyTable:
        agencies = AgencyTable(agency_rows(card))
        RequestConfig(request, paginate=False).configure(agencies)
        return agencies

    export = request.GET.get("export")
    if export in CONTENT_TYPES:
        name = f"lapor-{province.code}-{format_period(month)}"
        return table_response(table(), export, name, _export_notes(card))

    drafts_visible = can_see_drafts(request.user, province.code)

    def build() -> dict:
        figures = pages.province_figures(province, month)
        return {
            "card": figures.card,
            "province": province,
            "table": table(),
            "indicator_cards": indicator_cards(
                figures.card, figures.band_of, _previous_visible(request, figures.trend, province.code)
            ),
            "standing_rows": [
                (catalog.BY_KEY[key].label, figures.card.measure(key).percent, standing)
                for key, standing in figures.standings.items()
            ],
            "attention": figures.attention,
            "narrative": figures.narrative,
            "definitions": catalog.definitions(),
            "chart_accounts": charts.accounts_chart(figures.card),
            "chart_trend": _trend_chart(request, figures, province.code),
            "revision_log": _revision_log(figures.card, {row.code for row in figures.card.agencies}),
            "about": _about(figures),
            "pending": pending_differences(figures.card) if drafts_visible else [],
            "period": format_period(month),
        }

    template = "evaluations/province_body.html" if card.is_evaluated else "evaluations/_not_evaluated.html"
    if not card.is_evaluated:

        def build() -> dict:
            return {"card": card, "province": province, "period": format_period(month)}

    context = {
        "card": card,
        "province": province,
        "body": page_body(request, template, build, province_code=province.code),
        **_reports_context(card, province.code),
        **_month_navigation(month),
    }
    return render(request, "evaluations/province.html", context)


@require_GET
@dashboard_view
@conditional_view
def agency_page(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.select_related("province"), code=code)
    try:
        month = requested_month(request)
    except PeriodError as error:
        return _page_error(request, error)

    code = agency.province.code

    def build() -> dict:
        visible = can_see_drafts(request.user, code)
        months = [
            (row, period)
            for row, period in scorecards.agency_history(agency, month)
            if row is not None and (visible or not period.is_draft)
        ]
        shown = any(period.month == month for _row, period in months)
        published = next(
            (row for row, period in months if period.month == month and period.is_published), None
        )
        # The decrees as they stood in the month shown: none issued after it; a published month
        # shows the SK its publication counted, whatever the register gained since.
        decrees = list(agency.decrees.filter(issued_on__lte=last_day(month)).order_by("-issued_on"))
        later = []
        if published is not None:
            in_force = [d for d in decrees if d.in_force_on(last_day(month))]
            later = [d for d in in_force if d.number != published.sk_number]
            decrees = [d for d in decrees if d not in later]
        return {
            "agency": agency,
            "months": list(reversed(months)),
            "month_label": format_month(month),
            "late_tickets": late_tickets(
                agency_id=agency.pk,
                month=month,
                url_format=settings.LAPOR_TICKET_URL,
                today=timezone.localdate(),
            )
            if shown
            else [],
            "decrees": decrees,
            "decrees_not_published": later,
            "month_end": last_day(month),
            "chart_trend": charts.agency_chart(months),
            "definitions": catalog.definitions(),
        }

    context = {
        "agency": agency,
        "body": page_body(request, "evaluations/agency_body.html", build, province_code=code),
        **_month_navigation(month),
    }
    return render(request, "evaluations/agency.html", context)
