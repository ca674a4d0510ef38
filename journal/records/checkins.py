"""A day's check-in: its writes and its shape."""

import datetime as dt
import uuid
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.utils import timezone

from journal import rules
from journal.models import RedFlagReport, SorenessCheckin
from journal.records import flags, shapes
from journal.records.stamp import journal_write

RED_FLAG_FIELDS = SorenessCheckin.RED_FLAG_FIELDS
# What a shape holds beside the form's fields and its moments, read by `read` itself.
OWN = ("client_id",)
FIELDS = ["date", "soreness", "stiffness", "note", *RED_FLAG_FIELDS]


@journal_write
def save(
    user: User,
    checkin: SorenessCheckin,
    *,
    client_id: uuid.UUID | None = None,
    also: Iterable[str] = (),
) -> SorenessCheckin:
    """Save a new or changed check-in of `user`'s, stamped with when its answers were saved,
    and keep a report of each red flag it says "yes" to (with `also`, the flags of the
    screen ticked under "anything new?"), unless that flag is open already.

    Raises IntegrityError, with nothing written, when the day has a check-in already (or, from
    a device, the same record was stored meanwhile).
    """
    checkin.user = user
    if client_id is not None:
        checkin.client_id = client_id
    checkin.updated = timezone.now()
    checkin.save()
    flags.report(
        user,
        [*flags.named_flags(checkin), *also],
        checkin.date,
        RedFlagReport.Source.CHECKIN,
        checkin=checkin,
        client_id=client_id,
    )
    return checkin


@journal_write
def delete(user: User, checkin: SorenessCheckin) -> None:
    checkin.delete()


def shape(checkin: SorenessCheckin) -> dict:
    """The check-in as JSON: its answers, one true or false a red-flag question (a symptom in
    both legs is both its one-leg and its both-legs field), and when it was made and saved."""
    return {
        "date": shapes.day_text(checkin.date),
        "soreness": checkin.soreness,
        "stiffness": checkin.stiffness,
        "note": checkin.note,
        **{name: getattr(checkin, name) for name in RED_FLAG_FIELDS},
        "created": shapes.moment_text(checkin.created),
        "updated": shapes.moment_text(checkin.updated),
        "client_id": shapes.uuid_text(checkin.client_id),
    }


CheckinShape = shapes.shape_form(SorenessCheckin, FIELDS)


def with_implied_flags(answers: dict[str, bool]) -> dict[str, bool]:
    """Red-flag answers as the database keeps them. A symptom in both legs is in one leg too,
    and leg weakness getting worse is leg weakness: a file that says only the graver answer is
    read as saying both, never as an error that would drop the answer."""
    answers = dict(answers)
    for graver, implied in rules.IMPLIES.items():
        if answers.get(graver):
            answers[implied] = True
    return answers


def read(row: object, *, today: dt.date, label: str, errors: list[str]) -> SorenessCheckin | None:
    """An unsaved check-in from its shape, or None with what is wrong added to `errors`."""
    if isinstance(row, dict):
        answers = with_implied_flags({name: row.get(name) is True for name in RED_FLAG_FIELDS})
        row = {**row, **{name: True for name, yes in answers.items() if yes}}
    moments = ("created", "updated")
    read = shapes.read_record(CheckinShape, row, today, label, errors, moments=moments, also=OWN)
    if read is None:
        return None
    checkin, row = read
    if "updated" not in row:  # older files: the answers were saved when the check-in was made
        checkin.updated = checkin.created
    wrong = len(errors)
    checkin.client_id = shapes.read_uuid(row, "client_id", label, errors)
    return checkin if len(errors) == wrong else None
