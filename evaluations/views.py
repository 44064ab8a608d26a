from datetime import date

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from agencies.models import Province
from evaluations import scorecards
from evaluations.access import can_see_drafts, dashboard_view
from evaluations.forms import PeriodForm
from evaluations.periods import format_month, last_day
from evaluations.selectors import default_month


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
    province = get_object_or_404(Province, code=code)
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


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 `ok` when the database answers a query, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
