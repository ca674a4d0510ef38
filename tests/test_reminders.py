"""Reminders: when they fall (clock changes included), what they say, sent once, and the pages
that set them up, pause them and stop them."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from journal import rules
from journal.models import (
    ReminderSettings,
    SentReminder,
    SessionEntry,
    SorenessCheckin,
    Stretch,
    StretchSession,
)
from journal.reminders.links import stop_token
from journal.reminders.schedule import (
    UTC,
    Plan,
    is_stale,
    next_after,
    next_after_time,
    occurrence,
    reminder_message,
)
from journal.reminders.send import forget_old_reminders, send_due_reminders
from journal.reminders.timing import reschedule
from tests.conftest import make_user

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
EVERY_DAY = frozenset(range(7))


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def plan(zone: ZoneInfo, *times: dt.time, weekdays=EVERY_DAY, paused_until=None) -> Plan:
    return Plan(zone, times, weekdays, paused_until)


# When reminders fall: pure functions


@pytest.mark.parametrize(
    ("zone", "day", "time", "due"),
    [
        # Clocks jump forward: the skipped local time falls at the same distance after the jump.
        (LONDON, dt.date(2027, 3, 28), dt.time(1, 30), utc(2027, 3, 28, 1, 30)),
        (NEW_YORK, dt.date(2027, 3, 14), dt.time(2, 30), utc(2027, 3, 14, 7, 30)),
        # Clocks go back: a local time that happens twice is its first passing.
        (LONDON, dt.date(2027, 10, 31), dt.time(1, 30), utc(2027, 10, 31, 0, 30)),
        (NEW_YORK, dt.date(2027, 11, 7), dt.time(1, 30), utc(2027, 11, 7, 5, 30)),
        # Ordinary days either side.
        (LONDON, dt.date(2027, 3, 27), dt.time(8, 0), utc(2027, 3, 27, 8, 0)),
        (LONDON, dt.date(2027, 3, 29), dt.time(8, 0), utc(2027, 3, 29, 7, 0)),
        (NEW_YORK, dt.date(2027, 11, 8), dt.time(8, 0), utc(2027, 11, 8, 13, 0)),
    ],
)
def test_it_falls_once_at_a_sensible_time_on_the_days_clocks_change(zone, day, time, due):
    assert occurrence(day, 1, time, zone).due == due


ZONES = [LONDON, NEW_YORK, ZoneInfo("Australia/Lord_Howe"), ZoneInfo("Asia/Kolkata"), UTC]
times = st.sampled_from([dt.time(h, m) for h in range(24) for m in (0, 15, 30, 45)])


@settings(max_examples=60, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    first=times,
    second=st.none() | times,
    weekdays=st.frozensets(st.integers(0, 6), min_size=1),
    start=st.datetimes(dt.datetime(2026, 1, 1), dt.datetime(2028, 12, 31)),
)
def test_the_schedule_never_repeats_or_doubles_a_reminder(zone, first, second, weekdays, start):
    """Walked reminder to reminder over a month: each (day, slot) once, in order, on the chosen
    weekdays, never more than two a day, and never earlier than the one before."""
    chosen = tuple(sorted({first, second} - {None}))
    walk = [next_after_time(plan(zone, *chosen, weekdays=weekdays), start.replace(tzinfo=UTC))]
    while len(walk) < 40:
        walk.append(next_after(plan(zone, *chosen, weekdays=weekdays), walk[-1]))
    keys = [(o.date, o.slot) for o in walk]
    assert keys == sorted(set(keys))
    assert all(a.due <= b.due for a, b in zip(walk, walk[1:], strict=False))
    assert all(o.date.weekday() in weekdays and o.slot <= len(chosen) for o in walk)


def test_a_pause_starts_the_schedule_on_the_day_it_ends():
    paused = plan(LONDON, dt.time(8, 0), paused_until=dt.date(2027, 1, 8))
    assert next_after_time(paused, utc(2027, 1, 1, 12)).date == dt.date(2027, 1, 8)


def stale(due, now, plan_) -> bool:
    return is_stale(due, next_after(plan_, due), now, plan_.zone)


def test_late_reminders_go_stale():
    morning = plan(LONDON, dt.time(8, 0), dt.time(20, 0))
    due = occurrence(dt.date(2027, 1, 4), 1, dt.time(8, 0), LONDON)
    assert not stale(due, utc(2027, 1, 4, 8, 59), morning)
    assert stale(due, utc(2027, 1, 4, 9, 1), morning)  # an hour late
    close = plan(LONDON, dt.time(8, 0), dt.time(8, 30))
    assert stale(due, utc(2027, 1, 4, 8, 31), close)  # the next one is already due
    late = plan(LONDON, dt.time(23, 30))
    due = occurrence(dt.date(2027, 1, 4), 1, dt.time(23, 30), LONDON)
    assert stale(due, utc(2027, 1, 5, 0, 1), late)  # the day is over


# What a reminder says: pure functions over the day's advice

DAY = dt.date(2027, 1, 4)


def advice(*checkins: rules.Checkin, done=()) -> rules.Advice:
    return rules.rest_day_advice(DAY, checkins, done)


def test_a_stretch_day_opens_the_routine():
    message = reminder_message(advice(rules.Checkin(DAY, 2)), checked_in=True, stretched=False)
    assert (message.kind, message.opens) == ("stretch", "guided")
    assert message.title == "Time for your routine"
    assert message.body.startswith("Your check-in says today is a stretch day.")
    before = reminder_message(advice(), checked_in=False, stretched=False)
    assert (before.kind, before.opens) == ("stretch", "guided")
    assert before.body.startswith("Check in first.")


def test_a_rest_day_asks_how_the_back_is_and_never_says_stretch():
    sore = rules.StretchDone(DAY - dt.timedelta(days=1), "cat-cow", "Cat-cow", pain_during=9)
    rest = advice(done=[sore])
    assert rest.should_rest and not rest.has_checkin
    message = reminder_message(rest, checked_in=False, stretched=False)
    assert (message.kind, message.opens) == ("rest", "checkin")
    assert "routine" not in message.title.lower()
    assert "reached 9/10" in message.body  # the reason, with its numbers
    # Once checked in, a rest day needs nothing more.
    assert reminder_message(advice(rules.Checkin(DAY, 9)), True, False) is None


@pytest.mark.parametrize("flag", ["bladder_bowel", "fever", "numbness"])
def test_an_open_red_flag_gives_the_clinician_notice_and_no_nudge(flag):
    flagged = advice(rules.Checkin(DAY - dt.timedelta(days=2), 2, frozenset({flag})))
    message = reminder_message(flagged, checked_in=False, stretched=False)
    assert (message.kind, message.opens) == ("clinician", "today")
    assert message.title == flagged.headline
    assert "routine" not in (message.title + message.body).lower()
    assert "You reported 1 symptom that needs a clinician, not a stretch" in message.body
    assert f"open since {rules.format_day(DAY - dt.timedelta(days=2))}" in message.body
    assert rules.RED_FLAGS[flag].source in message.body


def test_nothing_once_the_day_is_logged():
    assert reminder_message(advice(rules.Checkin(DAY, 2)), True, True) is None
    after_session = reminder_message(advice(), checked_in=False, stretched=True)
    assert after_session.kind == "check_in"


# Sending: claimed once, on time, by the task queue (run in-process in tests)


def remind(user, *times: dt.time, now: dt.datetime, **fields) -> ReminderSettings:
    first, *second = times
    with time_machine.travel(now, tick=False):
        reminders = ReminderSettings.objects.create(
            user=user,
            enabled=True,
            by_email=True,
            email_confirmed=user.email,
            first_time=first,
            second_time=second[0] if second else None,
            **fields,
        )
        reschedule(reminders)
    return reminders


def run_worker(start: dt.datetime, end: dt.datetime, step=dt.timedelta(minutes=1)) -> None:
    """The queue's schedule, every `step` from `start` to `end`."""
    moment = start
    while moment <= end:
        with time_machine.travel(moment, tick=False):
            send_due_reminders()
        moment += step


def sent(user) -> list[tuple[dt.date, int, str]]:
    return list(user.sent_reminders.order_by("date", "slot").values_list("date", "slot", "outcome"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("zone", "time", "night"),
    [
        ("Europe/London", dt.time(1, 30), utc(2027, 3, 28, 0, 0)),  # 01:30 is skipped
        ("Europe/London", dt.time(1, 30), utc(2027, 10, 30, 23, 0)),  # 01:30 twice
        ("America/New_York", dt.time(2, 30), utc(2027, 3, 14, 5, 0)),  # 02:30 is skipped
        ("America/New_York", dt.time(1, 30), utc(2027, 11, 7, 4, 0)),  # 01:30 twice
    ],
)
def test_a_worker_running_through_a_clock_change_sends_one_reminder(library, zone, time, night):
    user = make_user("ann", time_zone=zone)
    remind(user, time, now=night - dt.timedelta(hours=1))
    run_worker(night, night + dt.timedelta(hours=4), step=dt.timedelta(minutes=5))
    assert [(slot, outcome) for _, slot, outcome in sent(user)] == [(1, "sent")]
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_worker_that_was_down_sends_what_is_useful_and_drops_what_is_stale(library):
    # Reminders at 07:55, 08:30 and 08:00 + 08:45 (London, winter: UTC); the worker is down
    # from 07:50 to 09:10.
    before = utc(2027, 1, 4, 7, 0)
    early = remind(make_user("early", time_zone="Europe/London"), dt.time(7, 55), now=before)
    later = remind(make_user("later", time_zone="Europe/London"), dt.time(8, 30), now=before)
    both = remind(
        make_user("both", time_zone="Europe/London"), dt.time(8), dt.time(8, 45), now=before
    )
    run_worker(utc(2027, 1, 4, 9, 10), utc(2027, 1, 4, 9, 10))
    assert sent(early.user) == []  # 75 minutes late: dropped
    assert sent(later.user) == [(dt.date(2027, 1, 4), 1, "sent")]  # 40 minutes: still useful
    # The morning's first is overtaken by its second, which is sent.
    assert sent(both.user) == [(dt.date(2027, 1, 4), 2, "sent")]
    assert len(mail.outbox) == 2
    # And each schedule moved on to tomorrow.
    for reminders in (early, later, both):
        reminders.refresh_from_db()
        assert reminders.next_date == dt.date(2027, 1, 5) and reminders.next_slot == 1


@pytest.mark.django_db
def test_a_worker_down_for_days_sends_nothing_old(library):
    reminders = remind(make_user("ann"), dt.time(8), now=utc(2027, 1, 4, 7))
    run_worker(utc(2027, 1, 9, 12), utc(2027, 1, 9, 12))
    assert sent(reminders.user) == []
    reminders.refresh_from_db()
    assert reminders.next_due == utc(2027, 1, 10, 8)


@pytest.mark.django_db
def test_each_reminder_is_sent_once_however_often_the_schedule_runs(library):
    reminders = remind(make_user("ann"), dt.time(8), dt.time(18), now=utc(2027, 1, 4, 7))
    run_worker(utc(2027, 1, 4, 7, 58), utc(2027, 1, 4, 8, 5))
    run_worker(utc(2027, 1, 4, 8, 0), utc(2027, 1, 4, 8, 0))  # a second worker, same minute
    # The person moves the first reminder later after it was sent: no second one that day.
    with time_machine.travel(utc(2027, 1, 4, 9), tick=False):
        reminders.first_time = dt.time(10)
        reminders.save()
        reschedule(reminders)
    run_worker(utc(2027, 1, 4, 9, 59), utc(2027, 1, 4, 18, 10), step=dt.timedelta(minutes=7))
    assert sent(reminders.user) == [
        (dt.date(2027, 1, 4), 1, "sent"),
        (dt.date(2027, 1, 4), 2, "sent"),
    ]
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_what_is_sent_follows_the_day(library):
    user = make_user("ann")
    day = dt.date(2027, 1, 4)
    remind(user, dt.time(8), dt.time(18), now=utc(2027, 1, 4, 7))
    run_worker(utc(2027, 1, 4, 8), utc(2027, 1, 4, 8))
    assert mail.outbox[-1].subject == "Stretchlog: Time for your routine"
    assert "/guided/" in mail.outbox[-1].body
    # Checked in and stretched by the evening: the second reminder is not needed.
    SorenessCheckin.objects.create(user=user, date=day, soreness=2)
    StretchSession.objects.create(user=user, date=day)
    run_worker(utc(2027, 1, 4, 18), utc(2027, 1, 4, 18))
    assert sent(user)[-1] == (day, 2, "not-needed")
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_red_flag_replaces_the_nudge_with_the_clinician_notice(library):
    user = make_user("ann")
    SorenessCheckin.objects.create(user=user, date=dt.date(2027, 1, 3), soreness=3, fever=True)
    remind(user, dt.time(8), now=utc(2027, 1, 4, 7))
    run_worker(utc(2027, 1, 4, 8), utc(2027, 1, 4, 8))
    email = mail.outbox[-1]
    assert email.subject == (
        "Stretchlog: See a doctor today about the symptoms you reported, and don’t stretch."
    )
    assert "routine" not in email.body.lower()
    assert user.sent_reminders.get().kind == "clinician"


@pytest.mark.django_db
def test_a_rest_day_after_a_painful_session_links_the_check_in(library):
    user = make_user("ann")
    session = StretchSession.objects.create(user=user, date=dt.date(2027, 1, 3))
    SessionEntry.objects.create(session=session, stretch=Stretch.objects.first(), pain_during=9)
    remind(user, dt.time(8), now=utc(2027, 1, 4, 7))
    run_worker(utc(2027, 1, 4, 8), utc(2027, 1, 4, 8))
    assert mail.outbox[-1].subject == "Stretchlog: Rest day: how is your back?"
    assert reverse("checkin_create") in mail.outbox[-1].body


@pytest.mark.django_db
def test_the_email_has_a_one_click_unsubscribe_that_works_without_signing_in(library):
    reminders = remind(make_user("ann"), dt.time(8), now=utc(2027, 1, 4, 7))
    run_worker(utc(2027, 1, 4, 8), utc(2027, 1, 4, 8))
    email = mail.outbox[-1]
    link = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in email.body
    # What a mail app's unsubscribe button sends (RFC 8058): a POST, no cookies, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(
        link.removeprefix("http://127.0.0.1:8000"), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    reminders.refresh_from_db()
    assert not reminders.enabled and reminders.next_due is None


@pytest.mark.django_db
def test_rows_older_than_a_month_are_forgotten_and_recent_ones_kept(alice):
    for day in (dt.date(2027, 1, 1), dt.date(2027, 1, 31)):
        SentReminder.objects.create(user=alice, date=day, slot=1, due=utc(2027, 1, 1))
    assert forget_old_reminders(utc(2027, 2, 2, 3)) == 1
    assert list(alice.sent_reminders.values_list("date", flat=True)) == [dt.date(2027, 1, 31)]


# The pages


@pytest.mark.django_db
def test_reminders_are_off_until_turned_on_and_a_visit_saves_nothing(alice_client, alice):
    response = alice_client.get(reverse("reminders"))
    assert "Reminders are off." in response.text
    assert not ReminderSettings.objects.exists()


FORM = {
    "enabled": "on",
    "first_time": "08:00",
    "second_time": "19:30",
    "weekdays": ["0", "2", "4"],
    "by_email": "on",
    "email": "alice@example.com",
}


@pytest.mark.django_db
def test_saving_turns_them_on_and_shows_the_next_one(alice_client, alice):
    with time_machine.travel(utc(2027, 1, 4, 9), tick=False):  # a Monday
        alice_client.force_login(alice)  # the session would have expired by then
        response = alice_client.post(reverse("reminders"), FORM, follow=True)
    reminders = alice.reminder_settings
    assert reminders.enabled and reminders.on_weekdays() == {0, 2, 4}
    assert reminders.next_due == utc(2027, 1, 4, 19, 30)
    assert "Monday 4 January, 19:30" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "error"),
    [
        ({"weekdays": []}, "weekdays", "Choose at least one day of the week."),
        ({"second_time": "08:00"}, "second_time", "The second reminder needs a different time."),
        ({"by_email": ""}, "by_push", "Choose at least one way to be reminded."),
        ({"email": ""}, "email", "Add your email address to get reminders by email."),
        ({"first_time": "25:00"}, "first_time", "Enter a valid time."),
    ],
)
def test_a_bad_setting_says_what_is_wrong_next_to_it(alice_client, alice, change, field, error):
    response = alice_client.post(reverse("reminders"), {**FORM, **change})
    assert response.status_code == 200
    assert error in response.context["form"].errors[field]
    assert not ReminderSettings.objects.exists()


@pytest.mark.django_db
def test_a_refused_form_keeps_what_was_typed_and_the_status_shows_what_is_saved(
    alice_client, alice
):
    response = alice_client.post(reverse("reminders"), {**FORM, "email": "not-an-address"})
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]
    assert 'value="not-an-address"' in response.text
    assert 'value="19:30"' in response.text
    assert "Reminders are off." in response.text  # nothing was saved


@pytest.mark.django_db
def test_pause_for_a_week_and_resume(alice_client, alice):
    with time_machine.travel(utc(2027, 1, 4, 9), tick=False):
        alice_client.force_login(alice)
        alice_client.post(reverse("reminders"), FORM)
        alice_client.post(reverse("reminders_pause"))
        reminders = ReminderSettings.objects.get(user=alice)
        assert reminders.paused_until == dt.date(2027, 1, 11)
        assert reminders.next_date == dt.date(2027, 1, 11)
        alice_client.post(reverse("reminders_pause"), {"resume": "1"})
        reminders.refresh_from_db()
        assert reminders.paused_until is None and reminders.next_date == dt.date(2027, 1, 4)


def confirm_link(email) -> str:
    return re.search(r"http://127\.0\.0\.1:8000(/reminders/confirm/\S+/)", email.body)[1]


@pytest.mark.django_db
def test_email_reminders_wait_until_the_address_is_confirmed(library, alice_client, alice):
    """Nobody can sign someone else's address up for daily emails."""
    alice_client.post(reverse("reminders"), {**FORM, "email": "someone@example.com"})
    reminders = ReminderSettings.objects.get(user=alice)
    assert not reminders.email_is_confirmed()
    [ask] = mail.outbox
    assert ask.to == ["someone@example.com"] and "confirm" in ask.subject
    reminders.next_due = utc(2027, 1, 4, 8)
    reminders.next_date, reminders.next_slot = dt.date(2027, 1, 4), 1
    reminders.save()
    run_worker(utc(2027, 1, 4, 8), utc(2027, 1, 4, 8))
    assert len(mail.outbox) == 1  # no reminder to an unconfirmed address
    assert sent(alice) == [(dt.date(2027, 1, 4), 1, "undelivered")]

    # The link, opened where nobody is signed in: a GET (a mail scanner) confirms nothing.
    link = confirm_link(ask)
    stranger = Client()
    assert "Send Stretchlog reminders to someone@example.com?" in stranger.get(link).text
    assert not ReminderSettings.objects.get(user=alice).email_is_confirmed()
    assert "Address confirmed" in stranger.post(link).text
    reminders.refresh_from_db()
    assert reminders.email_is_confirmed()
    run_worker(utc(2027, 1, 4, 19, 30), utc(2027, 1, 4, 19, 30))  # the evening's
    assert mail.outbox[-1].subject == "Stretchlog: Time for your routine"
    assert mail.outbox[-1].to == ["someone@example.com"]


@pytest.mark.django_db
def test_a_changed_address_needs_confirming_again_and_old_links_stop_working(alice_client, alice):
    alice_client.post(reverse("reminders"), FORM)
    first_link = confirm_link(mail.outbox[-1])
    alice_client.post(reverse("reminders"), {**FORM, "email": "new@example.com"})
    assert mail.outbox[-1].to == ["new@example.com"]
    assert Client().post(first_link).status_code == 404  # for the old address
    assert not ReminderSettings.objects.get(user=alice).email_is_confirmed()
    assert Client().post(confirm_link(mail.outbox[-1])).status_code == 200
    assert ReminderSettings.objects.get(user=alice).email_is_confirmed()
    # Saving again without a change sends nothing more.
    sent_before = len(mail.outbox)
    alice_client.post(reverse("reminders"), {**FORM, "email": "new@example.com"})
    assert len(mail.outbox) == sent_before


@pytest.mark.django_db
def test_confirmation_links_are_limited_so_an_address_cannot_be_pestered(alice_client, alice):
    alice_client.post(reverse("reminders"), FORM)
    for _ in range(5):
        alice_client.post(reverse("reminders_confirm_again"))
    assert len(mail.outbox) == 3
    page = alice_client.get(reverse("reminders")).text
    assert "Send the link again" in page


@pytest.mark.django_db
def test_a_forged_or_expired_confirmation_link_is_refused(alice_client, alice):
    alice_client.post(reverse("reminders"), FORM)
    link = confirm_link(mail.outbox[-1])
    forged = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    assert Client().post(forged).status_code == 404
    assert Client().get(reverse("reminders_confirm", args=["nonsense"])).status_code == 404
    with time_machine.travel(dt.datetime.now(tz=UTC) + dt.timedelta(days=8)):
        assert Client().post(link).status_code == 404
    assert not ReminderSettings.objects.get(user=alice).email_is_confirmed()


@pytest.mark.django_db
def test_a_new_time_zone_moves_the_next_reminder(alice_client, alice):
    with time_machine.travel(utc(2027, 1, 4, 6), tick=False):
        alice_client.force_login(alice)
        alice_client.post(reverse("reminders"), FORM)
        alice_client.post(
            reverse("settings"),
            {"time_zone": "America/New_York", "worsening_threshold": 2, "sore_threshold": 7},
        )
    assert ReminderSettings.objects.get(user=alice).next_due == utc(2027, 1, 4, 13)


@pytest.mark.django_db
def test_the_stop_link_asks_on_a_get_and_stops_only_its_own_person(client, alice, bob):
    for user in (alice, bob):
        remind(user, dt.time(8), now=utc(2027, 1, 4, 7))
    url = reverse("reminders_stop", args=[stop_token(bob)])
    assert "Stop all reminders?" in client.get(url).text
    assert ReminderSettings.objects.get(user=bob).enabled  # a mail scanner's GET stops nothing
    client.post(url)
    assert not ReminderSettings.objects.get(user=bob).enabled
    assert ReminderSettings.objects.get(user=alice).enabled


@pytest.mark.django_db
def test_a_forged_stop_link_is_refused(client, alice):
    remind(alice, dt.time(8), now=utc(2027, 1, 4, 7))
    token = stop_token(alice)
    forged = str(alice.pk + 1) + token[token.index(":") :]
    assert client.post(reverse("reminders_stop", args=[forged])).status_code == 404
    assert client.get(reverse("reminders_stop", args=["nonsense"])).status_code == 404
    assert ReminderSettings.objects.get(user=alice).enabled


def test_the_pages_need_a_sign_in(client):
    for name in ("reminders", "reminders_pause"):
        assert client.get(reverse(name)).status_code in {302, 405}


@pytest.mark.django_db
def test_sending_costs_the_same_queries_whatever_the_history(library):
    """Claiming and sending one reminder reads as much for a new person as after a year."""
    counts = []
    for name, days in (("new", 0), ("year", 365)):
        user = make_user(name)
        for n in range(1, days + 1):
            day = dt.date(2027, 1, 4) - dt.timedelta(days=n)
            SorenessCheckin.objects.create(user=user, date=day, soreness=n % 5)
            StretchSession.objects.create(user=user, date=day)
        reminders = remind(user, dt.time(8), now=utc(2027, 1, 4, 7))
        with (
            time_machine.travel(utc(2027, 1, 4, 8), tick=False),
            CaptureQueriesContext(connection) as queries,
        ):
            send_due_reminders()  # claims, then runs the queued task at once
        counts.append(len(queries))
        assert sent(user) == [(dt.date(2027, 1, 4), 1, "sent")]
        ReminderSettings.objects.filter(pk=reminders.pk).update(
            next_due=None, next_date=None, next_slot=None
        )
    assert counts[0] == counts[1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        {"weekdays": ["7"]},
        {"weekdays": ["-1", "x"]},
        {"first_time": "x" * 10_000},
        {"first_time": "23:59:60"},
        {"second_time": "\x00"},
        {"email": "not an address"},
        {"email": "a@" + "b" * 300 + ".com"},
    ],
)
def test_hostile_reminder_settings_get_a_message_never_a_500(alice_client, alice, change):
    response = alice_client.post(reverse("reminders"), {**FORM, **change})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ReminderSettings.objects.exists()


@pytest.mark.django_db
def test_hostile_links_are_a_404_never_a_500(client):
    for token in ["", "x" * 5000, "1:" + "a" * 43, "%00", "..", "0:abc"]:
        for name in ("reminders_stop", "reminders_confirm"):
            try:
                url = reverse(name, args=[token])
            except NoReverseMatch:
                continue  # the address cannot even be made
            assert client.get(url).status_code == 404
            assert client.post(url).status_code in {403, 404}
