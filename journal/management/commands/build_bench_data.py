"""The benchmark's data set: one person with years of history, one with a week, and a crowd.

Rows go in with bulk inserts (about a million at the default size), and every account shares
one password hash, computed once: hashing a thousand passwords would take minutes.
"""

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from journal import queries, records
from journal.management.commands.make_demo_history import history_for, with_entries

LONG_USER = "bench-long"
WEEK_USER = "bench-week"
CROWD_PREFIX = "bench-crowd-"
PASSWORD = "bench-password-not-a-secret"
# Users of the crowd saved per round of bulk inserts, to keep memory bounded.
CHUNK = 100


class Command(BaseCommand):
    help = (
        f"Fill an empty database with the benchmark's data: {LONG_USER} (LONG_DAYS of history), "
        f"{WEEK_USER} (a week) and USERS more people with DAYS days each. "
        "Run again on a database that has them, it does nothing (or refuses, for another "
        "number of people)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--users", type=int, default=1000, help="people in the crowd")
        parser.add_argument("--days", type=int, default=90, help="days of history each")
        parser.add_argument("--long-days", type=int, default=5 * 365 + 1)
        parser.add_argument("--password", default=PASSWORD)
        parser.add_argument("--seed", type=int, default=1)

    def handle(
        self, users: int, days: int, long_days: int, password: str, seed: int, **options
    ) -> None:
        existing = User.objects.filter(username__startswith="bench-")
        if existing.exists():
            crowd = existing.filter(username__startswith=CROWD_PREFIX).count()
            if crowd == users:
                self.stdout.write(f"The benchmark's data is already here ({crowd} more people).")
                return
            raise CommandError(
                f"This database already holds benchmark data of another size ({crowd} more "
                "people): build into a fresh database."
            )
        build(users, days, long_days, password, random.Random(seed))
        self.stdout.write(
            f"{LONG_USER} ({long_days} days), {WEEK_USER} (7 days) and {users} people with "
            f"{days} days each; password {password!r}"
        )


def build(users: int, days: int, long_days: int, password: str, rng: random.Random) -> None:
    routine = queries.default_routine()
    assert routine is not None, "The library's default routine is missing: run migrate."
    items = list(queries.routine_items(routine))
    hashed = make_password(password)
    today = timezone.localdate()  # every bench account is on UTC, the profile's default
    people = [(LONG_USER, long_days), (WEEK_USER, 7)] + [
        (f"{CROWD_PREFIX}{n:04}", days) for n in range(1, users + 1)
    ]
    for start in range(0, len(people), CHUNK):
        chunk = people[start : start + CHUNK]
        with transaction.atomic():
            # Each person joined when their history began, so none of it is "before the account".
            accounts = User.objects.bulk_create(
                User(
                    username=name,
                    password=hashed,
                    date_joined=timezone.now() - dt.timedelta(days=length + 1),
                )
                for name, length in chunk
            )
            records.profiles.create_many(accounts)
            records.imports.insert_many(
                [
                    (
                        user,
                        with_entries(
                            history_for(length, today, routine, rng, every_day=True), items, rng
                        ),
                    )
                    for user, (_, length) in zip(accounts, chunk, strict=True)
                ]
            )
