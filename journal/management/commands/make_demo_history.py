"""Make a person with a realistic history: for screenshots, trying the app, and the benchmark."""

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from journal import queries, records
from journal.models import (
    Activity,
    ActivityRating,
    ActivityScore,
    RedFlagResolution,
    Routine,
    RoutineStretch,
    SessionEntry,
    SorenessCheckin,
    StretchSession,
)
from journal.records.imports import History


class Command(BaseCommand):
    help = "Create (or refill) a user with DAYS days of check-ins and stretching sessions."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=120)
        parser.add_argument("--password", default="a-long-demo-password")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, username: str, days: int, password: str, seed: int, **options) -> None:
        user = make_history(username, days, password, random.Random(seed))
        self.stdout.write(f"{user.username}: {days} days of history, password {password!r}")


@transaction.atomic
def make_history(username: str, days: int, password: str, rng: random.Random) -> User:
    """The user, made if new, with their journal replaced by `days` days of history."""
    user, created = User.objects.get_or_create(username=username)
    if created:
        user.set_password(password)
        user.save()
    profile = records.profiles.ensure(user)
    # The demo person began when their history does, so none of it is "before the account".
    user.date_joined = min(user.date_joined, timezone.now() - dt.timedelta(days=days + 1))
    user.save(update_fields=["date_joined"])
    routine = queries.default_routine()
    assert routine is not None, "The library's default routine is missing: run migrate."
    plan = history_for(days, profile.today(), routine, rng)
    records.imports.replace_history(
        user, with_entries(plan, list(queries.routine_items(routine)), rng)
    )
    return user


@dataclass
class Plan:
    """One person's unsaved check-ins, sessions and resolutions, with the soreness of each
    session's day (to rate the pain of its stretches)."""

    checkins: list[SorenessCheckin] = field(default_factory=list)
    sessions: list[StretchSession] = field(default_factory=list)
    ratings: list[int] = field(default_factory=list)
    resolutions: list[RedFlagResolution] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    # Weeks of activities scores (`ratings` above are the sessions' days' soreness).
    weeks: list[tuple[ActivityRating, list[ActivityScore]]] = field(default_factory=list)


# The demo person's everyday activities, each with where its score starts and how far it climbs
# over the history; the last is retired halfway (a new job, no more lifting).
DEMO_ACTIVITIES = [
    ("Putting on socks", 3, 5),
    ("Sitting through a film", 4, 4),
    ("Carrying the shopping", 2, 5),
    ("Lifting boxes at work", 2, 2),
]


def add_activities(plan: Plan, days: int, today: dt.date, rng: random.Random) -> None:
    """Weekly activities scores that climb as soreness settles, a week skipped now and then."""
    start = today - dt.timedelta(days=days)
    made = timezone.make_aware(dt.datetime.combine(start, dt.time(9)), dt.UTC)
    for n, (name, _, _) in enumerate(DEMO_ACTIVITIES):
        retired = n == len(DEMO_ACTIVITIES) - 1 and days >= 28
        plan.activities.append(
            Activity(
                name=name,
                created=made + dt.timedelta(seconds=n),
                retired_on=start + dt.timedelta(days=days // 2) if retired else None,
            )
        )
    for offset in range(0, days, 7):
        day = start + dt.timedelta(days=offset)
        if offset and rng.random() < 0.1:
            plan.weeks.append((ActivityRating(date=day, skipped=True), []))
            continue
        scores = [
            ActivityScore(
                activity=activity,
                score=max(0, min(10, round(first + gain * offset / days + rng.gauss(0, 0.7)))),
            )
            for activity, (_, first, gain) in zip(plan.activities, DEMO_ACTIVITIES, strict=True)
            if activity.retired_on is None or day < activity.retired_on
        ]
        plan.weeks.append((ActivityRating(date=day), scores))


def history_for(
    days: int,
    today: dt.date,
    routine: Routine,
    rng: random.Random,
    *,
    every_day: bool = False,
) -> Plan:
    """Soreness that drifts down as the person keeps stretching, with flare-ups; sessions on
    most days (the guide's routine, now and then twice a day); a rest day after a flare-up.

    With `every_day`, one or two sessions every day, rest advised or not.
    """
    history = Plan()
    soreness = 6.0
    for n in range(days, 0, -1):
        day = today - dt.timedelta(days=n)
        previous = soreness
        # Drifts from about 6 towards about 3 over the history, wobbling day to day.
        settles_at = 3 + 3 * n / days
        soreness += 0.3 * (settles_at - soreness) + rng.gauss(0, 0.8)
        if rng.random() < 0.04:
            soreness += 3  # a flare-up
        soreness = max(0.0, min(10.0, soreness))
        rating = round(soreness)
        if rng.random() < 0.93:
            leg_pain = rng.random() < 0.01
            history.checkins.append(
                SorenessCheckin(
                    date=day,
                    soreness=rating,
                    stiffness=max(0, min(10, rating + rng.choice([-1, 0, 1]))),
                    pain_down_legs=leg_pain,
                )
            )
            if leg_pain and n > 3:
                # The person says the leg pain has gone a few days later.
                history.resolutions.append(
                    RedFlagResolution(
                        flag="pain_down_legs",
                        resolved_on=day + dt.timedelta(days=3),
                        outcome="gone",
                    )
                )
        resting = round(soreness) - round(previous) >= 1 and rng.random() < 0.6
        if every_day or (not resting and rng.random() < 0.85):
            for _ in range(2 if rng.random() < 0.3 else 1):
                history.sessions.append(StretchSession(date=day, routine=routine))
                history.ratings.append(rating)
    add_activities(history, days, today, rng)
    return history


def with_entries(plan: Plan, items: list[RoutineStretch], rng: random.Random) -> History:
    """The plan's records, each session with an entry per routine stretch, and a report of
    each red flag its check-ins say "yes" to, as saving them in the app keeps one."""
    return History(
        checkins=plan.checkins,
        reports=records.flags.reports_of(plan.checkins),
        resolutions=plan.resolutions,
        activities=plan.activities,
        ratings=plan.weeks,
        sessions=[
            (
                session,
                [
                    SessionEntry(
                        stretch=item.stretch,
                        hold_seconds=item.hold_seconds_min,
                        reps=item.reps_min,
                        sets=item.sets,
                        side="both" if item.each_side else "na",
                        pain_during=max(0, min(10, rating + rng.choice([-2, -1, 0, 1])))
                        if item.stretch.slug in {"cat-cow", "seated-spinal-twist"}
                        and rng.random() < 0.5
                        else None,
                    )
                    for item in items
                ],
            )
            for session, rating in zip(plan.sessions, plan.ratings, strict=True)
        ],
    )
