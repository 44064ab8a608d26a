import hashlib
from dataclasses import replace
from datetime import date

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tables2 import RequestConfig

from agencies.models import Agency, Province
from evaluations import analysis, charts, closing, reports, scorecards
from evaluations.access import can_see_drafts, dashboard_view
from evaluations.choices import Indicator
from evaluations.exports import CONTENT_TYPES, table_response
from evaluations.forms import PeriodForm
from evaluations.indicators import DEFINITIONS
from evaluations.periods import add_months, format_month, format_period, last_day
from evaluations.selectors import default_month, province_by_code
from evaluations.tables import AgencyTable, ProvinceTable, agency_rows, province_rows

# A cached page body is keyed on the data version: this only bounds how long unused bodies stay.
PAGE_CACHE_SECONDS = 600


class PeriodError(Exception):
    """The request named a month it cannot have: `status` 400 (malformed) or 404 (hidden)."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message = message
        self.status = status


def _requested_month(request: HttpRequest) -> date:
    form = PeriodForm(request.GET)
    if not form.is_valid():
        raise PeriodError(" ".join(form.errors["periode"]), 400)
    return form.cleaned_data["periode"] or default_month()


def _check_visible(request: HttpRequest, card: scorecards.Scorecard) -> None:
    if card.period.is_draft and not can_see_drafts(request.user):
        raise PeriodError(
            _("Data periode %(month)s belum dipublikasikan.") % {"month": format_month(card.month)}, 404
        )


def _province_for(code: str, month: date) -> Province:
    province = province_by_code(code)
    if province is None:
        raise Http404(_("Provinsi %(code)s tidak dikenal.") % {"code": code})
    if not province.exists_on(last_day(month)):
        raise PeriodError(
            _("Provinsi %(name)s belum/tidak lagi ada pada %(month)s.")
            % {"name": province.name, "month": format_month(month)},
            404,
        )
    return province


@require_GET
@dashboard_view
def national_json(request: HttpRequest) -> JsonResponse:
    try:
        month = _requested_month(request)
        card = scorecards.national(month)
        _check_visible(request, card)
    except PeriodError as error:
        return JsonResponse({"error": error.message}, status=error.status)
    return JsonResponse(card.as_dict(), json_dumps_params={"ensure_ascii": False})


@require_GET
@dashboard_view
def province_json(request: HttpRequest, code: str) -> JsonResponse:
    try:
        month = _requested_month(request)
        card = scorecards.for_province(_province_for(code, month), month)
        _check_visible(request, card)
    except PeriodError as error:
        return JsonResponse({"error": error.message}, status=error.status)
    return JsonResponse(card.as_dict(), json_dumps_params={"ensure_ascii": False})


def _page_error(request: HttpRequest, error: PeriodError) -> HttpResponse:
    template = "400.html" if error.status == 400 else "404.html"
    return render(request, template, {"message": error.message}, status=error.status)


def _month_navigation(request: HttpRequest, month: date) -> dict:
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


def _definitions() -> list[tuple[str, str]]:
    return [(Indicator(key).label, text) for key, text in DEFINITIONS.items()]


def _export_notes(card: scorecards.Scorecard) -> list[str]:
    state = (
        _("draf") if card.period.is_draft else _("dipublikasikan, revisi %(r)s") % {"r": card.period.revision}
    )
    notes = [
        _("LAPOR! Monitor — periode %(month)s (%(state)s)")
        % {"month": format_month(card.month), "state": state}
    ]
    notes += [f"{label}: {text}" for label, text in _definitions()]
    if card.period.is_example:
        notes.append(_("Data contoh, bukan hasil evaluasi sebenarnya."))
    return notes


def _reports_context(card: scorecards.Scorecard, code: str | None) -> dict:
    """Links to the PDF (and the month's ZIP), with the archived PDF's SHA-256 once it is stored."""
    period = format_period(card.month)
    if code is None:
        pdf_url = reverse("evaluations:national_pdf", args=[period])
    else:
        pdf_url = reverse("evaluations:province_pdf", args=[code, period])
    context = {"pdf_url": pdf_url, "pdf_sha256": None, "zip_url": None}
    if card.period.is_published:
        archived = reports.archived_report(code, card.month, revision=card.period.revision)
        context["pdf_sha256"] = archived[1] if archived else None
        if code is None:
            context["zip_url"] = reports.month_zip_url(card.month, revision=card.period.revision)
    return context


def _revision_log(card: scorecards.Scorecard, codes: set[str] | None = None) -> list:
    """The month's corrections after publication (from revision 2), limited to `codes` if given;
    no query for a month published once or never."""
    if card.period.revision < 2:
        return []
    logs = closing.period_changes(card.month)
    if codes is None:
        return logs
    return [
        replace(log, changes=tuple(change for change in log.changes if change.agency_code in codes))
        for log in logs
    ]


def _visible_trend(
    request: HttpRequest, trend: list[scorecards.Scorecard]
) -> list[scorecards.Scorecard | None]:
    """The trend with the months this user may not see (drafts, for non-staff) blanked."""
    staff = can_see_drafts(request.user)
    return [card if staff or not card.period.is_draft else None for card in trend]


def _page_body(request: HttpRequest, template: str, build) -> str:
    """The page's body (everything under its heading) rendered by `build()`'s context, cached.

    The key holds the path and query string, the data version (which every write changes,
    see DataVersion), the language and whether drafts are visible, so a cached body is
    never stale; on SQLite (no data version) nothing is cached. A hit skips the scorecards'
    analysis and the rendering: what makes the busy pages cheap.
    """
    version = scorecards.data_version()
    if version is None:
        return render_to_string(template, build(), request=request)
    parts = (template, request.get_full_path(), version, get_language(), can_see_drafts(request.user))
    key = "page-body:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    body = cache.get(key)
    if body is None:
        body = render_to_string(template, build(), request=request)
        cache.set(key, body, PAGE_CACHE_SECONDS)
    return mark_safe(body)  # noqa: S308 - our own rendered template


@require_GET
@dashboard_view
def national_page(request: HttpRequest) -> HttpResponse:
    try:
        month = _requested_month(request)
        trend = scorecards.national_trend(month)
        card = trend[-1]
        _check_visible(request, card)
    except PeriodError as error:
        return _page_error(request, error)
    export = request.GET.get("export")

    def table_and_bands():
        bands = analysis.load_bands()
        table = ProvinceTable(province_rows(card, _visible_trend(request, trend)[-2], bands))
        RequestConfig(request, paginate=False).configure(table)
        return table, bands

    if export in CONTENT_TYPES:
        table = table_and_bands()[0]
        return table_response(table, export, f"lapor-provinsi-{format_period(month)}", _export_notes(card))

    def build() -> dict:
        table, bands = table_and_bands()
        return {
            "card": card,
            "table": table,
            "bands": {key: analysis.indicator_band(card, key, bands) for key in Indicator.values},
            "attention": analysis.province_attention(card, bands),
            "definitions": _definitions(),
            "chart_provinces": charts.provinces_chart(card),
            "chart_trend": charts.trend_chart(_visible_trend(request, trend)),
            "revision_log": _revision_log(card),
            "period": format_period(month),
        }

    context = {
        "card": card,
        "body": _page_body(request, "evaluations/national_body.html", build),
        **_reports_context(card, None),
        **_month_navigation(request, month),
    }
    return render(request, "evaluations/national.html", context)


@require_GET
@dashboard_view
def province_page(request: HttpRequest, code: str) -> HttpResponse:
    try:
        month = _requested_month(request)
        province = _province_for(code, month)
        trend = scorecards.province_trend(province, month)
        card = trend[-1]
        _check_visible(request, card)
    except PeriodError as error:
        return _page_error(request, error)
    export = request.GET.get("export")

    def table():
        agencies = AgencyTable(agency_rows(card))
        RequestConfig(request, paginate=False).configure(agencies)
        return agencies

    if export in CONTENT_TYPES:
        name = f"lapor-{province.code}-{format_period(month)}"
        return table_response(table(), export, name, _export_notes(card))

    def build() -> dict:
        bands = analysis.load_bands()
        national = scorecards.national(month)
        standings = {key: analysis.standing(national, province.code, key) for key in Indicator.values}
        return {
            "card": card,
            "province": province,
            "table": table(),
            "bands": {key: analysis.indicator_band(card, key, bands) for key in Indicator.values},
            "standing_rows": [
                (Indicator(key).label, analysis.indicator_value(card, key).percent, standings[key])
                for key in Indicator.values
            ],
            "attention": analysis.attention_list(card, trend, bands),
            "narrative": analysis.narrative(card, standings[Indicator.SK]),
            "definitions": _definitions(),
            "chart_accounts": charts.accounts_chart(card),
            "chart_trend": charts.trend_chart(_visible_trend(request, trend)),
            "revision_log": _revision_log(card, {row.code for row in card.agencies}),
            "period": format_period(month),
        }

    context = {
        "card": card,
        "province": province,
        "body": _page_body(request, "evaluations/province_body.html", build),
        **_reports_context(card, province.code),
        **_month_navigation(request, month),
    }
    return render(request, "evaluations/province.html", context)


@require_GET
@dashboard_view
def agency_page(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.select_related("province"), code=code)
    try:
        month = _requested_month(request)
    except PeriodError as error:
        return _page_error(request, error)

    def build() -> dict:
        visible = can_see_drafts(request.user)
        months = [
            (row, period)
            for row, period in scorecards.agency_history(agency, month)
            if row is not None and (visible or not period.is_draft)
        ]
        return {
            "agency": agency,
            "months": list(reversed(months)),
            "decrees": list(agency.decrees.order_by("-issued_on")),
            "chart_trend": charts.agency_chart(months),
            "definitions": _definitions(),
        }

    context = {
        "agency": agency,
        "body": _page_body(request, "evaluations/agency_body.html", build),
        **_month_navigation(request, month),
    }
    return render(request, "evaluations/agency.html", context)


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 `ok` when the database answers a query, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
