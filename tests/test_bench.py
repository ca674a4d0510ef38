"""The benchmark's pieces: the /ping/ floor, the data builder and the reminder scheduler's
people."""

import datetime as dt
import random

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from bench import reminders
from journal import records
from journal.management.commands import build_bench_data as bench
from journal.models import (
    ReminderSettings,
    Routine,
    SentReminder,
    SessionEntry,
    SorenessCheckin,
    StretchSession,
)


def test_ping_answers_without_touching_the_database(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = Client().get("/ping/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain"


def test_ping_is_not_kept_by_caches(db):
    assert "no-store" in Client().get("/ping/")["Cache-Control"]


def test_the_signed_in_floor_is_the_base_layout_alone(alice_client, django_assert_num_queries):
    # The session, the user and their profile: what every journal page pays before its own
    # work (journal.middleware.ProfileMiddleware reads the profile, making it if missing).
    with django_assert_num_queries(3):
        response = alice_client.get("/ping/page/")
    assert response.status_code == 200
    assert "Log out" in response.text
    assert Client().get("/ping/page/").status_code == 302  # signed in only


def build(capsys, **sizes) -> str:
    call_command("build_bench_data", **sizes)
    return capsys.readouterr().out


def test_it_builds_a_tiny_data_set(db, capsys):
    build(capsys, users=3, days=5, long_days=20)

    assert set(User.objects.values_list("username", flat=True)) == {
        bench.LONG_USER,
        bench.WEEK_USER,
        "bench-crowd-0001",
        "bench-crowd-0002",
        "bench-crowd-0003",
    }
    long_user = User.objects.get(username=bench.LONG_USER)
    assert long_user.check_password(bench.PASSWORD)
    assert User.objects.get(username="bench-crowd-0003").check_password(bench.PASSWORD)
    assert long_user.profile.time_zone == "UTC"
    # One or two sessions every day, each with the default routine's stretches.
    per_day = dict(
        long_user.stretch_sessions.values_list("date").annotate(n=Count("id")).order_by()
    )
    assert len(per_day) == 20
    assert set(per_day.values()) <= {1, 2}
    stretches = Routine.objects.get(is_default=True).items.count()
    assert SessionEntry.objects.count() == StretchSession.objects.count() * stretches
    # Check-ins on most days, none today or later.
    today = long_user.profile.today()
    assert 12 <= long_user.checkins.count() <= 20
    assert not SorenessCheckin.objects.filter(date__gte=today).exists()
    week_days = set(
        User.objects.get(username=bench.WEEK_USER).stretch_sessions.dates("date", "day")
    )
    assert len(week_days) == 7


def test_running_it_again_changes_nothing(db, capsys):
    build(capsys, users=3, days=5, long_days=20)
    rows = (SorenessCheckin.objects.count(), SessionEntry.objects.count())

    out = build(capsys, users=3, days=5, long_days=20)

    assert "already here" in out
    assert (SorenessCheckin.objects.count(), SessionEntry.objects.count()) == rows
    assert User.objects.count() == 5


def test_it_refuses_a_database_with_a_data_set_of_another_size(db, capsys):
    build(capsys, users=3, days=5, long_days=20)

    with pytest.raises(CommandError, match="fresh database"):
        build(capsys, users=4, days=5, long_days=20)
    assert User.objects.count() == 5


def test_the_demo_history_still_refills_one_person(db, capsys):
    call_command("make_demo_history", "demo", days=30)
    demo = User.objects.get(username="demo")
    today = demo.profile.today()
    records.shares.create(demo, today - dt.timedelta(days=7), today, 30)
    call_command("make_demo_history", "demo", days=10)

    # Refilled whole: nothing of the journal before, a clinician's link included.
    assert not demo.report_shares.exists()
    assert demo.check_password("a-long-demo-password")
    assert len(set(demo.checkins.values_list("date", flat=True))) <= 10
    assert demo.stretch_sessions.exists()


def test_the_scheduler_part_keeps_its_busy_minute_at_two_percent_as_it_grows():
    small = reminders.new_people(100, {})
    assert small == {"probe": 20, "busy": 2, "rest": 78}
    assert reminders.new_people(100_000, small) == {"probe": 0, "busy": 1998, "rest": 97_902}


def test_the_scheduler_part_finds_only_its_quiet_minutes_people_due(db):
    now = timezone.now().replace(second=0, microsecond=0)
    population = reminders.Population(zone=reminders.zone_away_from_midnight(now), built=now)
    reminders.grow(population, 100, random.Random(1))

    found = reminders.find_due(population)

    assert found.due == reminders.PROBE
    people = User.objects.filter(username__startswith=reminders.PREFIX)
    assert people.count() == ReminderSettings.objects.count() == 100
    assert not any(user.has_usable_password() for user in people)
    assert not SentReminder.objects.exists()  # the claim it timed was rolled back
