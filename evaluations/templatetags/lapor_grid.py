"""Filters of the admin's province grid (templates/admin/evaluations/grid.html)."""

from django import template

register = template.Library()


@register.filter
def previous_of(form, name: str) -> str:
    """Last month's value of the grid row's cell `name` ("—" when none)."""
    return form.previous_shown(name)


@register.filter
def warnings_of(warnings: dict, name: str) -> list[str]:
    """The soft warnings of one cell, from GridRowForm.warnings()."""
    return warnings.get(name, [])
