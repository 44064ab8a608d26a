"""The dashboard pages: the national overview, a province scorecard and an agency's history.

Each page is composed by `figures.pages` (the same composition the PDFs use) and rendered
through a body cached per data version (`page_cache`); what the pages share around their
figures (month picker, report links, cards, map, "Tentang data ini") is in `page_context`."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from agencies.models import Agency
from evaluations.choices import Band
from evaluations.figures import catalog, pages, scorecards
from evaluations.figures.pending import pending_differences
from evaluations.figures.tickets import late_tickets
from evaluations.periods import format_month, format_period, last_day
from evaluations.web import charts, page_context
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
        return page_context.page_error(request, error)

    filters = {
        "region": request.GET.get("wilayah", ""),
        "band": request.GET.get("penilaian", ""),
        "evaluated": request.GET.get("dievaluasi", ""),
    }

    def table_for(figures: pages.PageFigures) -> ProvinceTable:
        previous = page_context.previous_visible(request, figures.trend)
        rows = filter_rows(province_rows(figures.card, previous, figures.bands), **filters)
        table = ProvinceTable(rows)
        RequestConfig(request, paginate=False).configure(table)
        return table

    export = request.GET.get("export")
    if export in CONTENT_TYPES:
        table = table_for(pages.national_figures(month))
        return table_response(
            table, export, f"lapor-provinsi-{format_period(month)}", page_context.export_notes(card)
        )

    def build() -> dict:
        figures = pages.national_figures(month)
        return {
            "card": figures.card,
            "table": table_for(figures),
            "indicator_cards": page_context.indicator_cards(
                figures.card, figures.band_of, page_context.previous_visible(request, figures.trend)
            ),
            "attention": figures.attention,
            "definitions": catalog.definitions(),
            "chart_provinces": charts.provinces_chart(figures.card, figures.bands),
            **page_context.map_context(request, figures),
            "filters": filters,
            "region_choices": sorted({str(name) for name in REGIONS.values()}, key=page_context.region_order),
            "band_choices": [(band.value, band.label) for band in Band],
            "about": page_context.about(figures),
            "chart_trend": page_context.trend_chart(request, figures),
            "revision_log": page_context.revision_log(figures.card),
            "period": format_period(month),
        }

    context = {
        "card": card,
        "body": page_body(request, "evaluations/national_body.html", build),
        **page_context.reports_context(card, None),
        **page_context.month_navigation(month),
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
        return page_context.page_error(request, error)

    def table() -> AgencyTable:
        agencies = AgencyTable(agency_rows(card))
        RequestConfig(request, paginate=False).configure(agencies)
        return agencies

    export = request.GET.get("export")
    if export in CONTENT_TYPES:
        name = f"lapor-{province.code}-{format_period(month)}"
        return table_response(table(), export, name, page_context.export_notes(card))

    drafts_visible = can_see_drafts(request.user, province.code)

    def build() -> dict:
        figures = pages.province_figures(province, month)
        return {
            "card": figures.card,
            "province": province,
            "table": table(),
            "indicator_cards": page_context.indicator_cards(
                figures.card,
                figures.band_of,
                page_context.previous_visible(request, figures.trend, province.code),
            ),
            "standing_rows": [
                (catalog.BY_KEY[key].label, figures.card.measure(key).percent, standing)
                for key, standing in figures.standings.items()
            ],
            "attention": figures.attention,
            "narrative": figures.narrative,
            "definitions": catalog.definitions(),
            "chart_accounts": charts.accounts_chart(figures.card),
            "chart_trend": page_context.trend_chart(request, figures, province.code),
            "revision_log": page_context.revision_log(
                figures.card, {row.code for row in figures.card.agencies}
            ),
            "about": page_context.about(figures),
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
        **page_context.reports_context(card, province.code),
        **page_context.month_navigation(month),
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
        return page_context.page_error(request, error)

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
        **page_context.month_navigation(month),
    }
    return render(request, "evaluations/agency.html", context)
