"""The one table of indicators: what each is called, what it means and how it is formed.

Pages (cards, tables, charts), the JSON, the CSV/XLSX exports and the PDFs loop over
`INDICATORS`; none of them names an indicator. A new indicator is one entry here (plus,
where it needs one, a count on `AgencyRow`): its `measure` turns a scope's agency rows into
a `Ratio` through the pure arithmetic of `indicators.py`.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from evaluations.choices import Indicator
from evaluations.figures import indicators
from evaluations.figures.indicators import Ratio

AGENCIES = "agencies"
REPORTS = "reports"

# One palette for pages (Chart.js, through the page's data), charts in PDFs and CSS classes.
PALETTE = {
    "sk": "#1f5fa8",
    "account_active": "#2e7d32",
    "account_inactive": "#b0b7c3",
    "follow_up": "#b35c00",
    "completion": "#6a3d9a",
    "follow_up_on_time": "#00838f",
    "received": "#1f5fa8",
}


# The colours of the bands (`choices.Band` values), with text beside them wherever shown.
BAND_PALETTE = {
    "good": "#2e7d32",
    "fair": "#b26a00",
    "poor": "#c62828",
    "unrated": "#757575",
}


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator. `measure(rows)` is its ratio over a scope's agency rows; `per_agency(row)`
    its ratio for one IP (None where an IP has no ratio of its own: SK and account are yes/no).

    `target` names the admins' Target row that bands it (None: never banded). `unit` is what
    its counts count (IPs or reports). `card` is the sentence of its page card (None: it is
    said inside another card, as inactive accounts are in the account card). `change` puts a
    "change since last month" column in the national table. `definition_of` points to the
    indicator whose definition it shares. `from_register` says its figure comes from the
    registers (decrees), not from the month's entries, so every month has one.
    """

    key: str
    label: Promise
    short_label: Promise
    unit: str
    measure: Callable[[Sequence[Any]], Ratio]
    definition: Promise | None = None
    definition_of: str | None = None
    per_agency: Callable[[Any], Ratio] | None = None
    target: str | None = None
    card: Promise | None = None
    change: bool = False
    in_tables: bool = True
    from_register: bool = False
    chart_label: Promise | None = None
    # Whether each agency row of the JSON carries the IP's own ratio (`{count,total,percent}`).
    agency_json: bool = False

    @property
    def series_label(self) -> Promise:
        """Its name in a chart's legend."""
        return self.chart_label or self.short_label

    @property
    def colour(self) -> str:
        return PALETTE.get(self.key, "#546e7a")  # a new indicator needs no palette entry

    @property
    def reports_based(self) -> bool:
        return self.unit == REPORTS


def _sk(rows) -> Ratio:
    return indicators.ratio(sum(row.has_sk for row in rows), len(rows))


def _active(rows) -> Ratio:
    return indicators.ratio(sum(row.account_active for row in rows), len(rows))


def _report_triples(rows):
    return ((row.received, row.followed_up, row.completed) for row in rows)


def _on_time(rows) -> Ratio:
    return indicators.on_time_ratio((row.on_time, row.received) for row in rows)


def _on_time_of(row) -> Ratio:
    return indicators.on_time_ratio([(row.on_time, row.received)])


def _median_days(rows) -> int | None:
    return indicators.lower_median(indicators.merge_tallies(row.follow_up_days for row in rows))


INDICATORS: tuple[IndicatorSpec, ...] = (
    IndicatorSpec(
        key="sk",
        label=Indicator.SK.label,
        short_label=_("SK"),
        chart_label=_("Kepemilikan SK"),
        unit=AGENCIES,
        measure=_sk,
        target=Indicator.SK,
        definition=_(
            "Persentase IP yang memiliki SK Tim SP4N-LAPOR! yang berlaku pada hari terakhir bulan, "
            "dari seluruh IP yang ada pada bulan itu."
        ),
        card=_("%(pct)s — %(count)s dari %(total)s IP memiliki SK"),
        change=True,
        from_register=True,
    ),
    IndicatorSpec(
        key="account_active",
        label=Indicator.ACCOUNT_ACTIVE.label,
        short_label=_("Akun aktif"),
        unit=AGENCIES,
        measure=_active,
        target=Indicator.ACCOUNT_ACTIVE,
        definition=_(
            "Persentase IP yang akun SP4N-LAPOR!-nya aktif mengelola laporan pada bulan itu; "
            "IP tanpa data dihitung belum aktif. Persentase belum aktif = 100 − persentase aktif."
        ),
        card=_("%(pct)s aktif (%(count)s IP), %(rest_pct)s belum aktif (%(rest)s IP)"),
        change=True,
    ),
    IndicatorSpec(
        key="account_inactive",
        label=_("Akun belum aktif"),
        short_label=_("Belum aktif"),
        unit=AGENCIES,
        measure=lambda rows: indicators.complement(_active(rows)),
        definition_of="account_active",
        in_tables=False,
    ),
    IndicatorSpec(
        key="follow_up",
        label=Indicator.FOLLOW_UP.label,
        short_label=_("Tindak lanjut"),
        unit=REPORTS,
        measure=lambda rows: indicators.report_ratios(_report_triples(rows))[0],
        per_agency=lambda row: indicators.ratio(row.followed_up, row.received),
        target=Indicator.FOLLOW_UP,
        definition=_(
            "Laporan yang ditindaklanjuti (selesai dan sedang diproses) dibagi laporan yang diterima "
            "pada bulan itu, dijumlahkan atas IP yang datanya tersedia."
        ),
        card=_("%(pct)s — %(count)s dari %(total)s laporan ditindaklanjuti"),
    ),
    IndicatorSpec(
        key="completion",
        label=Indicator.COMPLETION.label,
        short_label=_("Penyelesaian"),
        unit=REPORTS,
        measure=lambda rows: indicators.report_ratios(_report_triples(rows))[1],
        per_agency=lambda row: indicators.ratio(row.completed, row.received),
        target=Indicator.COMPLETION,
        definition=_(
            "Laporan yang selesai dibagi laporan yang diterima pada bulan itu, "
            "dijumlahkan atas IP yang datanya tersedia."
        ),
        card=_("%(pct)s — %(count)s dari %(total)s laporan selesai"),
    ),
    IndicatorSpec(
        key="follow_up_on_time",
        label=_("Tindak lanjut tepat waktu"),
        short_label=_("Tepat waktu"),
        chart_label=_("Tindak lanjut ≤ 5 hari kerja"),
        unit=REPORTS,
        measure=_on_time,
        per_agency=_on_time_of,
        definition=_(
            "Laporan (data tiket LAPOR!) yang tindak lanjut pertamanya paling lama 5 hari kerja sejak "
            "diterima, dibagi laporan yang diterima pada bulan itu, dijumlahkan atas IP yang memiliki "
            "data tiket. Hari kerja: Senin–Jumat selain hari libur nasional, dihitung mulai hari "
            "setelah laporan diterima; laporan tanpa tindak lanjut tidak tepat waktu."
        ),
        card=_(
            "%(pct)s — %(count)s dari %(total)s laporan ditindaklanjuti dalam 5 hari kerja "
            "(median %(median_working_days_to_follow_up)s hari kerja)"
        ),
        agency_json=True,
    ),
)


@dataclass(frozen=True)
class FigureSpec:
    """A figure shown beside an indicator, not a ratio and never banded (a median of days).

    `measure(rows)` over a scope's agency rows and `per_agency(row)` give a whole number or None.
    """

    key: str
    label: Promise
    beside: str
    measure: Callable[[Sequence[Any]], int | None]
    per_agency: Callable[[Any], int | None]


FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec(
        key="median_working_days_to_follow_up",
        label=_("Median hari kerja sampai tindak lanjut"),
        beside="follow_up_on_time",
        measure=_median_days,
        per_agency=lambda row: _median_days([row]),
    ),
)
FIGURE_KEYS: tuple[str, ...] = tuple(spec.key for spec in FIGURES)

BY_KEY: dict[str, IndicatorSpec] = {spec.key: spec for spec in INDICATORS}
KEYS: tuple[str, ...] = tuple(BY_KEY)
# The indicators with a target, in order: those that get a band, a card and a rank.
BANDED: tuple[IndicatorSpec, ...] = tuple(spec for spec in INDICATORS if spec.target is not None)
# The indicators with a column in the tables and a line in the trend charts.
TABLED: tuple[IndicatorSpec, ...] = tuple(spec for spec in INDICATORS if spec.in_tables)
DEFINED: tuple[IndicatorSpec, ...] = tuple(spec for spec in INDICATORS if spec.definition is not None)


def definition(spec: IndicatorSpec) -> Promise:
    return spec.definition if spec.definition is not None else BY_KEY[spec.definition_of].definition


def definitions() -> list[tuple[str, str]]:
    """(label, definition) of every indicator that has a definition of its own, in order."""
    return [(str(spec.label), str(spec.definition)) for spec in DEFINED]


def measure_all(rows: Sequence[Any]) -> dict[str, Ratio]:
    """Every indicator's ratio over a scope's agency rows: where all of them are computed."""
    return {spec.key: spec.measure(rows) for spec in INDICATORS}


def figures_all(rows: Sequence[Any]) -> dict[str, int | None]:
    """Every figure beside an indicator (medians) over a scope's agency rows."""
    return {spec.key: spec.measure(rows) for spec in FIGURES}
