"""What the dashboard pages share around their figures: the month picker, the report links,
the revision log, the indicator cards, the map and "Tentang data ini"; and the error page."""

from dataclasses import replace
from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluations.choices import Band
from evaluations.figures import catalog, indicators, pages, tilemap
from evaluations.figures.cards import Scorecard
from evaluations.figures.formatting import count_text, percent_text
from evaluations.figures.revisions import period_changes
from evaluations.pdf import archive
from evaluations.periods import add_months, format_month, format_period
from evaluations.web import charts
from evaluations.web.access import can_see_drafts
from evaluations.web.params import PeriodError
from evaluations.web.tables import REGIONS


def page_error(request: HttpRequest, error: PeriodError) -> HttpResponse:
    template = "400.html" if error.status == 400 else "404.html"
    return render(request, template, {"message": error.message}, status=error.status)


def month_navigation(month: date) -> dict:
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


def export_notes(card: Scorecard) -> list[str]:
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


def reports_context(card: Scorecard, code: str | None) -> dict:
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


def revision_log(card: Scorecard, codes: set[str] | None = None) -> list:
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


def trend_chart(request: HttpRequest, figures: pages.PageFigures, code: str | None = None) -> dict:
    hide = not can_see_drafts(request.user, code)
    return charts.trend_chart(pages.trend_points(figures.trend, hide_drafts=hide), figures.bands)


def region_order(name: str) -> int:
    return [str(n) for n in REGIONS.values()].index(name)


def about(figures: pages.PageFigures) -> dict:
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


def map_context(request: HttpRequest, figures: pages.PageFigures) -> dict:
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


def previous_visible(
    request: HttpRequest, trend: list[Scorecard], code: str | None = None
) -> Scorecard | None:
    """Last month's scorecard, when this reader may see it and it has figures."""
    previous = trend[-2] if len(trend) > 1 else None
    if previous is None or not previous.is_evaluated:
        return None
    if previous.period.is_draft and not can_see_drafts(request.user, code):
        return None
    return previous
