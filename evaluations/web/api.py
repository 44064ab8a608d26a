"""The JSON of every scorecard: `/scorecard.json` and `/provinsi/<kode>/scorecard.json`."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from evaluations.figures import scorecards
from evaluations.web.access import dashboard_view
from evaluations.web.conditional import conditional_province_view, conditional_view
from evaluations.web.params import (
    PeriodError,
    check_has_data,
    check_visible,
    province_for,
    requested_month,
    visible_national,
)


def _json(data: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


@require_GET
@dashboard_view
@conditional_view
def national_json(request: HttpRequest) -> JsonResponse:
    try:
        card = visible_national(request)
    except PeriodError as error:
        return _json({"error": error.message}, error.status)
    return _json(card.as_dict())


@require_GET
@dashboard_view
@conditional_province_view
def province_json(request: HttpRequest, code: str) -> JsonResponse:
    try:
        month = requested_month(request)
        card = scorecards.for_province(province_for(code, month), month)
        check_visible(request, card.period, code)
        check_has_data(scorecards.national(month))
    except PeriodError as error:
        return _json({"error": error.message}, error.status)
    return _json(card.as_dict())
