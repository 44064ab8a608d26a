"""A published month's figures as data: taken when the month is published, read instead of
the registers from then on (`loading`), compared between revisions (`closing`).

A snapshot is plain JSON: every IP that existed on the month's last day with its row as
the scorecards saw it (SK held with its number and date, account activity, the three
counts), the provinces that existed then, and the targets in force:

    {"version": 2, "agencies": [{"code": "8171", "has_sk": true, ...}, ...],
     "provinces": [["81", "Maluku"], ...], "targets": {"sk": [80, 50, 3, 10], ...}}
"""

from dataclasses import MISSING, asdict, fields
from datetime import date

from agencies.models import Province
from evaluations.figures.cards import AgencyRow, ProvinceRef
from evaluations.figures.indicators import Bands
from evaluations.models import Target
from evaluations.periods import last_day

VERSION = 2
_ROW_FIELDS = tuple(f.name for f in fields(AgencyRow))
_DEFAULTS = {f.name for f in fields(AgencyRow) if f.default is not MISSING}


def take(month: date) -> dict:
    """The month's figures as they are now in the registers and entries (six queries)."""
    return take_many([month])[month]


def take_many(months: list[date]) -> dict[date, dict]:
    """`take` for several months at once, in the same six queries whatever their number."""
    from evaluations.figures.loading import load

    if not months:
        return {}
    loaded = load(sorted(months))
    provinces = list(Province.objects.order_by("code"))
    targets = {
        t.indicator: [t.good_from, t.fair_from, t.min_agencies, t.min_reports] for t in Target.objects.all()
    }
    snapshots = {}
    for month in months:
        day = last_day(month)
        snapshots[month] = {
            "version": VERSION,
            "agencies": [_row_data(row) for row in loaded.rows(month)],
            "provinces": [[p.code, p.name] for p in provinces if p.exists_on(day)],
            "targets": targets,
        }
    return snapshots


def is_complete(snapshot: dict | None) -> bool:
    return bool(snapshot) and snapshot.get("version") == VERSION


def _row_data(row: AgencyRow) -> dict:
    data = asdict(row)
    data["sk_issued_on"] = row.sk_issued_on.isoformat() if row.sk_issued_on else None
    return data


def rows(snapshot: dict) -> list[AgencyRow]:
    """The agency rows of a snapshot; a field it lacks (a snapshot taken before the field
    existed, e.g. the ticket figures) takes the field's default, or None."""
    result = []
    for data in snapshot["agencies"]:
        values = {name: data.get(name) for name in _ROW_FIELDS if name in data or name not in _DEFAULTS}
        if values["sk_issued_on"]:
            values["sk_issued_on"] = date.fromisoformat(values["sk_issued_on"])
        if "follow_up_days" in values:
            values["follow_up_days"] = tuple(tuple(pair) for pair in values["follow_up_days"] or ())
        result.append(AgencyRow(**values))
    return result


def provinces(snapshot: dict) -> list[ProvinceRef]:
    return [ProvinceRef(code, name) for code, name in snapshot["provinces"]]


def bands(snapshot: dict) -> dict[str, Bands]:
    return {key: Bands(*values) for key, values in snapshot.get("targets", {}).items()}


# The row values a revision's change log compares, in order; "present" is the IP itself.
DIFF_FIELDS = (
    "present",
    "has_sk",
    "sk_number",
    "sk_issued_on",
    "evaluated",
    "account_active",
    "received",
    "followed_up",
    "completed",
    "on_time",
)


def _encode(value) -> str:
    """A value as the change log stores it: "1"/"0" for flags, text, "" for nothing."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def diff(before: dict, after: dict) -> list[tuple[str, str, str, str]]:
    """(agency code, field, old, new) for each value that differs between two snapshots.

    An IP missing from one side counts as not present, with every other value blank.

    >>> old = {"agencies": [{"code": "8171", "received": 43, "has_sk": False}]}
    >>> new = {"agencies": [{"code": "8171", "received": 45, "has_sk": False}]}
    >>> diff(old, new)
    [('8171', 'received', '43', '45')]
    """
    old_rows = {row["code"]: {**row, "present": True} for row in before.get("agencies", [])}
    new_rows = {row["code"]: {**row, "present": True} for row in after.get("agencies", [])}
    changes = []
    for code in sorted({*old_rows, *new_rows}):
        old, new = old_rows.get(code, {"present": False}), new_rows.get(code, {"present": False})
        for name in DIFF_FIELDS:
            old_value, new_value = _encode(old.get(name)), _encode(new.get(name))
            if old_value != new_value and not (name != "present" and not (old or new).get("present")):
                changes.append((code, name, old_value, new_value))
    return changes
