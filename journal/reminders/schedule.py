"""When a person's reminders fall, whether one is still worth sending, and what it says.

Pure functions over plain values (no database, no HTTP), like `journal.rules`.

- Main guide, "7 Lower Back Stretches for Pain Relief and Strengthening": stretch once or twice
  a day, so at most two reminders a day; take a day off from stretching when the discomfort
  seems to be getting worse, so a rest day's reminder asks how the back is and never says
  stretch.
- NHS, "Back pain", and the red flags in `journal.rules`: symptoms that need a clinician come
  before any stretching, so while one is open a reminder carries the clinician notice instead.
"""

import datetime as dt
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from journal.rules import NHS, Advice, format_day

UTC = dt.UTC
# A reminder later than this after its time is dropped rather than sent: "time for your
# morning routine" at lunch is noise. Also dropped: one whose day has ended where the person
# is, and one whose next reminder is already due.
STALE_AFTER = dt.timedelta(hours=1)
# How far ahead to look: the longest gap between two reminders (one day a week, 7 days), from
# the day before (where a search after a moment starts, as time zones differ by up to a day).
SEARCH_DAYS = 9

Kind = Literal["stretch", "rest", "check_in", "clinician"]


@dataclass(frozen=True, order=True)
class Occurrence:
    """One reminder: the person's local day, which of its times (1 or 2), and when (UTC)."""

    date: dt.date
    slot: int
    due: dt.datetime


@dataclass(frozen=True)
class Plan:
    """A person's reminder settings, as plain values."""

    zone: ZoneInfo
    times: Sequence[dt.time]  # earliest first, one or two
    weekdays: Collection[int]  # 0 Monday … 6 Sunday
    paused_until: dt.date | None = None


def occurrence(day: dt.date, slot: int, time: dt.time, zone: ZoneInfo) -> Occurrence:
    """The reminder at `time` on `day` where the person is.

    On the days clocks change it still falls once: a time the clocks skip (02:30 when they jump
    from 02:00 to 03:00) is read with the offset before the change, so it falls at 03:30; a time
    they pass twice (01:30 when they go back from 02:00 to 01:00) is its first passing. The day
    and slot, not the UTC time, name the reminder, so a repeated hour cannot make a second one.
    """
    local = dt.datetime.combine(day, time, tzinfo=zone)  # fold=0: the earlier offset
    return Occurrence(day, slot, local.astimezone(UTC))


def occurrences(plan: Plan, first_day: dt.date) -> Iterator[Occurrence]:
    """Every reminder of the plan from `first_day` on, in order, for `SEARCH_DAYS` days."""
    start = max(first_day, plan.paused_until) if plan.paused_until else first_day
    for offset in range(SEARCH_DAYS):
        day = start + dt.timedelta(days=offset)
        if day.weekday() in plan.weekdays:
            for slot, time in enumerate(plan.times, start=1):
                yield occurrence(day, slot, time, plan.zone)


def next_after_time(plan: Plan, moment: dt.datetime) -> Occurrence | None:
    """The first reminder due after `moment`: where the schedule starts after any change."""
    yesterday = moment.astimezone(plan.zone).date() - dt.timedelta(days=1)
    return next((o for o in occurrences(plan, yesterday) if o.due > moment), None)


def next_after(plan: Plan, previous: Occurrence) -> Occurrence | None:
    """The reminder that follows `previous`, by day and slot (not by clock time, so a change
    of the clocks can neither repeat nor skip one)."""
    key = (previous.date, previous.slot)
    return next((o for o in occurrences(plan, previous.date) if (o.date, o.slot) > key), None)


def is_stale(
    due: Occurrence, following: Occurrence | None, now: dt.datetime, zone: ZoneInfo
) -> bool:
    """Too late to be useful: more than `STALE_AFTER` late, its day already over where the
    person is, or the same day's next reminder (`following`, from `next_after`) already due."""
    if now - due.due > STALE_AFTER or now.astimezone(zone).date() > due.date:
        return True
    return following is not None and following.date == due.date and following.due <= now


@dataclass(frozen=True)
class Message:
    """What one reminder says, and which page it opens."""

    kind: Kind
    title: str
    body: str
    opens: Literal["guided", "checkin", "today"]


def reminder_message(
    advice: Advice, checked_in: bool, stretched: bool, activities_due: bool = False
) -> Message | None:
    """What the day's reminder says, from that day's advice; None when nothing is left to do.
    With `activities_due` (once a week: journal.outcomes.activities_reminder_due), a stretch or
    rest day's reminder also asks for the weekly activities score; the clinician notice never
    carries anything else.

    - The day's check-in and a session are both logged: no reminder.
    - A red flag is open (any tier), or the person reported a health problem and has not been
      cleared (the guides: see a doctor before starting): the clinician notice, never a nudge
      to stretch.
    - A rest day: "how is your back?", opening the check-in; nothing once checked in.
    - Otherwise: time for the routine, opening the guided session (which asks the day's
      check-in first when there is none); after a session without a check-in, the check-in.
    """
    if checked_in and stretched:
        return None
    if advice.needs_clinician or advice.active_flags or advice.clinician_first:
        return clinician_message(advice)
    message = day_message(advice, checked_in, stretched)
    if message is not None and activities_due:
        body = f"{message.body} {ACTIVITIES_LINE}"
        return Message(message.kind, message.title, body, message.opens)
    return message


# Added to a reminder once a week, when the weekly activities score is due.
ACTIVITIES_LINE = (
    "It is also time for your weekly activities score: under a minute, on today’s page."
)


def day_message(advice: Advice, checked_in: bool, stretched: bool) -> Message | None:
    """A stretch or rest day's reminder (no red flag open)."""
    if advice.should_rest:
        if checked_in:
            return None
        why = " ".join(reason.text for reason in advice.reasons)
        return Message(
            "rest",
            "Rest day: how is your back?",
            f"Today is a day off from stretching. {why} A quick check-in tells you what "
            "tomorrow looks like.",
            "checkin",
        )
    if stretched:
        return Message(
            "check_in",
            "How is your back today?",
            "You stretched today. Log how sore your back is, so tomorrow’s advice is right.",
            "checkin",
        )
    first = "Your check-in says today is a stretch day." if checked_in else "Check in first."
    return Message(
        "stretch",
        "Time for your routine",
        f"{first} Follow today’s stretches at your own pace, and stop any stretch that makes "
        "your pain worse.",
        "guided",
    )


@dataclass(frozen=True)
class Links:
    """The absolute addresses a reminder carries: the page it opens, one-tap stop, settings."""

    open: str
    stop: str
    settings: str


def clinician_message(advice: Advice) -> Message:
    """The clinician notice, with how many symptoms, since when, and the source; the symptoms
    themselves are named only in the app, as a reminder may show on a locked screen."""
    flags = advice.active_flags
    if not flags:
        return Message(
            "clinician",
            advice.headline,
            "The guides say to see a doctor or physiotherapist before stretching after "
            "surgery, an injury or a health problem. Open Stretchlog to say when one has "
            "cleared you. Source: “7 Lower Back Stretches for Pain Relief and Strengthening”.",
            "today",
        )
    if len(flags) == 1:
        count = "1 symptom that needs"
    else:
        count = f"{len(flags)} symptoms that need" if flags else "symptoms that need"
    since = f", open since {format_day(advice.flags_since)}" if advice.flags_since else ""
    sources = "; ".join(dict.fromkeys(flag.source for flag in flags)) or NHS
    return Message(
        "clinician",
        advice.headline,
        f"You reported {count} a clinician, not a stretch{since}. Open Stretchlog "
        f"to see them and what to do. Source: {sources}.",
        "today",
    )
