"""A person's data in their own hands: export as JSON or CSV, and import the JSON back.

The JSON document holds everything a person logged; importing it into an empty account
restores it exactly (tests/test_transfer.py round-trips it).
"""

import csv
import datetime as dt
import io
import zipfile

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from journal import queries
from journal.models import Profile, Routine, SessionEntry, SorenessCheckin, Stretch, StretchSession

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


def import_document(user: User, document: object) -> tuple[int, int]:
    """Restore an exported document into an account with no check-ins or sessions.

    Every record is checked before anything is written, and all of it is written in one
    transaction: an import either restores everything or changes nothing. Returns the
    numbers of check-ins and sessions restored; raises ValidationError with what is wrong.
    """
    if user.checkins.exists() or user.stretch_sessions.exists():
        raise ValidationError(
            "Import only works into an account with no check-ins or sessions yet, so that "
            "nothing you logged is overwritten."
        )
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError("That file is not a Stretchlog export.")
    if document.get("version") != VERSION:
        raise ValidationError(
            f"That export is version {document.get('version')}; this is {VERSION}."
        )

    errors: list[str] = []
    stretches = {s.slug: s for s in Stretch.objects.all()}
    routines = {r.slug: r for r in Routine.objects.all()}
    profile = _profile(user, document.get("profile"), errors)
    checkins = [_checkin(user, n, row, errors) for n, row in enumerate(_list(document, "checkins"))]
    dates = [c.date for c in checkins if c is not None]
    if len(dates) != len(set(dates)):
        errors.append("Two check-ins share a date; there can be one a day.")
    sessions = [
        _session(user, n, row, stretches, routines, errors)
        for n, row in enumerate(_list(document, "sessions"))
    ]
    if errors:
        shown = errors[:MAX_ERRORS]
        if len(errors) > MAX_ERRORS:
            shown.append(f"… and {len(errors) - MAX_ERRORS} more.")
        raise ValidationError(shown)

    with transaction.atomic():
        profile.save()
        SorenessCheckin.objects.bulk_create(checkins)
        for session, entries in sessions:
            session.save()
            for entry in entries:
                entry.session = session
            SessionEntry.objects.bulk_create(entries)
    return len(checkins), len(sessions)


def _list(document: dict, key: str) -> list:
    value = document.get(key, [])
    if not isinstance(value, list):
        raise ValidationError(f"“{key}” should be a list.")
    return value


def _check(instance, label: str, errors: list[str], exclude: list[str]) -> None:
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.append(f"{label}: {field}: {' '.join(messages)}")


def _profile(user: User, row: object, errors: list[str]) -> Profile:
    profile = user.profile
    if isinstance(row, dict):
        for name in PROFILE_FIELDS:
            if name in row:
                setattr(profile, name, row[name])
        _check(profile, "Settings", errors, exclude=["user"])
    return profile


def _checkin(user: User, n: int, row: object, errors: list[str]) -> SorenessCheckin | None:
    if not isinstance(row, dict):
        errors.append(f"Check-in {n + 1}: not a record.")
        return None
    checkin = SorenessCheckin(user=user, **{k: row[k] for k in CHECKIN_FIELDS if k in row})
    if "created" in row:
        checkin.created = row["created"]
    _check(checkin, f"Check-in {n + 1} ({row.get('date')})", errors, exclude=["user"])
    return checkin


def _session(user, n, row, stretches, routines, errors):
    label = f"Session {n + 1} ({row.get('date') if isinstance(row, dict) else '?'})"
    if not isinstance(row, dict):
        errors.append(f"{label}: not a record.")
        return None, []
    session = StretchSession(user=user, **{k: row[k] for k in SESSION_FIELDS if k in row})
    session.routine = routines.get(row.get("routine"))
    if "created" in row:
        session.created = row["created"]
    _check(session, label, errors, exclude=["user", "routine"])
    entries = []
    for m, item in enumerate(row.get("entries") or []):
        stretch = stretches.get(item.get("stretch")) if isinstance(item, dict) else None
        if stretch is None:
            errors.append(f"{label}, entry {m + 1}: no stretch “{item}” in the library.")
            continue
        entry = SessionEntry(stretch=stretch, **{k: item[k] for k in ENTRY_FIELDS if k in item})
        _check(entry, f"{label}, entry {m + 1}", errors, exclude=["session", "stretch"])
        entries.append(entry)
    return session, entries
