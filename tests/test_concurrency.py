"""Saves that race each other: the database decides, each person gets a clear answer, and
nothing is lost. Runs on SQLite (WAL, IMMEDIATE transactions, a busy timeout) and on
PostgreSQL; a "database is locked" error would surface here as a missing answer."""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from journal.models import Routine, SessionEntry, SorenessCheckin, Stretch, StretchSession
from tests.conftest import make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("library")]

THREADS = 20


def post_at_once(client: Client, posts: list[tuple[str, dict]]) -> list[tuple[int, str]]:
    """Send every POST at the same moment, each from its own thread and connection."""
    barrier = threading.Barrier(len(posts))
    answers: list[tuple[int, str]] = []

    def post(url: str, data: dict) -> None:
        try:
            barrier.wait()
            response = client.post(url, data)
            answers.append((response.status_code, response.text))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=post_args) for post_args in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(answers) == len(posts), "a request failed outright"
    return answers


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_twenty_checkins_for_one_day_at_once_leave_one_and_answer_each():
    user = make_user("racer")
    day = user.profile.today().isoformat()
    posts = [
        (reverse("checkin_create"), {"date": day, "soreness": str(n % 11)}) for n in range(THREADS)
    ]

    answers = post_at_once(logged_in(user), posts)

    statuses = sorted(status for status, _ in answers)
    assert statuses == [200] * (THREADS - 1) + [302]
    assert all(
        "You already have a check-in for" in text for status, text in answers if status == 200
    )
    assert SorenessCheckin.objects.filter(user=user).count() == 1


def test_twenty_entries_added_to_one_session_at_once_are_all_kept():
    user = make_user("adder")
    session = StretchSession.objects.create(user=user, date=user.profile.today())
    sphinx = Stretch.objects.get(slug="sphinx")
    url = reverse("entry_create", args=[session.pk])
    posts = [
        (url, {"stretch": sphinx.pk, "hold_seconds": str(10 + n), "sets": "1", "side": "na"})
        for n in range(THREADS)
    ]

    answers = post_at_once(logged_in(user), posts)

    assert [status for status, _ in answers] == [302] * THREADS
    holds = sorted(session.entries.values_list("hold_seconds", flat=True))
    assert holds == [10 + n for n in range(THREADS)]


def test_twenty_routine_sessions_at_once_lose_no_entry():
    user = make_user("routiner")
    routine = Routine.objects.get(is_default=True)
    items = list(routine.items.select_related("stretch"))
    data = {
        "routine": routine.slug,
        "date": user.profile.today().isoformat(),
        "entries-TOTAL_FORMS": str(len(items)),
        "entries-INITIAL_FORMS": str(len(items)),
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "50",
    }
    for n, item in enumerate(items):
        data[f"entries-{n}-stretch"] = str(item.stretch.pk)
        data[f"entries-{n}-sets"] = str(item.sets)
        data[f"entries-{n}-reps"] = str(item.reps_min or "")
        data[f"entries-{n}-hold_seconds"] = str(item.hold_seconds_min or "")
        data[f"entries-{n}-side"] = "both" if item.stretch.each_side else "na"

    answers = post_at_once(logged_in(user), [(reverse("session_create"), data)] * THREADS)

    assert [status for status, _ in answers] == [302] * THREADS
    assert StretchSession.objects.filter(user=user).count() == THREADS
    assert SessionEntry.objects.filter(session__user=user).count() == THREADS * len(items)
