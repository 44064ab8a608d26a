"""Synthetic example data ("data contoh") for every agency: SK decrees and monthly evaluations.

`python manage.py generate_demo_data --months 24 --seed 1` fills the `--months` months
that end with the previous calendar month (or with `--until YYYY-MM`). Every Period it
creates has `is_example=True` (pages say "data contoh"); all are published except the
latest, which stays a draft.

Plausible and varied: each province follows a profile (improving, stagnating, lagging,
leading or declining), drawn from the seed; each agency gets its own propensity around
its province's profile, a size (a provincial government receives more reports than a
kabupaten), an SK that it may hold from the start, get late, let expire and sometimes
renew, and months without any record. Report counts respect
`0 <= completed <= followed_up <= received`, and are sometimes unknown (all three blank).

Deterministic: an agency's numbers come from a random stream seeded with the seed and
the agency's code (and the provinces' profiles from the seed alone), so the same seed on
the same register gives the same data whatever else the database holds; running it
again replaces the example data with identical rows.

It never touches real data:

- a month that already has a Period not marked as example, or evaluations without an
  example Period (such as `monev_2020`'s 2020-09), is skipped whole;
- example decrees are numbered `CONTOH/…` and are issued only after the last such real
  month before the window ends, so no real month's SK figures change. They stay in force
  after the window like real decrees would, so do not enter real months into a demo
  database.

LAPOR! tickets: about one agency in four (chosen by its own stream, seed + code + "tiket")
has report-level tickets for the last `TICKET_MONTHS` months of the window, as many as its
month's counts say (tracking IDs `CONTOH-…`), with first follow-ups a few working days after
receipt, so the demo shows ticket-derived and hand-entered counts side by side.

Each run first removes all previous example data (every example Period, the evaluations
and tickets of those months and the `CONTOH/…` decrees), so the example data is exactly the window
of the last run; `--clear` only removes it.

Fast: a handful of reads and deletes, then bulk inserts (with their history rows), the
same queries whatever the number of agencies; 546 agencies × 24 months take 2–3 seconds.
"""

import math
import random
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from agencies.choices import AgencyKind
from agencies.models import Agency, Decree, within
from evaluations.choices import PeriodStatus, TicketCategory
from evaluations.entry.locking import maintenance_writes
from evaluations.figures import indicators, snapshot, workdays
from evaluations.models import MonthlyEvaluation, Period, PeriodEvent, Ticket
from evaluations.periods import add_months, format_period, last_day, months_back, parse_month

EXAMPLE_DECREE_PREFIX = "CONTOH/"
EXAMPLE_TICKET_PREFIX = "CONTOH-"
# Tickets for the last months of the window only, for about this share of the agencies.
TICKET_MONTHS = 6
TICKET_SHARE = 0.25
# Tickets are many small rows: larger batches keep their inserts to a handful of queries
# (7 columns, 11 in the history: well under PostgreSQL's 65,535 parameters a statement).
TICKET_BATCH_SIZE = 5000
CHANGE_REASON = "data contoh (generate_demo_data)"
BATCH_SIZE = 1000


@dataclass(frozen=True)
class Profile:
    """A province's course over the window: each pair is (first month, last month)."""

    active: tuple[float, float]  # chance that an IP's account is active
    follow_up: tuple[float, float]  # share of received reports followed up
    completion: tuple[float, float]  # share of followed-up reports completed
    sk: tuple[float, float]  # share of IPs holding an SK
    missing: float  # chance that an IP's month has no record at all
    expiry: float  # chance that an SK lapses inside the window
    renewal: float  # chance that a lapsed SK is renewed


PROFILES = {
    "improving": Profile((0.30, 0.85), (0.35, 0.80), (0.45, 0.80), (0.35, 0.90), 0.06, 0.15, 0.9),
    "stagnating": Profile((0.50, 0.52), (0.50, 0.50), (0.60, 0.60), (0.60, 0.65), 0.08, 0.20, 0.6),
    "lagging": Profile((0.15, 0.30), (0.20, 0.35), (0.35, 0.45), (0.20, 0.40), 0.20, 0.25, 0.3),
    "leading": Profile((0.80, 0.95), (0.75, 0.92), (0.70, 0.85), (0.85, 1.00), 0.02, 0.10, 1.0),
    "declining": Profile((0.75, 0.40), (0.70, 0.45), (0.70, 0.55), (0.80, 0.55), 0.12, 0.45, 0.2),
}
# How often each profile occurs among the provinces (out of 10).
_PROFILE_MIX = ["improving"] * 4 + ["stagnating"] * 2 + ["lagging"] * 2 + ["leading", "declining"]

# Mean reports received a month by an agency of average size.
_MEAN_RECEIVED = {AgencyKind.PROVINSI: 45, AgencyKind.KOTA: 25, AgencyKind.KABUPATEN: 14}


class Command(BaseCommand):
    help = (
        "Isi data contoh (SK dan evaluasi bulanan) untuk semua instansi selama N bulan sampai bulan lalu; "
        "deterministik untuk satu --seed. Bulan dengan data nyata tidak disentuh."
    )

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=24, help="jumlah bulan (bawaan 24)")
        parser.add_argument("--seed", type=int, default=1, help="benih acak (bawaan 1)")
        parser.add_argument("--until", metavar="YYYY-MM", help="bulan terakhir (bawaan: bulan lalu)")
        parser.add_argument(
            "--clear", action="store_true", help="hapus semua data contoh (periode, evaluasi, SK) saja"
        )

    def handle(self, *args, months: int, seed: int, clear: bool, until: str | None, **options):
        if clear:
            with transaction.atomic():
                cleared = clear_example_data()
            self.stdout.write(self.style.SUCCESS(f"Data contoh dihapus: {cleared} periode."))
            return
        if not 1 <= months <= 240:
            raise CommandError("--months harus antara 1 dan 240.")
        started = time.perf_counter()
        try:
            latest = parse_month(until) if until else add_months(timezone.localdate().replace(day=1), -1)
        except ValidationError as error:
            raise CommandError(f"--until: {error.messages[0]}") from None
        window = months_back(latest, months)
        with transaction.atomic():
            result = generate(window=window, seed=seed)
        for month in result.skipped:
            self.stdout.write(
                self.style.WARNING(f"{format_period(month)} dilewati: sudah berisi data nyata.")
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Data contoh {format_period(window[0])} s.d. {format_period(window[-1])} (seed {seed}): "
                f"{result.periods} periode, {result.evaluations} evaluasi, {result.decrees} SK, "
                f"{time.perf_counter() - started:.1f} detik."
            )
        )


@dataclass(frozen=True)
class Result:
    periods: int
    evaluations: int
    decrees: int
    skipped: list[date]


def clear_example_data() -> int:
    """Remove every example Period, the evaluations of those months and the example decrees."""
    months = list(Period.objects.filter(is_example=True).values_list("month", flat=True))
    with maintenance_writes():  # example months are published: the database guards them
        _delete_with_history(MonthlyEvaluation.objects.filter(month__in=months))
        _delete_with_history(
            Ticket.objects.filter(tracking_id__startswith=EXAMPLE_TICKET_PREFIX), batch_size=TICKET_BATCH_SIZE
        )
    _delete_with_history(Decree.objects.filter(number__startswith=EXAMPLE_DECREE_PREFIX))
    Period.objects.filter(is_example=True).delete()
    return len(months)


def generate(*, window: list[date], seed: int) -> Result:
    """Replace all example data with that of the months in `window` (oldest first).

    See the module docstring for what is generated and what is left alone.
    """
    # Real months: a Period not marked as example, or evaluations without an example Period.
    example_months = set(Period.objects.filter(is_example=True).values_list("month", flat=True))
    real_months = set(Period.objects.filter(is_example=False).values_list("month", flat=True))
    real_months |= set(
        MonthlyEvaluation.objects.exclude(month__in=example_months)
        .order_by()
        .values_list("month", flat=True)
        .distinct()
    )
    skipped = sorted(m for m in window if m in real_months)
    months = [m for m in window if m not in real_months]

    clear_example_data()

    # Example decrees start after the latest real month up to the window's end.
    earlier_real = [m for m in real_months if m <= window[-1]]
    sk_floor = last_day(max(earlier_real)) + timedelta(days=1) if earlier_real else window[0]

    agencies = list(
        Agency.objects.values(
            "id",
            "code",
            "kind",
            "valid_from",
            "valid_until",
            "province__code",
            "province__valid_from",
            "province__valid_until",
        ).order_by("code")
    )
    profiles = _province_profiles(sorted({a["province__code"] for a in agencies}), seed)
    decrees, evaluations, tickets = [], [], []
    wanted = set(months)
    ticket_months = set(window[-TICKET_MONTHS:]) & wanted
    today = timezone.localdate()
    for agency in agencies:
        existing = [m for m in window if _exists_on(agency, last_day(m))]
        if not existing:
            continue
        plan = _AgencyPlan(agency, profiles[agency["province__code"]], window, seed)
        decrees.extend(plan.decrees(existing, sk_floor))
        kept = [e for e in plan.evaluations(existing) if e.month in wanted]
        evaluations.extend(kept)
        tickets.extend(_tickets(agency, kept, ticket_months, seed, today))

    periods = [_period(month, draft=month == window[-1]) for month in months]
    bulk_create_with_history(periods, Period, batch_size=BATCH_SIZE, default_change_reason=CHANGE_REASON)
    bulk_create_with_history(decrees, Decree, batch_size=BATCH_SIZE, default_change_reason=CHANGE_REASON)
    with maintenance_writes():  # the example months are published as they are created
        bulk_create_with_history(
            evaluations, MonthlyEvaluation, batch_size=BATCH_SIZE, default_change_reason=CHANGE_REASON
        )
        bulk_create_with_history(
            tickets, Ticket, batch_size=TICKET_BATCH_SIZE, default_change_reason=CHANGE_REASON
        )
    # Each published example month carries its figures as published, as a real one does.
    published = list(Period.objects.filter(month__in=months, status=PeriodStatus.PUBLISHED))
    snapshots = snapshot.take_many([period.month for period in published])
    PeriodEvent.objects.bulk_create(
        PeriodEvent(
            period=period,
            action=PeriodEvent.Action.PUBLISHED,
            revision=period.revision,
            at=period.published_at,
            snapshot=snapshots[period.month],
        )
        for period in published
    )
    return Result(len(periods), len(evaluations), len(decrees), skipped)


def _period(month: date, *, draft: bool) -> Period:
    if draft:
        return Period(month=month, status=PeriodStatus.DRAFT, revision=0, is_example=True)
    # Published on the 10th of the following month, 09:00 in Jakarta.
    published = datetime.combine(add_months(month, 1).replace(day=10), clock(9))
    return Period(
        month=month,
        status=PeriodStatus.PUBLISHED,
        revision=1,
        published_at=timezone.make_aware(published),
        is_example=True,
    )


def _province_profiles(codes: list[str], seed: int) -> dict[str, Profile]:
    rng = random.Random(f"{seed}:provinces")
    mix = [_PROFILE_MIX[i % len(_PROFILE_MIX)] for i in range(len(codes))]
    rng.shuffle(mix)
    return {code: PROFILES[name] for code, name in zip(codes, mix, strict=True)}


def _exists_on(agency: dict, day: date) -> bool:
    return all(
        within(agency[f"{prefix}valid_from"], agency[f"{prefix}valid_until"], day)
        for prefix in ("", "province__")
    )


def _clamp(value: float, low: float = 0.02, high: float = 0.98) -> float:
    return min(high, max(low, value))


def _decree_number(issued: date, code: str, index: int) -> str:
    """`CONTOH/2025/SK-LAPOR/8171/1`: the prefix marks (and lets --clear find) example decrees."""
    return f"{EXAMPLE_DECREE_PREFIX}{issued.year}/SK-LAPOR/{code}/{index}"


def _binomial(rng: random.Random, count: int, chance: float) -> int:
    return sum(1 for _ in range(count) if rng.random() < chance)


class _AgencyPlan:
    """One agency's example data, drawn from its own random stream (seed + agency code)."""

    def __init__(self, agency: dict, profile: Profile, window: list[date], seed: int):
        self.agency = agency
        self.profile = profile
        self.window = window
        self.rng = random.Random(f"{seed}:{agency['code']}")
        self.skill = self.rng.gauss(0, 0.12)  # above or below the province's course
        self.size = self.rng.lognormvariate(0, 0.5)

    def _course(self, pair: tuple[float, float], month: date) -> float:
        """The profile's value for `month`, moving linearly from the first month to the last."""
        span = max(1, len(self.window) - 1)
        progress = self.window.index(month) / span
        return pair[0] + (pair[1] - pair[0]) * progress

    def decrees(self, existing: list[date], floor: date) -> list[Decree]:
        rng, profile = self.rng, self.profile
        first = max(
            floor,
            existing[0],
            self.agency["valid_from"] or floor,
            self.agency["province__valid_from"] or floor,
        )
        end = last_day(existing[-1])
        if first > end:
            return []
        holds_at_start = rng.random() < _clamp(profile.sk[0] + self.skill)
        late_chance = (profile.sk[1] - profile.sk[0]) / max(0.05, 1 - profile.sk[0])
        if holds_at_start:
            issued = first + timedelta(days=rng.randint(0, 27))
        elif rng.random() < _clamp(late_chance + self.skill, 0.0, 0.95):
            issued = first + timedelta(days=rng.randint(30, max(30, (end - first).days)))
        else:
            return []
        result = []
        while issued <= end and len(result) < 4:
            valid_until = None
            if rng.random() < profile.expiry:
                valid_until = issued + timedelta(days=rng.randint(180, 540))
            result.append(
                Decree(
                    agency_id=self.agency["id"],
                    number=_decree_number(issued, self.agency["code"], len(result) + 1),
                    issued_on=issued,
                    valid_until=valid_until,
                )
            )
            if valid_until is None or rng.random() >= profile.renewal:
                break
            issued = valid_until + timedelta(days=rng.randint(1, 120))
        return result

    def evaluations(self, existing: list[date]) -> list[MonthlyEvaluation]:
        rng, profile = self.rng, self.profile
        mean = _MEAN_RECEIVED.get(self.agency["kind"], 10) * self.size
        rows = []
        for month in existing:
            # Draw every value whether or not the month is kept, so that skipping a month
            # (real data there) does not shift the others.
            missing = rng.random() < profile.missing
            active = rng.random() < _clamp(
                self._course(profile.active, month) + self.skill + rng.gauss(0, 0.05)
            )
            known = rng.random() < (0.92 if active else 0.35)
            received = max(0, round(rng.gauss(mean, math.sqrt(mean) + 1)))
            follow_up = _clamp(
                self._course(profile.follow_up, month) + self.skill + rng.gauss(0, 0.08), 0.0, 1.0
            )
            if not active:
                follow_up *= 0.3
            followed_up = _binomial(rng, received, follow_up)
            completion = _clamp(self._course(profile.completion, month) + rng.gauss(0, 0.08), 0.0, 1.0)
            completed = _binomial(rng, followed_up, completion)
            if missing:
                continue
            counts = (
                {"received": received, "followed_up": followed_up, "completed": completed} if known else {}
            )
            rows.append(
                MonthlyEvaluation(agency_id=self.agency["id"], month=month, account_active=active, **counts)
            )
        return rows


def _tickets(agency: dict, evaluations: list, months: set[date], seed: int, today: date) -> list[Ticket]:
    """An agency's example tickets, one per report its month's counts give, when its own stream
    (seed + code + "tiket") makes it one of the agencies that export tickets."""
    rng = random.Random(f"{seed}:{agency['code']}:tiket")
    if rng.random() >= TICKET_SHARE:
        return []
    speed = rng.uniform(1.5, 7.0)  # the agency's typical working days to a first follow-up
    tickets = []
    for evaluation in evaluations:
        if evaluation.month not in months or evaluation.received is None:
            continue
        month = evaluation.month
        days_in_month = (min(last_day(month), today) - month).days + 1
        for number in range(evaluation.received):
            received_on = month + timedelta(days=rng.randrange(days_in_month))
            followed_up_on = completed_on = None
            if number < evaluation.followed_up:
                delay = max(0, round(rng.expovariate(1 / speed)))
                followed_up_on = _add_working_days(received_on, delay)
                if number < evaluation.completed:
                    completed_on = followed_up_on + timedelta(days=rng.randrange(0, 15))
            if followed_up_on is not None and followed_up_on > today:
                followed_up_on = completed_on = None
            if completed_on is not None and completed_on > today:
                completed_on = None
            tickets.append(
                Ticket(
                    tracking_id=f"{EXAMPLE_TICKET_PREFIX}{agency['code']}-{month:%Y%m}-{number + 1:04d}",
                    agency_id=agency["id"],
                    category=rng.choices(TicketCategory.values, weights=(6, 3, 1))[0],
                    received_on=received_on,
                    followed_up_on=followed_up_on,
                    completed_on=completed_on,
                )
            )
    return tickets


def _add_working_days(start: date, count: int) -> date:
    """The day `count` working days after `start` (`start` itself for 0)."""
    day = start
    holidays = workdays.national_holidays(start, start + timedelta(days=3 * count + 14))
    while indicators.working_days(start, day, holidays) < count:
        day += timedelta(days=1)
    return day


def _delete_with_history(queryset, batch_size: int = BATCH_SIZE) -> int:
    """Delete the rows of `queryset` and record each deletion in its history, in a few queries.

    `QuerySet.delete()` would send post_delete for each row, and django-simple-history
    answers each with its own INSERT (thousands of queries for a window of example data).
    Here the "-" history rows are written in bulk, then the rows go in one DELETE; the
    models deleted this way (evaluations, decrees) have no rows depending on them.
    """
    queryset = queryset.order_by()
    rows = list(queryset)
    if not rows:
        return 0
    history_model = queryset.model.history.model
    now = timezone.now()
    history_model.objects.bulk_create(
        [
            history_model(
                history_date=now,
                history_type="-",
                history_change_reason=CHANGE_REASON,
                **{field.attname: getattr(row, field.attname) for field in history_model.tracked_fields},
            )
            for row in rows
        ],
        batch_size=batch_size,
    )
    return queryset._raw_delete(queryset.db)
