"""The private calendar feed: the reminder times as recurring events with alarms (RFC 5545).

A phone's own calendar subscribes to the feed's secret address and reminds the person itself,
so reminders keep coming even if our server is down or gone. That shapes the feed:

- One event a reminder time, repeating weekly on the chosen weekdays (RRULE), rather than a
  list of the coming days: the calendar goes on reminding with no further fetch.
- Each event starts on the first reminder day that is not paused, in the person's time zone
  (TZID with its VTIMEZONE), so 08:00 stays 08:00 when the clocks change.
- A calendar cannot know tomorrow's advice, so the events ask the person to check in first and
  let the app say whether it is a day to stretch or to rest; never "time to stretch". While a
  red flag is open they carry the clinician notice instead, as every other reminder does
  (`schedule.reminder_message`); the next refresh (hourly) brings the usual words back.
- Stable UIDs, one a person and slot, so a refreshed feed updates its events rather than adding
  copies; they carry no name or address.
- Off, stopped or not by calendar: a valid calendar with no events, so a subscribed calendar
  empties rather than showing an error.

Pure: plain values in, the calendar's bytes out; no database, no HTTP.
"""

import datetime as dt
from urllib.parse import urlsplit

from icalendar import TRANSP, Alarm, Calendar, Event, vDuration, vRecur

from journal.reminders.schedule import Links, Plan, occurrences, reminder_message
from journal.rules import Advice

NAME = "Stretchlog reminders"
PRODID = "-//Stretchlog//Reminders//EN"
# Calendar apps fetch a subscription on their own timetable; this asks for hourly, so a red flag
# reported or resolved reaches the calendar within about an hour where the app honours it.
REFRESH = dt.timedelta(hours=1)
# Long enough to show in a day view, short enough not to look like an appointment.
LENGTH = dt.timedelta(minutes=10)
# How far the time zone's rules are written out: clients that do not know the zone by name
# follow these for years after the server has stopped answering.
ZONE_YEARS = 20
ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

CHECK_IN_TITLE = "Stretchlog: how is your back today?"
CHECK_IN_BODY = (
    "Open Stretchlog and log today’s check-in first. This calendar cannot know how your back "
    "is, so the app says whether today is a day for your routine or a day off."
)


def reminder_calendar(
    plan: Plan | None,
    today: dt.date,
    advice: Advice | None,
    links: Links,
    person: str,
    now: dt.datetime,
) -> bytes:
    """The feed for one person: an event a reminder time, or none when `plan` is None.

    `plan` is None when reminders are off or not by calendar; `today` is the person's local
    date and `advice` is that day's (only its red flags are used); `person` is an opaque,
    stable key for the UIDs; `now` (UTC) stamps the events."""
    calendar = Calendar.new(
        prodid=PRODID,
        name=NAME,
        refresh_interval=REFRESH,
        # RFC 7986's calendar UID: stable, like the events', so a client sees the same calendar.
        uid=f"calendar-{person}@{domain(links)}",
    )
    # RFC 7986 requires the value type on REFRESH-INTERVAL, which the library leaves out.
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
    # The older name of REFRESH-INTERVAL, which Outlook and some phones read instead.
    calendar["X-PUBLISHED-TTL"] = vDuration(REFRESH)
    if plan is None:
        return calendar.to_ical()
    calendar["X-WR-TIMEZONE"] = plan.zone.key
    title, body = words(advice)
    description = "\n\n".join(
        [
            body,
            f"Open Stretchlog: {links.open}",
            f"Stop these reminders (one tap): {links.stop}",
            f"Change when you are reminded: {links.settings}",
        ]
    )
    days = [ICAL_DAYS[day] for day in sorted(plan.weekdays)]
    # Each time's first day: from today, or from the day the pause ends.
    first_days: dict[int, dt.date] = {}
    for occurrence in occurrences(plan, today):
        first_days.setdefault(occurrence.slot, occurrence.date)
    for slot, day in sorted(first_days.items()):
        # The chosen wall time in the zone, not a UTC instant: the calendar repeats the local
        # time, so the reminder stays at 08:00 when the clocks change.
        local = dt.datetime.combine(day, plan.times[slot - 1], tzinfo=plan.zone)
        event = Event.new(
            uid=f"reminder-{slot}-{person}@{domain(links)}",
            stamp=now,
            start=local,
            summary=title,
            description=description,
            url=links.open,
            transparency=TRANSP.TRANSPARENT,  # a reminder does not make the person busy
        )
        event.duration = LENGTH
        event.add("RRULE", vRecur({"FREQ": "WEEKLY", "BYDAY": days}))
        event.add_component(Alarm.new_display(description=title, trigger=dt.timedelta(0)))
        calendar.add_component(event)
    if first_days:
        first = min(first_days.values())
        calendar.add_missing_timezones(
            first_date=first - dt.timedelta(days=7),
            last_date=first.replace(year=first.year + ZONE_YEARS, day=1),
        )
    return calendar.to_ical()


def words(advice: Advice | None) -> tuple[str, str]:
    """The events' title and text: the clinician notice while a red flag is open or a clinician
    comes first, else the check-in prompt. Never a nudge to stretch: the calendar cannot know
    the day's advice."""
    if advice is not None and (not advice.stretching_offered or advice.active_flags):
        message = reminder_message(advice, checked_in=False, stretched=False)
        if message is not None and message.kind == "clinician":
            return f"Stretchlog: {message.title}", message.body
    return CHECK_IN_TITLE, CHECK_IN_BODY


def domain(links: Links) -> str:
    """The site's host, for the right-hand side of UIDs (RFC 5545 suggests a domain there)."""
    return urlsplit(links.open).hostname or "stretchlog"
