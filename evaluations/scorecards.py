"""Scorecards: the database turned into immutable figures for a scope and a month.

Every page, JSON endpoint, export and PDF renders these objects; the percentages
themselves come from `evaluations.indicators`. Each builder runs a fixed number of
queries whatever the number of agencies (asserted in tests/evaluations/test_scorecards.py).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import FilteredRelation, OuterRef, Q, Subquery

from agencies.models import Agency, Decree, Province
from evaluations import indicators
from evaluations.choices import PeriodStatus
from evaluations.indicators import Ratio
from evaluations.models import Period
from evaluations.periods import format_period, last_day


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

    @property
    def counts_known(self) -> bool:
        return self.received is not None

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "name": self.name,
            "has_sk": self.has_sk,
            "account_active": self.account_active,
            "received": self.received,
            "followed_up": self.followed_up,
            "completed": self.completed,
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
    """The indicators of a scope (a province, or the nation when `province` is None) for a month."""

    month: date
    province: ProvinceRef | None
    agencies_total: int
    evaluated: int
    sk: Ratio
    account_active: Ratio
    account_inactive: Ratio
    follow_up: Ratio
    completion: Ratio
    period: PeriodInfo
    agencies: tuple[AgencyRow, ...] = ()
    provinces: tuple["Scorecard", ...] = field(default=())

    @property
    def period_code(self) -> str:
        return format_period(self.month)

    @property
    def reporting_agencies(self) -> int:
        """How many IPs' report counts are known (those behind follow-up and completion)."""
        return sum(1 for row in self.agencies if row.counts_known)

    def summary_dict(self) -> dict:
        return {
            "province": self.province.as_dict() if self.province else None,
            "period": self.period_code,
            "agencies_total": self.agencies_total,
            "sk": self.sk.as_dict(),
            "account_active": self.account_active.as_dict(),
            "account_inactive": self.account_inactive.as_dict(),
            "follow_up": self.follow_up.as_dict(),
            "completion": self.completion.as_dict(),
        }

    def as_dict(self) -> dict:
        """The contract's JSON (DESIGN.md, "JSON"), plus the month's revision and publication time."""
        data = self.summary_dict()
        data["revision"] = self.period.revision
        data["published_at"] = self.period.published_at.isoformat() if self.period.published_at else None
        if self.province is None:
            data["provinces"] = [card.summary_dict() for card in self.provinces]
        else:
            data["agencies"] = [row.as_dict() for row in self.agencies]
        return data


def build(
    *,
    month: date,
    province: ProvinceRef | None,
    rows: Iterable[AgencyRow],
    period: PeriodInfo,
    provinces: tuple[Scorecard, ...] = (),
) -> Scorecard:
    """A scorecard from plain agency rows: where every indicator of a scope is computed."""
    rows = tuple(rows)
    total = len(rows)
    active = indicators.ratio(sum(row.account_active for row in rows), total)
    follow_up, completion = indicators.report_ratios(
        (row.received, row.followed_up, row.completed) for row in rows
    )
    return Scorecard(
        month=month,
        province=province,
        agencies_total=total,
        evaluated=sum(row.evaluated for row in rows),
        sk=indicators.ratio(sum(row.has_sk for row in rows), total),
        account_active=active,
        account_inactive=indicators.complement(active),
        follow_up=follow_up,
        completion=completion,
        period=period,
        agencies=rows,
        provinces=provinces,
    )


def period_info(month: date) -> PeriodInfo:
    """One query: the month's publication state."""
    period = Period.objects.filter(month=month).first()
    if period is None:
        return PeriodInfo(month=month)
    return PeriodInfo(
        month=month,
        status=period.status,
        revision=period.revision,
        published_at=period.published_at,
        is_example=period.is_example,
    )


def agency_rows(month: date, *, province_id: int | None = None) -> list[AgencyRow]:
    """One query: every IP that existed at the month's last day, with its SK and evaluation.

    An IP holds an SK when a decree was issued on or before the month's last day and had
    not expired before that day; with several, the latest issued is shown.
    """
    day = last_day(month)
    in_force = Decree.objects.in_force_on(day).filter(agency=OuterRef("pk")).order_by("-issued_on", "-pk")
    queryset = Agency.objects.existing_on(day)
    if province_id is not None:
        queryset = queryset.filter(province_id=province_id)
    values = (
        queryset.annotate(
            ev=FilteredRelation("evaluations", condition=Q(evaluations__month=month)),
            sk_number=Subquery(in_force.values("number")[:1]),
            sk_issued_on=Subquery(in_force.values("issued_on")[:1]),
        )
        .order_by("province__code", "code")
        .values(
            "code",
            "name",
            "kind",
            "province__code",
            "sk_number",
            "sk_issued_on",
            "ev__id",
            "ev__account_active",
            "ev__received",
            "ev__followed_up",
            "ev__completed",
        )
    )
    return [
        AgencyRow(
            code=v["code"],
            name=v["name"],
            kind=v["kind"],
            province_code=v["province__code"],
            has_sk=v["sk_number"] is not None,
            sk_number=v["sk_number"],
            sk_issued_on=v["sk_issued_on"],
            evaluated=v["ev__id"] is not None,
            account_active=bool(v["ev__account_active"]),
            received=v["ev__received"],
            followed_up=v["ev__followed_up"],
            completed=v["ev__completed"],
        )
        for v in values
    ]


def for_province(province: Province, month: date) -> Scorecard:
    """A province's scorecard for `month` (two queries: the period and the agency rows)."""
    return build(
        month=month,
        province=ProvinceRef(province.code, province.name),
        rows=agency_rows(month, province_id=province.pk),
        period=period_info(month),
    )


def national(month: date) -> Scorecard:
    """The nation's scorecard for `month`, with one summary per province that existed then.

    Three queries: the period, the provinces, and every agency row.
    """
    period = period_info(month)
    provinces = Province.objects.existing_on(last_day(month)).order_by("code").values("code", "name")
    rows_by_province: dict[str, list[AgencyRow]] = defaultdict(list)
    rows = agency_rows(month)
    for row in rows:
        rows_by_province[row.province_code].append(row)
    cards = tuple(
        build(
            month=month,
            province=ProvinceRef(p["code"], p["name"]),
            rows=rows_by_province[p["code"]],
            period=period,
        )
        for p in provinces
    )
    return build(month=month, province=None, rows=rows, period=period, provinces=cards)
