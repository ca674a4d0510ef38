"""The trends page's charts are cached; whatever a person changes shows on their next view."""

import datetime as dt
import json
from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from journal.models import Routine, SessionEntry, Stretch, StretchSession
from journal.records.stamp import journal_changed
from tests.test_checkins import checkin_data
from tests.test_sessions import entry_data, routine_post
from tests.test_today import add_history
from tests.test_transfer import export, import_file

TRENDS = reverse("trends")
CHARTS = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "charts"}


def charts_section(client: Client, range_key: str = "30") -> str:
    response = client.get(TRENDS, {"range": range_key}, **CHARTS)
    assert response.status_code == 200
    return response.text


def built_afresh(client: Client, range_key: str = "30") -> str:
    cache.clear()
    return charts_section(client, range_key)


@pytest.fixture
def history(alice, today) -> None:
    add_history(alice, today, 20)


def test_the_charts_are_built_once_then_served_from_the_cache(
    alice_client, history, django_assert_num_queries
):
    first = charts_section(alice_client)
    # session, user, profile: nothing of the journal is read again.
    with django_assert_num_queries(3):
        again = charts_section(alice_client)
    assert again == first
    assert "trend-figure" in first


def test_each_range_is_cached_on_its_own(alice_client, history):
    thirty, year = charts_section(alice_client, "30"), charts_section(alice_client, "365")
    assert thirty != year
    assert charts_section(alice_client, "30") == thirty == built_afresh(alice_client, "30")


def test_another_person_never_gets_someone_elses_cached_charts(alice_client, bob_client, history):
    alices = charts_section(alice_client)
    assert charts_section(bob_client) != alices
    assert "No check-ins in this time yet" in charts_section(bob_client)


def first_session(alice) -> StretchSession:
    return alice.stretch_sessions.order_by("date").first()


def first_entry(alice) -> SessionEntry:
    return SessionEntry.objects.filter(session__user=alice).order_by("session__date").first()


# Every way a person can change what the charts show, through the app as they would.
CHANGES: dict[str, Callable] = {
    "check in today": lambda c, alice, today: c.post(
        reverse("checkin_create"), checkin_data(today, soreness="9")
    ),
    "check in with htmx": lambda c, alice, today: c.post(
        reverse("checkin_create"), checkin_data(today, soreness="9"), HTTP_HX_REQUEST="true"
    ),
    "edit a check-in": lambda c, alice, today: c.post(
        reverse("checkin_edit", args=[alice.checkins.earliest("date").pk]),
        checkin_data(alice.checkins.earliest("date").date, soreness="10"),
    ),
    "delete a check-in": lambda c, alice, today: c.post(
        reverse("checkin_delete", args=[alice.checkins.latest("date").pk])
    ),
    "log a routine session": lambda c, alice, today: c.post(
        reverse("session_create"), routine_post(Routine.objects.get(is_default=True), today)
    ),
    "move a session": lambda c, alice, today: c.post(
        reverse("session_edit", args=[first_session(alice).pk]),
        {"date": today.isoformat(), "note": "Moved"},
    ),
    "delete a session": lambda c, alice, today: c.post(
        reverse("session_delete", args=[first_session(alice).pk])
    ),
    "add a stretch to a session": lambda c, alice, today: c.post(
        reverse("entry_create", args=[first_session(alice).pk]),
        entry_data(Stretch.objects.get(slug="sphinx"), pain_during="8"),
        HTTP_HX_REQUEST="true",
    ),
    "rate a stretch's pain": lambda c, alice, today: c.post(
        reverse("entry_edit", args=[first_entry(alice).pk]),
        entry_data(first_entry(alice).stretch, pain_during="9"),
    ),
    "remove a stretch from a session": lambda c, alice, today: c.post(
        reverse("entry_delete", args=[first_entry(alice).pk])
    ),
    "lower the particularly-sore threshold": lambda c, alice, today: c.post(
        reverse("settings"),
        {"time_zone": "UTC", "worsening_threshold": "2", "sore_threshold": "3"},
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_shows_on_the_next_view_as_if_built_afresh(
    alice_client, alice, today, history, change
):
    before = charts_section(alice_client)
    response = CHANGES[change](alice_client, alice, today)
    assert response.status_code in (200, 302)

    after = charts_section(alice_client)
    assert after != before, "the change should show on the charts"
    assert after == built_afresh(alice_client)


def test_an_import_shows_on_the_next_view(alice_client, bob_client, history):
    document = export(alice_client)
    before = charts_section(bob_client)
    assert import_file(bob_client, json.dumps(document).encode()).status_code == 302
    after = charts_section(bob_client)
    assert after != before
    assert after == built_afresh(bob_client)


def test_a_change_outside_the_app_is_not_seen_until_the_journal_is_marked_changed(
    alice_client, alice, today, history
):
    """The contract `journal_changed` keeps: writes that bypass the views must call it."""
    before = charts_section(alice_client)
    alice.checkins.filter(date__gte=today - dt.timedelta(days=5)).delete()
    assert charts_section(alice_client) == before
    journal_changed(alice)
    assert charts_section(alice_client) != before
