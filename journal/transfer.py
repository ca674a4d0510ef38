"""A person's data in their own hands: export as JSON or CSV, and import the JSON back.

The JSON document holds everything a person logged; importing it into an empty account
restores it exactly (tests/test_transfer.py round-trips it). An import is checked record by
record with the site's own forms before anything is written, and written in short batches
that the person only sees once all are in (write_import).
"""

import copy
import csv
import datetime as dt
import io
import json
import logging
import math
import time
import uuid
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from journal import queries
from journal.forms import (
    ImportedCheckinForm,
    ImportedEntryForm,
    ImportedProfileForm,
    ImportedSessionForm,
    stretch_by_slug,
)
from journal.models import (
    PendingImport,
    Profile,
    Routine,
    SessionEntry,
    SorenessCheckin,
    Stretch,
    StretchSession,
)

logger = logging.getLogger(__name__)

FORMAT = "stretchlog"
VERSION = 1
CHECKIN_FIELDS = ["date", "soreness", "stiffness", "note", *SorenessCheckin.RED_FLAG_FIELDS]
SESSION_FIELDS = ["date", "note"]
ENTRY_FIELDS = ["hold_seconds", "reps", "sets", "side", "pain_during", "note"]
PROFILE_FIELDS = ["time_zone", "worsening_threshold", "sore_threshold"]
MAX_ERRORS = 10


def export_document(user: User) -> dict:
    """Everything the person logged, as plain JSON-ready data."""
    profile = user.profile
    sessions = queries.sessions_with_entries(user)
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "profile": {name: getattr(profile, name) for name in PROFILE_FIELDS},
        "checkins": [
            {
                **{name: _plain(getattr(c, name)) for name in CHECKIN_FIELDS},
                "created": c.created.isoformat(),
            }
            for c in user.checkins.order_by("date")
        ],
        "sessions": [
            {
                **{name: _plain(getattr(s, name)) for name in SESSION_FIELDS},
                "routine": s.routine.slug if s.routine else None,
                "created": s.created.isoformat(),
                "entries": [
                    {"stretch": e.stretch.slug, **{name: getattr(e, name) for name in ENTRY_FIELDS}}
                    for e in s.entries.all()
                ],
            }
            for s in sessions.order_by("date", "created", "id")
        ],
    }


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def csv_zip(user: User) -> bytes:
    """The same data as CSV files, one a kind, in a zip."""
    document = export_document(user)
    files = {
        "profile.csv": [document["profile"]],
        "checkins.csv": document["checkins"],
        "sessions.csv": [
            {"session": n, **{k: v for k, v in s.items() if k != "entries"}}
            for n, s in enumerate(document["sessions"], start=1)
        ],
        "entries.csv": [
            {"session": n, "date": s["date"], **entry}
            for n, s in enumerate(document["sessions"], start=1)
            for entry in s["entries"]
        ],
    }
    headers = {
        "profile.csv": PROFILE_FIELDS,
        "checkins.csv": [*CHECKIN_FIELDS, "created"],
        "sessions.csv": ["session", *SESSION_FIELDS, "routine", "created"],
        "entries.csv": ["session", "date", "stretch", *ENTRY_FIELDS],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in files.items():
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=headers[name])
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
# Rows written per transaction: each holds the database's write lock (all of it, on SQLite)
# for a few milliseconds, and other people's check-ins go in between.
BATCH_ROWS = 500
# However busy the server, an import gives up (and writes nothing) before a request's time runs
# out: gunicorn ends a worker after 30 s. It stops checking and writing after TIME_LIMIT_SECONDS
# and spends at most CLEAN_UP_SECONDS more removing what it wrote; anything left then is
# removed by the next import to start.
TIME_LIMIT_SECONDS = 20
CLEAN_UP_SECONDS = 5
# An import takes seconds; one left unfinished longer than this was cut off, and its rows go.
ABANDONED_AFTER = dt.timedelta(hours=1)
# What an import that ran out of time to clean up marks itself with, for the next one to remove.
ABANDONED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


class ImportInterrupted(Exception):
    """Raised by tests between two batches, as if the server stopped there."""


TOO_SLOW = (
    "The server is too busy to import that file in time, so nothing was imported. "
    "Please try again in a few minutes."
)


@dataclass
class Deadline:
    """When an import must stop trying, counted from when it started."""

    at: float

    @classmethod
    def from_now(cls, seconds: float = TIME_LIMIT_SECONDS) -> "Deadline":
        return cls(time.monotonic() + seconds)

    def passed(self) -> bool:
        return time.monotonic() > self.at

    def check(self) -> None:
        if self.passed():
            raise ValidationError(TOO_SLOW)


@dataclass
class CheckedImport:
    """A file that passed every check: unsaved rows, ready to write."""

    profile: Profile
    checkins: list[SorenessCheckin]
    sessions: list[tuple[StretchSession, list[SessionEntry]]]


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
    """Check a parsed export and write it into the person's empty account (see write_import).
    Returns the numbers of check-ins and sessions restored; raises ValidationError."""
    deadline = Deadline.from_now()
    started = time.monotonic()
    checked = check_import(user, document, deadline)
    checked_at = time.monotonic()
    counts = write_import(user, checked, deadline=deadline)
    logger.info(
        "Import of %s check-ins and %s sessions: checked in %.1f s, written in %.1f s",
        *counts,
        checked_at - started,
        time.monotonic() - checked_at,
    )
    return counts


def check_import(user: User, document: object, deadline: Deadline | None = None) -> CheckedImport:
    """Check every record of an export with the forms people use on the site, before anything
    is written. Raises ValidationError with what is wrong and where: the record's number and
    the field (at most MAX_ERRORS of them)."""
    if user.checkins.exists() or user.stretch_sessions.exists():
        raise ValidationError(
            "Import only works into an account with no check-ins or sessions yet, so that "
            "nothing you logged is overwritten."
        )
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError("That file is not a Stretchlog export.")
    if document.get("version") != VERSION:
        version = str(document.get("version"))[:20]
        raise ValidationError(f"That export is version {version}; this is {VERSION}.")
    checkin_rows = _list(document, "checkins")
    session_rows = _list(document, "sessions")
    if len(checkin_rows) > MAX_CHECKINS or len(session_rows) > MAX_SESSIONS:
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

    deadline = deadline or Deadline.from_now()
    errors: list[str] = []
    profile = _profile(user, document.get("profile"), errors)
    today = profile.today() if not errors else user.profile.today()
    checkins = []
    for n, row in enumerate(checkin_rows, start=1):
        if n % 500 == 0:
            deadline.check()
        checkin = _checkin(user, today, f"Check-in {n}", row, errors)
        if checkin is not None:
            checkins.append(checkin)
    dates = Counter(c.date for c in checkins)
    for day, count in sorted(dates.items()):
        if count > 1:
            errors.append(f"{count} check-ins are for {day.isoformat()}; there can be one a day.")
    entries = EntryChecker({s.slug: s for s in Stretch.objects.all()})
    routines = {r.slug: r for r in Routine.objects.all()}
    sessions = []
    for n, row in enumerate(session_rows, start=1):
        if n % 200 == 0:
            deadline.check()
        session = _session(today, f"Session {n}", row, entries, routines, errors)
        if session is not None:
            sessions.append(session)
    if errors:
        shown = errors[:MAX_ERRORS]
        if len(errors) > MAX_ERRORS:
            shown.append(f"… and {len(errors) - MAX_ERRORS:,} more.")
        raise ValidationError(shown)
    return CheckedImport(profile=profile, checkins=checkins, sessions=sessions)


def write_import(
    user: User, checked: CheckedImport, after_batch=None, deadline: Deadline | None = None
) -> tuple[int, int]:
    """Write a checked import so that it never holds up anyone else and the person sees all of
    it or none of it.

    The rows go in BATCH_ROWS at a time, each batch in its own short transaction, owned by a
    holder account nobody can sign in to (models.PendingImport). On SQLite, which has one
    write lock for the whole database, the import waits after each batch as long as the batch
    took, so that other writers get the lock at least half the time. When every batch is in,
    one short transaction hands all the rows to the person and saves their settings. If
    anything fails on the way, the holder and its rows are removed; an import cut off with
    the server itself is removed by the next import to start (after ABANDONED_AFTER).
    An import still writing at its deadline stops there and is removed the same way.
    `after_batch` is for tests: called after each batch is committed.
    """
    deadline = deadline or Deadline.from_now()
    remove_abandoned_imports()
    holder = User(username=f"import-{uuid.uuid4().hex}", is_active=False)
    holder.set_unusable_password()
    with transaction.atomic():
        holder.save()
        Profile.objects.create(user=holder)
        pending = PendingImport.objects.create(person=user, holder=holder)
    try:
        for batch in _batches(checked.checkins):
            deadline.check()
            _write_batch(_write_checkins, holder, batch)
            if after_batch:
                after_batch()
        for batch in _batches(checked.sessions):
            deadline.check()
            _write_batch(_write_sessions, holder, batch)
            if after_batch:
                after_batch()
        with transaction.atomic():
            # The person may have logged something while the batches went in.
            if user.checkins.exists() or user.stretch_sessions.exists():
                raise ValidationError(
                    "You logged something while the file was being imported, so nothing was "
                    "imported. Delete what you logged, or use a new account, and import again."
                )
            SorenessCheckin.objects.filter(user=holder).update(user=user)
            StretchSession.objects.filter(user=holder).update(user=user)
            checked.profile.save(update_fields=PROFILE_FIELDS)
            holder.delete()
    except BaseException:
        _discard(pending, Deadline.from_now(CLEAN_UP_SECONDS))
        raise
    return len(checked.checkins), len(checked.sessions)


def remove_abandoned_imports() -> None:
    """Remove imports cut off half-way (the server stopped mid-import), with their rows."""
    cutoff = timezone.now() - ABANDONED_AFTER
    for pending in PendingImport.objects.filter(started__lt=cutoff).select_related("holder"):
        _discard(pending)


def _discard(pending: PendingImport, deadline: Deadline | None = None) -> None:
    """Remove an unfinished import's rows, a batch at a time, then its holder account. Past
    `deadline`, leave the rest for the next import to start (they are out of the person's
    sight either way)."""
    holder = pending.holder
    for model, owner in [
        (SessionEntry, "session__user"),
        (StretchSession, "user"),
        (SorenessCheckin, "user"),
    ]:
        while True:
            if deadline and deadline.passed():
                PendingImport.objects.filter(pk=pending.pk).update(started=ABANDONED)
                return
            with transaction.atomic():
                ids = list(model.objects.filter(**{owner: holder}).values_list("pk")[:BATCH_ROWS])
                if not ids:
                    break
                model.objects.filter(pk__in=[pk for (pk,) in ids]).delete()
    User.objects.filter(pk=holder.pk).delete()


def _batches(items: list) -> Iterator[list]:
    """Consecutive slices of `items` of about BATCH_ROWS rows (a session counts with its
    entries)."""
    batch, rows = [], 0
    for item in items:
        batch.append(item)
        rows += 1 + len(item[1]) if isinstance(item, tuple) else 1
        if rows >= BATCH_ROWS:
            yield batch
            batch, rows = [], 0
    if batch:
        yield batch


def _write_batch(write, holder: User, batch: list) -> None:
    with transaction.atomic():
        # On SQLite the write lock is held from here (BEGIN IMMEDIATE) to the commit; time spent
        # waiting for it, behind other people's writes, is not counted.
        started = time.monotonic()
        write(holder, batch)
    held = time.monotonic() - started
    if connection.vendor == "sqlite":
        time.sleep(held)


def _write_checkins(holder: User, checkins: list[SorenessCheckin]) -> None:
    for checkin in checkins:
        checkin.user = holder
    SorenessCheckin.objects.bulk_create(checkins)


def _write_sessions(holder: User, batch: list[tuple[StretchSession, list[SessionEntry]]]) -> None:
    for session, _ in batch:
        session.user = holder
    StretchSession.objects.bulk_create([session for session, _ in batch])
    for session, entries in batch:
        for entry in entries:
            entry.session = session
    SessionEntry.objects.bulk_create([entry for _, entries in batch for entry in entries])


# Checking one record: its values must have the JSON types an export writes, then the web
# form for that kind of record must accept them.


def _list(document: dict, key: str) -> list:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise ValidationError(f"“{key}” should be a list.")
    return value


def _form_data(row: dict, form_class: type[forms.ModelForm], label: str, errors: list[str]):
    """The record as a form would receive it from a browser, or None (with errors added) when
    a value has the wrong JSON type: a whole number where one belongs, true or false for a
    yes/no question, text for dates, notes and choices, null where a field may be empty."""
    data: dict[str, object] = {}
    ok = True
    model = form_class._meta.model
    for name, field in form_class.base_fields.items():
        if name not in row:
            continue
        value = row[name]
        kind = model._meta.get_field(name)
        if isinstance(kind, models.BooleanField):
            expected, ok_type = "true or false", isinstance(value, bool)
        elif isinstance(kind, models.IntegerField):
            expected = "a whole number"
            ok_type = isinstance(value, int) and not isinstance(value, bool)
        else:  # dates, text, choices and stretches (by their slug)
            expected, ok_type = "text", isinstance(value, str)
        if value is None and not field.required and not isinstance(field, forms.BooleanField):
            data[name] = ""
        elif not ok_type:
            errors.append(f"{label}, “{name}”: should be {expected}, not {_json_kind(value)}.")
            ok = False
        else:
            # What a browser sends: text for numbers; a checkbox's value as it is.
            data[name] = value if isinstance(value, bool | str) else str(value)
    return data if ok else None


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


def _form_errors(form: forms.BaseForm, label: str, errors: list[str]) -> bool:
    """Add the form's errors, each with the record and field; True when there were none."""
    for field, messages in form.errors.items():
        where = f"{label}, “{field}”" if field != "__all__" else label
        errors.append(f"{where}: {' '.join(messages)}")
    return not form.errors


def _created(row: dict, label: str, errors: list[str]) -> dt.datetime | None:
    value = row.get("created")
    if value is None:
        return timezone.now()
    try:
        moment = parse_datetime(value) if isinstance(value, str) and len(value) < 40 else None
    except ValueError:  # well formed, but no such moment: 2026-02-30T08:00
        moment = None
    if moment is None:
        errors.append(f"{label}, “created”: should be a date and time like 2026-01-31T08:00:00Z.")
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, dt.UTC)


def _profile(user: User, row: object, errors: list[str]) -> Profile:
    profile = user.profile
    if row is None:
        return profile
    if not isinstance(row, dict):
        errors.append("Settings (“profile”): should be an object.")
        return profile
    values = {name: getattr(profile, name) for name in PROFILE_FIELDS}
    data = _form_data(row, ImportedProfileForm, "Settings", errors)
    if data is not None:
        form = ImportedProfileForm(data={**values, **data}, instance=profile)
        _form_errors(form, "Settings", errors)
    return profile


def _checkin(user, today, label, row, errors) -> SorenessCheckin | None:
    if not isinstance(row, dict):
        errors.append(f"{label}: should be an object, not {_json_kind(row)}.")
        return None
    data = _form_data(row, ImportedCheckinForm, label, errors)
    created = _created(row, label, errors)
    if data is None:
        return None
    form = ImportedCheckinForm(data=data, user=user, today=today)
    if not _form_errors(form, label, errors) or created is None:
        return None
    checkin = form.save(commit=False)
    checkin.created = created
    return checkin


def _session(today, label, row, entries_checker, routines, errors):
    if not isinstance(row, dict):
        errors.append(f"{label}: should be an object, not {_json_kind(row)}.")
        return None
    data = _form_data(row, ImportedSessionForm, label, errors)
    created = _created(row, label, errors)
    routine = row.get("routine")
    if routine is not None and not isinstance(routine, str):
        errors.append(f"{label}, “routine”: should be text, not {_json_kind(routine)}.")
    entry_rows = row.get("entries", [])
    if not isinstance(entry_rows, list):
        errors.append(f"{label}, “entries”: should be a list, not {_json_kind(entry_rows)}.")
        entry_rows = []
    entries = []
    for m, item in enumerate(entry_rows, start=1):
        entry = entries_checker.check(f"{label}, entry {m}", item, errors)
        if entry is not None:
            entries.append(entry)
    if data is None:
        return None
    form = ImportedSessionForm(data=data, today=today)
    if not _form_errors(form, label, errors) or created is None:
        return None
    session = form.save(commit=False)
    # A routine since removed from the library leaves the session without one, as deleting
    # it from the library does (on_delete=SET_NULL).
    session.routine = routines.get(routine) if isinstance(routine, str) else None
    session.created = created
    return session, entries


class EntryChecker:
    """Checks the stretches done in sessions with the entry form. Most people log the same few
    stretches the same way day after day, so each distinct record goes through the form once
    and its repeats reuse the answer: a five-year file checks in a fraction of the time."""

    def __init__(self, stretches: dict[str, Stretch]) -> None:
        self.stretch_field = stretch_by_slug(stretches)
        self.seen: dict[tuple, SessionEntry | list[tuple[str, list[str]]]] = {}

    def check(self, label: str, item: object, errors: list[str]) -> SessionEntry | None:
        if not isinstance(item, dict):
            errors.append(f"{label}: should be an object, not {_json_kind(item)}.")
            return None
        data = _form_data(item, ImportedEntryForm, label, errors)
        if data is None:
            return None
        key = tuple(sorted(data.items()))
        answer = self.seen.get(key)
        if answer is None:
            form = ImportedEntryForm(data=data, stretch_field=self.stretch_field)
            answer = form.save(commit=False) if form.is_valid() else list(form.errors.items())
            self.seen[key] = answer
        if isinstance(answer, list):
            for field, messages in answer:
                where = f"{label}, “{field}”" if field != "__all__" else label
                errors.append(f"{where}: {' '.join(messages)}")
            return None
        # A copy of the checked entry, as a new row (Django's way to copy a model instance).
        entry = copy.copy(answer)
        entry._state = ModelState()
        return entry
