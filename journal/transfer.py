"""A person's data in their own hands: export as JSON or CSV, and import the JSON back.

The JSON document holds everything a person's journal holds, each record in its one shape
(journal/records/); importing it into an empty account restores it exactly, and exporting that
account again gives the same document (tests/test_transfer.py). An import is checked record by
record before anything is written, and written in short batches that the person only sees once
all are in (journal/records/imports.py). Files of version 1 (before resolutions and the
answers' times were exported) import too.
"""

import csv
import datetime as dt
import io
import json
import logging
import math
import time
import zipfile
import zoneinfo
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from journal import queries, records
from journal.models import MAX_ACTIVE_ACTIVITIES, Profile
from journal.records.imports import Deadline, History

logger = logging.getLogger(__name__)

FORMAT = "stretchlog"
VERSION = 2
READS_VERSIONS = (1, 2)
MAX_ERRORS = 10
# What an import sets of the person's profile: everything its shape holds.
PROFILE_FIELDS = [
    *records.profiles.SETTINGS_FIELDS,
    *records.profiles.REPORT_FIELDS,
    *records.profiles.ANSWER_FIELDS,
]


def export_document(user: User) -> dict:
    """Everything the person's journal holds, as plain JSON-ready data."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "profile": records.profiles.shape(user.profile),
        "checkins": [records.checkins.shape(c) for c in user.checkins.order_by("date")],
        "sessions": [
            records.sessions.shape(s)
            for s in queries.sessions_with_entries(user).order_by("date", "created", "id")
        ],
        "resolutions": [
            records.flags.shape(r)
            for r in user.flag_resolutions.order_by("resolved_on", "created", "id")
        ],
        "reports": [records.flags.report_shape(r) for r in queries.report_records(user)],
        "screens": [
            records.flags.screen_shape(s)
            for s in user.flag_screens.order_by("answered_on", "answered_at", "id")
        ],
        **activities_and_shares(user),
    }


def activities_and_shares(user: User) -> dict:
    """The weekly activities score (the activities, then each week's scores) and the links
    made for a clinician (their settings and openings, never their secrets)."""
    activities = list(queries.activities(user))
    keys = {activity.pk: activity.key for activity in activities}
    return {
        "activities": [records.activities.shape(a) for a in activities],
        "activity_ratings": [
            records.activities.rating_shape(r, keys)
            for r in queries.activity_ratings(user).order_by("date")
        ],
        "shares": [
            records.shares.shape(s)
            for s in queries.shares_with_openings(user).order_by("created", "id")
        ],
    }


def csv_zip(user: User) -> bytes:
    """The same data as CSV files, one a kind of record, in a zip; a session's entries are in
    entries.csv, each with the number of its session in sessions.csv."""
    document = export_document(user)
    sessions = [
        {"session": n, **{k: v for k, v in s.items() if k != "entries"}}
        for n, s in enumerate(document["sessions"], start=1)
    ]
    entries = [
        {"session": n, "date": s["date"], **entry}
        for n, s in enumerate(document["sessions"], start=1)
        for entry in s["entries"]
    ]
    names = {a["key"]: a["name"] for a in document["activities"]}
    scores = [
        {
            "date": r["date"],
            "activity": names[s["activity"]],
            "key": s["activity"],
            "score": s["score"],
        }
        for r in document["activity_ratings"]
        for s in r["scores"]
    ]
    shares = [{k: v for k, v in s.items() if k != "openings"} for s in document["shares"]]
    openings = [
        {"share": n, **opening}
        for n, s in enumerate(document["shares"], start=1)
        for opening in s["openings"]
    ]
    files = {
        "profile.csv": [document["profile"]],
        "checkins.csv": document["checkins"],
        "sessions.csv": sessions,
        "entries.csv": entries,
        "resolutions.csv": document["resolutions"],
        "activities.csv": document["activities"],
        "activity_scores.csv": scores,
        "shares.csv": [{"share": n, **s} for n, s in enumerate(shares, start=1)],
        "share_openings.csv": openings,
    }
    empty = {  # the columns of a file with no rows yet
        "checkins.csv": records.checkins.FIELDS,
        "sessions.csv": ["session", *records.sessions.SESSION_FIELDS],
        "entries.csv": ["session", "date", "stretch", *records.sessions.ENTRY_FIELDS],
        "resolutions.csv": records.flags.FIELDS,
        "activities.csv": ["key", "name", "created", "retired_on"],
        "activity_scores.csv": ["date", "activity", "key", "score"],
        "shares.csv": ["share", *records.shares.FIELDS, "created", "expires", "revoked"],
        "share_openings.csv": ["share", "opened", *records.shares.OPENING_FIELDS],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in files.items():
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=list(rows[0]) if rows else empty[name])
            writer.writeheader()
            writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in rows)
            archive.writestr(name, text.getvalue())
    return buffer.getvalue()


# A cell starting with one of these is read by spreadsheets as a formula (OWASP, "CSV
# Injection"): =HYPERLINK(...) in a note would be a live link, or worse, once opened.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A text cell that a spreadsheet would take as a formula, with a ' in front so that it is
    shown as the text it is, as OWASP's guidance on CSV injection advises; other values as they
    are. Only the CSV files get this: the JSON export keeps every note exactly."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


# What one import takes at most. A file over these is refused before anything is checked, so
# that no import keeps a request busy past its time. Check-ins: one a day from 2000 is under
# 10,000. Sessions and entries: five years of two sessions a day, seven stretches each, with
# room to spare.
MAX_CHECKINS = 10_000
MAX_SESSIONS = 10_000
MAX_ENTRIES = 40_000
# However busy the server, an import gives up (and writes nothing) before a request's time runs
# out: gunicorn ends a worker after 30 s. It stops checking and writing after TIME_LIMIT_SECONDS
# and spends at most CLEAN_UP_SECONDS more removing what it wrote; anything left then is
# removed by the next import to start.
TIME_LIMIT_SECONDS = 20
CLEAN_UP_SECONDS = 5


class ImportInterrupted(Exception):
    """Raised by tests between two batches, as if the server stopped there."""


TOO_SLOW = (
    "The server is too busy to import that file in time, so nothing was imported. "
    "Please try again in a few minutes."
)


def deadline(seconds: float = TIME_LIMIT_SECONDS) -> Deadline:
    return Deadline(seconds, TOO_SLOW)


@dataclass
class CheckedImport:
    """A file that passed every check: unsaved records, ready to write, and the profile with
    the file's settings set on it."""

    profile: Profile
    history: History


def read_json(content: bytes) -> object:
    """The file's JSON, strictly: no duplicate keys, no NaN or Infinity, no number too large
    for a float, no nesting deeper than Python can follow. Raises ValidationError."""

    def unique_keys(pairs: list[tuple[str, object]]) -> dict:
        record = {}
        for key, value in pairs:
            if key in record:
                raise ValidationError(f"The key “{key[:40]}” appears twice in one record.")
            record[key] = value
        return record

    def no_constant(name: str) -> None:
        raise ValidationError(f"“{name}” is not a number a Stretchlog export holds.")

    def finite(text: str) -> float:
        number = float(text)
        if not math.isfinite(number):
            raise ValidationError(f"The number {text[:40]} is too large.")
        return number

    try:
        return json.loads(
            content, object_pairs_hook=unique_keys, parse_constant=no_constant, parse_float=finite
        )
    except RecursionError:
        raise ValidationError("That file is nested too deeply to be a Stretchlog export.") from None
    except UnicodeDecodeError:
        raise ValidationError("That file is not valid JSON: it is not UTF-8 text.") from None
    except json.JSONDecodeError as error:
        raise ValidationError(
            f"That file is not valid JSON (line {error.lineno}, column {error.colno})."
        ) from None
    except ValueError as error:  # a whole number of thousands of digits, say
        raise ValidationError(f"That file is not valid JSON: {str(error)[:80]}") from None


def import_document(user: User, document: object) -> tuple[int, int]:
    """Check a parsed export and write it into the person's empty account (see
    records.imports.write_import). Returns the numbers of check-ins and sessions restored;
    raises ValidationError."""
    limit = deadline()
    started = time.monotonic()
    checked = check_import(user, document, limit)
    checked_at = time.monotonic()
    write_import(user, checked, limit)
    counts = len(checked.history.checkins), len(checked.history.sessions)
    logger.info(
        "Import of %s check-ins and %s sessions: checked in %.1f s, written in %.1f s",
        *counts,
        checked_at - started,
        time.monotonic() - checked_at,
    )
    return counts


def write_import(
    user: User,
    checked: CheckedImport,
    limit: Deadline | None = None,
    after_batch: Callable[[], None] | None = None,
) -> None:
    settings = (checked.profile, PROFILE_FIELDS)
    records.imports.write_import(
        user, checked.history, settings, limit or deadline(), CLEAN_UP_SECONDS, after_batch
    )


def check_import(user: User, document: object, limit: Deadline | None = None) -> CheckedImport:
    """Check every record of an export as the database would, before anything is written.
    Raises ValidationError with what is wrong and where: the record's number and the field (at
    most MAX_ERRORS of them). Nothing of the file is left out: a file that cannot be read whole
    is refused whole."""
    if user.checkins.exists() or user.stretch_sessions.exists() or user.activities.exists():
        raise ValidationError(
            "Import only works into an account with no check-ins, sessions or activities yet, "
            "so that nothing you logged is overwritten."
        )
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError("That file is not a Stretchlog export.")
    if document.get("version") not in READS_VERSIONS:
        said = document.get("version")
        which = "does not say its version" if said is None else f"is version {str(said)[:20]}"
        raise ValidationError(
            f"That export {which}; this Stretchlog reads versions 1 to {VERSION}."
        )
    known = {
        "format",
        "version",
        "exported_at",
        "profile",
        "checkins",
        "sessions",
        "resolutions",
        "reports",
        "screens",
        # Since the weekly activities score and the clinician's links; older files have none.
        "activities",
        "activity_ratings",
        "shares",
    }
    unknown = sorted(str(key)[:40] for key in document.keys() - known)
    if unknown:
        raise ValidationError(
            f"That file holds “{unknown[0]}”, which this Stretchlog does not know, so the file "
            "was not imported, not any of it: a file comes in whole or not at all. Is it from a "
            "newer Stretchlog?"
        )
    checkin_rows = _list(document, "checkins")
    session_rows = _list(document, "sessions")
    resolution_rows = _list(document, "resolutions")
    if (
        len(checkin_rows) > MAX_CHECKINS
        or len(session_rows) > MAX_SESSIONS
        or len(resolution_rows) > MAX_CHECKINS
    ):
        raise ValidationError(
            f"That file holds {len(checkin_rows):,} check-ins and {len(session_rows):,} "
            f"sessions; an import takes at most {MAX_CHECKINS:,} of each."
        )
    entry_count = sum(
        len(row["entries"])
        for row in session_rows
        if isinstance(row, dict) and isinstance(row.get("entries"), list)
    )
    if entry_count > MAX_ENTRIES:
        raise ValidationError(
            f"That file holds {entry_count:,} stretches done in sessions; an import takes at "
            f"most {MAX_ENTRIES:,}."
        )

    limit = limit or deadline()
    errors: list[str] = []
    profile = records.profiles.read(
        document.get("profile", {}), user.profile, label="Settings", errors=errors
    )
    # A record is for a day still to come only if that day has begun nowhere: a journal kept in
    # a zone ahead of the one it is imported into can hold that zone's today, a day ahead here.
    today = timezone.now().astimezone(FIRST_ZONE_TO_A_NEW_DAY).date()
    history = History()
    for n, row in enumerate(checkin_rows, start=1):
        if n % 500 == 0:
            limit.check()
        checkin = records.checkins.read(row, today=today, label=f"Check-in {n}", errors=errors)
        if checkin is not None:
            history.checkins.append(checkin)
    dates = Counter(c.date for c in history.checkins)
    for day, count in sorted(dates.items()):
        if count > 1:
            errors.append(f"{count} check-ins are for {day.isoformat()}; there can be one a day.")
    reader = records.sessions.Reader(today)
    for n, row in enumerate(session_rows, start=1):
        if n % 200 == 0:
            limit.check()
        session = reader.read(row, f"Session {n}", errors)
        if session is not None:
            history.sessions.append(session)
    for n, row in enumerate(resolution_rows, start=1):
        resolution = records.flags.read(row, today=today, label=f"Resolution {n}", errors=errors)
        if resolution is not None:
            history.resolutions.append(resolution)
    for n, row in enumerate(_list(document, "reports"), start=1):
        report = records.flags.read_report(row, today=today, label=f"Report {n}", errors=errors)
        if report is not None:
            history.reports.append(report)
    for n, row in enumerate(_list(document, "screens"), start=1):
        screen = records.flags.read_screen(row, today=today, label=f"Screen {n}", errors=errors)
        if screen is not None:
            history.screens.append(screen)
    if "reports" not in document:
        # An older file: every "yes" in its check-ins becomes a report, as the app does now.
        history.reports = records.flags.reports_of(history.checkins)
    read_activities_and_shares(document, history, today, errors)
    ids = [
        ("check-in", [c.client_id for c in history.checkins]),
        ("session", [s.client_id for s, _ in history.sessions]),
    ]
    for kind, client_ids in ids:
        if any(n > 1 for n in Counter(i for i in client_ids if i is not None).values()):
            errors.append(f"Two {kind}s have the same “client_id”; each record has its own.")
    if errors:
        shown = errors[:MAX_ERRORS]
        if len(errors) > MAX_ERRORS:
            shown.append(f"… and {len(errors) - MAX_ERRORS:,} more.")
        raise ValidationError(shown)
    return CheckedImport(profile=profile, history=history)


# UTC+14: no place has a later date.
FIRST_ZONE_TO_A_NEW_DAY = zoneinfo.ZoneInfo("Pacific/Kiritimati")
MAX_ACTIVITIES = 100
MAX_SHARES = 1_000
MAX_OPENINGS = 10_000


def read_activities_and_shares(
    document: dict, history: History, today: dt.date, errors: list[str]
) -> None:
    """The file's activities, weeks of scores and links, checked and added to `history`."""
    activity_rows = _list(document, "activities")
    rating_rows = _list(document, "activity_ratings")
    share_rows = _list(document, "shares")
    opening_count = sum(
        len(row["openings"])
        for row in share_rows
        if isinstance(row, dict) and isinstance(row.get("openings"), list)
    )
    if (
        len(activity_rows) > MAX_ACTIVITIES
        or len(rating_rows) > MAX_CHECKINS
        or len(share_rows) > MAX_SHARES
        or opening_count > MAX_OPENINGS
    ):
        raise ValidationError(
            f"That file holds more than an import takes: at most {MAX_ACTIVITIES} activities, "
            f"{MAX_CHECKINS:,} weeks of scores, {MAX_SHARES:,} links and {MAX_OPENINGS:,} "
            "openings of them."
        )
    for n, row in enumerate(activity_rows, start=1):
        activity = records.activities.read(row, today=today, label=f"Activity {n}", errors=errors)
        if activity is not None:
            history.activities.append(activity)
    by_key = {activity.key: activity for activity in history.activities}
    if len(by_key) < len(history.activities):
        errors.append("Two activities have the same “key”; each activity has its own.")
    in_use = [a.name for a in history.activities if a.retired_on is None]
    if len(in_use) > MAX_ACTIVE_ACTIVITIES:
        errors.append(
            f"{len(in_use)} activities are in use; at most {MAX_ACTIVE_ACTIVITIES} are scored "
            "at a time."
        )
    if len(set(in_use)) < len(in_use):
        errors.append("Two activities in use have the same name.")
    for n, row in enumerate(rating_rows, start=1):
        rating = records.activities.read_rating(
            row, by_key, today=today, label=f"Week of scores {n}", errors=errors
        )
        if rating is not None:
            history.ratings.append(rating)
    days = Counter(rating.date for rating, _ in history.ratings)
    for day, count in sorted(days.items()):
        if count > 1:
            errors.append(f"{count} weeks of scores are for {day.isoformat()}; one a day.")
    for n, row in enumerate(share_rows, start=1):
        share = records.shares.read(row, today=today, label=f"Link {n}", errors=errors)
        if share is not None:
            history.shares.append(share)


def _list(document: dict, key: str) -> list:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise ValidationError(f"“{key}” should be a list.")
    return value
