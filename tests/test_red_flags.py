"""A red flag is never lost: reports kept whatever happens to their check-in, resolutions that
fit the tier, the full NHS and NICE screen, zone changes, and pages that agree with the advice.

Each test below is one of the situations found less cautious than the sources; each goes
through the pages, as a person would."""

import datetime as dt
import json
import uuid

import time_machine
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import strategies as st

from journal import queries, records
from journal.models import Profile, RedFlagReport, RedFlagScreen, SorenessCheckin, Stretch
from journal.reminders.schedule import reminder_message
from journal.rules import SCREEN_FLAGS
from tests.conftest import PASSWORD, make_user

NEW = reverse("checkin_create")
RESOLVE = reverse("flags_resolve")
EMERGENCY = "Get emergency care now"
GO_AHEAD = "Go ahead and stretch"


def checkin(day: dt.date, **answers) -> dict:
    return {"date": day.isoformat(), "soreness": "3", "stiffness": "", "note": "", **answers}


def today_page(client: Client) -> str:
    return client.get(reverse("home")).text


def advice_now(user):
    user = type(user).objects.get(pk=user.pk)
    profile = user.profile
    return queries.advice_on(user, profile, profile.today())


# An import drops nothing


def test_an_import_keeps_weakness_in_both_legs(alice_client, bob_client, bob, today):
    alice_client.post(NEW, checkin(today, weakness_legs="both"))
    document = alice_client.get(reverse("export_json")).json()
    upload = SimpleUploadedFile("export.json", json.dumps(document).encode())
    assert bob_client.post(reverse("import_json"), {"file": upload}).status_code == 302
    page = today_page(bob_client)
    assert EMERGENCY in page and GO_AHEAD not in page
    assert "Weakness in both legs" in bob_client.get(reverse("report")).text


def test_an_old_export_with_weakness_getting_worse_imports_and_keeps_it(bob_client, bob, today):
    """A version 1 file, as the app used to write it: one true or false a flag."""
    flags = dict.fromkeys(SorenessCheckin.RED_FLAG_FIELDS, False)
    flags.update(leg_weakness=True, weakness_worsening=True)
    document = {
        "format": "stretchlog",
        "version": 1,
        "profile": {"time_zone": "UTC", "worsening_threshold": 2, "sore_threshold": 7},
        "checkins": [{"date": (today - dt.timedelta(days=60)).isoformat(), "soreness": 4, **flags}],
        "sessions": [],
    }
    upload = SimpleUploadedFile("export.json", json.dumps(document).encode())
    response = bob_client.post(reverse("import_json"), {"file": upload})
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert EMERGENCY in today_page(bob_client)  # sixty days on: still open
    flags = set(bob.flag_reports.values_list("flag", flat=True))
    assert flags == {"leg_weakness", "weakness_worsening"}


def test_resolutions_and_reports_travel_with_the_export(alice_client, alice, bob_client, today):
    alice_client.post(NEW, checkin(today - dt.timedelta(days=1), numbness_legs="one"))
    alice_client.post(RESOLVE, {"outcome": "gone"})
    document = alice_client.get(reverse("export_json")).json()
    assert [r["flag"] for r in document["resolutions"]] == ["numbness"]
    assert [r["flag"] for r in document["reports"]] == ["numbness"]
    upload = SimpleUploadedFile("export.json", json.dumps(document).encode())
    assert bob_client.post(reverse("import_json"), {"file": upload}).status_code == 302
    # Resolved there, resolved here: no notice (the hidden offline ones are no advice).
    assert 'id="clinician-notice"' not in today_page(bob_client)


def test_a_file_with_a_field_it_cannot_read_is_refused_whole(bob_client, bob, today):
    document = {
        "format": "stretchlog",
        "version": 2,
        "checkins": [{"date": today.isoformat(), "soreness": 3, "tingling_toes": True}],
    }
    upload = SimpleUploadedFile("export.json", json.dumps(document).encode())
    response = bob_client.post(reverse("import_json"), {"file": upload})
    assert "tingling_toes" in response.text and "not imported" in response.text
    assert not bob.checkins.exists()


# An edit or a delete never closes a flag


def test_editing_todays_checkin_back_to_no_keeps_the_emergency(alice_client, alice, today):
    alice_client.post(NEW, checkin(today, bladder_bowel="on"))
    saved = alice.checkins.get()
    alice_client.post(reverse("checkin_edit", args=[saved.pk]), checkin(today))
    saved.refresh_from_db()
    assert not saved.bladder_bowel
    page = today_page(alice_client)
    assert EMERGENCY in page and GO_AHEAD not in page


def test_deleting_the_checkin_keeps_the_emergency(alice_client, alice, today):
    alice_client.post(NEW, checkin(today, numbness_legs="both"))
    saved = alice.checkins.get()
    alice_client.post(reverse("checkin_delete", args=[saved.pk]))
    assert not alice.checkins.exists()
    assert EMERGENCY in today_page(alice_client)
    report = alice.flag_reports.get()
    assert report.flag == "numbness_both_legs" and report.checkin is None
    assert "(since deleted)" in alice_client.get(reverse("flag_history")).text


def test_the_red_flag_page_offers_what_it_says_closes_a_flag(alice_client, alice, today):
    history = reverse("flag_history")
    page = alice_client.get(history).text
    assert "<summary>Has this been dealt with?" not in page  # nothing open
    assert "Answer them now" in page and "Answer them again" not in page
    alice_client.post(NEW, checkin(today, fever="on"))
    page = alice_client.get(history).text
    assert "<summary>Has this been dealt with?" in page and f'value="{history}"' in page
    response = alice_client.post(
        RESOLVE, {"outcome": "seen", "seen_on": today.isoformat(), "next": history}
    )
    assert response.status_code == 302 and response["Location"] == history
    assert "<summary>Has this been dealt with?" not in alice_client.get(history).text


def test_it_has_gone_does_not_close_an_emergency(alice_client, alice, today):
    alice_client.post(NEW, checkin(today, bladder_bowel="on"))
    response = alice_client.post(RESOLVE, {"outcome": "gone", "next": "/"})
    assert response.status_code == 200  # the form again, with what is wrong
    assert not alice.flag_resolutions.exists()
    page = today_page(alice_client)
    assert EMERGENCY in page and GO_AHEAD not in page
    # Only "a clinician has seen this" is offered for it.
    assert 'value="gone"' not in page and 'value="seen"' in page
    message = reminder_message(advice_now(alice), checked_in=True, stretched=False)
    assert message.kind == "clinician" and "routine" not in message.title.lower()


def test_it_has_gone_closes_only_the_soon_flags_of_several(alice_client, alice, today):
    alice_client.post(NEW, checkin(today, numbness_legs="one", fever="on"))
    alice_client.post(RESOLVE, {"outcome": "gone"})
    assert list(alice.flag_resolutions.values_list("flag", flat=True)) == ["numbness"]
    assert [flag.name for flag in advice_now(alice).active_flags] == ["fever"]


# "A clinician has seen this" fits the dates


def test_a_visit_before_the_symptom_is_refused(alice_client, alice, today):
    alice_client.post(NEW, checkin(today, fever="on"))
    seen = (today - dt.timedelta(days=30)).isoformat()
    response = alice_client.post(RESOLVE, {"outcome": "seen", "seen_on": seen})
    assert "That is before you first reported these" in response.text
    assert not alice.flag_resolutions.exists()


def test_a_visit_closes_only_the_flags_reported_by_then(alice_client, alice, today):
    alice_client.post(NEW, checkin(today - dt.timedelta(days=5), fever="on"))
    alice_client.post(NEW, checkin(today - dt.timedelta(days=1), numbness_legs="one"))
    seen = (today - dt.timedelta(days=3)).isoformat()
    alice_client.post(RESOLVE, {"outcome": "seen", "seen_on": seen})
    advice = advice_now(alice)
    assert [(flag.name, flag.since) for flag in advice.active_flags] == [
        ("numbness", today - dt.timedelta(days=1))
    ]


def test_a_visit_in_the_future_is_refused(alice_client, alice, today):
    alice_client.post(NEW, checkin(today, fever="on"))
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    response = alice_client.post(RESOLVE, {"outcome": "seen", "seen_on": tomorrow})
    assert "That day is still to come." in response.text


# Time zones


def test_moving_the_time_zone_west_keeps_an_open_emergency(alice, today):
    Profile.objects.filter(user=alice).update(time_zone="Pacific/Kiritimati")  # UTC+14
    alice.profile.refresh_from_db()
    kiritimati_today = alice.profile.today()
    client = Client()
    client.force_login(alice)
    client.post(NEW, checkin(kiritimati_today, bladder_bowel="on"))
    client.post(
        reverse("settings"),
        {"time_zone": "Pacific/Pago_Pago", "worsening_threshold": "2", "sore_threshold": "7"},
    )  # UTC-11: a day behind
    assert Profile.objects.get(user=alice).today() < kiritimati_today
    page = today_page(client)
    assert EMERGENCY in page and GO_AHEAD not in page


# The full screen


def test_sign_up_asks_the_screen_and_a_yes_opens_its_flag(client, db):
    response = client.post(
        reverse("signup"),
        {
            "username": "carol",
            "email": "carol@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "time_zone": "UTC",
            "health_caution": "no",
        },
    )
    assert response.status_code == 302 and response["Location"].startswith(reverse("screen"))
    page = client.get(response["Location"]).text
    assert "Did this back pain start after a fall" in page
    assert "Have you ever had cancer?" in page
    client.post(reverse("screen"), {"flags": ["cancer_history"], "next": "/"})
    page = today_page(client)
    assert "See a doctor today" in page and "Back pain after having had cancer" in page
    assert GO_AHEAD not in page


def test_an_older_account_is_asked_once_then_not_again(alice_client, alice, today):
    alice_client.post(NEW, checkin(today))
    assert "A few questions about your back first" in today_page(alice_client)
    alice_client.post(reverse("screen"), {"next": "/"})
    assert "A few questions about your back first" not in today_page(alice_client)
    assert alice.flag_screens.get().yes() == []


def test_a_new_spell_after_a_gap_asks_the_screen_again(alice_client, alice, today):
    RedFlagScreen.objects.create(user=alice, answered_on=today - dt.timedelta(days=40))
    SorenessCheckin.objects.create(user=alice, date=today - dt.timedelta(days=20), soreness=2)
    assert "You are back after 20 days" in today_page(alice_client)


def test_the_age_question_is_a_see_a_gp_soon_flag(alice_client, alice):
    alice_client.post(reverse("screen"), {"flags": ["age_new_pain"]})
    advice = advice_now(alice)
    assert advice.clinician == "soon" and advice.clinician_first


def test_anything_new_in_the_daily_checkin_reaches_the_same_list(alice_client, alice, today):
    alice_client.post(NEW, checkin(today, new_flags=["trauma", "night_pain"]))
    assert set(alice.flag_reports.values_list("flag", flat=True)) == {"trauma", "night_pain"}
    assert "See a doctor today" in today_page(alice_client)


# Pages agree with the tier and the day


def test_the_soon_tier_leads_with_a_clinician_first_everywhere(alice_client, alice, today):
    alice_client.post(NEW, checkin(today, pain_legs="one"))
    page = today_page(alice_client)
    assert "Start guided session" not in page and "Build a session" not in page
    guided = alice_client.get(reverse("guided_session", args=["guides-7-stretches"])).text
    assert "See a clinician first" in guided and "guided-go-on" not in guided
    routine = alice_client.get(reverse("routine_detail", args=["guides-7-stretches"])).text
    assert "Start guided session" not in routine
    # Logging stays possible, after one question.
    log = alice_client.get(reverse("session_create") + "?routine=guides-7-stretches").text
    assert "The advice is to see a clinician first" in log and "Log anyway" in log
    message = reminder_message(advice_now(alice), checked_in=True, stretched=False)
    assert message.kind == "clinician"


def test_an_uncleared_health_yes_leads_with_a_clinician_first(alice_client, alice, today):
    Profile.objects.filter(user=alice).update(health_caution=True)
    records.profiles.pointers_seen(alice)  # a journal write: the cached advice goes stale
    alice_client.post(NEW, checkin(today))
    page = today_page(alice_client)
    assert GO_AHEAD not in page and "See a doctor or physiotherapist before you stretch" in page
    assert "Start guided session" not in page
    message = reminder_message(advice_now(alice), checked_in=True, stretched=False)
    assert message.kind == "clinician" and message.title != "Time for your routine"
    alice_client.post(reverse("health_answer"), {"answer": "cleared"})
    assert GO_AHEAD in today_page(alice_client)


def test_a_painful_session_today_changes_todays_advice_at_once(alice_client, alice, today):
    alice_client.post(NEW, checkin(today, soreness="2"))
    assert GO_AHEAD in today_page(alice_client)
    stretch = Stretch.objects.get(slug="knee-to-chest")
    response = alice_client.post(
        reverse("session_create") + "?date=" + today.isoformat(),
        {
            "date": today.isoformat(),
            "note": "",
            "entries-TOTAL_FORMS": "1",
            "entries-INITIAL_FORMS": "0",
            "entries-0-stretch": str(stretch.pk),
            "entries-0-sets": "1",
            "entries-0-side": "both",
            "entries-0-pain_during": "9",
        },
    )
    assert response.status_code == 302, response.context["formset"].errors
    page = today_page(alice_client)
    assert GO_AHEAD not in page and "In your session today" in page
    # Every page agrees: trends and its charts, the history's calendar, the report.
    trends = alice_client.get(reverse("trends")).context
    assert trends["advice"].should_rest
    days, _ = queries.chart_days(alice, alice.profile, today, today)
    assert days[-1].rest_advised
    assert ", rest advised" in alice_client.get(reverse("history")).text
    assert alice_client.get(reverse("report")).context["advice"].should_rest


def test_the_log_page_shows_the_warning_and_leaves_the_stretch_out(alice_client, alice, today):
    yesterday = today - dt.timedelta(days=1)
    session = alice.stretch_sessions.create(date=yesterday)
    session.entries.create(stretch=Stretch.objects.get(slug="cat-cow"), pain_during=7)
    SorenessCheckin.objects.create(user=alice, date=today, soreness=2)
    # Yesterday's pain makes today a rest day: logging anyway, the form shows the warning.
    response = alice_client.get(reverse("session_create") + "?routine=guides-7-stretches&anyway=1")
    assert "Left out, as it hurt lately" in response.text
    flagged = [
        form for form in response.context["formset"] if form.initial["stretch"].slug == "cat-cow"
    ]
    assert flagged and flagged[0]["DELETE"].value() is True


# Slow trouble


def test_a_steady_six_for_six_weeks_suggests_a_gp(alice_client, alice, today):
    for n in range(42):
        SorenessCheckin.objects.create(user=alice, date=today - dt.timedelta(days=n), soreness=6)
    assert "has not improved in 6 weeks" in today_page(alice_client)


def test_after_a_gap_it_compares_with_the_last_level_before_it(alice_client, alice, today):
    for n in (12, 11, 10):
        SorenessCheckin.objects.create(user=alice, date=today - dt.timedelta(days=n), soreness=2)
    alice_client.post(NEW, checkin(today, soreness="6"))
    page = today_page(alice_client)
    assert GO_AHEAD not in page and "before a gap of 10 days" in page


# Offline: what the server does with a device's record


def sync(client: Client, user, day: dt.date, **answers):
    from journal.offline import person_tag

    data = {
        "client_id": "6d2ef2c6-4a45-4d4b-9a2c-1f1e1a1b1c1d",
        "person": person_tag(user),
        **checkin(day, **answers),
    }
    return client.post(reverse("sync_checkin"), data).json()


def test_a_conflicting_offline_checkin_keeps_its_red_flags(alice_client, alice, today):
    alice_client.post(NEW, checkin(today, soreness="2"))
    answer = sync(alice_client, alice, today, soreness="5", numbness_legs="both")
    assert answer["result"] == "conflict"
    # Whichever the person keeps, the device's both-legs numbness is open.
    assert EMERGENCY in today_page(alice_client)
    assert alice.flag_reports.get().source == RedFlagReport.Source.DEVICE


def test_an_offline_checkin_dated_ahead_is_kept_for_today(alice_client, alice, today):
    answer = sync(alice_client, alice, today + dt.timedelta(days=1), bladder_bowel="on")
    assert answer["result"] == "saved"
    assert alice.checkins.get().date == today
    assert EMERGENCY in today_page(alice_client)


def test_getting_worse_without_a_leg_answer_is_stored(alice_client, alice, today):
    answer = sync(alice_client, alice, today, weakness_worsening="on")
    assert answer["result"] == "saved"
    assert EMERGENCY in today_page(alice_client)


def test_a_refused_offline_checkin_keeps_its_red_flags(alice_client, alice, today):
    answer = sync(alice_client, alice, today, soreness="", fever="on")
    assert answer["result"] == "refused"
    assert "See a doctor today" in today_page(alice_client)


# The property: whatever a person does, a red flag reported stays open until a resolution that
# applies to it.

LEGS = {"pain_legs": "pain_down_legs", "numbness_legs": "numbness", "weakness_legs": "leg_weakness"}
BOTH = {"pain_legs": "pain_both_legs", "numbness_legs": "numbness_both_legs"}
BOTH["weakness_legs"] = "weakness_both_legs"
ZONES = ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/London", "Asia/Kolkata"]
answers_of = st.fixed_dictionaries(
    {
        **{question: st.sampled_from(["", "", "one", "both"]) for question in LEGS},
        "fever": st.booleans(),
        "bladder_bowel": st.sampled_from([False, False, False, True]),
        "weakness_worsening": st.sampled_from([False, False, True]),
        "new_flags": st.lists(st.sampled_from(SCREEN_FLAGS), max_size=2, unique=True),
    }
)
steps = st.lists(
    st.one_of(
        # A few days only, so that steps meet on the same day (a sync then meets a check-in).
        st.tuples(st.just("check in"), st.integers(0, 3), answers_of),
        st.tuples(st.just("say no"), st.integers(0, 3)),
        st.tuples(st.just("delete"), st.integers(0, 3)),
        st.tuples(st.just("sync"), st.integers(-1, 3), answers_of),
        st.tuples(st.just("import")),
        st.tuples(st.just("move"), st.sampled_from(ZONES)),
        st.tuples(st.just("seen")),
        st.tuples(st.just("gone")),
    ),
    max_size=8,
)


def flags_said(answers: dict) -> set[str]:
    """The red flags of these answers, as the rule names them (journal/rules.py)."""
    flags = {BOTH[q] if a == "both" else LEGS[q] for q, a in answers.items() if q in LEGS and a}
    flags |= {name for name in ("fever", "bladder_bowel") if answers[name]}
    if answers["weakness_worsening"]:
        flags.add("weakness_worsening")
        if not answers["weakness_legs"]:
            flags.add("leg_weakness")
    return flags | set(answers["new_flags"])


def form_data(day: dt.date, answers: dict, soreness: int = 3) -> dict:
    data = {"date": day.isoformat(), "soreness": str(soreness), "stiffness": "", "note": ""}
    data |= {question: answers[question] for question in LEGS}
    data |= {
        name: "on" for name in ("fever", "bladder_bowel", "weakness_worsening") if answers[name]
    }
    return data | {"new_flags": answers["new_flags"]}


def test_a_reported_flag_stays_open_until_a_resolution_that_applies(db, examples):
    from hypothesis import HealthCheck, example, given, settings

    from journal import transfer
    from journal.forms import CheckinForm
    from journal.offline import person_tag

    people = iter(range(10**6))

    nothing = {question: "" for question in LEGS} | {
        "fever": False,
        "bladder_bowel": False,
        "weakness_worsening": False,
        "new_flags": [],
    }
    worse, trauma = {**nothing, "weakness_worsening": True}, {**nothing, "new_flags": ["trauma"]}

    @settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(steps=steps)
    # Always tried, whatever else is drawn: cases the property found once. Weakness getting
    # worse, from the phone, met the check-in saved here and lost its leg weakness; a clinician
    # seen in a zone a day ahead did not count back west; a journal kept a day ahead could not
    # be imported after a move west.
    @example(steps=[("check in", 0, nothing), ("sync", 0, worse)])
    @example(steps=[("check in", 0, trauma), ("move", ZONES[1]), ("seen",), ("move", "UTC")])
    @example(steps=[("move", ZONES[1]), ("check in", 0, trauma), ("move", ZONES[2]), ("import",)])
    def check(steps):
        noon = dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC)
        # The clock runs (from noon, so the day stays the same): each step after the last.
        with time_machine.travel(noon, tick=True), transaction.atomic():
            user = make_user(f"p{next(people)}")
            client = Client()
            client.force_login(user)
            expected: set[str] = set()
            for step in steps:
                user = User.objects.get(pk=user.pk)  # as a new request reads it
                today = user.profile.today()
                action = step[0]
                if action in {"check in", "sync"}:
                    day = today - dt.timedelta(days=step[1])
                    answers = step[2]
                    if action == "check in":
                        form = CheckinForm(
                            form_data(day, answers),
                            user=user,
                            today=today,
                            instance=user.checkins.filter(date=min(day, today)).first(),
                        )
                        assert form.is_valid(), form.errors
                        records.checkins.save(
                            user, form.save(commit=False), also=form.cleaned_data["new_flags"]
                        )
                    else:
                        data = form_data(day, answers, soreness=5)
                        data |= {"client_id": str(uuid.uuid4()), "person": person_tag(user)}
                        answer = client.post(reverse("sync_checkin"), data).json()
                        examples.reached("a sync in conflict", answer["result"] == "conflict")
                    expected |= flags_said(answers)
                elif action == "say no" or action == "delete":
                    saved = user.checkins.filter(date=today - dt.timedelta(days=step[1])).first()
                    if saved and action == "delete":
                        examples.reached("a flagged check-in deleted", bool(saved.red_flags()))
                        records.checkins.delete(user, saved)
                    elif saved:
                        for name in SorenessCheckin.RED_FLAG_FIELDS:
                            setattr(saved, name, False)
                        records.checkins.save(user, saved)
                elif action == "import":
                    document = json.loads(json.dumps(transfer.export_document(user)))
                    user = make_user(f"p{next(people)}")
                    transfer.import_document(user, document)
                    client.force_login(user)
                    examples.reached("an import carrying flags", bool(expected))
                elif action == "move":
                    profile = user.profile
                    profile.time_zone = step[1]
                    records.profiles.save(user, profile, ["time_zone"])
                elif action in {"seen", "gone"}:
                    flags = advice_now(user).active_flags
                    try:
                        closed = records.flags.resolve(
                            user, flags, today, action, today if action == "seen" else None
                        )
                    except records.flags.NothingToClose:
                        closed = []
                    expected -= set(closed)
                    examples.reached("a resolution", bool(closed))
                open_now = {flag.name for flag in advice_now(user).active_flags}
                assert open_now == expected, (step, open_now, expected)
            examples.reached("a flag still open at the end", bool(expected))
            transaction.set_rollback(True)

    check()


def test_a_report_after_a_move_west_is_kept_when_the_earlier_one_was_seen(bob):
    """A report given in a zone a day ahead counts from the day it was given where the person is
    now; a clinician seen on that day closes it. The same symptom reported again after the visit
    must be kept: the check for "open already" reads reports as the advice does."""
    zone = bob.profile
    zone.time_zone = "Pacific/Kiritimati"  # UTC+14
    zone.save()
    given = dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC)  # 16 June there, 15 June in Pago Pago
    with time_machine.travel(given, tick=False):
        records.flags.report(bob, ["fever"], dt.date(2026, 6, 16), RedFlagReport.Source.SCREEN)
    zone.time_zone = "Pacific/Pago_Pago"  # UTC-11
    zone.save()
    bob.flag_resolutions.create(
        flag="fever",
        resolved_on=dt.date(2026, 6, 15),
        outcome="seen",
        seen_on=dt.date(2026, 6, 15),
        created=given + dt.timedelta(minutes=5),
    )
    again = dt.datetime(2026, 6, 16, 12, tzinfo=dt.UTC)  # 16 June, 01:00 in Pago Pago
    with time_machine.travel(again, tick=False):
        bob.profile.refresh_from_db()
        day = bob.profile.today()
        records.flags.report(bob, ["fever"], day, RedFlagReport.Source.SCREEN)
        advice = queries.advice_for_days(bob, bob.profile, [day])[day]
    assert bob.flag_reports.count() == 2
    assert [flag.name for flag in advice.active_flags] == ["fever"]
