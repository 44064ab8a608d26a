"""Scorecards: the database turned into immutable figures for a scope and a month.

Every page, JSON endpoint, export and PDF renders these objects; the percentages
themselves come from `evaluations.indicators`. Each builder runs a fixed number of
queries whatever the number of agencies (asserted in tests/evaluations/test_scorecards.py).
"""

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import connection
from django.db.models import Q

from agencies.models import Agency, Decree, Province, within
from evaluations import indicators
from evaluations.choices import PeriodStatus
from evaluations.indicators import Ratio
from evaluations.models import DataVersion, MonthlyEvaluation, Period
from evaluations.periods import format_period, last_day, months_back


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

    @property
    def follow_up(self) -> Ratio:
        return indicators.ratio(self.followed_up, self.received)

    @property
    def completion(self) -> Ratio:
        return indicators.ratio(self.completed, self.received)

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
    """The month's status and revision alone (one query), as the scorecards carry it."""
    return _period_info(Period.objects.filter(month=month).first(), month)


def _period_info(period: Period | None, month: date) -> PeriodInfo:
    if period is None:
        return PeriodInfo(month=month)
    return PeriodInfo(
        month=month,
        status=period.status,
        revision=period.revision,
        published_at=period.published_at,
        is_example=period.is_example,
    )


def _exists_on(values: dict, day: date, prefix: str = "") -> bool:
    return within(values[f"{prefix}valid_from"], values[f"{prefix}valid_until"], day)


@dataclass(frozen=True)
class _Loaded:
    """What the scorecards of some months need, loaded in four queries."""

    agencies: list[dict]
    decrees: dict[int, list[dict]]
    evaluations: dict[tuple[int, date], dict]
    periods: dict[date, Period]

    def rows(self, month: date) -> list[AgencyRow]:
        """The IPs existing on the month's last day (in a province existing then), with their figures.

        An IP holds an SK when one of its decrees was issued on or before the month's last
        day and had not expired before that day; with several, the latest issued is shown.
        """
        day = last_day(month)
        rows = []
        for agency in self.agencies:
            if not (_exists_on(agency, day) and _exists_on(agency, day, "province__")):
                continue
            decree = next(
                (
                    d
                    for d in self.decrees.get(agency["id"], ())
                    if within(d["issued_on"], d["valid_until"], day)
                ),
                None,
            )
            evaluation = self.evaluations.get((agency["id"], month))
            rows.append(
                AgencyRow(
                    code=agency["code"],
                    name=agency["name"],
                    kind=agency["kind"],
                    province_code=agency["province__code"],
                    has_sk=decree is not None,
                    sk_number=decree["number"] if decree else None,
                    sk_issued_on=decree["issued_on"] if decree else None,
                    evaluated=evaluation is not None,
                    account_active=bool(evaluation and evaluation["account_active"]),
                    received=evaluation["received"] if evaluation else None,
                    followed_up=evaluation["followed_up"] if evaluation else None,
                    completed=evaluation["completed"] if evaluation else None,
                )
            )
        return rows

    def period(self, month: date) -> PeriodInfo:
        return _period_info(self.periods.get(month), month)


def _load(months: list[date], *, province_id: int | None = None, agency_id: int | None = None) -> _Loaded:
    """Four queries whatever the number of agencies and months: agencies, decrees, evaluations, periods."""
    first, last = min(months), last_day(max(months))
    agencies = Agency.objects.all()
    if province_id is not None:
        agencies = agencies.filter(province_id=province_id)
    if agency_id is not None:
        agencies = agencies.filter(pk=agency_id)
    agency_values = list(
        agencies.order_by("province__code", "code").values(
            "id",
            "code",
            "name",
            "kind",
            "valid_from",
            "valid_until",
            "province__code",
            "province__valid_from",
            "province__valid_until",
        )
    )
    scope = {"agency__province_id": province_id} if province_id is not None else {}
    if agency_id is not None:
        scope = {"agency_id": agency_id}
    decrees: dict[int, list[dict]] = defaultdict(list)
    for decree in (
        Decree.objects.filter(**scope, issued_on__lte=last)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=last_day(first)))
        .order_by("-issued_on", "-pk")
        .values("agency_id", "number", "issued_on", "valid_until")
    ):
        decrees[decree["agency_id"]].append(decree)
    evaluations = {
        (e["agency_id"], e["month"]): e
        for e in MonthlyEvaluation.objects.filter(**scope, month__in=months).values(
            "agency_id", "month", "account_active", "received", "followed_up", "completed"
        )
    }
    periods = {p.month: p for p in Period.objects.filter(month__in=months)}
    return _Loaded(agency_values, decrees, evaluations, periods)


def _province_series(province: Province, months: list[date]) -> list[Scorecard]:
    loaded = _load(months, province_id=province.pk)
    ref = ProvinceRef(province.code, province.name)
    return [
        build(month=month, province=ref, rows=loaded.rows(month), period=loaded.period(month))
        for month in months
    ]


def _national_series(months: list[date]) -> list[Scorecard]:
    loaded = _load(months)
    provinces = list(Province.objects.order_by("code").values("code", "name", "valid_from", "valid_until"))
    cards = []
    for month in months:
        day = last_day(month)
        period = loaded.period(month)
        rows = loaded.rows(month)
        by_province: dict[str, list[AgencyRow]] = defaultdict(list)
        for row in rows:
            by_province[row.province_code].append(row)
        province_cards = tuple(
            build(
                month=month,
                province=ProvinceRef(p["code"], p["name"]),
                rows=by_province[p["code"]],
                period=period,
            )
            for p in provinces
            if _exists_on(p, day)
        )
        cards.append(build(month=month, province=None, rows=rows, period=period, provinces=province_cards))
    return cards


# National scorecards per (month, data version), per process. The version changes with every
# committed write (database triggers, see DataVersion), so an entry is never stale; each
# gunicorn worker keeps its own entries, bounded here.
_MEMO_SIZE = 120
_memo: OrderedDict[tuple[date, int], Scorecard] = OrderedDict()
_memo_lock = threading.Lock()


# Inside a read-only request the version is asked once (see `one_version`).
_request_version: ContextVar[dict | None] = ContextVar("lapor_request_data_version", default=None)


def data_version() -> int | None:
    """One query: the current data version; None where scorecards are not cached (SQLite)."""
    if connection.vendor != "postgresql":
        return None
    memo = _request_version.get()
    if memo is not None and "version" in memo:
        return memo["version"]
    version = DataVersion.objects.values_list("version", flat=True).first()
    if memo is not None:
        memo["version"] = version
    return version


@contextmanager
def one_version() -> Iterator[None]:
    """Read the data version at most once inside the block: for requests that write nothing
    (GET, HEAD), so the scorecards and the page cache of one page agree on one version."""
    token = _request_version.set({})
    try:
        yield
    finally:
        _request_version.reset(token)


def clear_memo() -> None:
    with _memo_lock:
        _memo.clear()
        _small_memo.clear()


# Small reads that every page makes (the default month, a province by its code), per version.
_small_memo: OrderedDict[tuple, object] = OrderedDict()


def versioned(key: tuple, compute):
    """`compute()`, remembered per data version (computed every time where there is none)."""
    version = data_version()
    if version is None:
        return compute()
    full_key = (*key, version)
    with _memo_lock:
        if full_key in _small_memo:
            return _small_memo[full_key]
    value = compute()
    with _memo_lock:
        _small_memo[full_key] = value
        while len(_small_memo) > 4 * _MEMO_SIZE:
            _small_memo.popitem(last=False)
    return value


def _national_months(months: list[date]) -> list[Scorecard]:
    """The national scorecards of `months`: from the memo, the missing ones built in one load."""
    version = data_version()
    if version is None:
        return _national_series(months)
    with _memo_lock:
        found = {month: _memo.get((month, version)) for month in months}
    missing = [month for month, card in found.items() if card is None]
    if missing:
        built = _national_series(missing)
        with _memo_lock:
            for card in built:
                found[card.month] = _memo[(card.month, version)] = card
            while len(_memo) > _MEMO_SIZE:
                _memo.popitem(last=False)
    return [found[month] for month in months]


def _province_part(national: Scorecard, province: Province) -> Scorecard:
    """The province's scorecard inside a national one (empty if it did not exist that month)."""
    for card in national.provinces:
        if card.province.code == province.code:
            return card
    return build(
        month=national.month,
        province=ProvinceRef(province.code, province.name),
        rows=(),
        period=national.period,
    )


def for_province(province: Province, month: date) -> Scorecard:
    """A province's scorecard for `month`: one query when cached, four or six when not."""
    return province_trend(province, month, count=1)[0]


def national(month: date) -> Scorecard:
    """The nation's scorecard for `month`, with a summary per province that existed then.

    One query when cached; six when not (version, agencies, decrees, evaluations, periods,
    provinces).
    """
    return _national_months([month])[0]


def province_trend(province: Province, month: date, count: int = 12) -> list[Scorecard]:
    """The province's scorecards for the `count` months ending with `month`, oldest first."""
    months = months_back(month, count)
    if connection.vendor != "postgresql":
        return _province_series(province, months)
    return [_province_part(card, province) for card in _national_months(months)]


def national_trend(month: date, count: int = 12) -> list[Scorecard]:
    """The nation's scorecards for the `count` months ending with `month`, oldest first."""
    return _national_months(months_back(month, count))


def agency_history(agency: Agency, month: date, count: int = 12) -> list[tuple[AgencyRow | None, PeriodInfo]]:
    """The agency's row and the month's state for each of the `count` months ending with `month`,
    oldest first; the row is None where the agency did not exist (four queries)."""
    months = months_back(month, count)
    loaded = _load(months, agency_id=agency.pk)
    history = []
    for each in months:
        rows = loaded.rows(each)
        history.append((rows[0] if rows else None, loaded.period(each)))
    return history
