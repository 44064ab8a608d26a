from django import template

from evaluations.figures.formatting import count_text, percent_text, signed_text
from evaluations.periods import format_month, format_period

register = template.Library()


@register.filter
def percent(value) -> str:
    """42 → "42%"; None (not available) → "—"."""
    return percent_text(value)


@register.filter
def count(value) -> str:
    """1234 → "1.234" (in Indonesian); None (unknown) → "—"."""
    return count_text(value)


@register.filter
def signed(value) -> str:
    """A change in percentage points: 5 → "+5", -3 → "−3", 0 → "0", None → "—"."""
    return signed_text(value)


@register.filter
def month_name(value) -> str:
    return format_month(value)


@register.filter
def period_code(value) -> str:
    return format_period(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def chart_rows(chart: dict) -> list[tuple[str, list]]:
    """A chart's data as table rows: (label, [value of each dataset]), for its text alternative."""
    columns = [dataset["data"] for dataset in chart["datasets"]]
    return [(label, [column[i] for column in columns]) for i, label in enumerate(chart["labels"])]


@register.filter
def filled_rows(chart: dict) -> list[tuple[str, list]]:
    """The chart's rows that hold at least one value (a month without data is left out)."""
    return [(label, values) for label, values in chart_rows(chart) if any(v is not None for v in values)]
