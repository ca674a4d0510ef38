"""A stretching session with the stretches done in it: its writes and its shape."""

import copy
import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.db.models.base import ModelState

from journal.models import Routine, SessionEntry, Stretch, StretchSession
from journal.records import shapes
from journal.records.stamp import journal_write

SESSION_FIELDS = ["date", "note"]
ENTRY_FIELDS = ["hold_seconds", "reps", "sets", "side", "pain_during", "note"]


@journal_write
def save(
    user: User,
    session: StretchSession,
    entries: Iterable[SessionEntry],
    *,
    client_id: uuid.UUID | None = None,
) -> StretchSession:
    """Save a new session of `user`'s with the stretches done in it, all or nothing.

    Raises IntegrityError, with nothing written, when a device sent the same record twice.
    """
    session.user = user
    if client_id is not None:
        session.client_id = client_id
    session.save()
    for entry in entries:
        entry.session = session
        entry.save()
    return session


@journal_write
def change(user: User, session: StretchSession) -> StretchSession:
    """Save an edited session's own fields (its date, its note)."""
    assert session.user_id == user.pk
    session.save()
    return session


@journal_write
def delete(user: User, session: StretchSession) -> None:
    assert session.user_id == user.pk
    session.delete()


@journal_write
def add_entry(user: User, session: StretchSession, entry: SessionEntry) -> SessionEntry:
    assert session.user_id == user.pk
    entry.session = session
    entry.save()
    return entry


@journal_write
def change_entry(user: User, entry: SessionEntry) -> SessionEntry:
    assert entry.session.user_id == user.pk
    entry.save()
    return entry


@journal_write
def remove_entry(user: User, entry: SessionEntry) -> bool:
    """Remove one stretch from its session; False, with nothing removed, for the last one: a
    session without a stretch would count as a stretching day with nothing in it."""
    session = entry.session
    assert session.user_id == user.pk
    if session.entries.count() == 1:
        return False
    entry.delete()
    return True


@journal_write
def answer_made_worse(user: User, day: dt.date, slug: str) -> None:
    """The person's answer to "did one of the stretches of `day` make things worse?": the
    stretch with `slug`, or none (""). Once answered, the question is not asked again."""
    if slug:
        SessionEntry.objects.filter(
            session__user=user, session__date=day, stretch__slug=slug
        ).update(made_worse=True)
    user.stretch_sessions.filter(date=day).update(rise_answered=True)


def shape(session: StretchSession) -> dict:
    """The session as JSON, with the stretches done in it, each named by its library slug."""
    return {
        "date": shapes.day_text(session.date),
        "routine": session.routine.slug if session.routine else None,
        "note": session.note,
        "created": shapes.moment_text(session.created),
        "client_id": shapes.uuid_text(session.client_id),
        "rise_answered": session.rise_answered,
        "entries": [entry_shape(entry) for entry in session.entries.all()],
    }


def entry_shape(entry: SessionEntry) -> dict:
    return {
        "stretch": entry.stretch.slug,
        **{name: getattr(entry, name) for name in ENTRY_FIELDS},
        "made_worse": entry.made_worse,
    }


SessionShape = shapes.shape_form(StretchSession, SESSION_FIELDS)


class EntryShape(shapes.ShapeForm):
    # Replaced in __init__ by a field over the library's slugs, made once for a whole file.
    stretch = forms.CharField()

    class Meta:
        model = SessionEntry
        fields = ["stretch", *ENTRY_FIELDS]

    def __init__(self, *args: Any, stretch_field: forms.Field, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stretch"] = stretch_field


def stretch_by_slug(stretches: dict[str, Stretch]) -> forms.Field:
    """An entry's stretch, named by its slug as a shape names it."""
    return forms.TypedChoiceField(
        choices=[(slug, slug) for slug in stretches],
        coerce=stretches.get,
        error_messages={"invalid_choice": "There is no stretch “%(value)s” in the library."},
    )


class Reader:
    """Reads sessions for one file, with the library loaded once. Most people log the same few
    stretches the same way day after day, so each distinct entry is checked once and its
    repeats reuse the answer: a five-year file reads in a fraction of the time."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.stretch_field = stretch_by_slug({s.slug: s for s in Stretch.objects.all()})
        self.routines = {r.slug: r for r in Routine.objects.all()}
        self.seen: dict[tuple, SessionEntry | list[tuple[str, list[str]]]] = {}

    def read(
        self, row: object, label: str, errors: list[str]
    ) -> tuple[StretchSession, list[SessionEntry]] | None:
        """An unsaved session and its entries from the shape, or None with what is wrong."""
        keys = [*SESSION_FIELDS, "routine", "created", "client_id", "rise_answered", "entries"]
        if not shapes.is_object(row, label, errors, keys):
            return None
        assert isinstance(row, dict)
        data = shapes.form_data(row, SessionShape, label, errors)
        created = shapes.read_moment(row, "created", label, errors)
        client_id = shapes.read_uuid(row, "client_id", label, errors)
        answered = shapes.read_yes_no(row, ["rise_answered"], label, errors)
        routine = row.get("routine")
        if routine is not None and not isinstance(routine, str):
            errors.append(f"{label}, “routine”: should be text, not {shapes.json_kind(routine)}.")
        entry_rows = row.get("entries", [])
        if not isinstance(entry_rows, list):
            errors.append(
                f"{label}, “entries”: should be a list, not {shapes.json_kind(entry_rows)}."
            )
            entry_rows = []
        entries = []
        for m, item in enumerate(entry_rows, start=1):
            entry = self.read_entry(item, f"{label}, entry {m}", errors)
            if entry is not None:
                entries.append(entry)
        if data is None:
            return None
        form = SessionShape(data=data, today=self.today)
        if not shapes.form_errors(form, label, errors) or created is None or answered is None:
            return None
        session: StretchSession = form.save(commit=False)
        session.rise_answered = answered["rise_answered"]
        # A routine since removed from the library leaves the session without one, as deleting
        # it from the library does (on_delete=SET_NULL).
        session.routine = self.routines.get(routine) if isinstance(routine, str) else None
        session.created, session.client_id = created, client_id
        return session, entries

    def read_entry(self, item: object, label: str, errors: list[str]) -> SessionEntry | None:
        if not shapes.is_object(item, label, errors, ["stretch", *ENTRY_FIELDS, "made_worse"]):
            return None
        assert isinstance(item, dict)
        data = shapes.form_data(item, EntryShape, label, errors)
        answered = shapes.read_yes_no(item, ["made_worse"], label, errors)
        if data is None or answered is None:
            return None
        key = tuple(sorted(data.items()))
        answer = self.seen.get(key)
        if answer is None:
            form = EntryShape(data=data, today=self.today, stretch_field=self.stretch_field)
            answer = (
                form.save(commit=False)
                if form.is_valid()
                else [
                    (field, [str(m) for m in messages]) for field, messages in form.errors.items()
                ]
            )
            self.seen[key] = answer
        if isinstance(answer, list):
            for field, messages in answer:
                where = f"{label}, “{field}”" if field != "__all__" else label
                errors.append(f"{where}: {' '.join(messages)}")
            return None
        # A copy of the checked entry, as a new row (Django's way to copy a model instance).
        entry = copy.copy(answer)
        entry._state = ModelState()
        entry.made_worse = answered["made_worse"]
        return entry
