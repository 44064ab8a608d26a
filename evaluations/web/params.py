"""What a dashboard request asks for, checked once for pages, JSON and PDFs: the month
(`?periode=YYYY-MM` or a path's `YYYY-MM`), the province, and whether this user may see it."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.models import Province
from evaluations.figures.scorecards import PeriodInfo, Scorecard, versioned
from evaluations.models import Period
from evaluations.periods import format_month, last_day, parse_month
from evaluations.web.access import can_see_drafts


class PeriodError(Exception):
    """The request named a month it cannot have: `status` 400 (malformed) or 404 (hidden, unknown)."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message = message
        self.status = status


class PeriodForm(forms.Form):
    """The `periode` query parameter: `YYYY-MM`; blank means the default month."""

    periode = forms.CharField(label=gettext_lazy("Periode"), required=False, max_length=20)

    def clean_periode(self):
        value = self.cleaned_data["periode"]
        return parse_month(value) if value else None


def default_month() -> date:
    """The latest month with published data; the current month when nothing is published yet.

    Remembered per data version: no query once known (publishing changes the version).
    """
    latest = versioned(
        ("default_month",),
        lambda: Period.objects.published().order_by("-month").values_list("month", flat=True).first(),
    )
    if latest is not None:
        return latest
    return timezone.localdate().replace(day=1)


def province_by_code(code: str) -> Province | None:
    """The province with that code, or None; remembered per data version."""
    return versioned(("province", code), lambda: Province.objects.filter(code=code).first())


def requested_month(request) -> date:
    """The `periode` query parameter, or the default month; PeriodError 400 when malformed."""
    form = PeriodForm(request.GET)
    if not form.is_valid():
        raise PeriodError(" ".join(form.errors["periode"]), 400)
    return form.cleaned_data["periode"] or default_month()


def path_month(value: str) -> date:
    """A month written in a URL's path (`/laporan/2020-09.pdf`); PeriodError 400 when malformed."""
    try:
        return parse_month(value)
    except ValidationError as error:
        raise PeriodError(" ".join(error.messages), 400) from None


def check_visible(request, period: PeriodInfo, province_code: str | None = None) -> None:
    """PeriodError 404 when the month is a draft this user may not see (for a province's
    page, `province_code`: a coordinator sees their own province's drafts only)."""
    if period.is_draft and not can_see_drafts(request.user, province_code):
        raise PeriodError(
            _("Data periode %(month)s belum dipublikasikan.") % {"month": format_month(period.month)}, 404
        )


def check_has_data(national: Scorecard) -> None:
    """PeriodError 404 for a month in which no province has any evaluation (a future month, a
    month before any data): there is nothing to show, not a page of zeros."""
    if not national.is_evaluated and not national.period.is_published:
        raise PeriodError(
            _("Belum ada data evaluasi untuk periode %(month)s.") % {"month": format_month(national.month)},
            404,
        )


def province_for(code: str, month: date) -> Province:
    """The province of that code as it existed in `month`; PeriodError 404 otherwise."""
    province = province_by_code(code)
    if province is None:
        raise PeriodError(_("Provinsi %(code)s tidak dikenal.") % {"code": code}, 404)
    if not province.exists_on(last_day(month)):
        raise PeriodError(
            _("Provinsi %(name)s belum/tidak lagi ada pada %(month)s.")
            % {"name": province.name, "month": format_month(month)},
            404,
        )
    return province


def visible_national(request) -> Scorecard:
    """The national scorecard of the requested month, when this user may see it and it has
    data; PeriodError (400/404) otherwise. The national JSON and the list of IPs start here."""
    from evaluations.figures import scorecards

    card = scorecards.national(requested_month(request))
    check_visible(request, card.period)
    check_has_data(card)
    return card
