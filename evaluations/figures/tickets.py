"""An agency's LAPOR! tickets of a month that missed the 5-working-day follow-up standard."""

from dataclasses import dataclass
from datetime import date

from evaluations.figures import indicators, workdays
from evaluations.models import Ticket
from evaluations.periods import last_day


@dataclass(frozen=True)
class LateTicket:
    """A ticket first followed up after more than 5 working days (`days`), or not yet (`days` None:
    then `days_so_far` counts up to `today`)."""

    tracking_id: str
    category: str
    received_on: date
    followed_up_on: date | None
    days: int | None
    days_so_far: int | None
    url: str


def late_tickets(*, agency_id: int, month: date, url_format: str, today: date) -> list[LateTicket]:
    """The agency's tickets received in `month` not followed up within 5 working days, the
    longest wait first; one query. `url_format` has a `{tracking_id}` placeholder (LAPOR!'s
    tracking page, `settings.LAPOR_TICKET_URL`)."""
    late = []
    for ticket in Ticket.objects.filter(
        agency_id=agency_id, received_on__gte=month, received_on__lte=last_day(month)
    ).only("tracking_id", "category", "received_on", "followed_up_on"):
        days = workdays.follow_up_days(ticket.received_on, ticket.followed_up_on)
        if indicators.on_time(days):
            continue
        so_far = None if days is not None else workdays.follow_up_days(ticket.received_on, today)
        late.append(
            LateTicket(
                tracking_id=ticket.tracking_id,
                category=ticket.get_category_display(),
                received_on=ticket.received_on,
                followed_up_on=ticket.followed_up_on,
                days=days,
                days_so_far=so_far,
                url=url_format.format(tracking_id=ticket.tracking_id),
            )
        )
    return sorted(late, key=lambda t: (-(t.days if t.days is not None else t.days_so_far), t.tracking_id))
