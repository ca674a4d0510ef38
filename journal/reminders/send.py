"""Finding the due reminders and sending them: tasks on the django-q2 queue.

`send_due_reminders` runs every minute from the queue's schedule (migration 0015). It claims
each due reminder by inserting its `SentReminder` row, whose unique (person, day, slot) makes a
second claim impossible, moves the person's `next_due` on, and queues the sending, all in one
transaction: a crash before the commit leaves nothing claimed, a crash after it leaves the
sending queued. `send_reminders` marks each row "sending" before it sends, so a task offered
again after a crash never sends twice; at most once, by design, rather than at least once.
"""

import datetime as dt
import logging
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_q.tasks import async_task

from journal import queries
from journal.models import ReminderSettings, SentReminder
from journal.outcomes import activities_reminder_due
from journal.reminders import mail, push
from journal.reminders.links import guided_path, opens_path, reminder_links
from journal.reminders.schedule import (
    STALE_AFTER,
    Occurrence,
    is_stale,
    next_after,
    next_after_time,
    reminder_message,
)
from journal.reminders.timing import is_on, plan_of, set_next

log = logging.getLogger(__name__)

# Claimed in one transaction at a time, so a worker never holds the lock long.
CLAIM_BATCH = 500
# Reminders sent by one task: fewer tasks to queue at a busy minute, and one slow push service
# delays at most this many.
SEND_BATCH = 25
# A claimed reminder's row guards its day and slot; after a month it only takes room.
KEEP_SENT_DAYS = 31

Key = tuple[int, str, int]  # (user id, ISO date, slot): plain values, for the queue


def send_due_reminders(now: dt.datetime | None = None) -> int:
    """Claim every reminder due by `now`, once, and queue its sending; returns how many.

    Found through the index on `next_due` alone. On PostgreSQL several workers share the
    work: each locks the rows it takes and skips those another has locked. A reminder that
    has gone stale (the worker was down) is dropped and the schedule moves past it."""
    now = now or timezone.now()
    claimed = 0
    while True:
        with transaction.atomic():
            due = list(
                ReminderSettings.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(next_due__lte=now)
                .select_related("user__profile")
                .order_by("next_due")[:CLAIM_BATCH]
            )
            keys = [key for reminders in due for key in claim(reminders, now)]
            ReminderSettings.objects.bulk_update(due, ["next_due", "next_date", "next_slot"])
            for start in range(0, len(keys), SEND_BATCH):
                async_task(send_reminders, keys[start : start + SEND_BATCH], group="reminders")
        claimed += len(keys)
        if len(due) < CLAIM_BATCH:
            return claimed


def forget_old_reminders(now: dt.datetime | None = None) -> int:
    """The queue's daily task: delete reminder rows older than `KEEP_SENT_DAYS`; their days are
    long past, so no claim can meet them again."""
    cutoff = (now or timezone.now()).date() - dt.timedelta(days=KEEP_SENT_DAYS)
    return SentReminder.objects.filter(date__lt=cutoff).delete()[0]


def claim(reminders: ReminderSettings, now: dt.datetime) -> list[Key]:
    """Claim what of this person's schedule is due and still useful; move it past `now`."""
    plan = plan_of(reminders)
    current: Occurrence | None = Occurrence(
        reminders.next_date, reminders.next_slot, reminders.next_due
    )
    if now - current.due > STALE_AFTER:
        # Down for longer than a reminder stays useful: skip straight to what still is.
        current = next_after_time(plan, now - STALE_AFTER)
    keys = []
    while current is not None and current.due <= now:
        following = next_after(plan, current)
        if not is_stale(current, following, now, plan.zone):
            try:
                with transaction.atomic():
                    SentReminder.objects.create(
                        user_id=reminders.user_id,
                        date=current.date,
                        slot=current.slot,
                        due=current.due,
                    )
                keys.append((reminders.user_id, current.date.isoformat(), current.slot))
            except IntegrityError:
                pass  # already claimed: by another worker, or before the settings changed
        current = following
    set_next(reminders, current)
    return keys


def send_reminders(keys: Iterable[Key]) -> None:
    """The queue's task: send each claimed reminder that no attempt has started yet."""
    guided = guided_path()
    for user_id, day, slot in keys:
        started = SentReminder.objects.filter(
            user_id=user_id, date=day, slot=slot, outcome=SentReminder.Outcome.QUEUED
        ).update(outcome=SentReminder.Outcome.SENDING)
        if started:
            send_one(
                SentReminder.objects.select_related("user__profile", "user__reminder_settings").get(
                    user_id=user_id, date=day, slot=slot
                ),
                guided,
            )


def activities_due(user: User, sent: SentReminder) -> bool:
    """Whether this reminder mentions the weekly activities score: once a week, a week after
    it was last given or skipped (or the activities were set up), for a person who has some."""
    in_use, last = queries.activities_state(user)
    set_up = (a.created.astimezone(user.profile.zone()).date() for a in in_use)
    since = last or min(set_up, default=None)
    return bool(in_use) and activities_reminder_due(since, sent.date)


def send_one(sent: SentReminder, guided: str) -> None:
    """Work out what the reminder says from the day's advice, then send it by each channel."""
    user = sent.user
    reminders = user.reminder_settings
    now = timezone.now()
    message = None
    plan = plan_of(reminders)
    due = Occurrence(sent.date, sent.slot, sent.due)
    if is_stale(due, next_after(plan, due), now, plan.zone):
        outcome = SentReminder.Outcome.STALE
    else:
        advice = queries.advice_on(user, user.profile, sent.date)
        stretched = bool(queries.sessions_per_day(user, sent.date, sent.date))
        message = reminder_message(
            advice, advice.has_checkin, stretched, sent.slot == 1 and activities_due(user, sent)
        )
        outcome = SentReminder.Outcome.NOT_NEEDED
    channels = []
    if message is not None and is_on(reminders):
        links = reminder_links(user, opens_path(message, guided))
        if reminders.by_push and push.send_reminder_push(user, message, links):
            channels.append("push")
        if (
            reminders.by_email
            and reminders.email_is_confirmed()
            and mail.send_reminder_email(user, message, links)
        ):
            channels.append("email")
        outcome = SentReminder.Outcome.SENT if channels else SentReminder.Outcome.UNDELIVERED
    SentReminder.objects.filter(pk=sent.pk).update(
        outcome=outcome,
        kind=message.kind if message else "",
        channels=",".join(channels),
        sent_at=now if channels else None,
    )
    log.info("Reminder %s of %s for user %s: %s", sent.slot, sent.date, user.pk, outcome)
