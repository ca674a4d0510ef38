"""What a person said of their red flags: a clinician has seen them, or they have gone."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User

from journal.models import RedFlagResolution
from journal.records.shape import (
    ShapeForm,
    day_text,
    form_data,
    form_errors,
    is_object,
    moment_text,
    read_moment,
)
from journal.records.stamp import journal_write

FIELDS = ["flag", "resolved_on", "outcome", "seen_on"]


@journal_write
def resolve(
    user: User,
    flags: Iterable[str],
    day: dt.date,
    outcome: str,
    seen_on: dt.date | None,
) -> list[RedFlagResolution]:
    """Record that each of `flags` is dealt with as of `day` (journal/rules.py reads them)."""
    return RedFlagResolution.objects.bulk_create(
        RedFlagResolution(user=user, flag=flag, resolved_on=day, outcome=outcome, seen_on=seen_on)
        for flag in flags
    )


def shape(resolution: RedFlagResolution) -> dict:
    return {
        "flag": resolution.flag,
        "resolved_on": day_text(resolution.resolved_on),
        "outcome": resolution.outcome,
        "seen_on": day_text(resolution.seen_on),
        "created": moment_text(resolution.created),
    }


class ResolutionShape(ShapeForm):
    class Meta:
        model = RedFlagResolution
        fields = FIELDS

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        resolved_on, seen_on = cleaned.get("resolved_on"), cleaned.get("seen_on")
        outcome = cleaned.get("outcome")
        if outcome == RedFlagResolution.Outcome.SEEN and seen_on is None:
            self.add_error("seen_on", "Give the day a clinician saw you.")
        if outcome == RedFlagResolution.Outcome.GONE and seen_on is not None:
            self.add_error("seen_on", "Only “a clinician has seen this” has a day seen.")
        if resolved_on and resolved_on > self.today:
            self.add_error("resolved_on", "That day is still to come.")
        if resolved_on and seen_on and seen_on > resolved_on:
            self.add_error("seen_on", "A clinician saw you after the day you said so.")
        return cleaned


def read(row: object, *, today: dt.date, label: str, errors: list[str]) -> RedFlagResolution | None:
    """An unsaved resolution from its shape, or None with what is wrong added to `errors`."""
    if not is_object(row, label, errors):
        return None
    assert isinstance(row, dict)
    data = form_data(row, ResolutionShape, label, errors)
    created = read_moment(row, "created", label, errors)
    if data is None:
        return None
    form = ResolutionShape(data=data, today=today)
    if not form_errors(form, label, errors) or created is None:
        return None
    resolution: RedFlagResolution = form.save(commit=False)
    resolution.created = created
    return resolution
