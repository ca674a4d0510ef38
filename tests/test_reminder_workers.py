"""Real task-queue workers racing for the same reminders: each reminder goes out once.

The other reminder tests run each task in the test's own process as it is queued. Here the
test commits its rows, queues the claim task several times in the database's queue, and starts
clusters of workers as a host does (`manage.py qcluster`, two worker processes each), all on
the test database. Each cluster writes the emails it sends to a folder of its own
(EMAIL_FILE_PATH), so the test counts what every person received.

It runs on PostgreSQL, where the workers share the claim through row locks (SKIP LOCKED) and
the unique (person, day, slot) row, and on SQLite, whose test database is a file: there a
claim takes the database's write lock at BEGIN (IMMEDIATE transactions), so the claims queue
one after another and each sees what the one before it moved on.
"""

import contextlib
import datetime as dt
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone
from django_q.conf import Conf
from django_q.models import Failure, OrmQ
from django_q.tasks import async_task

from journal.models import Profile, ReminderSettings, SentReminder
from journal.reminders.send import send_due_reminders

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = 150
WORKERS_PER_CLUSTER = 2
# More claim tasks than one cluster takes at once (its pusher holds its workers' tasks and
# QUEUE_LIMIT more), so that claims run side by side in several processes.
CLAIMS = 8
SECONDS = 30
Outcome = SentReminder.Outcome


@pytest.fixture
def queued_in_database(monkeypatch) -> None:
    """Tasks go to the database's queue for the workers, not run here (tests/conftest.py)."""
    monkeypatch.setattr(Conf, "SYNC", False)


def zone_away_from_midnight(now: dt.datetime) -> ZoneInfo:
    """A time zone whose day does not change during the test, so no reminder goes stale."""
    for name in ("UTC", "Asia/Tokyo", "America/New_York"):
        if 1 <= now.astimezone(ZoneInfo(name)).hour <= 22:
            return ZoneInfo(name)
    raise AssertionError("every zone is near midnight")


def people_due_now(count: int) -> list[User]:
    """`count` people with email reminders once a day, at this minute where they are."""
    now = timezone.now()
    zone = zone_away_from_midnight(now)
    local = now.astimezone(zone).replace(second=0, microsecond=0)
    users = User.objects.bulk_create(
        User(
            username=f"racer-{n:04}",
            email=f"racer-{n:04}@example.com",
            password=make_password(None),
        )
        for n in range(count)
    )
    Profile.objects.bulk_create(Profile(user=user, time_zone=zone.key) for user in users)
    ReminderSettings.objects.bulk_create(
        ReminderSettings(
            user=user,
            enabled=True,
            by_email=True,
            email_confirmed=user.email,
            first_time=local.time(),
            next_due=local.astimezone(dt.UTC),
            next_date=local.date(),
            next_slot=1,
        )
        for user in users
    )
    return users


def database_url() -> str:
    """The test database, as DATABASE_URL names it to another process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    quote = urllib.parse.quote
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return (
        f"postgres://{quote(db['USER'])}{password}@{db['HOST'] or 'localhost'}:"
        f"{db['PORT'] or 5432}/{quote(db['NAME'])}"
    )


class Cluster:
    """One host's `manage.py qcluster`: a process group (guard, pusher, workers, monitor),
    with its log and the folder its emails are written to."""

    def __init__(self, folder: Path) -> None:
        self.mail = folder / "mail"
        self.mail.mkdir(parents=True)
        self.log = folder / "qcluster.log"
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "EMAIL_FILE_PATH": str(self.mail),
            "REMINDER_WORKERS": str(WORKERS_PER_CLUSTER),
            "SECRET_KEY": os.environ.get("SECRET_KEY", "test-only-not-a-secret"),
            "DEBUG": "0",
        }
        with self.log.open("wb") as log:
            # A session of its own, so the whole group can be stopped or killed at once.
            self.process = subprocess.Popen(
                [sys.executable, "manage.py", "qcluster"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def is_running(self) -> bool:
        return "running." in self.output()

    def claimed_by(self) -> set[str]:
        """The worker processes that ran a claim (`send_due_reminders`), from the log."""
        return set(re.findall(r"(\S+) processing \S+ '[\w.]+send_due_reminders'", self.output()))

    def kill(self) -> None:
        """The host loses power: every process of the cluster stops at once."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        """SIGTERM, as a service manager stops it; killed if it has not stopped in 10 s."""
        if self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # any child left behind


@pytest.fixture
def clusters(tmp_path) -> Callable[[], Cluster]:
    """Start a cluster; every one started is stopped after the test."""
    started: list[Cluster] = []

    def start() -> Cluster:
        cluster = Cluster(tmp_path / f"cluster-{len(started) + 1}")
        started.append(cluster)
        return cluster

    yield start
    for cluster in started:
        cluster.stop()


def wait_for(condition: Callable[[], bool], what: str, running: list[Cluster]) -> None:
    deadline = time.monotonic() + SECONDS
    while not condition():
        stopped = [c for c in running if c.process.poll() is not None]
        if stopped or time.monotonic() > deadline:
            logs = "\n".join(c.output()[-3000:] for c in running)
            raise AssertionError(
                f"{'a cluster stopped' if stopped else 'timed out'}: {what}\n{logs}"
            )
        time.sleep(0.05)


def emails_by_recipient(clusters: list[Cluster]) -> Counter[str]:
    """How many emails each address got, from every file every cluster wrote."""
    received: Counter[str] = Counter()
    for cluster in clusters:
        for path in cluster.mail.iterdir():
            for line in path.read_text().splitlines():
                if line.startswith("To: "):
                    received[line.removeprefix("To: ")] += 1
    return received


def outcomes() -> Counter[str]:
    return Counter(SentReminder.objects.values_list("outcome", flat=True))


def queue_claims(times: int) -> None:
    for _ in range(times):
        async_task(send_due_reminders, group="reminders", sync=False)


def test_it_sends_each_reminder_once_with_two_clusters_racing(queued_in_database, clusters):
    users = people_due_now(PEOPLE)
    running = [clusters(), clusters()]
    wait_for(lambda: all(c.is_running() for c in running), "the clusters start", running)

    queue_claims(CLAIMS)
    wait_for(
        lambda: not OrmQ.objects.exists() and outcomes() == {Outcome.SENT: PEOPLE},
        "every reminder sent and the queue empty",
        running,
    )
    for cluster in running:
        cluster.stop()

    assert emails_by_recipient(running) == Counter({user.email: 1 for user in users})
    rows = SentReminder.objects.values_list("user_id", "date", "slot")
    assert sorted(user_id for user_id, _, _ in rows) == sorted(user.pk for user in users)
    assert set(SentReminder.objects.values_list("channels", flat=True)) == {"email"}
    assert not Failure.objects.exists(), list(Failure.objects.values_list("func", "result"))
    # Each person's schedule moved on to tomorrow, once.
    assert not ReminderSettings.objects.filter(next_due__lte=timezone.now()).exists()
    claimers = set().union(*(c.claimed_by() for c in running))
    assert len(claimers) >= 2, f"the claims ran in one worker only: {claimers}"
    for cluster in running:
        assert "Traceback" not in cluster.output(), cluster.output()


def test_a_cluster_killed_mid_run_never_makes_a_reminder_go_twice(queued_in_database, clusters):
    """A host dies (SIGKILL to its whole cluster) while sending; another host carries on and a
    new one starts in its place. The tasks the dead cluster had taken are offered again once
    their lock lapses (`retry`, 60 s: the test lapses it at once), and send the reminders
    those tasks had not started. A reminder the dead worker had marked "sending" is never
    tried again: at most once, by design (journal/reminders/send.py), so it stays "sending",
    one at most for each worker killed, and its person got the email or not depending on
    whether the kill came before or after the backend wrote it. Nobody gets two."""
    users = people_due_now(PEOPLE)
    doomed, survivor = clusters(), clusters()
    running = [doomed, survivor]
    wait_for(lambda: all(c.is_running() for c in running), "the clusters start", running)

    queue_claims(CLAIMS)
    wait_for(lambda: outcomes()[Outcome.SENT] >= PEOPLE // 10, "some reminders sent", running)
    doomed.kill()
    at_kill = outcomes()
    OrmQ.objects.update(lock=timezone.now())  # as if `retry` had passed
    running = [survivor, clusters()]
    wait_for(
        lambda: not OrmQ.objects.exists() and not outcomes()[Outcome.QUEUED],
        "the queue empty and every reminder started",
        running,
    )
    for cluster in running:
        cluster.stop()

    assert at_kill[Outcome.SENT] < PEOPLE, f"the kill came after the last send: {at_kill}"
    received = emails_by_recipient([doomed, *running])
    assert set(received.values()) == {1}, "someone got two emails"
    final = outcomes()
    assert set(final) <= {Outcome.SENT, Outcome.SENDING}
    assert final[Outcome.SENDING] <= WORKERS_PER_CLUSTER
    assert sum(final.values()) == PEOPLE  # one row a person, day and slot
    sent_to = set(
        SentReminder.objects.filter(outcome=Outcome.SENT).values_list("user__email", flat=True)
    )
    cut_short = set(
        SentReminder.objects.filter(outcome=Outcome.SENDING).values_list("user__email", flat=True)
    )
    assert sent_to <= set(received)
    assert set(received) <= sent_to | cut_short
    assert len(sent_to | cut_short) == len(users)


def live_processes_in_group(group: int) -> list[str]:
    """The processes of a process group that are still running (zombies aside), from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            # pid (command) state ppid pgrp ...; the command may hold spaces and parentheses.
            text = stat.read_text()
            state, _ppid, pgrp = text[text.rindex(")") + 2 :].split()[:3]
            if int(pgrp) == group and state != "Z":
                found.append(text[: text.rindex(")") + 1])
    return found


@pytest.mark.parametrize(
    ("to", "signum"),
    [
        # systemd's stop (every process of the service), `kill -- -PGID` on `make serve`
        ("group", signal.SIGTERM),
        # a container's stop, `make run`'s trap, supervisord
        ("process", signal.SIGTERM),
        # Ctrl-C in a terminal
        ("group", signal.SIGINT),
        ("process", signal.SIGINT),
    ],
)
def test_a_cluster_stops_within_seconds_of_a_stop_signal(clusters, to, signum):
    cluster = clusters()
    wait_for(cluster.is_running, "the cluster starts", [cluster])
    group = cluster.process.pid  # its own session: the group is named by the first process
    assert len(live_processes_in_group(group)) == 1 + 1 + WORKERS_PER_CLUSTER + 2

    if to == "group":
        os.killpg(group, signum)
    else:
        os.kill(cluster.process.pid, signum)
    try:
        cluster.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"still running 10 s after {signum!r}:\n{cluster.output()}") from None
    deadline = time.monotonic() + 5
    while live_processes_in_group(group) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not live_processes_in_group(group), "a process of the cluster outlived it"
    assert cluster.process.returncode == 0
    assert "Traceback" not in cluster.output(), cluster.output()
