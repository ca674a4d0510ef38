"""What every record's shape shares: how values are written as JSON, and how a shape read back
is checked before it becomes an unsaved record.

A shape is read with a `ShapeForm` over the model's own fields: their validators mirror every
database constraint (journal/models.py), so a file can hold nothing the database would refuse,
and each wrong value is named with its record and field. Its values must first have the JSON
types a shape is written with (`form_data`).
"""

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime


def day_text(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def moment_text(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def uuid_text(value: uuid.UUID | None) -> str | None:
    return str(value) if value is not None else None


def json_kind(value: object) -> str:
    """How a value reads in an error message: "null", "a number", "a list"..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "an object"


class ShapeForm(forms.ModelForm):
    """A record's shape, checked as its web form would check it, three things apart, all for
    speed over thousands of records. Django checks a model's constraints with one query per
    constraint and record; the field validators mirror every constraint and the database still
    enforces them when the rows are written, so those queries are skipped. A date is read only
    as a shape writes it, 2026-01-31. And `today` (the person's) bounds every `date`."""

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.instance.validate_constraints = _constraints_left_to_the_database
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.input_formats = ["%Y-%m-%d"]

    def clean_date(self) -> dt.date:
        day = self.cleaned_data["date"]
        if day > self.today:
            raise forms.ValidationError("That day is still to come.", code="future")
        return day


def shape_form(model: type[models.Model], fields: list[str]) -> type[ShapeForm]:
    """The ShapeForm of `model`'s `fields` (Django's modelform_factory)."""
    return cast(type[ShapeForm], forms.modelform_factory(model, form=ShapeForm, fields=fields))


def _constraints_left_to_the_database(exclude: object = None) -> None:
    return None


def form_data(
    row: dict, form_class: type[forms.ModelForm], label: str, errors: list[str]
) -> dict[str, object] | None:
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
        if isinstance(kind, models.BooleanField) and not kind.null:
            expected, ok_type = "true or false", isinstance(value, bool)
        elif isinstance(kind, models.BooleanField):
            expected, ok_type = "true, false or null", isinstance(value, bool)
        elif isinstance(kind, models.IntegerField):
            expected = "a whole number"
            ok_type = isinstance(value, int) and not isinstance(value, bool)
        else:  # dates, text, choices and stretches (by their slug)
            expected, ok_type = "text", isinstance(value, str)
        if value is None and not field.required and not isinstance(field, forms.BooleanField):
            data[name] = ""
        elif value is None and isinstance(field, forms.NullBooleanField):
            data[name] = None
        elif not ok_type:
            errors.append(f"{label}, “{name}”: should be {expected}, not {json_kind(value)}.")
            ok = False
        else:
            # What a browser sends: text for numbers; a yes/no answer as it is.
            data[name] = value if isinstance(value, bool | str) else str(value)
    return data if ok else None


def form_errors(form: forms.BaseForm, label: str, errors: list[str]) -> bool:
    """Add the form's errors, each with the record and field; True when there were none."""
    for field, messages in form.errors.items():
        where = f"{label}, “{field}”" if field != "__all__" else label
        errors.append(f"{where}: {' '.join(str(message) for message in messages)}")
    return not form.errors


def read_record(
    form_class: type[ShapeForm],
    row: object,
    today: dt.date,
    label: str,
    errors: list[str],
    *,
    moments: tuple[str, ...] = (),
    also: tuple[str, ...] = (),
) -> tuple[Any, dict] | None:
    """The unsaved record a shape holds, read by `form_class` (its fields), with its dates and
    times (`moments`) set on it, and the row itself for the rest (`also`, keys its reader
    handles); None, with what is wrong added to `errors`. Every value is checked, so a wrong
    one never stops the others being named."""
    keys = [*form_class._meta.fields, *moments, *also]  # type: ignore[misc]
    if not is_object(row, label, errors, keys):
        return None
    assert isinstance(row, dict)
    data = form_data(row, form_class, label, errors)
    times = {name: read_moment(row, name, label, errors) for name in moments}
    if data is None:
        return None
    form = form_class(data=data, today=today)
    if not form_errors(form, label, errors) or None in times.values():
        return None
    record = form.save(commit=False)
    for name, value in times.items():
        setattr(record, name, value)
    return record, row


def read_moment(row: dict, key: str, label: str, errors: list[str]) -> dt.datetime | None:
    """A date and time of the shape (ISO 8601, with its offset), or now when it is missing
    (older exports had none); None, with an error, when it is not one."""
    value = row.get(key)
    if value is None:
        return timezone.now()
    try:
        moment = parse_datetime(value) if isinstance(value, str) and len(value) < 40 else None
    except ValueError:  # well formed, but no such moment: 2026-02-30T08:00
        moment = None
    if moment is None:
        errors.append(f"{label}, “{key}”: should be a date and time like 2026-01-31T08:00:00Z.")
        return None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, dt.UTC)


def day_from_text(value: object) -> dt.date | None:
    """The date a shape writes (2026-01-31), or None when `value` is not one."""
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def read_day(row: dict, key: str, label: str, errors: list[str]) -> dt.date | None:
    """A date of the shape, or None when it is null or missing; None, with an error, when it is
    not a date."""
    value = row.get(key)
    day = day_from_text(value)
    if value is not None and day is None:
        errors.append(f"{label}, “{key}”: should be a date like 2026-01-31, or null.")
    return day


def read_uuid(row: dict, key: str, label: str, errors: list[str]) -> uuid.UUID | None:
    value = row.get(key)
    if value is None:
        return None
    try:
        return uuid.UUID(value) if isinstance(value, str) and len(value) < 40 else None
    except ValueError:
        pass
    errors.append(f"{label}, “{key}”: should be an id like 1b4e28ba-2fa1-11d2-883f-0016d3cca427.")
    return None


def read_yes_no(
    row: dict, names: list[str], label: str, errors: list[str]
) -> dict[str, bool] | None:
    """The true-or-false answers a person gives by a button (kept out of forms), False when
    left out; None, with errors added, when one is not true or false."""
    answers = {}
    for name in names:
        value = row.get(name, False)
        if not isinstance(value, bool):
            errors.append(f"{label}, “{name}”: should be true or false, not {json_kind(value)}.")
            return None
        answers[name] = value
    return answers


def is_object(
    row: object, label: str, errors: list[str], keys: Iterable[str] | None = None
) -> bool:
    """Whether the record is an object holding only `keys`: a key this app does not know is
    refused rather than left out, so a file is read whole or not at all."""
    if not isinstance(row, dict):
        errors.append(f"{label}: should be an object, not {json_kind(row)}.")
        return False
    unknown = sorted(str(key)[:40] for key in row.keys() - set(keys or row.keys()))
    if unknown:
        errors.append(
            f"{label}: holds “{unknown[0]}”, which this Stretchlog does not know, so the file "
            "was not imported, not any of it: a file comes in whole or not at all. Is it from a "
            "newer Stretchlog?"
        )
        return False
    return True
