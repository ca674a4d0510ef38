import datetime as dt

import pytest
from django.urls import reverse

from journal.models import Routine, SessionEntry, SorenessCheckin, Stretch, StretchSession

HTMX = {"HTTP_HX_REQUEST": "true"}
NEW = reverse("session_create")


@pytest.fixture
def routine(db) -> Routine:
    return Routine.objects.get(is_default=True)


def routine_post(routine: Routine, day: dt.date, **overrides) -> dict:
    """The pre-filled routine form, posted as it was shown."""
    items = list(routine.items.select_related("stretch"))
    data = {
        "routine": routine.slug,
        "date": day.isoformat(),
        "note": "",
        "entries-TOTAL_FORMS": str(len(items)),
        "entries-INITIAL_FORMS": str(len(items)),
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "50",
    }
    for n, item in enumerate(items):
        data.update(
            {
                f"entries-{n}-stretch": str(item.stretch.pk),
                f"entries-{n}-hold_seconds": str(item.hold_seconds_min or ""),
                f"entries-{n}-reps": str(item.reps_min or ""),
                f"entries-{n}-sets": str(item.sets),
                f"entries-{n}-side": "both" if item.each_side else "na",
                f"entries-{n}-pain_during": "",
                f"entries-{n}-note": "",
            }
        )
    data.update(overrides)
    return data


def entry_data(chosen: Stretch, **overrides) -> dict:
    data = {
        "stretch": str(chosen.pk),
        "hold_seconds": "30",
        "reps": "",
        "sets": "1",
        "side": "both" if chosen.each_side else "na",
        "pain_during": "",
        "note": "",
    }
    data.update(overrides)
    return data


def test_the_routine_form_is_pre_filled_with_each_dose(alice_client, alice, routine, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=2)
    response = alice_client.get(NEW, {"routine": routine.slug})
    assert response.status_code == 200
    formset = response.context["formset"]
    items = list(routine.items.all())
    assert [f.initial["stretch"] for f in formset] == [item.stretch for item in items]
    knee = next(f for f in formset if f.initial["stretch"].slug == "knee-to-chest")
    assert knee.initial["hold_seconds"] == 30 and knee.initial["side"] == "both"
    assert "Done as prescribed: save" in response.text


def test_done_as_prescribed_saves_the_whole_routine_in_one_post(
    alice_client, alice, routine, today
):
    response = alice_client.post(NEW, routine_post(routine, today))
    session = alice.stretch_sessions.get()
    assert response["Location"] == session.get_absolute_url()
    assert session.routine == routine and session.date == today
    entries = list(session.entries.select_related("stretch"))
    assert [e.stretch.slug for e in entries] == [i.stretch.slug for i in routine.items.all()]
    twist = next(e for e in entries if e.stretch.slug == "seated-spinal-twist")
    assert (twist.hold_seconds, twist.side) == (30, "both")
    tilt = next(e for e in entries if e.stretch.slug == "pelvic-tilt")
    assert (tilt.reps, tilt.sets) == (3, 3)


def test_skipped_and_changed_stretches_are_saved_as_done(alice_client, alice, routine, today):
    data = routine_post(routine, today, **{"entries-0-DELETE": "on", "entries-1-pain_during": "7"})
    alice_client.post(NEW, data)
    entries = list(alice.stretch_sessions.get().entries.all())
    assert len(entries) == routine.items.count() - 1
    assert entries[0].pain_during == 7


def test_a_bad_entry_in_the_routine_form_saves_nothing(alice_client, alice, routine, today):
    data = routine_post(routine, today, **{"entries-2-hold_seconds": "100000"})
    response = alice_client.post(NEW, data)
    assert response.status_code == 200
    assert "A hold is at most 600 seconds (10 minutes)." in response.text
    assert 'value="100000"' in response.text  # what was typed is kept
    assert not StretchSession.objects.exists()
    assert not SessionEntry.objects.exists()


def test_an_unknown_routine_is_404(alice_client):
    assert alice_client.get(NEW, {"routine": "nope"}).status_code == 404


def test_a_session_in_the_future_is_refused(alice_client, alice, routine, today):
    response = alice_client.post(NEW, routine_post(routine, today + dt.timedelta(days=2)))
    assert "That day is still to come" in response.text
    assert not alice.stretch_sessions.exists()


def test_logging_on_a_rest_day_asks_first_but_does_not_block(alice_client, alice, routine, today):
    SorenessCheckin.objects.create(user=alice, date=today - dt.timedelta(days=1), soreness=2)
    SorenessCheckin.objects.create(user=alice, date=today, soreness=5)
    response = alice_client.get(NEW, {"routine": routine.slug})
    assert "The advice today is rest" in response.text
    assert "Log stretching anyway?" in response.text
    assert "up 3 from 2" in response.text
    assert 'id="id_date"' not in response.text  # no form yet
    # Posting without saying "anyway" asks again and saves nothing.
    alice_client.post(NEW, routine_post(routine, today))
    assert not alice.stretch_sessions.exists()
    response = alice_client.get(NEW, {"routine": routine.slug, "anyway": "1"})
    assert "Logging against the advice to rest" in response.text
    assert 'name="anyway" value="1"' in response.text
    alice_client.post(NEW, {**routine_post(routine, today), "anyway": "1"})
    assert alice.stretch_sessions.count() == 1


def test_no_warning_on_a_day_to_stretch(alice_client, alice, routine, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=2)
    response = alice_client.get(NEW, {"routine": routine.slug})
    assert "The advice today is rest" not in response.text
    assert "Logging against the advice" not in response.text


def build_post(day: dt.date, **entry) -> dict:
    management = {"entries-TOTAL_FORMS": "1", "entries-INITIAL_FORMS": "0"}
    return {"date": day.isoformat(), "note": "Evening", **management, **entry}


def test_build_your_own_starts_with_its_first_stretch(alice_client, alice, today):
    sphinx = Stretch.objects.get(slug="sphinx")
    first = {f"entries-0-{k}": v for k, v in entry_data(sphinx, hold_seconds="40").items()}
    response = alice_client.post(NEW, build_post(today, **first))
    session = alice.stretch_sessions.get()
    assert response["Location"] == session.get_absolute_url()
    assert session.routine is None and session.note == "Evening"
    assert [(e.stretch, e.hold_seconds) for e in session.entries.all()] == [(sphinx, 40)]


def test_a_session_without_a_stretch_is_refused(alice_client, alice, today):
    response = alice_client.post(NEW, build_post(today))
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert "data-error-summary" in response.text
    assert not alice.stretch_sessions.exists()


def test_a_routine_with_every_stretch_skipped_is_refused(alice_client, alice, routine, today):
    items = routine.items.count()
    skipped = {f"entries-{n}-DELETE": "on" for n in range(items)}
    response = alice_client.post(NEW, routine_post(routine, today, **skipped))
    assert "A session needs at least one stretch" in response.text
    assert not alice.stretch_sessions.exists()


@pytest.fixture
def session(alice, today) -> StretchSession:
    return StretchSession.objects.create(user=alice, date=today)


def test_it_adds_an_entry(alice_client, session):
    sphinx = Stretch.objects.get(slug="sphinx")
    url = reverse("entry_create", args=[session.pk])
    response = alice_client.post(url, entry_data(sphinx, pain_during="2", note="Felt fine"))
    assert response["Location"] == session.get_absolute_url()
    entry = session.entries.get()
    assert (entry.stretch, entry.hold_seconds, entry.pain_during) == (sphinx, 30, 2)


def test_it_adds_an_entry_in_place_with_htmx(alice_client, session):
    sphinx = Stretch.objects.get(slug="sphinx")
    response = alice_client.post(
        reverse("entry_create", args=[session.pk]), entry_data(sphinx), **HTMX
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<form id="entry-form"')
    assert "Added Sphinx" in response.text
    assert "entries-changed" in response["HX-Trigger"]
    assert session.entries.count() == 1
    # The list of entries refreshes itself on that event.
    entries = alice_client.get(session.get_absolute_url(), **HTMX)
    assert entries.text.lstrip().startswith('<section id="entries"')
    assert "Sphinx" in entries.text


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"hold_seconds": "-5"}, "hold_seconds", "A hold is at least 1 second."),
        ({"hold_seconds": "100000"}, "hold_seconds", "at most 600 seconds (10 minutes)"),
        ({"stretch": "999999"}, "stretch", "Choose a stretch from the library."),
        ({"stretch": "abc"}, "stretch", "Choose a stretch from the library."),
        ({"side": "left"}, "side", "works both sides at once"),
        ({"side": "sideways"}, "side", "Select a valid choice"),
        ({"pain_during": "11"}, "pain_during", "less than or equal to 10"),
        ({"sets": "0"}, "sets", "greater than or equal to 1"),
    ],
)
def test_a_bad_entry_is_refused_next_to_its_field(alice_client, session, overrides, field, message):
    sphinx = Stretch.objects.get(slug="sphinx")
    url = reverse("entry_create", args=[session.pk])
    response = alice_client.post(url, entry_data(sphinx, **overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["entry_form"].errors[field])
    assert message in response.text
    # With htmx, the form alone comes back with the same message, status 200 so htmx swaps it.
    response = alice_client.post(url, entry_data(sphinx, note="kept", **overrides), **HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<form id="entry-form"')
    assert message in response.text
    assert 'value="kept"' in response.text
    assert not session.entries.exists()


def test_a_per_side_stretch_needs_a_side(alice_client, session):
    knee = Stretch.objects.get(slug="knee-to-chest")
    url = reverse("entry_create", args=[session.pk])
    response = alice_client.post(url, entry_data(knee, side="na"))
    assert "is done on each side" in response.text
    alice_client.post(url, entry_data(knee, side="left"))
    assert session.entries.get().side == "left"


def test_it_removes_an_entry_in_place(alice_client, session):
    sphinx = Stretch.objects.get(slug="sphinx")
    keep = SessionEntry.objects.create(session=session, stretch=sphinx, hold_seconds=30)
    gone = SessionEntry.objects.create(session=session, stretch=sphinx, hold_seconds=45)
    response = alice_client.post(reverse("entry_delete", args=[gone.pk]), **HTMX)
    assert response.text.lstrip().startswith('<section id="entries"')
    assert list(session.entries.all()) == [keep]


def test_it_removes_an_entry_without_javascript(alice_client, session):
    sphinx = Stretch.objects.get(slug="sphinx")
    keep = SessionEntry.objects.create(session=session, stretch=sphinx, hold_seconds=30)
    entry = SessionEntry.objects.create(session=session, stretch=sphinx, hold_seconds=45)
    response = alice_client.post(reverse("entry_delete", args=[entry.pk]))
    assert response["Location"] == session.get_absolute_url()
    assert list(session.entries.all()) == [keep]


def test_the_last_stretch_of_a_session_stays(alice_client, session):
    entry = SessionEntry.objects.create(
        session=session, stretch=Stretch.objects.get(slug="sphinx"), hold_seconds=30
    )
    page = alice_client.get(session.get_absolute_url()).text
    assert reverse("entry_delete", args=[entry.pk]) not in page
    assert "delete the session" in page
    alice_client.post(reverse("entry_delete", args=[entry.pk]))
    assert list(session.entries.all()) == [entry]


def test_it_edits_an_entry(alice_client, session):
    sphinx = Stretch.objects.get(slug="sphinx")
    entry = SessionEntry.objects.create(session=session, stretch=sphinx, hold_seconds=30)
    url = reverse("entry_edit", args=[entry.pk])
    assert alice_client.get(url).status_code == 200
    alice_client.post(url, entry_data(sphinx, hold_seconds="50"))
    entry.refresh_from_db()
    assert entry.hold_seconds == 50


def test_it_edits_and_deletes_a_session(alice_client, alice, session, today):
    yesterday = today - dt.timedelta(days=1)
    url = reverse("session_edit", args=[session.pk])
    alice_client.post(url, {"date": yesterday.isoformat(), "note": "Moved"})
    session.refresh_from_db()
    assert (session.date, session.note) == (yesterday, "Moved")
    SessionEntry.objects.create(session=session, stretch=Stretch.objects.first(), reps=3)
    alice_client.post(reverse("session_delete", args=[session.pk]))
    assert not alice.stretch_sessions.exists()
    assert not SessionEntry.objects.exists()
