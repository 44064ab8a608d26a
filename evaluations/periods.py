"""Months: parsing `YYYY-MM`, month arithmetic and Indonesian month names."""

import calendar
import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
MIN_YEAR = 2000
MAX_YEAR = 2100

MONTH_NAMES = [
    pgettext_lazy("month", "Januari"),
    pgettext_lazy("month", "Februari"),
    pgettext_lazy("month", "Maret"),
    pgettext_lazy("month", "April"),
    pgettext_lazy("month", "Mei"),
    pgettext_lazy("month", "Juni"),
    pgettext_lazy("month", "Juli"),
    pgettext_lazy("month", "Agustus"),
    pgettext_lazy("month", "September"),
    pgettext_lazy("month", "Oktober"),
    pgettext_lazy("month", "November"),
    pgettext_lazy("month", "Desember"),
]


def parse_month(value: str) -> date:
    """`"2020-09"` → `date(2020, 9, 1)`; anything else raises ValidationError (Indonesian message)."""
    match = _MONTH_RE.match((value or "").strip())
    if not match:
        raise ValidationError(
            _("Periode %(value)s tidak dikenali; tulis sebagai TTTT-BB, mis. 2020-09."),
            code="format",
            params={"value": value},
        )
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        raise ValidationError(
            _("Bulan %(month)s tidak ada; tulis periode sebagai TTTT-BB dengan bulan 01 sampai 12."),
            code="month",
            params={"month": match[2]},
        )
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            _("Tahun %(year)s di luar rentang %(min)s–%(max)s."),
            code="year",
            params={"year": year, "min": MIN_YEAR, "max": MAX_YEAR},
        )
    return date(year, month, 1)


def format_period(month: date) -> str:
    """`date(2020, 9, 1)` → `"2020-09"` (the contract's form)."""
    return f"{month.year:04d}-{month.month:02d}"


def format_month(month: date) -> str:
    """`date(2020, 9, 1)` → `"September 2020"` in the active language."""
    return f"{MONTH_NAMES[month.month - 1]} {month.year}"


def last_day(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def months_back(month: date, count: int) -> list[date]:
    """The `count` months ending with `month`, oldest first."""
    return [add_months(month, offset) for offset in range(1 - count, 1)]
