"""Red flags: each report of one (kept whatever happens to what it came from), the screen of
questions about signs of a serious cause, and what a person said of them (a clinician has seen
them, or they have gone)."""

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from journal import queries, rules
from journal.models import RedFlagReport, RedFlagResolution, RedFlagScreen, SorenessCheckin
from journal.records import shapes
from journal.records.stamp import journal_write

FIELDS = ["flag", "resolved_on", "outcome", "seen_on"]
REPORT_FIELDS = ["flag", "reported_on", "source"]
SCREEN_FIELDS = ["answered_on", *RedFlagScreen.ANSWERS]


def open_reports(user: User) -> list[rules.Report]:
    """The reports that no resolution applies to, as the advice reads them (journal/queries.py,
    journal/rules.py): two queries."""
    reports = queries.flag_reports(user, user.profile)
    resolutions = queries.flag_resolutions(user, user.profile)
    return [
        report
        for report in reports
        if not any(rules.resolution_applies(resolution, report) for resolution in resolutions)
    ]


def report(
    user: User,
    flags: Iterable[str],
    day: dt.date,
    source: str,
    *,
    checkin: SorenessCheckin | None = None,
    client_id: uuid.UUID | None = None,
) -> list[RedFlagReport]:
    """Keep a report of each of `flags` for `day`, unless the flag is open already from a
    report for that day or before (a new report would say nothing new). Not a write of its
    own: it is part of the write that brought the answers (a check-in, the screen, a sync)."""
    flags = list(dict.fromkeys(flags))
    if not flags:
        return []
    now = timezone.now()
    # As the advice counts it (queries.flag_reports): from its day or, if earlier, from now.
    counts_from = min(day, now.astimezone(user.profile.zone()).date())
    already = {found.flag for found in open_reports(user) if found.date <= counts_from}
    made = [
        RedFlagReport(
            user=user,
            flag=flag,
            reported_on=day,
            recorded_at=now,
            source=source,
            checkin=checkin,
            client_id=client_id,
        )
        for flag in flags
        if flag not in already
    ]
    return RedFlagReport.objects.bulk_create(made)


@journal_write
def report_from_device(
    user: User, flags: Iterable[str], day: dt.date, client_id: uuid.UUID
) -> list[RedFlagReport]:
    """A device's record that was not stored as it was (a conflict with the day's check-in, or
    refused): its red flags are kept all the same, whichever record the person keeps."""
    return report(user, flags, day, RedFlagReport.Source.DEVICE, client_id=client_id)


@journal_write
def answer_screen(user: User, screen: RedFlagScreen) -> RedFlagScreen:
    """Save the person's answers to the screen, each "yes" a report of its day."""
    screen.user = user
    screen.answered_at = timezone.now()
    screen.save()
    report(user, screen.yes(), screen.answered_on, RedFlagReport.Source.SCREEN)
    return screen


class NothingToClose(ValueError):
    """A resolution that would close none of the open flags; the message says why."""


@journal_write
def resolve(
    user: User,
    flags: Iterable[rules.ActiveFlag],
    day: dt.date,
    outcome: str,
    seen_on: dt.date | None,
) -> list[str]:
    """Record that the open `flags` are dealt with as of `day`, and return the names of those
    the resolution may close: every flag for "a clinician has seen this" (each as far as its
    reports up to the day seen), only "soon" flags for "it has gone" (journal/rules.py,
    `may_close`). Raises NothingToClose, writing nothing, when it would close none."""
    kind: rules.Outcome = "seen" if outcome == "seen" else "gone"
    closing = [flag for flag in flags if rules.may_close(flag.name, kind)]
    if kind == "seen" and seen_on is not None:
        closing = [flag for flag in closing if flag.since <= seen_on]
    if not closing:
        raise NothingToClose(outcome)
    RedFlagResolution.objects.bulk_create(
        RedFlagResolution(
            user=user, flag=flag.name, resolved_on=day, outcome=outcome, seen_on=seen_on
        )
        for flag in closing
    )
    return [flag.name for flag in closing]


def shape(resolution: RedFlagResolution) -> dict:
    return {
        "flag": resolution.flag,
        "resolved_on": shapes.day_text(resolution.resolved_on),
        "outcome": resolution.outcome,
        "seen_on": shapes.day_text(resolution.seen_on),
        "created": shapes.moment_text(resolution.created),
    }


class ResolutionShape(shapes.ShapeForm):
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
    read = shapes.read_record(ResolutionShape, row, today, label, errors, moments=("created",))
    return read[0] if read else None


def reports_of(
    checkins: Iterable[SorenessCheckin],
) -> list[tuple[RedFlagReport, dt.date | None]]:
    """A report of each red flag the check-ins say "yes" to, each recorded when its check-in's
    answers were saved (for an import of a file from before reports were kept)."""
    return [
        (
            RedFlagReport(
                flag=flag,
                reported_on=checkin.date,
                recorded_at=checkin.updated,
                source=RedFlagReport.Source.CHECKIN,
            ),
            checkin.date,
        )
        for checkin in checkins
        for flag in named_flags(checkin)
    ]


def named_flags(checkin: SorenessCheckin) -> list[str]:
    """The red flags a check-in says "yes" to, as the rule names them (both legs, not one
    leg too), in the rule's order."""
    answers = rules.Checkin(checkin.date, checkin.soreness, checkin.red_flags()).red_flags
    return [name for name in rules.RED_FLAGS if name in answers]


def report_shape(report: RedFlagReport) -> dict:
    """A report as JSON; its check-in named by its day (one a day), as ids do not travel."""
    return {
        "flag": report.flag,
        "reported_on": shapes.day_text(report.reported_on),
        "recorded_at": shapes.moment_text(report.recorded_at),
        "source": report.source,
        "checkin": shapes.day_text(report.checkin.date) if report.checkin else None,
        "client_id": shapes.uuid_text(report.client_id),
    }


ReportShape = shapes.shape_form(RedFlagReport, REPORT_FIELDS)
MOMENT = ("recorded_at",)


def read_report(
    row: object, *, today: dt.date, label: str, errors: list[str]
) -> tuple[RedFlagReport, dt.date | None] | None:
    """An unsaved report and the day of its check-in, if it had one; None with errors."""
    also = ("checkin", "client_id")
    read = shapes.read_record(ReportShape, row, today, label, errors, moments=MOMENT, also=also)
    if read is None:
        return None
    report, row = read
    wrong = len(errors)
    report.client_id = shapes.read_uuid(row, "client_id", label, errors)
    day = shapes.read_day(row, "checkin", label, errors)
    return (report, day) if len(errors) == wrong else None


def screen_shape(screen: RedFlagScreen) -> dict:
    return {
        "answered_on": shapes.day_text(screen.answered_on),
        "answered_at": shapes.moment_text(screen.answered_at),
        **{name: getattr(screen, name) for name in RedFlagScreen.ANSWERS},
    }


ScreenShape = shapes.shape_form(RedFlagScreen, SCREEN_FIELDS)


def read_screen(
    row: object, *, today: dt.date, label: str, errors: list[str]
) -> RedFlagScreen | None:
    read = shapes.read_record(ScreenShape, row, today, label, errors, moments=("answered_at",))
    return read[0] if read else None
