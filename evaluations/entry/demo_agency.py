"""One agency's example data for `demo_data`: its province's profile (improving, stagnating,
lagging, leading or declining), and its decrees, monthly evaluations and tickets, each drawn
from the agency's own random stream (seed + agency code), so that the same seed on the same
register gives the same data whatever else the database holds."""

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from agencies.choices import AgencyKind
from agencies.models import Decree, within
from evaluations.choices import TicketCategory
from evaluations.figures import indicators, workdays
from evaluations.models import MonthlyEvaluation, Ticket
from evaluations.periods import last_day

EXAMPLE_DECREE_PREFIX = "CONTOH/"
EXAMPLE_TICKET_PREFIX = "CONTOH-"
# About this share of the agencies has tickets (for the window's last `demo_data.TICKET_MONTHS`).
TICKET_SHARE = 0.25


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


def province_profiles(codes: list[str], seed: int) -> dict[str, Profile]:
    rng = random.Random(f"{seed}:provinces")
    mix = [_PROFILE_MIX[i % len(_PROFILE_MIX)] for i in range(len(codes))]
    rng.shuffle(mix)
    return {code: PROFILES[name] for code, name in zip(codes, mix, strict=True)}


def exists_on(agency: dict, day: date) -> bool:
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


class AgencyPlan:
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


def example_tickets(
    agency: dict, evaluations: list, months: set[date], seed: int, today: date
) -> list[Ticket]:
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
