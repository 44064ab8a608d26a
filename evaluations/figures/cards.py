"""The figures' types: an IP's row, a month's state and a scope's scorecard, and `build`,
where every indicator of a scope is computed from its rows (through the indicator table)."""

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from evaluations.choices import PeriodStatus
from evaluations.figures import catalog
from evaluations.figures.indicators import Bands, DayCounts, Ratio
from evaluations.periods import format_period

UNKNOWN = Ratio(None, None, None)


@dataclass(frozen=True)
class ProvinceRef:
    code: str
    name: str

    def as_dict(self) -> dict:
        return {"code": self.code, "name": self.name}


@dataclass(frozen=True)
class AgencyRow:
    """One IP's figures for the month. `evaluated` is False when nothing was entered."""

    code: str
    name: str
    kind: str
    province_code: str
    has_sk: bool
    sk_number: str | None
    sk_issued_on: date | None
    evaluated: bool
    account_active: bool
    received: int | None
    followed_up: int | None
    completed: int | None
    # From LAPOR! tickets, for an IP with tickets received that month (its three counts then
    # come from them too): how many were first followed up within 5 working days, and the
    # working days to each first follow-up as (days, tickets) pairs. None / () without tickets.
    on_time: int | None = None
    follow_up_days: DayCounts = ()

    @property
    def counts_known(self) -> bool:
        return self.received is not None

    @property
    def from_tickets(self) -> bool:
        """Whether the counts come from tickets rather than from the hand-entered evaluation."""
        return self.on_time is not None

    def measure(self, key: str) -> Ratio | None:
        """The IP's own ratio of an indicator, None where the indicator has none per IP."""
        spec = catalog.BY_KEY[key]
        return spec.per_agency(self) if spec.per_agency else None

    @property
    def follow_up(self) -> Ratio:
        return self.measure("follow_up")

    @property
    def completion(self) -> Ratio:
        return self.measure("completion")

    @property
    def follow_up_on_time(self) -> Ratio:
        return self.measure("follow_up_on_time")

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "has_sk": self.has_sk,
            "account_active": self.account_active,
            "received": self.received,
            "followed_up": self.followed_up,
            "completed": self.completed,
            **{spec.key: self.measure(spec.key).as_dict() for spec in catalog.INDICATORS if spec.agency_json},
            **{spec.key: spec.per_agency(self) for spec in catalog.FIGURES},
        }


@dataclass(frozen=True)
class PeriodInfo:
    """The month's state: `status` is None when nothing was ever entered for it."""

    month: date
    status: str | None = None
    revision: int = 0
    published_at: datetime | None = None
    is_example: bool = False

    @property
    def is_published(self) -> bool:
        return self.status == PeriodStatus.PUBLISHED

    @property
    def is_draft(self) -> bool:
        return self.status == PeriodStatus.DRAFT


@dataclass(frozen=True)
class Scorecard:
    """The indicators of a scope (a province, or the nation when `province` is None) for a month.

    Each indicator's ratio is an attribute named by its key (`card.sk`, `card.follow_up`).
    """

    month: date
    province: ProvinceRef | None
    agencies_total: int
    evaluated: int
    ratios: dict[str, Ratio]
    period: PeriodInfo
    agencies: tuple[AgencyRow, ...] = ()
    provinces: tuple["Scorecard", ...] = field(default=())
    # The targets in force when the month was published (None: read the current ones).
    targets: dict[str, Bands] | None = None
    # The figures beside the indicators (`catalog.FIGURES`: the median working days to follow-up).
    figures: dict[str, int | None] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Ratio:
        ratios = self.__dict__.get("ratios") or {}
        if name in ratios:
            return ratios[name]
        raise AttributeError(name)

    def measure(self, key: str) -> Ratio:
        return self.ratios[key]

    def figure(self, key: str) -> int | None:
        return self.figures.get(key)

    @property
    def ticket_agencies(self) -> int:
        """How many IPs' counts come from LAPOR! tickets this month."""
        return sum(1 for row in self.agencies if row.from_tickets)

    @property
    def is_evaluated(self) -> bool:
        """Whether at least one IP of the scope has an evaluation this month."""
        return self.evaluated > 0

    @property
    def provinces_evaluated(self) -> int:
        return sum(1 for card in self.provinces if card.is_evaluated)

    @property
    def period_code(self) -> str:
        return format_period(self.month)

    @cached_property
    def reporting_agencies(self) -> int:
        """How many IPs' report counts are known (those behind follow-up and completion); asked
        for every banded indicator of every province by each table, map and list of a page, so
        counted once per scorecard (which never changes)."""
        return sum(1 for row in self.agencies if row.counts_known)

    def summary_dict(self) -> dict:
        data = {
            "province": self.province.as_dict() if self.province else None,
            "period": self.period_code,
            "evaluated": self.is_evaluated,
            "agencies_total": self.agencies_total,
        }
        data.update({key: self.ratios[key].as_dict() for key in catalog.KEYS})
        data.update({key: self.figure(key) for key in catalog.FIGURE_KEYS})
        return data

    def as_dict(self) -> dict:
        """The contract's JSON (DESIGN.md, "JSON"), plus the month's revision and publication time."""
        data = self.summary_dict()
        data["revision"] = self.period.revision
        data["published_at"] = self.period.published_at.isoformat() if self.period.published_at else None
        if self.province is None:
            data["provinces_evaluated"] = self.provinces_evaluated
            data["provinces"] = [card.summary_dict() for card in self.provinces]
        else:
            data["agencies"] = [row.as_dict() for row in self.agencies]
        return data


def build(
    *,
    month: date,
    province: ProvinceRef | None,
    rows,
    period: PeriodInfo,
    provinces: tuple[Scorecard, ...] = (),
    targets: dict[str, Bands] | None = None,
) -> Scorecard:
    """A scorecard from plain agency rows: where every indicator of a scope is computed.

    A scope none of whose IPs was evaluated that month has no figures at all (every ratio
    unknown): "belum dievaluasi", never 0%.
    """
    rows = tuple(rows)
    evaluated = sum(row.evaluated for row in rows)
    ratios = catalog.measure_all(rows) if evaluated else {key: UNKNOWN for key in catalog.KEYS}
    figures = catalog.figures_all(rows) if evaluated else {key: None for key in catalog.FIGURE_KEYS}
    return Scorecard(
        month=month,
        province=province,
        agencies_total=len(rows),
        evaluated=evaluated,
        ratios=ratios,
        period=period,
        agencies=rows,
        provinces=provinces,
        targets=targets,
        figures=figures,
    )
