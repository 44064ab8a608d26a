"""How figures are written, on pages (through the `lapor` template filters), in PDFs and in
exports: one rule each for a percentage, a count, a change and a ratio's counts."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from evaluations.figures.catalog import AGENCIES
from evaluations.figures.indicators import Ratio

MISSING = "—"


def percent_text(value: int | None) -> str:
    """42 → "42%"; None (not available) → "—"."""
    return MISSING if value is None else f"{value}%"


def count_text(value: int | None) -> str:
    """1234 → "1.234" (in Indonesian); None (unknown) → "—"."""
    if value is None:
        return MISSING
    if type(value) is int and -1000 < value < 1000:
        return str(value)  # no separator to place: what number_format gives, without its look-ups
    return number_format(value, force_grouping=True)


def signed_text(value: int | None) -> str:
    """A change in percentage points: 5 → "+5", -3 → "−3", 0 → "0", None → "—"."""
    if value is None:
        return MISSING
    if value > 0:
        return f"+{value}"
    return f"−{-value}" if value < 0 else "0"


def ratio_text(value: Ratio, unit: str) -> str:
    """ "5 dari 12 IP", "7 dari 12 laporan"; unknown counts say so."""
    if value.total is None:
        return _("belum ada data") if unit != AGENCIES else _("belum dievaluasi")
    noun = _("IP") if unit == AGENCIES else _("laporan")
    return _("%(count)s dari %(total)s %(noun)s") % {
        "count": count_text(value.count),
        "total": count_text(value.total),
        "noun": noun,
    }
