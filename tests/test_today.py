import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from journal.models import Routine, SessionEntry, SorenessCheckin, Stretch, StretchSession


def add_history(user, today: dt.date, days: int) -> None:
    """A check-in and a two-stretch session on each of `days` days up to yesterday, as the
    forms would take them (a stretch done on each side is logged for both sides), kept since the
    account was made (it is moved back to when the history begins)."""
    type(user).objects.filter(pk=user.pk).update(
        date_joined=timezone.now() - dt.timedelta(days=days + 1)
    )
    stretches = list(Stretch.objects.all()[:2])
    SorenessCheckin.objects.bulk_create(
        SorenessCheckin(user=user, date=today - dt.timedelta(days=n), soreness=n % 6)
        for n in range(1, days + 1)
    )
    sessions = StretchSession.objects.bulk_create(
        StretchSession(user=user, date=today - dt.timedelta(days=n)) for n in range(1, days + 1)
    )
    SessionEntry.objects.bulk_create(
        SessionEntry(
            session=session,
            stretch=stretch,
            hold_seconds=30,
            side=SessionEntry.Side.BOTH if stretch.each_side else SessionEntry.Side.NOT_APPLICABLE,
        )
        for session in sessions
        for stretch in stretches
    )


def test_a_visitor_sees_the_landing_page(client, db):
    response = client.get("/")
    assert "Gentle stretches for a sore lower back" in response.text
    assert reverse("signup") in response.text


def test_today_offers_the_checkin_and_the_guide_routine(alice_client, today):
    response = alice_client.get("/")
    assert response.status_code == 200
    assert 'id="checkin-form"' in response.text
    assert 'hx-post="/checkins/new/"' in response.text
    routine = Routine.objects.get(is_default=True)
    assert f"/sessions/new/?routine={routine.slug}" in response.text
    assert "There is no check-in for" in response.text  # the advice says what is missing


def test_today_shows_rest_advice_with_its_reason(alice_client, alice, today):
    SorenessCheckin.objects.create(user=alice, date=today - dt.timedelta(days=1), soreness=3)
    SorenessCheckin.objects.create(user=alice, date=today, soreness=6)
    response = alice_client.get("/")
    assert response.context["advice"].should_rest
    assert "Rest day" in response.text
    assert "up 3 from 3" in response.text


def test_today_is_never_cached(alice_client):
    response = alice_client.get("/")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("days", [7, 5 * 365])
def test_today_makes_the_same_number_of_queries_whatever_the_history(
    alice_client, alice, today, days, django_assert_num_queries
):
    add_history(alice, today, days)
    # session, user, profile; the advice: check-ins of the rule's window and the last few
    # before it, entries, every red-flag report and resolution; session counts, today's
    # check-in, today's sessions (none yet, so no query for their entries), the rest-day
    # exercise, the default routine; whether the questions about signs of a serious cause are
    # due: when they were last answered, and the check-ins around today; whether the weekly
    # activities score is due.
    with django_assert_num_queries(17):
        response = alice_client.get("/")
    assert response.status_code == 200


def test_the_advice_panel_alone_for_htmx(alice_client, alice, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=8)
    response = alice_client.get(reverse("advice_panel"), HTTP_HX_REQUEST="true")
    assert response.text.lstrip().startswith('<div class="advice advice-rest">')
    assert "Your soreness is 8" in response.text
    page = alice_client.get("/")
    assert (
        'hx-trigger="checkin-saved from:body, entries-changed from:body" hx-swap="innerHTML"'
        in (page.text)
    )


def test_the_week_refreshes_alone_for_htmx(alice_client, alice, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=4)
    response = alice_client.get("/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="week")
    assert response.text.lstrip().startswith('<section id="week"')
    assert "<td>4</td>" in response.text


def test_the_clinician_notice_shows_and_stays(alice_client, alice, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=2, pain_down_legs=True)
    response = alice_client.get("/")
    assert "See a clinician soon" in response.text
    assert 'role="alert"' in response.text
    SorenessCheckin.objects.filter(user=alice).update(bladder_bowel=True)
    response = alice_client.get("/")
    assert "Get emergency care now" in response.text
    day_page = alice_client.get(reverse("day_detail", args=[today]))
    assert "Get emergency care now" in day_page.text
    history = alice_client.get(reverse("history"))
    assert "Emergency" in history.text
