"""The benchmark's reminder scheduler: `bench/run.py --only scheduler`, or part of `make bench`.

Every minute the task queue runs `send_due_reminders`, which finds the reminders due by now
through the index on `next_due`, claims them and queues their sending. This part measures, in
the benchmark's own process and database:

- finding a minute's due reminders (the claim's SELECT, as `send_due_reminders` sends it) among
  100 people with reminders and among 100,000, at a quiet minute with the same 20 people due in
  both, so that the ratio shows what the other people cost; and the plan, which should read the
  index `journal_reminder_next_due` rather than every person's settings;
- a busy minute, 2% of the 100,000 due at once (as 08:00 is): the claim and queuing, then the
  queued tasks (`send_reminders`) run one after another in this process, as one worker does,
  each email written by Django's file backend; sends per second, and whether the whole minute
  went out before the next one.

The busy minute is the current minute of each run: a task checks the real clock and drops a
reminder more than an hour late, so the reminders must be due now to be sent.
"""

import datetime as dt
import logging
import random
import statistics
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone
from django_q.conf import Conf
from django_q.models import OrmQ

from journal.models import Profile, ReminderSettings, SentReminder
from journal.reminders.send import send_due_reminders

PREFIX = "bench-remind-"
SIZES = (100, 100_000)
BUSY_SHARE = 0.02
# Due at the quiet minute the finding query is timed at, at every size.
PROBE = 20
PROBE_AFTER = dt.timedelta(minutes=30)
# Everyone else's next reminder falls in the day that starts this long after the build, so
# none falls due while the benchmark runs.
REST_AFTER = dt.timedelta(hours=1)
GROUPS = ("probe", "busy", "rest")
BATCH = 2000
INDEX = "journal_reminder_next_due"
QUERY_TIMES = 30

# Targets (issue 15).
FIND_RATIO = 2.0
MINUTE_SECONDS = 60.0
SENDS_PER_SECOND = 50.0


def new_people(total: int, have: dict[str, int]) -> dict[str, int]:
    """How many people of each group to add so that `total` have reminders: `PROBE` due at
    the quiet minute, `BUSY_SHARE` of everyone at the busy minute, the rest over the day."""
    want = {"probe": PROBE, "busy": round(total * BUSY_SHARE)}
    want["rest"] = total - want["probe"] - want["busy"]
    return {group: want[group] - have.get(group, 0) for group in GROUPS}


def zone_away_from_midnight(now: dt.datetime) -> ZoneInfo:
    """Everyone's time zone: one where the day does not end during the benchmark, so no busy
    reminder is dropped for belonging to a day that is over."""
    for name in ("UTC", "Asia/Tokyo", "America/New_York"):
        if 1 <= now.astimezone(ZoneInfo(name)).hour <= 20:
            return ZoneInfo(name)
    raise RuntimeError("every time zone tried is near midnight")


@dataclass
class Population:
    """The people with reminders in the benchmark's database, and the moments it is built around."""

    zone: ZoneInfo
    built: dt.datetime  # a whole minute
    groups: Counter = field(default_factory=Counter)

    @property
    def probe_due(self) -> dt.datetime:
        return self.built + PROBE_AFTER

    @property
    def total(self) -> int:
        return sum(self.groups.values())


def remove_people() -> None:
    """An earlier run's people (`--reuse`), with their reminders and what was sent."""
    User.objects.filter(username__startswith=PREFIX).delete()


def grow(population: Population, total: int, rng: random.Random) -> None:
    """Add people until `total` have reminders, without hashing a password for any of them:
    they never sign in."""
    for group, count in new_people(total, population.groups).items():
        start = population.groups[group]
        for first in range(start, start + count, BATCH):
            numbers = range(first, min(first + BATCH, start + count))
            with transaction.atomic():
                users = User.objects.bulk_create(
                    User(
                        username=f"{PREFIX}{group}-{n:06}",
                        email=f"{PREFIX}{group}-{n:06}@example.com",
                        password=make_password(None),
                    )
                    for n in numbers
                )
                Profile.objects.bulk_create(
                    Profile(user=user, time_zone=population.zone.key) for user in users
                )
                ReminderSettings.objects.bulk_create(
                    reminder_settings(user, due_for(group, population, rng), population.zone)
                    for user in users
                )
        population.groups[group] += count
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would have by now on a live server


def due_for(group: str, population: Population, rng: random.Random) -> dt.datetime:
    if group == "probe":
        return population.probe_due
    if group == "busy":  # parked until a run makes their minute the current one
        return population.built + dt.timedelta(days=2)
    return population.built + REST_AFTER + dt.timedelta(minutes=rng.randrange(24 * 60))


def reminder_settings(user: User, due: dt.datetime, zone: ZoneInfo) -> ReminderSettings:
    local = due.astimezone(zone)
    return ReminderSettings(
        user=user,
        enabled=True,
        by_email=True,
        email_confirmed=user.email,
        first_time=local.time(),
        next_due=due,
        next_date=local.date(),
        next_slot=1,
    )


# Finding the due reminders


@dataclass
class Found:
    people: int
    due: int
    median_ms: float
    plan: str

    @property
    def uses_index(self) -> bool:
        return INDEX in self.plan


def claim_query(now: dt.datetime) -> tuple[str, list]:
    """The SQL and parameters of the claim's SELECT, as `send_due_reminders` sends it: recorded
    while it runs in a transaction that is then rolled back, so nothing is claimed."""
    seen: list[tuple[str, list]] = []

    def record(execute, sql, params, many, context):
        if sql.startswith("SELECT") and "journal_remindersettings" in sql.split("WHERE")[0]:
            seen.append((sql, list(params or ())))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record), transaction.atomic():
        send_due_reminders(now)
        transaction.set_rollback(True)
    return seen[0]


def find_due(population: Population) -> Found:
    """The claim's SELECT at the quiet minute, `QUERY_TIMES` times, each in its own
    transaction (it locks the rows on PostgreSQL); the median, and the plan."""
    now = population.probe_due + dt.timedelta(seconds=30)
    with queued_not_run():
        sql, params = claim_query(now)
    samples = []
    due = 0
    for _ in range(QUERY_TIMES):
        with transaction.atomic(), connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(sql, params)
            due = len(cursor.fetchall())
            samples.append(time.perf_counter() - started)
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(explain + sql, params)
        plan = "\n".join(" ".join(str(part) for part in row) for row in cursor.fetchall())
    return Found(population.total, due, 1000 * statistics.median(samples), plan)


@contextmanager
def queued_not_run(**settings) -> Iterator[None]:
    """Tasks go to the database's queue, as on a server (a test's settings run them at once:
    tests/conftest.py), so the claim is timed without the sending."""
    sync, Conf.SYNC = Conf.SYNC, False
    try:
        with override_settings(**settings):
            yield
    finally:
        Conf.SYNC = sync


# The busy minute


@dataclass
class BusyRun:
    due: int
    claimed: int
    tasks: int
    claim_seconds: float
    send_seconds: float
    send_queries: int  # by the tasks, acknowledging each included
    emails: int
    recipients: int
    outcomes: dict[str, int]

    @property
    def total_seconds(self) -> float:
        return self.claim_seconds + self.send_seconds

    @property
    def sends_per_second(self) -> float:
        return self.emails / self.send_seconds if self.send_seconds else 0.0

    @property
    def once_each(self) -> bool:
        return self.emails == self.recipients == self.claimed == self.due


def busy_minute(population: Population, mail: Path) -> BusyRun:
    """Make the busy group due this minute, claim it as the schedule does, then run the queued
    tasks one after another, as one worker would."""
    busy = ReminderSettings.objects.filter(user__username__startswith=f"{PREFIX}busy-")
    SentReminder.objects.filter(user__username__startswith=PREFIX).delete()
    OrmQ.objects.all().delete()
    for old in mail.glob("*"):
        old.unlink()
    due = timezone.now().replace(second=0, microsecond=0)
    local = due.astimezone(population.zone)
    busy.update(first_time=local.time(), next_due=due, next_date=local.date(), next_slot=1)

    with queued_not_run(
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", EMAIL_FILE_PATH=mail
    ):
        started = time.perf_counter()
        claimed = send_due_reminders(timezone.now())
        claim_seconds = time.perf_counter() - started
        tasks = list(OrmQ.objects.order_by("id"))
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(count):
            for queued in tasks:
                run_task(queued.task)
                queued.delete()  # as the worker acknowledges it
        send_seconds = time.perf_counter() - started

    recipients = Counter(
        line
        for path in mail.iterdir()
        for line in path.read_text().splitlines()
        if line.startswith("To: ")
    )
    return BusyRun(
        due=population.groups["busy"],
        claimed=claimed,
        tasks=len(tasks),
        claim_seconds=claim_seconds,
        send_seconds=send_seconds,
        send_queries=queries,
        emails=sum(recipients.values()),
        recipients=len(recipients),
        outcomes=dict(
            Counter(
                SentReminder.objects.filter(user__username__startswith=PREFIX).values_list(
                    "outcome", flat=True
                )
            )
        ),
    )


def run_task(task: dict) -> None:
    """What a worker does with a task taken from the queue: call its function."""
    import pydoc

    func = task["func"]
    if isinstance(func, str):
        func = pydoc.locate(func)
    func(*task.get("args", ()), **task.get("kwargs", {}))


# The whole part


@dataclass
class SchedulerResult:
    engine: str
    found: list[Found]
    runs: list[BusyRun]

    def targets(self) -> list[tuple[str, bool, str]]:
        small, large = self.found[0], self.found[-1]
        ratio = large.median_ms / small.median_ms if small.median_ms else 0.0
        total = statistics.median(r.total_seconds for r in self.runs)
        rate = statistics.median(r.sends_per_second for r in self.runs)
        return [
            (
                f"finding a minute's due reminders costs the same at {large.people:,} people "
                f"as at {small.people:,} (within {FIND_RATIO:g}x)",
                ratio <= FIND_RATIO,
                f"{ratio:.2f}x ({small.median_ms:.2f} ms and {large.median_ms:.2f} ms, "
                f"{large.due} due in each)",
            ),
            (
                f"the claim's SELECT reads the index {INDEX} at {large.people:,} people",
                large.uses_index,
                "yes" if large.uses_index else "no: " + large.plan.splitlines()[0],
            ),
            (
                f"the busy minute's reminders all sent within {MINUTE_SECONDS:g} s",
                total <= MINUTE_SECONDS,
                f"{total:.1f} s for {self.runs[0].due:,} (median of {len(self.runs)} runs)",
            ),
            (
                f"at least {SENDS_PER_SECOND:g} sends/s on one worker",
                rate >= SENDS_PER_SECOND,
                f"{rate:.0f}/s (median of {len(self.runs)} runs)",
            ),
            (
                "each reminder of the busy minute sent once",
                all(r.once_each for r in self.runs),
                "; ".join(f"{r.emails:,} emails to {r.recipients:,} people" for r in self.runs),
            ),
        ]

    def lines(self) -> list[str]:
        lines = [
            "",
            f"Reminders: the scheduler ({self.engine}; the queued tasks run one after another "
            "in this process, as one worker)",
            f"  {'people':>8} {'due':>5} {'find ms':>8}  plan (median of {QUERY_TIMES})",
        ]
        for found in self.found:
            steps = [line.strip() for line in found.plan.splitlines()]
            plan = next((step for step in steps if INDEX in step), steps[0])
            lines.append(f"  {found.people:>8,} {found.due:>5} {found.median_ms:8.2f}  {plan}")
        lines += [
            "",
            f"  busy minute: {self.runs[0].due:,} of {self.found[-1].people:,} people due at once",
            f"  {'run':>5} {'claim s':>8} {'tasks':>6} {'send s':>7} {'total s':>8} "
            f"{'sends/s':>8} {'queries/send':>12}  outcomes",
        ]
        for n, run in enumerate(self.runs, start=1):
            lines.append(
                f"  {n:>5} {run.claim_seconds:8.2f} {run.tasks:6} {run.send_seconds:7.2f} "
                f"{run.total_seconds:8.2f} {run.sends_per_second:8.0f} "
                f"{run.send_queries / max(run.emails, 1):12.1f}  "
                + ", ".join(f"{k} {v}" for k, v in sorted(run.outcomes.items()))
            )
        median = statistics.median
        lines.append(
            f"  {'median':>5} {median(r.claim_seconds for r in self.runs):8.2f} "
            f"{'':6} {median(r.send_seconds for r in self.runs):7.2f} "
            f"{median(r.total_seconds for r in self.runs):8.2f} "
            f"{median(r.sends_per_second for r in self.runs):8.0f}"
        )
        lines += ["", "Targets (reminders)"]
        for name, met, detail in self.targets():
            lines.append(f"  [{'met' if met else 'MISSED'}] {name}: {detail}")
        return lines

    def summary(self) -> dict:
        return {
            "engine": self.engine,
            "found": [{**f.__dict__, "uses_index": f.uses_index} for f in self.found],
            "busy_minute": [
                {**r.__dict__, "total_seconds": r.total_seconds, "per_second": r.sends_per_second}
                for r in self.runs
            ],
            "targets": [{"target": t, "met": m, "detail": d} for t, m, d in self.targets()],
        }


def measure(
    engine: str, workdir: Path, runs: int, sizes: tuple[int, ...] = SIZES
) -> SchedulerResult:
    """Build the people size by size, timing the finding query at each; then the busy minute
    `runs` times at the largest size."""
    logging.getLogger("django-q").setLevel(logging.WARNING)  # a line for every task queued
    remove_people()
    now = timezone.now().replace(second=0, microsecond=0)
    population = Population(zone=zone_away_from_midnight(now), built=now)
    rng = random.Random(15)
    found = []
    for size in sizes:
        started = time.monotonic()
        grow(population, size, rng)
        print(f"{size:,} people with reminders in {time.monotonic() - started:.0f} s", flush=True)
        found.append(find_due(population))
    # Out of the way of the busy minute, however long the building took.
    later = population.probe_due + dt.timedelta(days=2)
    ReminderSettings.objects.filter(user__username__startswith=f"{PREFIX}probe-").update(
        next_due=later, next_date=later.astimezone(population.zone).date()
    )
    mail = workdir / "reminder-mail"
    mail.mkdir(exist_ok=True)
    results = []
    for n in range(runs):
        results.append(busy_minute(population, mail))
        print(
            f"busy minute, run {n + 1}: {results[-1].total_seconds:.1f} s, "
            f"{results[-1].sends_per_second:.0f} sends/s",
            flush=True,
        )
    return SchedulerResult(engine, found, results)
