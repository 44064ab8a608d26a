"""Plain builders for test data; each returns a saved instance."""

from datetime import date

from django.utils import timezone

from agencies.choices import AgencyKind
from agencies.models import Agency, Decree, Province
from evaluations.choices import PeriodStatus
from evaluations.entry.locking import maintenance_writes
from evaluations.models import MonthlyEvaluation, Period, Ticket


def make_province(code: str = "81", name: str = "Maluku", **fields) -> Province:
    return Province.objects.create(code=code, name=name, **fields)


def make_agency(
    province: Province, code: str, name: str | None = None, kind: str | None = None, **fields
) -> Agency:
    if kind is None:
        kind = AgencyKind.PROVINSI if code == province.code else AgencyKind.KABUPATEN
    return Agency.objects.create(
        province=province, code=code, name=name or f"Instansi {code}", kind=kind, **fields
    )


def make_agencies(province: Province, count: int) -> list[Agency]:
    """The provincial government plus `count - 1` kabupaten (codes PP01, PP02, ...)."""
    agencies = [make_agency(province, province.code)]
    agencies += [make_agency(province, f"{province.code}{n:02d}") for n in range(1, count)]
    return agencies


def make_decree(
    agency: Agency, issued_on: date, valid_until: date | None = None, number: str | None = None
) -> Decree:
    return Decree.objects.create(
        agency=agency,
        number=number or f"SK/{agency.code}/{issued_on:%Y%m%d}",
        issued_on=issued_on,
        valid_until=valid_until,
    )


def make_period(month: date, status: str = PeriodStatus.PUBLISHED) -> Period:
    published_at = timezone.now() if status == PeriodStatus.PUBLISHED else None
    period, _created = Period.objects.update_or_create(
        month=month,
        defaults={"status": status, "revision": 1 if published_at else 0, "published_at": published_at},
    )
    return period


def make_evaluation(
    agency: Agency,
    month: date,
    active: bool = False,
    received: int | None = None,
    followed_up: int | None = None,
    completed: int | None = None,
) -> MonthlyEvaluation:
    Period.objects.get_or_create(month=month)
    # Test data is built as it stands, published months included (as loaddata does).
    with maintenance_writes():
        return MonthlyEvaluation.objects.create(
            agency=agency,
            month=month,
            account_active=active,
            received=received,
            followed_up=followed_up,
            completed=completed,
        )


def make_ticket(
    agency: Agency,
    tracking_id: str,
    received_on: date,
    followed_up_on: date | None = None,
    completed_on: date | None = None,
    category: str = "pengaduan",
) -> Ticket:
    month = received_on.replace(day=1)
    Period.objects.get_or_create(month=month)
    with maintenance_writes():
        return Ticket.objects.create(
            tracking_id=tracking_id,
            agency=agency,
            category=category,
            received_on=received_on,
            followed_up_on=followed_up_on,
            completed_on=completed_on,
        )


def make_busy_province(agency_count: int) -> Province:
    """Province 81 with `agency_count` IPs, each holding a decree, over two published months
    (February and March 2021): every other IP active, each with 5 reports, 3 followed up, 1 done.
    In March every other IP's counts come from 5 LAPOR! tickets giving the same 5 / 3 / 1
    (2 followed up the next working day, 1 after 10 working days)."""
    months = (date(2021, 2, 1), date(2021, 3, 1))
    province = make_province()
    for month in months:
        make_period(month)
    for index, agency in enumerate(make_agencies(province, agency_count)):
        make_decree(agency, issued_on=date(2020, 1, 1))
        for month in months:
            make_evaluation(agency, month, active=index % 2 == 0, received=5, followed_up=3, completed=1)
        if index % 2:
            received, next_day, late = date(2021, 3, 1), date(2021, 3, 2), date(2021, 3, 16)
            for number, (follow_up, done) in enumerate(
                [(next_day, next_day), (next_day, None), (late, None), (None, None), (None, None)]
            ):
                make_ticket(agency, f"{agency.code}-{number}", received, follow_up, done)
    return province
