"""A person's reminder settings as a plan, and their next reminder worked out and saved."""

import datetime as dt

from django.utils import timezone

from journal.models import ReminderSettings
from journal.reminders.schedule import Occurrence, Plan, next_after_time


def plan_of(reminders: ReminderSettings) -> Plan:
    return Plan(
        zone=reminders.user.profile.zone(),
        times=reminders.times(),
        weekdays=reminders.on_weekdays(),
        paused_until=reminders.paused_until,
    )


def is_on(reminders: ReminderSettings) -> bool:
    """On, with a way to reach the person from the server (the calendar reminds on its own)."""
    return reminders.enabled and (reminders.by_push or reminders.by_email)


def reschedule(reminders: ReminderSettings, now: dt.datetime | None = None) -> None:
    """Work out the next reminder after a change of settings, pause or time zone, and save it."""
    upcoming = next_after_time(plan_of(reminders), now or timezone.now())
    set_next(reminders, upcoming if is_on(reminders) else None)
    reminders.save(update_fields=["next_due", "next_date", "next_slot"])


def set_next(reminders: ReminderSettings, upcoming: Occurrence | None) -> None:
    reminders.next_due = upcoming.due if upcoming else None
    reminders.next_date = upcoming.date if upcoming else None
    reminders.next_slot = upcoming.slot if upcoming else None
