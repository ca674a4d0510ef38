"""Many records at once: an import into a person's empty journal, and the demo and benchmark
histories. The rows are checked before they reach here (journal/transfer.py, or made by code).
"""

import datetime as dt
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone

from journal.models import (
    Activity,
    ActivityRating,
    ActivityScore,
    PendingImport,
    Profile,
    RedFlagReport,
    RedFlagResolution,
    RedFlagScreen,
    ReportShare,
    SessionEntry,
    ShareOpening,
    SorenessCheckin,
    StretchSession,
)
from journal.records.stamp import journal_changed, journal_write

# Rows written per transaction: each holds the database's write lock (all of it, on SQLite)
# for a few milliseconds, and other people's check-ins go in between.
BATCH_ROWS = 500
# An import takes seconds; one left unfinished longer than this was cut off, and its rows go.
ABANDONED_AFTER = dt.timedelta(hours=1)
# What an import that ran out of time to clean up marks itself with, for the next one to remove.
ABANDONED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass
class History:
    """Unsaved records of one person's journal, ready to write together."""

    checkins: list[SorenessCheckin] = field(default_factory=list)
    sessions: list[tuple[StretchSession, list[SessionEntry]]] = field(default_factory=list)
    resolutions: list[RedFlagResolution] = field(default_factory=list)
    # Each report with the day of the check-in it came from, if any (linked once written).
    reports: list[tuple[RedFlagReport, dt.date | None]] = field(default_factory=list)
    screens: list[RedFlagScreen] = field(default_factory=list)
    # Activities before the weeks that score them: a score refers to its activity.
    activities: list[Activity] = field(default_factory=list)
    ratings: list[tuple[ActivityRating, list[ActivityScore]]] = field(default_factory=list)
    shares: list[tuple[ReportShare, list[ShareOpening]]] = field(default_factory=list)


class Deadline:
    """When an import must stop trying; `check()` raises ValidationError once it has passed."""

    def __init__(self, seconds: float, message: str) -> None:
        self.at = time.monotonic() + seconds
        self.message = message

    def passed(self) -> bool:
        return time.monotonic() > self.at

    def check(self) -> None:
        if self.passed():
            raise ValidationError(self.message)


def insert(user: User, history: History) -> None:
    """Write `history` as `user`'s rows with bulk inserts (no check, no stamp: see callers)."""
    for checkin in history.checkins:
        checkin.user = user
    SorenessCheckin.objects.bulk_create(history.checkins, batch_size=5000)
    for resolution in history.resolutions:
        resolution.user = user
    RedFlagResolution.objects.bulk_create(history.resolutions, batch_size=5000)
    for screen in history.screens:
        screen.user = user
    RedFlagScreen.objects.bulk_create(history.screens, batch_size=5000)
    if history.reports:
        days = {day for _, day in history.reports if day}
        checkins = dict(user.checkins.filter(date__in=days).values_list("date", "pk"))
        for report, day in history.reports:
            report.user = user
            report.checkin_id = checkins.get(day) if day else None
        RedFlagReport.objects.bulk_create([report for report, _ in history.reports])
    sessions = [session for session, _ in history.sessions]
    for session in sessions:
        session.user = user
    StretchSession.objects.bulk_create(sessions, batch_size=5000)
    for session, entries in history.sessions:
        for entry in entries:
            entry.session = session
    SessionEntry.objects.bulk_create(
        [entry for _, entries in history.sessions for entry in entries], batch_size=5000
    )
    for activity in history.activities:
        activity.user = user
    Activity.objects.bulk_create(history.activities, batch_size=5000)
    _insert_with_children(user, history.ratings, ActivityRating, ActivityScore, "rating")
    _insert_with_children(user, history.shares, ReportShare, ShareOpening, "share")


def _insert_with_children(
    user: User,
    rows: Sequence[tuple],
    parent: type[models.Model],
    child: type[models.Model],
    link: str,
) -> None:
    """Parents of `user` (weeks of scores, links) with their children (scores, openings)."""
    for row, _ in rows:
        row.user = user
    parent._default_manager.bulk_create([row for row, _ in rows], batch_size=5000)
    for row, children in rows:
        for item in children:
            setattr(item, link, row)
    children = [item for _, items in rows for item in items]
    child._default_manager.bulk_create(children, batch_size=5000)


@journal_write
def replace_history(user: User, history: History) -> None:
    """Empty the person's journal and write `history` into it (the demo command)."""
    user.checkins.all().delete()
    user.stretch_sessions.all().delete()
    user.flag_resolutions.all().delete()
    user.flag_reports.all().delete()
    user.flag_screens.all().delete()
    user.activity_ratings.all().delete()
    user.activities.all().delete()
    user.report_shares.all().delete()
    insert(user, history)


def insert_many(histories: Sequence[tuple[User, History]]) -> None:
    """New accounts' histories, all at once (the benchmark's data: a fresh database)."""
    with transaction.atomic():
        for user, history in histories:
            insert(user, history)
            journal_changed(user)


def write_import(
    user: User,
    history: History,
    settings: tuple[Profile, list[str]],
    deadline: Deadline,
    cleanup_seconds: float,
    after_batch: Callable[[], None] | None = None,
) -> None:
    """Write a checked import so that it never holds up anyone else and the person sees all of
    it or none of it.

    The rows go in BATCH_ROWS at a time, each batch in its own short transaction, owned by a
    holder account nobody can sign in to (models.PendingImport). On SQLite, which has one
    write lock for the whole database, the import waits after each batch as long as the batch
    took, so that other writers get the lock at least half the time. When every batch is in,
    one short transaction hands all the rows to the person, saves their settings (`settings`:
    the profile with the imported values and the fields to save) and renews the stamp. If
    anything fails on the way, the holder and its rows are removed; an import cut off with the
    server itself is removed by the next import to start (after ABANDONED_AFTER). An import
    still writing at its deadline stops there and is removed the same way, spending at most
    `cleanup_seconds` on it. `after_batch` is for tests: called after each committed batch.
    """
    remove_abandoned_imports()
    holder = User(username=f"import-{uuid.uuid4().hex}", is_active=False)
    holder.set_unusable_password()
    with transaction.atomic():
        holder.save()
        Profile.objects.create(user=holder)
        pending = PendingImport.objects.create(person=user, holder=holder)
    try:
        for part in _batches(history):
            deadline.check()
            with transaction.atomic():
                # On SQLite the write lock is held from here (BEGIN IMMEDIATE) to the commit;
                # time spent waiting for it, behind other people's writes, is not counted.
                started = time.monotonic()
                insert(holder, part)
            if connection.vendor == "sqlite":
                time.sleep(time.monotonic() - started)
            if after_batch:
                after_batch()
        with transaction.atomic():
            # The person may have logged something while the batches went in.
            if user.checkins.exists() or user.stretch_sessions.exists() or user.activities.exists():
                raise ValidationError(
                    "You logged something while the file was being imported, so nothing was "
                    "imported. Delete what you logged, or use a new account, and import again."
                )
            for model in HANDED_OVER:
                model._default_manager.filter(user=holder).update(user=user)
            profile, fields = settings
            profile.save(update_fields=fields)
            holder.delete()
            journal_changed(user)
    except BaseException:
        _discard(pending, time.monotonic() + cleanup_seconds)
        raise


# The records an import hands over: their children (entries, scores, openings) go with them.
HANDED_OVER = (
    SorenessCheckin,
    StretchSession,
    RedFlagResolution,
    RedFlagReport,
    RedFlagScreen,
    Activity,
    ActivityRating,
    ReportShare,
)


def remove_abandoned_imports() -> None:
    """Remove imports cut off half-way (the server stopped mid-import), with their rows."""
    cutoff = timezone.now() - ABANDONED_AFTER
    for pending in PendingImport.objects.filter(started__lt=cutoff).select_related("holder"):
        _discard(pending)


def _discard(pending: PendingImport, until: float | None = None) -> None:
    """Remove an unfinished import's rows, a batch at a time, then its holder account. Past
    `until` (a time.monotonic()), leave the rest for the next import to start (they are out of
    the person's sight either way)."""
    holder = pending.holder
    owned: list[tuple[type[models.Model], str]] = [
        (SessionEntry, "session__user"),
        (StretchSession, "user"),
        (RedFlagReport, "user"),
        (SorenessCheckin, "user"),
        (RedFlagResolution, "user"),
        (RedFlagScreen, "user"),
        (ActivityScore, "rating__user"),
        (ActivityRating, "user"),
        (Activity, "user"),
        (ShareOpening, "share__user"),
        (ReportShare, "user"),
    ]
    for model, owner in owned:
        while True:
            if until is not None and time.monotonic() > until:
                PendingImport.objects.filter(pk=pending.pk).update(started=ABANDONED)
                return
            with transaction.atomic():
                rows = model._default_manager.filter(**{owner: holder})
                ids = list(rows.values_list("pk", flat=True)[:BATCH_ROWS])
                if not ids:
                    break
                model._default_manager.filter(pk__in=ids).delete()
    User.objects.filter(pk=holder.pk).delete()


# What an import writes in batches, in this order (every activity before any week of scores, so
# a score's activity is saved before it); a tuple is a row with its children, counted together.
BATCHED = ("checkins", "sessions", "resolutions", "activities", "ratings", "shares")


def _batches(history: History) -> Iterator[History]:
    """Consecutive parts of `history` of about BATCH_ROWS rows (a session with its entries)."""
    part, rows = History(), 0
    for kind in BATCHED:
        for item in getattr(history, kind):
            getattr(part, kind).append(item)
            rows += 1 + len(item[1]) if isinstance(item, tuple) else 1
            if rows >= BATCH_ROWS:
                yield part
                part, rows = History(), 0
    # The reports and screens last, with the check-ins they name already written.
    part.reports, part.screens = history.reports, history.screens
    rows += len(history.reports) + len(history.screens)
    if rows:
        yield part
