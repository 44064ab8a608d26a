"""The PDF reports over HTTP: `/laporan/<YYYY-MM>.pdf` and `/provinsi/<kode>/laporan/<YYYY-MM>.pdf`.

Access is that of the pages and the JSON (`web.params`): log-in unless the dashboard is
public, drafts for those who may see them (404 for others). A malformed month is a 400, an
unknown province a 404. A published month's PDF comes from the archive (`pdf.archive`).
"""

from django.core.exceptions import BadRequest
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from evaluations.models import MonthlyEvaluation, PeriodEvent
from evaluations.pdf import archive
from evaluations.periods import format_month
from evaluations.web.access import dashboard_view
from evaluations.web.conditional import conditional_pdf, conditional_province_pdf
from evaluations.web.params import PeriodError, check_visible, path_month, province_for


def _requested_revision(request: HttpRequest) -> int | None:
    """`?revisi=N`: a published revision's archived PDF; 400 when N is not a positive number."""
    value = request.GET.get("revisi")
    if value in (None, ""):
        return None
    if not value.isdigit() or not 0 < int(value) < 10_000:
        raise BadRequest(_("Revisi harus bilangan bulat positif, mis. ?revisi=2."))
    return int(value)


def _revision_response(code: str | None, month, revision: int) -> HttpResponse:
    """The archived PDF of an earlier (or the latest) published revision, whatever the month's
    state now; 404 when that revision was never published or its PDF is not archived."""
    published = PeriodEvent.objects.filter(
        period__month=month, action=PeriodEvent.Action.PUBLISHED, revision=revision
    ).exists()
    stored = archive.read_archive(code, month, revision) if published else None
    if stored is None:
        raise Http404(
            _("Revisi %(n)s laporan %(month)s tidak ada di arsip.")
            % {"n": revision, "month": format_month(month)}
        )
    return _pdf_response(
        archive.ServedReport(stored[0], stored[1], from_archive=True), _name(code, month, revision)
    )


def _name(code: str | None, month, revision: int) -> str:
    return archive.download_name(code, month).replace(".pdf", f"-revisi-{revision}.pdf")


def _checked(request: HttpRequest, value: str, code: str | None = None):
    """The month (and province) of a PDF URL, and the month's state; 400/404 as the pages."""
    try:
        month = path_month(value)
        province = province_for(code, month) if code is not None else None
        period = archive.period_state(month)
        check_visible(request, period, code)
        # A month nobody entered anything for (a future one, say) has no report: a quick 404
        # rather than a PDF of empty figures.
        if not period.is_published and not MonthlyEvaluation.objects.filter(month=month).exists():
            raise PeriodError(
                _("Belum ada data evaluasi untuk periode %(month)s.") % {"month": format_month(month)}, 404
            )
    except PeriodError as error:
        if error.status == 400:
            raise BadRequest(error.message) from None
        raise Http404(error.message) from None
    return month, province, period


def _month_only(value: str):
    try:
        return path_month(value)
    except PeriodError as error:
        raise BadRequest(error.message) from None


def _pdf_response(report: archive.ServedReport, filename: str) -> HttpResponse:
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
@conditional_pdf
def national_pdf(request: HttpRequest, month: str) -> HttpResponse:
    revision = _requested_revision(request)
    if revision is not None:
        return _revision_response(None, _month_only(month), revision)
    month, _province, period = _checked(request, month)
    return _pdf_response(archive.national_report(month, period), archive.download_name(None, month))


@require_GET
@dashboard_view
@conditional_province_pdf
def province_pdf(request: HttpRequest, code: str, month: str) -> HttpResponse:
    revision = _requested_revision(request)
    if revision is not None:
        return _revision_response(code, _month_only(month), revision)
    month, province, period = _checked(request, month, code)
    return _pdf_response(
        archive.province_report(province, month, period), archive.download_name(province.code, month)
    )


@require_GET
@dashboard_view
def national_zip(request: HttpRequest, month: str) -> HttpResponse:
    """The ZIP of a published month's reports, from storage (404 until `generate_reports` made it)."""
    month, _province, _period = _checked(request, month)
    path = archive.month_zip_path(month)
    if path is None:
        raise Http404(_("Arsip ZIP %(month)s belum dibuat.") % {"month": format_month(month)})
    return FileResponse(
        default_storage.open(path, "rb"), as_attachment=True, filename=archive.zip_name(month)
    )
