"""The PDF reports over HTTP: `/laporan/<YYYY-MM>.pdf` and `/provinsi/<kode>/laporan/<YYYY-MM>.pdf`.

Access is that of the JSON views: log-in unless the dashboard is public, drafts for staff
only (404 for others). A malformed month is a 400, an unknown province a 404. A published
month's PDF comes from the archive (rendered and stored on its first request); see
`evaluations.reports`.
"""

from datetime import date

from django.core.exceptions import BadRequest, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from evaluations import reports
from evaluations.access import can_see_drafts, dashboard_view
from evaluations.periods import format_month, parse_month
from evaluations.scorecards import PeriodInfo
from evaluations.views import PeriodError, _province_for


def _month(value: str) -> date:
    try:
        return parse_month(value)
    except ValidationError as error:
        raise BadRequest(" ".join(error.messages)) from None


def _visible_period(request: HttpRequest, month: date) -> PeriodInfo:
    period = reports.period_state(month)
    if period.is_draft and not can_see_drafts(request.user):
        raise Http404(_("Data periode %(month)s belum dipublikasikan.") % {"month": format_month(month)})
    return period


def _pdf_response(report: reports.ServedReport, filename: str) -> HttpResponse:
    response = HttpResponse(report.content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["X-Content-SHA256"] = report.sha256
    if report.from_archive:
        response["ETag"] = f'"{report.sha256}"'
        patch_cache_control(response, private=True, max_age=3600)
    else:
        # A draft changes with every entry: never keep a copy.
        patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
@dashboard_view
def national_pdf(request: HttpRequest, month: str) -> HttpResponse:
    month = _month(month)
    period = _visible_period(request, month)
    return _pdf_response(reports.national_report(month, period), reports.download_name(None, month))


@require_GET
@dashboard_view
def province_pdf(request: HttpRequest, code: str, month: str) -> HttpResponse:
    month = _month(month)
    try:
        province = _province_for(code, month)
    except PeriodError as error:
        raise Http404(error.message) from None
    period = _visible_period(request, month)
    return _pdf_response(
        reports.province_report(province, month, period), reports.download_name(province.code, month)
    )


@require_GET
@dashboard_view
def national_zip(request: HttpRequest, month: str) -> HttpResponse:
    """The ZIP of a published month's reports, from storage (404 until `generate_reports` made it)."""
    month = _month(month)
    _visible_period(request, month)
    path = reports.month_zip_path(month)
    if path is None:
        raise Http404(_("Arsip ZIP %(month)s belum dibuat.") % {"month": format_month(month)})
    return FileResponse(
        default_storage.open(path, "rb"), as_attachment=True, filename=reports.zip_name(month)
    )
