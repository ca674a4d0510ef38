"""Red flags that persist until resolved, the three tiers, and pages that follow the advice."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.urls import reverse

from journal import queries, records
from journal.models import Profile, RedFlagResolution, Routine, SorenessCheckin, StretchSession

RESOLVE = reverse("flags_resolve")


@pytest.fixture
def routine(db) -> Routine:
    return Routine.objects.get(is_default=True)


def days_ago(today: dt.date, n: int) -> dt.date:
    return today - dt.timedelta(days=n)


# Red flags persist until the person says what happened


def test_yesterdays_red_flag_shows_today_after_a_no_and_without_a_checkin(
    alice_client, alice, today
):
    SorenessCheckin.objects.create(
        user=alice, date=days_ago(today, 2), soreness=3, pain_down_legs=True
    )
    # The next morning: "no" to everything.
    SorenessCheckin.objects.create(user=alice, date=days_ago(today, 1), soreness=3)
    response = alice_client.get("/")  # and no check-in today
    assert "See a clinician soon" in response.text
    assert "Pain spreading down one leg" in response.text
    since = days_ago(today, 2)
    assert f"Open since {since:%A} {since.day} {since:%B}" in response.text
    assert "Has this been dealt with?" in response.text
    for url in (
        reverse("trends"),
        reverse("report"),
        reverse("day_detail", args=[today]),
        reverse("guided_session", args=["guides-7-stretches"]),
    ):
        assert "See a clinician soon" in alice_client.get(url).text, url


def test_it_goes_once_resolved_and_a_later_yes_brings_it_back(alice_client, alice, today):
    SorenessCheckin.objects.create(
        user=alice, date=days_ago(today, 3), soreness=3, numbness=True, fever=True
    )
    seen = days_ago(today, 1)
    response = alice_client.post(
        RESOLVE, {"outcome": "seen", "seen_on": seen.isoformat(), "next": "/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert set(alice.flag_resolutions.values_list("flag", "resolved_on", "outcome")) == {
        ("numbness", today, "seen"),
        ("fever", today, "seen"),
    }
    # No notice of the advice (the page's hidden offline notices are for a dropped connection).
    assert 'id="clinician-notice"' not in alice_client.get("/").text
    # History keeps the record: the day it was reported still shows it.
    day_page = alice_client.get(reverse("day_detail", args=[days_ago(today, 3)]))
    assert "See a doctor today" in day_page.text
    # A "yes" saved later the same day brings it back, from today.
    alice_client.post(
        reverse("checkin_create"), {"date": today.isoformat(), "soreness": "3", "fever": "on"}
    )
    response = alice_client.get("/")
    assert "See a doctor today" in response.text
    assert response.context["advice"].flags_since == today
    tomorrow_advice = queries.advice_on(alice, alice.profile, today + dt.timedelta(days=1))
    assert tomorrow_advice.red_flags == ("fever",)


def test_seen_by_a_clinician_needs_the_date(alice_client, alice, today):
    SorenessCheckin.objects.create(user=alice, date=days_ago(today, 2), soreness=3, numbness=True)
    response = alice_client.post(RESOLVE, {"outcome": "seen"})
    assert response.status_code == 200
    assert "Give the day a clinician saw you." in response.text
    assert not alice.flag_resolutions.exists()
    future = today + dt.timedelta(days=1)
    response = alice_client.post(RESOLVE, {"outcome": "seen", "seen_on": future.isoformat()})
    assert not alice.flag_resolutions.exists()
    alice_client.post(RESOLVE, {"outcome": "seen", "seen_on": days_ago(today, 1).isoformat()})
    resolution = alice.flag_resolutions.get()
    assert (resolution.outcome, resolution.seen_on) == ("seen", days_ago(today, 1))


def test_resolving_goes_only_back_to_this_site(alice_client, alice, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=3, numbness=True)
    response = alice_client.post(RESOLVE, {"outcome": "gone", "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_one_person_resolving_leaves_anothers_flags_alone(alice_client, bob, today):
    SorenessCheckin.objects.create(user=bob, date=today, soreness=3, numbness=True)
    alice_client.post(RESOLVE, {"outcome": "gone"})
    assert not RedFlagResolution.objects.exists()


@pytest.mark.parametrize("years", [0, 5])
def test_the_advice_costs_the_same_queries_whatever_the_history(
    alice, today, years, django_assert_num_queries
):
    """Flags reported and resolved over years are read in one query each, not row by row."""
    for n in range(1, 365 * years, 30):
        records.checkins.save(
            alice, SorenessCheckin(date=days_ago(today, n), soreness=3, numbness=True)
        )
        RedFlagResolution.objects.create(
            user=alice, flag="numbness", resolved_on=days_ago(today, n - 1), outcome="gone"
        )
    records.checkins.save(alice, SorenessCheckin(date=days_ago(today, 400), soreness=3, fever=True))
    # check-ins of the window and the last few before it, entries of the window, every
    # red-flag report and every resolution.
    with django_assert_num_queries(5):
        advice = queries.advice_on(alice, alice.profile, today)
    assert advice.red_flags == ("fever",)


# Tiers and what each page offers


@pytest.mark.parametrize(
    "answers",
    [
        {"bladder_bowel": True},
        {"numbness": True, "numbness_both_legs": True},
        {"leg_weakness": True, "weakness_both_legs": True},
        {"leg_weakness": True, "weakness_worsening": True},
        {"pain_down_legs": True, "pain_both_legs": True},
    ],
)
def test_an_emergency_says_now_with_a_number_to_tap_and_offers_no_stretching(
    alice_client, alice, routine, today, answers
):
    SorenessCheckin.objects.create(user=alice, date=days_ago(today, 1), soreness=2, **answers)
    html = alice_client.get("/").text
    assert "Get emergency care now" in html
    assert 'href="tel:112"' in html and "your local emergency number" in html
    assert html.index("Get emergency care now") < html.index("How is your back today?")
    assert reverse("session_create") not in html
    assert reverse("guided_session", args=[routine.slug]) not in html
    guided = alice_client.get(reverse("guided_session", args=[routine.slug])).text
    assert "Get emergency care now" in guided
    assert "Go on anyway" not in guided and 'id="guided-start"' not in guided
    assert "guided.js" not in guided
    blocked = alice_client.get(reverse("session_create"), {"routine": routine.slug})
    assert "No stretching for now" in blocked.text and 'name="date"' not in blocked.text
    day_page = alice_client.get(reverse("day_detail", args=[days_ago(today, 3)])).text
    assert "Log a session for this day" not in day_page


def test_the_emergency_number_is_a_setting(alice_client, alice, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=2, bladder_bowel=True)
    with override_settings(EMERGENCY_NUMBER="999"):
        html = alice_client.get("/").text
    assert 'href="tel:999"' in html and "Call 999" in html


def test_an_urgent_flag_blocks_logging_even_by_posting(alice_client, alice, routine, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=2, leg_weakness=True)
    html = alice_client.get("/").text
    assert "See a doctor today" in html and "tel:" not in html.split("See a doctor today")[0]
    assert reverse("session_create") not in html
    alice_client.post(reverse("session_create"), {"date": today.isoformat(), "anyway": "1"})
    assert not StretchSession.objects.exists()


def test_a_soon_flag_still_lets_the_person_log(alice_client, alice, routine, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=2, numbness=True)
    html = alice_client.get("/").text
    assert "See a clinician soon" in html
    assert f"{reverse('session_create')}?routine={routine.slug}" in html


# Rest days


def test_a_rest_day_leads_with_rest_and_offers_breathing_not_the_routine(
    alice_client, alice, routine, today
):
    SorenessCheckin.objects.create(user=alice, date=days_ago(today, 1), soreness=2)
    SorenessCheckin.objects.create(user=alice, date=today, soreness=5)
    html = alice_client.get("/").text
    assert "Today is a rest day" in html
    assert reverse("stretch_detail", args=["belly-breathing"]) in html
    assert f"Log {routine.name.lower()}" not in html
    assert "Start guided session" not in html
    assert "Stretched anyway? Log it" in html


def test_the_stretching_section_refreshes_alone_for_htmx(alice_client, alice, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=8)
    response = alice_client.get("/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="stretching")
    assert response.text.lstrip().startswith('<section id="stretching"')
    assert "Today is a rest day" in response.text


def test_the_guided_form_says_anyway_on_a_rest_day(alice_client, alice, routine, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=8)
    html = alice_client.get(reverse("guided_session", args=[routine.slug])).text
    assert "Go on anyway" in html
    assert '<input type="hidden" name="anyway" value="1">' in html


# Thresholds moved into the cautious bands, said once


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_particularly_sore_into_the_band_and_says_so_once(client):
    executor = MigrationExecutor(connection)
    executor.migrate([("journal", "0006_profile_for_every_account")])
    old_apps = executor.loader.project_state([("journal", "0006_profile_for_every_account")]).apps
    user_model = old_apps.get_model("auth", "User")
    profile_model = old_apps.get_model("journal", "Profile")
    high = user_model.objects.create(username="high")
    profile_model.objects.create(user=high, sore_threshold=10, worsening_threshold=1)
    usual = user_model.objects.create(username="usual")
    profile_model.objects.create(user=usual, sore_threshold=6, worsening_threshold=1)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    moved = Profile.objects.get(user__username="high")
    assert moved.sore_threshold == 8
    assert "was 10. It is now 8" in moved.settings_notice
    kept = Profile.objects.get(user__username="usual")
    # Inside the bands: untouched, and a cautious 1 point stays 1 point.
    assert (kept.sore_threshold, kept.worsening_threshold, kept.settings_notice) == (6, 1, "")

    client.force_login(moved.user)
    assert "was 10. It is now 8" in client.get("/").text
    client.post(reverse("settings_notice_seen"), {"next": "/"})
    assert "was 10. It is now 8" not in client.get("/").text


# Which stretch hurt: asked, not guessed


def test_after_a_rise_it_asks_which_stretch_and_the_answer_flags_it(
    alice_client, alice, routine, today
):
    yesterday = days_ago(today, 1)
    session = StretchSession.objects.create(user=alice, date=yesterday, routine=routine)
    for item in routine.items.select_related("stretch"):
        session.entries.create(stretch=item.stretch, hold_seconds=30)
    SorenessCheckin.objects.create(user=alice, date=yesterday, soreness=2)
    SorenessCheckin.objects.create(user=alice, date=today, soreness=5)
    html = alice_client.get("/").text
    assert "Your soreness rose from 2 to 5 since yesterday" in html
    assert html.count('name="stretch" value="') == routine.items.count() + 1
    # A rise after the whole routine is no evidence against any one stretch.
    assert alice_client.get("/").context["advice"].stretch_warnings == ()

    alice_client.post(
        reverse("made_worse"), {"date": yesterday.isoformat(), "stretch": "cat-cow", "next": "/"}
    )
    response = alice_client.get("/")
    assert "since yesterday" not in response.text  # asked once
    [warning] = response.context["advice"].stretch_warnings
    assert warning.slug == "cat-cow" and warning.short == "you said it made things worse"
    assert "Stretches to change or skip" in response.text
    assert response.text.count("<details>") == 1  # a compact list, not a card per stretch


def test_none_of_them_flags_nothing_and_stops_asking(alice_client, alice, routine, today):
    yesterday = days_ago(today, 1)
    session = StretchSession.objects.create(user=alice, date=yesterday)
    session.entries.create(stretch=routine.items.first().stretch, hold_seconds=30)
    SorenessCheckin.objects.create(user=alice, date=yesterday, soreness=2)
    SorenessCheckin.objects.create(user=alice, date=today, soreness=4)
    alice_client.post(reverse("made_worse"), {"date": yesterday.isoformat(), "stretch": ""})
    response = alice_client.get("/")
    assert "since yesterday" not in response.text
    assert response.context["advice"].stretch_warnings == ()


# Pain during a session


def test_the_session_summary_says_rest_tomorrow_as_soon_as_it_is_saved(
    alice_client, alice, routine, today
):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=2)
    session = StretchSession.objects.create(user=alice, date=today, routine=routine)
    stretches = [item.stretch for item in routine.items.select_related("stretch")][:3]
    session.entries.create(stretch=stretches[0], hold_seconds=30, pain_during=8)
    session.entries.create(stretch=stretches[1], hold_seconds=30, pain_during=2)
    html = alice_client.get(session.get_absolute_url()).text
    assert "Make tomorrow a rest day." in html
    assert "reached 8/10" in html
    assert "Stop these for today" in html
    assert reverse("stretch_detail", args=[stretches[0].slug]) + "#modifications" in html
    tomorrow = queries.advice_on(alice, alice.profile, today + dt.timedelta(days=1))
    assert tomorrow.should_rest and tomorrow.reasons[0].code == "painful_session"


# Check before stretching


@pytest.mark.parametrize("start", ["log", "guided"])
def test_a_session_on_a_day_without_a_checkin_asks_the_questions_first(
    alice_client, alice, routine, today, start
):
    url = (
        f"{reverse('session_create')}?routine={routine.slug}"
        if start == "log"
        else reverse("guided_session", args=[routine.slug])
    )
    response = alice_client.get(url)
    assert "Before you stretch" in response.text
    assert "Numbness or tingling in a leg or foot?" in response.text
    assert f'name="next" value="{url.replace("&", "&amp;")}"' in response.text
    response = alice_client.post(
        reverse("checkin_create"),
        {"date": today.isoformat(), "soreness": "2", "next": url},
    )
    assert response.status_code == 302 and response["Location"] == url
    assert "Before you stretch" not in alice_client.get(url).text


def test_a_red_flag_answered_before_stretching_stops_the_session(
    alice_client, alice, routine, today
):
    url = reverse("guided_session", args=[routine.slug])
    response = alice_client.post(
        reverse("checkin_create"),
        {"date": today.isoformat(), "soreness": "2", "bladder_bowel": "on", "next": url},
    )
    html = alice_client.get(response["Location"]).text
    assert "Get emergency care now" in html and "guided.js" not in html


def test_logging_a_past_day_does_not_ask_for_a_checkin(alice_client, alice, today):
    response = alice_client.get(reverse("session_create"), {"date": days_ago(today, 3)})
    assert "Before you stretch" not in response.text
    assert 'name="date"' in response.text


# Cautions that reach everyone


def test_sign_up_asks_about_surgery_injury_or_a_health_problem(client, db):
    data = {
        "username": "carol",
        "email": "carol@example.com",
        "password1": "a-long-test-password",
        "password2": "a-long-test-password",
        "time_zone": "UTC",
    }
    response = client.post(reverse("signup"), data)
    assert "Answer yes or no" in response.text
    client.post(reverse("signup"), {**data, "health_caution": "yes"})
    profile = Profile.objects.get(user__username="carol")
    assert profile.health_caution is True and profile.needs_caution


def test_a_yes_shows_the_caution_on_every_stretch_and_before_sessions_until_cleared(
    alice_client, alice, routine, today
):
    Profile.objects.filter(user=alice).update(health_caution=True)
    SorenessCheckin.objects.create(user=alice, date=today, soreness=2)
    urls = [
        reverse("stretch_detail", args=["sphinx"]),
        reverse("stretch_detail", args=["belly-breathing"]),
        reverse("routine_detail", args=[routine.slug]),
        reverse("guided_session", args=[routine.slug]),
        f"{reverse('session_create')}?routine={routine.slug}",
        "/",
    ]
    for url in urls:
        assert "Check with a professional first" in alice_client.get(url).text, url
    alice_client.post(reverse("health_answer"), {"answer": "cleared", "next": "/"})
    for url in urls:
        assert "Check with a professional first" not in alice_client.get(url).text, url
    alice.profile.refresh_from_db()
    assert alice.profile.caution_cleared_on == today


def test_everyone_sees_the_general_caution_on_each_stretch(client, db):
    html = client.get(reverse("stretch_detail", args=["roll-up"])).text
    assert "back or hip surgery recently, an injury, or another health problem" in html


def test_an_older_account_is_asked_once(alice_client, alice):
    assert alice.profile.health_caution is None
    assert "One question before you stretch" in alice_client.get("/").text
    alice_client.post(reverse("health_answer"), {"answer": "no", "next": "/"})
    assert "One question before you stretch" not in alice_client.get("/").text


def test_the_pointers_show_until_acknowledged(alice_client, alice):
    assert "Before you start" in alice_client.get("/").text
    alice_client.post(reverse("pointers_seen"), {"next": "/"})
    assert "Before you start" not in alice_client.get("/").text


def test_the_pointers_wait_while_a_clinician_comes_first(alice_client, alice):
    today = alice.profile.today()
    alice_client.post(
        reverse("checkin_create"), {"date": today.isoformat(), "soreness": "3", "pain_legs": "one"}
    )
    page = alice_client.get("/").text
    assert "See a clinician soon" in page and "Before you start" not in page


def test_the_routine_page_offers_no_session_during_an_emergency(
    alice_client, alice, routine, today
):
    page = reverse("routine_detail", args=[routine.slug])
    assert "Start guided session" in alice_client.get(page).text
    records.checkins.save(alice, SorenessCheckin(date=today, soreness=2, bladder_bowel=True))
    assert "Start guided session" not in alice_client.get(page).text
