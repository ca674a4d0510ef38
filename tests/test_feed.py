"""The private calendar feed of reminders: what a subscribed calendar reads, and who can read it."""

import datetime as dt
import re
from itertools import islice
from zoneinfo import ZoneInfo

import pytest
import time_machine
from dateutil.rrule import rrulestr  # icalendar's own dependency: expands RRULEs as clients do
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from icalendar import Calendar, Event

from journal.models import (
    ReminderSettings,
    SessionEntry,
    SorenessCheckin,
    Stretch,
    StretchSession,
)
from journal.reminders.feed import CHECK_IN_BODY, CHECK_IN_TITLE, NAME
from journal.reminders.links import stop_token
from tests.conftest import make_user

UTC = dt.UTC
MON, WED, FRI = 0, 2, 4
# Words that nudge someone to stretch: the server's stretch-day reminder and the rule's advice.
NUDGES = ["Time for your routine", "follow today’s stretches", "Go ahead and stretch", "routine"]
# A Wednesday, midday in Europe.
WEDNESDAY = dt.datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


def remind(user: User, **fields) -> ReminderSettings:
    values = {
        "enabled": True,
        "by_calendar": True,
        "first_time": dt.time(7, 30),
        "second_time": dt.time(19, 0),
        "weekdays": (1 << MON) | (1 << WED) | (1 << FRI),
    } | fields
    return ReminderSettings.objects.create(user=user, **values)


def feed_url(reminders: ReminderSettings) -> str:
    reminders.refresh_from_db()
    return reverse("reminders_feed", args=[reminders.feed_secret])


def fetch(reminders: ReminderSettings) -> Calendar:
    response = Client().get(feed_url(reminders))
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def texts(event: Event) -> str:
    """Everything the event says, the alarm included."""
    return "\n".join(
        [str(event["SUMMARY"]), str(event["DESCRIPTION"])]
        + [str(alarm["DESCRIPTION"]) for alarm in event.walk("VALARM")]
    )


@pytest.fixture
def berliner(db) -> User:
    return make_user("berliner", time_zone="Europe/Berlin")


@time_machine.travel(WEDNESDAY, tick=False)
def test_it_has_a_weekly_event_with_an_alarm_for_each_reminder_time(berliner):
    reminders = remind(berliner)
    response = Client().get(feed_url(reminders))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and "Stretchlog" in calendar["PRODID"]
    assert calendar["X-WR-CALNAME"] == NAME
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in response.content
    assert b"X-PUBLISHED-TTL:PT1H" in response.content
    berlin = ZoneInfo("Europe/Berlin")
    events = sorted(calendar.events, key=lambda event: event.start)
    assert [event.start for event in events] == [
        dt.datetime(2026, 3, 4, 7, 30, tzinfo=berlin),  # today, a Wednesday
        dt.datetime(2026, 3, 4, 19, 0, tzinfo=berlin),
    ]
    for event in events:
        assert event.start.tzinfo.key == "Europe/Berlin"
        assert event["RRULE"]["FREQ"] == ["WEEKLY"]
        assert event["RRULE"]["BYDAY"] == ["MO", "WE", "FR"]
        assert event.duration == dt.timedelta(minutes=10)
        [alarm] = event.walk("VALARM")
        assert alarm["ACTION"] == "DISPLAY"
        assert alarm["TRIGGER"].dt == dt.timedelta(0)
        # A calendar cannot know the day's advice: check in first, never "stretch now".
        assert event["SUMMARY"] == CHECK_IN_TITLE
        assert CHECK_IN_BODY in event["DESCRIPTION"]
        assert settings.SITE_URL + reverse("home") in event["DESCRIPTION"]
        stop = settings.SITE_URL + reverse("reminders_stop", args=[stop_token(berliner)])
        assert stop in event["DESCRIPTION"]
        assert "Time for your routine" not in texts(event)
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Berlin"]
    assert calendar.get_missing_tzids() == set()


def test_uids_are_stable_per_person_and_time_and_name_no_one(alice, bob):
    alices, bobs = remind(alice), remind(bob)
    first = [str(event["UID"]) for event in fetch(alices).events]
    again = [str(event["UID"]) for event in fetch(alices).events]
    assert first == again and len(set(first)) == 2
    # Changing a time updates the same event rather than adding one.
    alices.first_time = dt.time(6, 45)
    alices.save()
    assert [str(event["UID"]) for event in fetch(alices).events] == first
    assert not set(first) & {str(event["UID"]) for event in fetch(bobs).events}
    for uid in first:
        # The person's part is a keyed hash: neither their name nor their id.
        slot_and_key = re.fullmatch(r"reminder-([12])-([0-9a-f]{24})@[^@\s]+", uid)
        assert slot_and_key and "alice" not in uid and slot_and_key[2] != str(alice.pk)


@time_machine.travel(WEDNESDAY, tick=False)
def test_a_pause_starts_the_events_after_it(alice):
    paused_until = alice.profile.today() + dt.timedelta(days=7)
    reminders = remind(alice, weekdays=0b1111111, paused_until=paused_until)
    starts = {event.start.date() for event in fetch(reminders).events}
    assert starts == {paused_until}
    # Only Mondays: the first Monday on or after the pause ends.
    reminders.weekdays = 1 << MON
    reminders.save()
    starts = {event.start.date() for event in fetch(reminders).events}
    assert starts == {dt.date(2026, 3, 16)}


@pytest.mark.parametrize(
    ("flag", "notice"),
    [
        ("bladder_bowel", "Get emergency care now"),
        ("pain_down_legs", "See a doctor or physiotherapist first"),
    ],
)
def test_an_open_red_flag_puts_the_clinician_notice_in_every_event(alice, today, flag, notice):
    reminders = remind(alice)
    SorenessCheckin.objects.create(user=alice, date=today, soreness=3, **{flag: True})
    events = list(fetch(reminders).events)
    assert len(events) == 2
    for event in events:
        assert notice in event["SUMMARY"]
        assert notice in event.walk("VALARM")[0]["DESCRIPTION"]
        assert "needs a clinician" in event["DESCRIPTION"]
        for nudge in NUDGES + [CHECK_IN_BODY]:
            assert nudge not in texts(event), nudge


def test_a_resolved_red_flag_brings_the_check_in_back(alice_client, alice, today):
    reminders = remind(alice)
    SorenessCheckin.objects.create(user=alice, date=today, soreness=3, numbness=True)
    alice_client.post(reverse("flags_resolve"), {"outcome": "gone"})
    assert {event["SUMMARY"] for event in fetch(reminders).events} == {CHECK_IN_TITLE}


@pytest.mark.parametrize(
    "fields", [{"enabled": False}, {"by_calendar": False, "by_email": True}], ids=["off", "no-cal"]
)
def test_off_or_not_by_calendar_is_a_valid_calendar_with_no_events(alice, fields):
    calendar = fetch(remind(alice, **fields))
    assert calendar["X-WR-CALNAME"] == NAME
    assert list(calendar.events) == []


def test_the_stop_link_empties_the_calendar(alice):
    reminders = remind(alice)
    assert len(list(fetch(reminders).events)) == 2
    Client().post(reverse("reminders_stop", args=[stop_token(alice)]))
    assert list(fetch(reminders).events) == []


def test_unknown_secrets_are_404(alice, client):
    remind(alice)
    for secret in ["not-a-secret", "", "x" * 64]:
        url = f"/reminders/calendar/{secret}.ics"
        assert client.get(url).status_code == 404, url


def test_the_feed_only_answers_get_and_head(alice, client):
    url = feed_url(remind(alice))
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


def test_a_new_address_retires_the_old_one(alice_client, alice, bob):
    reminders, bobs = remind(alice), remind(bob)
    old, bobs_url = feed_url(reminders), feed_url(bobs)
    response = alice_client.post(reverse("reminders_feed_reset"))
    assert response.status_code == 302 and response["Location"] == reverse("reminders")
    new = feed_url(reminders)
    assert new != old
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    # Only the signed-in person's address changed.
    assert feed_url(bobs) == bobs_url and Client().get(bobs_url).status_code == 200
    page = alice_client.get(reverse("reminders"))
    assert "new address" in page.text and new in page.text and old not in page.text


def test_making_a_new_address_needs_a_signed_in_post(alice, client, alice_client):
    reminders = remind(alice)
    before = feed_url(reminders)
    reset = reverse("reminders_feed_reset")
    response = client.post(reset)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert alice_client.get(reset).status_code == 405
    csrf_checked = Client(enforce_csrf_checks=True)
    csrf_checked.force_login(alice)
    assert csrf_checked.post(reset).status_code == 403
    assert feed_url(reminders) == before


def test_a_secret_gives_its_owners_feed_only(alice, bob, today):
    """The secret is the key: bob's address shows bob's times, never alice's flag."""
    remind(alice, first_time=dt.time(6, 15), second_time=None)
    bobs = remind(bob, first_time=dt.time(21, 5), second_time=None)
    SorenessCheckin.objects.create(user=alice, date=today, soreness=3, bladder_bowel=True)
    [event] = fetch(bobs).events
    assert event.start.time() == dt.time(21, 5)
    assert event["SUMMARY"] == CHECK_IN_TITLE
    assert stop_token(bob) in event["DESCRIPTION"]
    assert stop_token(alice) not in event["DESCRIPTION"]


def test_the_reminders_page_shows_the_address_once_saved_by_calendar(alice, alice_client):
    page = alice_client.get(reverse("reminders"))
    assert "Make a new address" not in page.text  # nothing saved yet
    reminders = remind(alice, by_calendar=False, by_email=True)
    assert "Make a new address" not in alice_client.get(reverse("reminders")).text
    reminders.by_calendar = True
    reminders.save()
    page = alice_client.get(reverse("reminders"), secure=True)
    url = f"https://testserver{feed_url(reminders)}"
    assert f'value="{url}"' in page.text
    assert f'href="webcal://testserver{feed_url(reminders)}"' in page.text
    assert "Anyone who has it" in page.text
    assert reverse("reminders_feed_reset") in page.text


def long_history(user: User, days: int) -> None:
    today = user.profile.today()
    sphinx = Stretch.objects.get(slug="sphinx")
    SorenessCheckin.objects.bulk_create(
        SorenessCheckin(user=user, date=today - dt.timedelta(days=n), soreness=n % 7)
        for n in range(days)
    )
    sessions = StretchSession.objects.bulk_create(
        StretchSession(user=user, date=today - dt.timedelta(days=n)) for n in range(days)
    )
    SessionEntry.objects.bulk_create(
        SessionEntry(session=session, stretch=sphinx, hold_seconds=30) for session in sessions
    )


def test_the_feed_costs_the_same_queries_for_any_history(
    alice, bob, django_assert_num_queries, client
):
    short, long = remind(alice), remind(bob)
    long_history(bob, 800)
    for reminders in (short, long):
        url = feed_url(reminders)
        # The settings with the person, then the day's advice (check-ins, the stretches done in
        # its window, red-flag reports and resolutions).
        with django_assert_num_queries(6):
            assert client.get(url).status_code == 200
    off = feed_url(remind(make_user("off"), enabled=False))
    with django_assert_num_queries(1):  # off: no need to ask about red flags
        assert client.get(off).status_code == 200


@pytest.mark.parametrize(
    ("zone", "before", "after"),
    [
        # The clocks go forward on 8 March 2026 in New York, on 29 March in London.
        ("America/New_York", dt.datetime(2026, 3, 5, 13, 0, tzinfo=UTC), dt.date(2026, 3, 9)),
        ("Europe/London", dt.datetime(2026, 3, 26, 8, 0, tzinfo=UTC), dt.date(2026, 3, 30)),
    ],
)
def test_the_local_time_holds_when_the_clocks_change(db, zone, before, after):
    """08:00 stays 08:00 where the person is: the event names its zone and the feed carries
    that zone's rules, so a calendar moves the UTC time by an hour across the change."""
    person = make_user("traveller", time_zone=zone)
    with time_machine.travel(before, tick=False):
        calendar = fetch(remind(person, first_time=dt.time(8, 0), second_time=None, weekdays=127))
    [event] = calendar.events
    assert event.start.tzinfo.key == zone
    assert b"DTSTART;TZID=" + zone.encode() + b":" in calendar.to_ical()
    # Expanded as a client does, with the VTIMEZONE written in the feed (not the server's own).
    [vtimezone] = calendar.timezones
    assert vtimezone.tz_name == zone
    feed_zone = vtimezone.to_tz()
    first = event.start.replace(tzinfo=None)
    days = list(islice(rrulestr(event["RRULE"].to_ical().decode(), dtstart=first), 10))
    assert all(day.time() == dt.time(8, 0) for day in days)
    offsets = {day.date(): day.replace(tzinfo=feed_zone).utcoffset() for day in days}
    assert offsets[before.date()] - offsets[after] == -dt.timedelta(hours=1)
    assert offsets[after] == ZoneInfo(zone).utcoffset(dt.datetime(2026, 4, 1))
