import datetime as dt
import json
import re

import pytest
from django.urls import reverse

from journal.models import Routine, RoutineStretch, SorenessCheckin, Stretch
from journal.views.guided import guided_plan


@pytest.fixture
def routine(db) -> Routine:
    return Routine.objects.get(is_default=True)


def guided_url(routine: Routine) -> str:
    return reverse("guided_session", args=[routine.slug])


def page_plan(html: str) -> list[dict]:
    found = re.search(r'<script id="guided-plan" type="application/json">(.*?)</script>', html)
    assert found, "the plan is not on the page"
    return json.loads(found.group(1))


def test_the_plan_gives_each_stretch_in_order_with_the_routines_dose(routine):
    items = list(
        RoutineStretch.objects.filter(routine=routine)
        .select_related("stretch")
        .prefetch_related("stretch__steps")
    )
    plan = guided_plan(items)
    assert [s["slug"] for s in plan] == [item.stretch.slug for item in items]
    for stretch, item in zip(plan, items, strict=True):
        assert stretch["stretch_id"] == item.stretch.pk
        assert stretch["hold_seconds"] == item.hold_seconds_min
        assert stretch["reps"] == item.reps_min
        assert stretch["sets"] == item.sets
        assert stretch["each_side"] == item.each_side
        assert stretch["dose"] == item.dose_text()
        assert stretch["steps"] == [step.text for step in item.stretch.steps.order_by("number")]
        assert stretch["modifications"] == item.stretch.modification_list()
    by_slug = {s["slug"]: s for s in plan}
    assert by_slug["knee-to-chest"]["hold_seconds"] == 30 and by_slug["knee-to-chest"]["each_side"]
    assert (by_slug["pelvic-tilt"]["reps"], by_slug["pelvic-tilt"]["sets"]) == (3, 3)
    assert by_slug["cat-cow"]["moving"] and not by_slug["sphinx"]["moving"]


def test_the_plan_keeps_a_reps_only_stretch_without_a_hold(db):
    routine = Routine.objects.get(slug="active-mobility")
    plan = guided_plan(routine.items.select_related("stretch"))
    circles = next(s for s in plan if s["slug"] == "hip-circles")
    assert (circles["hold_seconds"], circles["reps"], circles["each_side"]) == (None, 3, True)


def test_it_shows_the_routine_as_json_for_the_timer(alice_client, alice, routine, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=2)
    response = alice_client.get(guided_url(routine))
    assert response.status_code == 200
    plan = page_plan(response.text)
    assert [s["name"] for s in plan] == [item.stretch.name for item in routine.items.all()]
    assert plan == response.context["plan"]
    assert "journal/guided.js" in response.text
    # The form the script fills in posts to the ordinary session form, for today.
    assert f'action="{reverse("session_create")}"' in response.text
    assert "csrfmiddlewaretoken" in response.text
    assert f'name="routine" value="{routine.slug}"' in response.text
    assert f'name="date" value="{today.isoformat()}"' in response.text
    assert "no-store" in response["Cache-Control"]


def test_it_has_no_inline_script_apart_from_the_json(alice_client, routine):
    response = alice_client.get(guided_url(routine))
    scripts = re.findall(r"<script\b[^>]*>", response.text)
    assert scripts, "no script tags found"
    for tag in scripts:
        assert "src=" in tag or tag in {
            '<script id="guided-plan" type="application/json">',
            '<script id="red-flag-answers" type="application/json">',
        }, tag
    assert not re.search(r"\son[a-z]+=", response.text), "an inline event handler"
    assert "hx-on" not in response.text


@pytest.mark.parametrize("slug", ["guides-7-stretches", "active-mobility"])
def test_it_makes_the_same_number_of_queries_whatever_the_routine(
    alice_client, alice, today, slug, django_assert_num_queries
):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=2)
    # session, user, profile, routine, its items with their stretches, their steps and areas
    # (the routine's page loads the same), then the advice: check-ins, stretches done,
    # resolutions in the rule's window, the latest resolution of each flag and the flags open
    # before the window.
    with django_assert_num_queries(12):
        response = alice_client.get(reverse("guided_session", args=[slug]))
    assert response.status_code == 200


def test_it_starts_at_the_start_screen_on_a_stretching_day(alice_client, alice, routine, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=2)
    response = alice_client.get(guided_url(routine))
    assert 'id="guided-advice"' not in response.text
    assert 'id="guided-start"' in response.text
    assert not re.search(r'<section id="guided-start"[^>]*\shidden>', response.text)


def test_it_starts_with_the_rest_advice_and_its_reasons_when_the_rule_says_rest(
    alice_client, alice, routine, today
):
    SorenessCheckin.objects.create(user=alice, date=today - dt.timedelta(days=1), soreness=3)
    SorenessCheckin.objects.create(user=alice, date=today, soreness=6)
    response = alice_client.get(guided_url(routine))
    assert response.context["advice"].should_rest
    html = response.text
    assert html.index('id="guided-advice"') < html.index('id="guided-start"')
    assert "Rest day" in html and "Take a day off from stretching." in html
    assert "up 3 from 3" in html
    assert "Go on anyway" in html
    assert re.search(r'<section id="guided-start"[^>]*\shidden>', html)


def test_a_soon_red_flag_shows_the_notice_and_nothing_to_start(alice_client, alice, routine, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=2, numbness=True)
    response = alice_client.get(guided_url(routine))
    html = response.text
    assert "See a clinician soon" in html and "See a clinician first" in html
    assert 'id="guided-start"' not in html and "guided.js" not in html


def test_an_unknown_routine_is_a_404(alice_client):
    response = alice_client.get(reverse("guided_session", args=["no-such-routine"]))
    assert response.status_code == 404


def test_a_visitor_is_sent_to_log_in(client, routine):
    url = guided_url(routine)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_it_only_answers_get(alice_client, routine):
    assert alice_client.post(guided_url(routine)).status_code == 405


def test_it_is_offered_on_the_routine_page_and_today(alice_client, client, routine):
    url = guided_url(routine)
    assert url in alice_client.get(routine.get_absolute_url()).text
    assert url in alice_client.get("/").text
    # A visitor is offered it through signing up or logging in, not straight away.
    visitor = client.get(routine.get_absolute_url()).text
    assert f'href="{url}"' not in visitor and f"?next={url}" in visitor


def test_the_form_the_script_posts_saves_exactly_what_was_done(alice_client, alice, routine, today):
    """The form as guided.js fills it: one entry a side done, skipped stretches left out."""
    knee = Stretch.objects.get(slug="knee-to-chest")
    tilt = Stretch.objects.get(slug="pelvic-tilt")
    done = [
        (knee, "28", "", "1", "left", "3", ""),
        (knee, "30", "", "1", "right", "3", ""),
        (tilt, "5", "3", "2", "na", "", "Reps per set: 3, 1"),
    ]
    data = {
        "routine": routine.slug,
        "date": today.isoformat(),
        "note": "Guided session",
        "entries-TOTAL_FORMS": "3",
        "entries-INITIAL_FORMS": "3",
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "50",
    }
    for n, (stretch, hold, reps, sets, side, pain, note) in enumerate(done):
        data |= {
            f"entries-{n}-stretch": str(stretch.pk),
            f"entries-{n}-hold_seconds": hold,
            f"entries-{n}-reps": reps,
            f"entries-{n}-sets": sets,
            f"entries-{n}-side": side,
            f"entries-{n}-pain_during": pain,
            f"entries-{n}-note": note,
        }
    response = alice_client.post(reverse("session_create"), data)
    session = alice.stretch_sessions.get()
    assert response["Location"] == session.get_absolute_url()
    assert (session.routine, session.date, session.note) == (routine, today, "Guided session")
    saved = [
        (e.stretch.slug, e.hold_seconds, e.reps, e.sets, e.side, e.pain_during, e.note)
        for e in session.entries.select_related("stretch")
    ]
    assert saved == [
        ("knee-to-chest", 28, None, 1, "left", 3, ""),
        ("knee-to-chest", 30, None, 1, "right", 3, ""),
        ("pelvic-tilt", 5, 3, 2, "na", None, "Reps per set: 3, 1"),
    ]
