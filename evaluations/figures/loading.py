"""Reading the registers and the month's entries into agency rows: five queries for any scope
and any number of months (agencies, decrees, evaluations, tickets, periods)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from agencies.models import Agency, Decree, Province, within
from evaluations.choices import PeriodStatus
from evaluations.figures import indicators, memo, snapshot, workdays
from evaluations.figures.cards import AgencyRow, PeriodInfo, ProvinceRef, Scorecard, build
from evaluations.figures.indicators import Bands
from evaluations.models import MonthlyEvaluation, Period, PeriodEvent, Ticket
from evaluations.periods import last_day


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
class TicketCounts:
    """An agency's tickets received in a month: the three counts and the follow-up timing."""

    received: int
    followed_up: int
    completed: int
    on_time: int
    follow_up_days: indicators.DayCounts


def _ticket_counts(groups: list[dict]) -> dict[tuple[int, date], TicketCounts]:
    """Tickets grouped by (agency, received_on, followed_up_on) into counts per agency and month."""
    found: dict[tuple[int, date], dict] = defaultdict(
        lambda: {"received": 0, "followed_up": 0, "completed": 0, "on_time": 0, "days": []}
    )
    for group in groups:
        counts = found[(group["agency_id"], group["received_on"].replace(day=1))]
        n = group["n"]
        days = workdays.follow_up_days(group["received_on"], group["followed_up_on"])
        counts["received"] += n
        counts["completed"] += group["completed"]
        if days is not None:
            counts["followed_up"] += n
            counts["days"].extend([days] * n)
            if indicators.on_time(days):
                counts["on_time"] += n
    return {
        key: TicketCounts(
            received=c["received"],
            followed_up=c["followed_up"],
            completed=c["completed"],
            on_time=c["on_time"],
            follow_up_days=indicators.tally(c["days"]),
        )
        for key, c in found.items()
    }


@dataclass(frozen=True)
class Loaded:
    """What the scorecards of some months need, loaded in five queries."""

    agencies: list[dict]
    decrees: dict[int, list[dict]]
    evaluations: dict[tuple[int, date], dict]
    periods: dict[date, Period]
    tickets: dict[tuple[int, date], TicketCounts] = field(default_factory=dict)

    def rows(self, month: date) -> list[AgencyRow]:
        """The IPs existing on the month's last day (in a province existing then), with their figures.

        An IP holds an SK when one of its decrees was issued on or before the month's last
        day and had not expired before that day; with several, the latest issued is shown.
        An IP with LAPOR! tickets received in the month takes its three counts from them (the
        hand-entered ones give way) and counts as evaluated; its account activity stays as entered.
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
            tickets = self.tickets.get((agency["id"], month))
            if tickets is not None:
                counts = (tickets.received, tickets.followed_up, tickets.completed)
            elif evaluation is not None:
                counts = (evaluation["received"], evaluation["followed_up"], evaluation["completed"])
            else:
                counts = (None, None, None)
            rows.append(
                AgencyRow(
                    code=agency["code"],
                    name=agency["name"],
                    kind=agency["kind"],
                    province_code=agency["province__code"],
                    has_sk=decree is not None,
                    sk_number=decree["number"] if decree else None,
                    sk_issued_on=decree["issued_on"] if decree else None,
                    evaluated=evaluation is not None or tickets is not None,
                    account_active=bool(evaluation and evaluation["account_active"]),
                    received=counts[0],
                    followed_up=counts[1],
                    completed=counts[2],
                    on_time=tickets.on_time if tickets else None,
                    follow_up_days=tickets.follow_up_days if tickets else (),
                )
            )
        return rows

    def period(self, month: date) -> PeriodInfo:
        return _period_info(self.periods.get(month), month)


def load(
    months: list[date],
    *,
    province_code: str | None = None,
    agency_id: int | None = None,
    periods: dict[date, Period] | None = None,
) -> Loaded:
    """Five queries whatever the number of agencies and months: agencies, decrees, evaluations,
    tickets (grouped), periods (four when the periods are given)."""
    first, last = min(months), last_day(max(months))
    agencies = Agency.objects.all()
    if province_code is not None:
        agencies = agencies.filter(province__code=province_code)
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
    scope = {"agency__province__code": province_code} if province_code is not None else {}
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
    # One grouped query: tickets of the same agency, receipt and follow-up day share their timing.
    month_set = set(months)
    ticket_groups = [
        group
        for group in Ticket.objects.filter(**scope, received_on__gte=first, received_on__lte=last)
        .values("agency_id", "received_on", "followed_up_on")
        .annotate(n=Count("id"), completed=Count("completed_on"))
        .order_by()
        if group["received_on"].replace(day=1) in month_set
    ]
    if periods is None:
        periods = {p.month: p for p in Period.objects.filter(month__in=months)}
    return Loaded(agency_values, decrees, evaluations, periods, _ticket_counts(ticket_groups))


def national_card(
    month: date,
    period: PeriodInfo,
    rows: list[AgencyRow],
    provinces: list[ProvinceRef],
    targets: dict[str, Bands] | None = None,
) -> Scorecard:
    """The nation's scorecard: every province's, and national figures over the evaluated ones only
    (a province without any evaluation that month is "belum dievaluasi", never 0%)."""
    by_province: dict[str, list[AgencyRow]] = defaultdict(list)
    for row in rows:
        by_province[row.province_code].append(row)
    province_cards = tuple(
        build(month=month, province=ref, rows=by_province[ref.code], period=period, targets=targets)
        for ref in provinces
    )
    evaluated = {card.province.code for card in province_cards if card.is_evaluated}
    return build(
        month=month,
        province=None,
        rows=[row for row in rows if row.province_code in evaluated],
        period=period,
        provinces=province_cards,
        targets=targets,
    )


def published_snapshots(periods: dict[date, Period]) -> dict[date, dict]:
    """The snapshots of the latest revision of those `periods` that are published (one query)."""
    published = {month: p for month, p in periods.items() if p.is_published}
    if not published:
        return {}
    events = PeriodEvent.objects.filter(
        period__in=published.values(), action=PeriodEvent.Action.PUBLISHED
    ).values_list("period__month", "revision", "snapshot")
    return {
        month: data
        for month, revision, data in events
        if revision == published[month].revision and snapshot.is_complete(data)
    }


def revision_card(month: date, revision: int) -> Scorecard | None:
    """The national scorecard as revision `revision` of `month` published it, or None."""
    event = (
        PeriodEvent.objects.filter(
            period__month=month, action=PeriodEvent.Action.PUBLISHED, revision=revision
        )
        .select_related("period")
        .first()
    )
    if event is None or not snapshot.is_complete(event.snapshot):
        return None
    period = PeriodInfo(month=month, status=PeriodStatus.PUBLISHED, revision=revision, published_at=event.at)
    return _snapshot_card(month, period, event.snapshot)


def _snapshot_card(month: date, period: PeriodInfo, data: dict) -> Scorecard:
    return national_card(
        month, period, snapshot.rows(data), snapshot.provinces(data), targets=snapshot.bands(data)
    )


def live_national(month: date) -> Scorecard:
    """The nation's scorecard for `month` as the registers and entries give it now, even for a
    published month (whose pages read its snapshot): what a republication would publish."""
    loaded = load([month])
    day = last_day(month)
    refs = [ProvinceRef(p.code, p.name) for p in Province.objects.order_by("code") if p.exists_on(day)]
    return national_card(month, loaded.period(month), loaded.rows(month), refs)


def live_province(month: date, province: ProvinceRef, *, period: PeriodInfo | None = None) -> Scorecard:
    """A province's scorecard for `month` as the registers give it now (see `live_national`),
    loading that province's agencies only, by its code: four queries, or five when the month's
    state (`period`) is not given. A province no longer in the register has no IPs."""
    loaded = load([month], province_code=province.code, periods=None if period is None else {})
    return build(
        month=month, province=province, rows=loaded.rows(month), period=period or loaded.period(month)
    )


def national_series(months: list[date]) -> list[Scorecard]:
    """The national scorecards of `months`: a published month from its snapshot, the others
    from the registers (periods and snapshots: two queries; the rest only for live months)."""
    periods = {p.month: p for p in Period.objects.filter(month__in=months)}
    # A published revision's figures never change: kept per revision, whatever is written
    # since (a write changes the data version, which keys everything else).
    keys = {
        month: ("published-card", month, p.revision, p.published_at)
        for month, p in periods.items()
        if p.is_published
    }
    kept = memo.lookup(list(keys.values()))
    cards = {month: kept[key] for month, key in keys.items() if key in kept}
    snapshots = published_snapshots({m: p for m, p in periods.items() if m not in cards})
    built = {
        month: _snapshot_card(month, _period_info(periods.get(month), month), data)
        for month, data in snapshots.items()
    }
    memo.remember({keys[month]: card for month, card in built.items()})
    cards.update(built)
    live = [month for month in months if month not in cards]
    if live:
        loaded = load(live, periods=periods)
        provinces = list(
            Province.objects.order_by("code").values("code", "name", "valid_from", "valid_until")
        )
        for month in live:
            day = last_day(month)
            refs = [ProvinceRef(p["code"], p["name"]) for p in provinces if _exists_on(p, day)]
            cards[month] = national_card(month, loaded.period(month), loaded.rows(month), refs)
    return [cards[month] for month in months]


def agency_history(agency: Agency, months: list[date]) -> list[tuple[AgencyRow | None, PeriodInfo]]:
    """The agency's row per month: a published month's from its snapshot, the others live."""
    periods = {p.month: p for p in Period.objects.filter(month__in=months)}
    snapshots = published_snapshots(periods)
    loaded = load(months, agency_id=agency.pk, periods=periods)
    history = []
    for each in months:
        if each in snapshots:
            found = [row for row in snapshot.rows(snapshots[each]) if row.code == agency.code]
        else:
            found = loaded.rows(each)
        history.append((found[0] if found else None, loaded.period(each)))
    return history
