"""Synthetic example data ("data contoh") for every agency: SK decrees and monthly evaluations.

What `python manage.py generate_demo_data --months 24 --seed 1` writes: the `--months` months
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

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from agencies.models import Agency, Decree
from evaluations.choices import PeriodStatus
from evaluations.entry import demo_agency
from evaluations.entry.demo_agency import EXAMPLE_DECREE_PREFIX, EXAMPLE_TICKET_PREFIX
from evaluations.entry.locking import maintenance_writes
from evaluations.figures import snapshot
from evaluations.models import MonthlyEvaluation, Period, PeriodEvent, Ticket
from evaluations.periods import add_months, last_day

# Tickets for the last months of the window only (for `demo_agency.TICKET_SHARE` of the agencies).
TICKET_MONTHS = 6
# Tickets are many small rows: larger batches keep their inserts to a handful of queries
# (7 columns, 11 in the history: well under PostgreSQL's 65,535 parameters a statement).
TICKET_BATCH_SIZE = 5000
CHANGE_REASON = "data contoh (generate_demo_data)"
BATCH_SIZE = 1000


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
    profiles = demo_agency.province_profiles(sorted({a["province__code"] for a in agencies}), seed)
    decrees, evaluations, tickets = [], [], []
    wanted = set(months)
    ticket_months = set(window[-TICKET_MONTHS:]) & wanted
    today = timezone.localdate()
    for agency in agencies:
        existing = [m for m in window if demo_agency.exists_on(agency, last_day(m))]
        if not existing:
            continue
        plan = demo_agency.AgencyPlan(agency, profiles[agency["province__code"]], window, seed)
        decrees.extend(plan.decrees(existing, sk_floor))
        kept = [e for e in plan.evaluations(existing) if e.month in wanted]
        evaluations.extend(kept)
        tickets.extend(demo_agency.example_tickets(agency, kept, ticket_months, seed, today))

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
