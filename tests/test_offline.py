"""The app on a device: manifest, service worker, offline page, and the records sent later."""

import datetime as dt
import json
import re
import uuid

import pytest
from django.forms import CheckboxInput
from django.test import Client, override_settings
from django.urls import reverse

from journal.forms import CheckinForm
from journal.models import Routine, SorenessCheckin, StretchSession
from journal.offline import PERSON_HEADER, person_tag
from journal.rules import RED_FLAGS
from tests.conftest import PASSWORD
from tests.test_static import collected  # noqa: F401, F811 (collectstatic, as production)

CHECKINS = reverse("sync_checkin")
SESSIONS = reverse("sync_session")


def checkin_record(user, day: dt.date, client_id: uuid.UUID | None = None, **fields) -> dict:
    data = {
        "client_id": str(client_id or uuid.uuid4()),
        "person": person_tag(user),
        "date": day.isoformat(),
        "soreness": "4",
    }
    data.update(fields)
    return data


def test_the_manifest_names_the_app_its_start_and_its_icons(client, db):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["start_url"], manifest["display"]) == ("/", "standalone")
    sizes = {(icon["sizes"], icon.get("purpose", "any")) for icon in manifest["icons"]}
    assert sizes == {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")}


def test_every_page_links_the_manifest_and_loads_the_app_script(client, library):
    for url in ["/", reverse("library"), reverse("login")]:
        page = client.get(url).text
        assert '<link rel="manifest" href="/manifest.webmanifest">' in page
        assert '<script type="module" src="/static/journal/app.js">' in page


def test_the_service_worker_is_served_from_the_root_never_stale(client, library):
    response = client.get("/sw.js")
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    body = response.text
    assert "importScripts(" in body and "/static/journal/service-worker.js" in body
    settings = json.loads(body.split("self.STRETCHLOG = ", 1)[1].split(";\nimportScripts", 1)[0])
    kept = {entry["url"] for entry in settings["precache"]}
    assert {"/static/journal/guided.js", "/static/journal/timer.js", "/offline/"} <= kept
    assert "/stretches/sphinx/" in settings["pages"]
    assert settings["personal"] == [f"/guided/{r.slug}/" for r in Routine.objects.all()]


def test_the_offline_page_carries_nothing_of_anyone(alice_client, alice):
    page = alice_client.get("/offline/").text
    assert "csrfmiddlewaretoken" not in page and "X-CSRFToken" not in page
    assert "alice" not in page and person_tag(alice) not in page
    assert "You’re offline" in page


def red_flag_answers(page: str) -> dict:
    return json.loads(
        page.split('id="red-flag-answers" type="application/json">', 1)[1].split("<", 1)[0]
    )


def test_the_offline_page_has_a_notice_for_each_tier_and_what_shows_it(client, library):
    page = client.get("/offline/").text
    notices = re.findall(r'id="offline-notice-(\w+)"[^>]*hidden>\s*<div class="clinician', page)
    assert notices == ["soon", "urgent", "emergency"]
    for heading in ["Get emergency care now", "See a doctor today", "See a clinician soon"]:
        assert heading in page
    facts = red_flag_answers(page)
    assert facts["tiers"] == ["soon", "urgent", "emergency"]
    answers = {(field, value): flag for field, value, flag in facts["answers"]}
    tier = {name: flag["tier"] for name, flag in facts["flags"].items()}
    assert {
        "fever": tier[answers["fever", "on"]],
        "one leg numb": tier[answers["numbness_legs", "one"]],
        "both legs numb": tier[answers["numbness_legs", "both"]],
        "one leg weak": tier[answers["weakness_legs", "one"]],
        "weakness getting worse": tier[answers["weakness_worsening", "on"]],
        "bladder": tier[answers["bladder_bowel", "on"]],
        "a fall": tier[answers["new_flags", "trauma"]],
        "new pain over 50": tier[answers["new_flags", "age_new_pain"]],
    } == {
        "fever": "urgent",
        "one leg numb": "soon",
        "both legs numb": "emergency",
        "one leg weak": "urgent",
        "weakness getting worse": "emergency",
        "bladder": "emergency",
        "a fall": "urgent",
        "new pain over 50": "soon",
    }
    assert facts["flags"]["numbness_both_legs"]["symptom"] == "Numbness or tingling in both legs"
    assert facts["implies"]["numbness_both_legs"] == "numbness"
    assert facts["implies"]["weakness_worsening"] == "leg_weakness"


def test_every_red_flag_is_one_answer_of_the_check_in_form(client, library):
    """Each answer the device maps is a field and value the check-in form really has, and each
    red flag of the rule has exactly one."""
    facts = red_flag_answers(client.get("/offline/").text)
    form = CheckinForm(user=None, today=dt.date.today())
    for field, value, _ in facts["answers"]:
        widget = form.fields[field].widget
        if isinstance(widget, CheckboxInput):
            assert value == "on"
        else:
            assert value in {str(choice) for choice, _ in form.fields[field].choices}
    assert [flag for _, _, flag in facts["answers"]] == list(RED_FLAGS)
    assert list(facts["flags"]) == list(RED_FLAGS)


def test_every_page_can_name_a_waiting_records_red_flags(alice_client, alice):
    """A conflict or a refusal can show on any page: each carries the flags' names."""
    for url in ["/", reverse("library"), reverse("history")]:
        assert red_flag_answers(alice_client.get(url).text)["flags"] == {
            name: {"symptom": flag.symptom, "tier": flag.tier} for name, flag in RED_FLAGS.items()
        }


def test_todays_check_in_form_has_the_notices_for_a_dropped_connection(alice_client):
    page = alice_client.get("/").text
    assert page.count('class="offline-notice"') == 3
    assert page.count('id="red-flag-answers"') == 1


def test_pages_name_the_person_they_were_made_for(alice_client, bob, client, alice):
    assert alice_client.get("/stretches/")[PERSON_HEADER] == person_tag(alice)
    assert person_tag(alice) != person_tag(bob)
    assert PERSON_HEADER not in client.get("/stretches/")


def test_logging_out_clears_the_device(alice_client):
    response = alice_client.post(reverse("logout"))
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_deleting_the_account_clears_the_device(alice_client):
    response = alice_client.post(reverse("delete_account"), {"password": PASSWORD})
    assert response["Clear-Site-Data"] == '"cache", "storage"'


def test_a_wrong_password_on_delete_clears_nothing(alice_client):
    response = alice_client.post(reverse("delete_account"), {"password": "wrong"})
    assert "Clear-Site-Data" not in response


def test_it_stores_a_check_in_once_however_often_it_is_sent(alice_client, alice, today):
    record = checkin_record(alice, today, bladder_bowel="on")
    first = alice_client.post(CHECKINS, record)
    assert first.status_code == 201
    assert first.json()["result"] == "saved"
    again = alice_client.post(CHECKINS, record)
    assert again.status_code == 200
    assert again.json()["result"] == "already-saved"
    assert again.json()["record"] == first.json()["record"]
    checkin = alice.checkins.get()
    assert (checkin.soreness, checkin.client_id) == (4, uuid.UUID(record["client_id"]))
    assert checkin.red_flags() == {"bladder_bowel"}


def test_a_second_check_in_for_a_day_comes_back_with_the_saved_one(alice_client, alice, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=7)
    record = checkin_record(alice, today, soreness="2")
    answer = alice_client.post(CHECKINS, record).json()
    assert answer["result"] == "conflict"
    assert answer["saved"]["soreness"] == 7
    assert alice.checkins.get().soreness == 7

    chosen = alice_client.post(CHECKINS, {**record, "replace": "1"})
    assert chosen.json()["result"] == "saved"
    checkin = alice.checkins.get()
    assert (checkin.soreness, checkin.client_id) == (2, uuid.UUID(record["client_id"]))


def test_the_same_check_in_made_on_two_devices_is_no_conflict(alice_client, alice, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=4, fever=True)
    record = checkin_record(alice, today, soreness="4", fever="on")
    assert alice_client.post(CHECKINS, record).json()["result"] == "already-saved"
    different = checkin_record(alice, today, soreness="4")
    assert alice_client.post(CHECKINS, different).json()["result"] == "conflict"
    assert alice.checkins.count() == 1


def test_it_refuses_what_the_check_in_form_refuses(alice_client, alice, today):
    answer = alice_client.post(CHECKINS, checkin_record(alice, today, soreness="11")).json()
    assert answer["result"] == "refused"
    assert "soreness" in answer["errors"]
    assert not alice.checkins.exists()


def test_a_record_dated_ahead_by_the_device_is_kept_for_today(alice_client, alice, today):
    """A device whose clock or time zone is ahead of the profile's: kept, for today."""
    tomorrow = today + dt.timedelta(days=1)
    answer = alice_client.post(CHECKINS, checkin_record(alice, tomorrow)).json()
    assert answer["result"] == "saved" and answer["record"]["date"] == today.isoformat()


def test_a_record_is_stored_only_for_the_person_who_made_it(
    alice_client, alice, bob_client, bob, client, today
):
    record = checkin_record(alice, today)
    assert bob_client.post(CHECKINS, record).status_code == 403
    assert client.post(CHECKINS, record).json() == {"result": "signed-out"}
    assert not SorenessCheckin.objects.exists()
    # The same id from two people is two records: one person's ids say nothing of another's.
    alice_client.post(CHECKINS, record)
    answer = bob_client.post(CHECKINS, {**record, "person": person_tag(bob)}).json()
    assert answer["result"] == "saved"
    assert SorenessCheckin.objects.count() == 2


def test_sending_needs_the_form_token(alice, today):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.post(CHECKINS, checkin_record(alice, today)).status_code == 403
    token = client.get(reverse("sync_who")).json()
    assert token["person"] == person_tag(alice)
    response = client.post(
        CHECKINS, checkin_record(alice, today), HTTP_X_CSRFTOKEN=token["csrfToken"]
    )
    assert response.status_code == 201


@pytest.fixture
def routine(library) -> Routine:
    return Routine.objects.get(is_default=True)


def session_record(user, routine: Routine, day: dt.date, client_id: uuid.UUID) -> dict:
    item = routine.items.select_related("stretch").first()
    return {
        "client_id": str(client_id),
        "person": person_tag(user),
        "routine": routine.slug,
        "date": day.isoformat(),
        "note": "Guided session",
        "entries-TOTAL_FORMS": "1",
        "entries-INITIAL_FORMS": "1",
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "50",
        "entries-0-stretch": str(item.stretch.pk),
        "entries-0-hold_seconds": "20",
        "entries-0-reps": "",
        "entries-0-sets": "1",
        "entries-0-side": "both" if item.stretch.each_side else "na",
        "entries-0-pain_during": "3",
    }


def test_it_stores_a_guided_session_once_with_its_entries(alice_client, alice, routine, today):
    record = session_record(alice, routine, today, uuid.uuid4())
    assert alice_client.post(SESSIONS, record).json()["result"] == "saved"
    assert alice_client.post(SESSIONS, record).json()["result"] == "already-saved"
    session = StretchSession.objects.get(user=alice)
    assert (session.routine, session.note) == (routine, "Guided session")
    assert [(e.hold_seconds, e.pain_during) for e in session.entries.all()] == [(20, 3)]


def test_it_refuses_a_session_the_session_form_refuses(alice_client, alice, routine, today):
    record = session_record(alice, routine, today, uuid.uuid4())
    record["entries-0-pain_during"] = "12"
    answer = alice_client.post(SESSIONS, record).json()
    assert answer["result"] == "refused"
    assert not StretchSession.objects.exists()


def test_production_keeps_and_loads_the_hashed_names(collected, library, settings):  # noqa: F811
    """After collectstatic, the service worker names each file it keeps and loads by its hashed
    name (so a release replaces them all), and app.js imports its libraries by theirs."""
    paths = json.loads((collected / "staticfiles.json").read_text())["paths"]
    app = (collected / paths["journal/app.js"]).read_text()
    imported = re.findall(r'^import .* from "(.*)";$', app, re.MULTILINE)
    assert imported == [
        "../" + paths["vendor/workbox/workbox-window.prod.mjs"].removeprefix("journal/"),
        "../" + paths["vendor/idb-keyval/index.js"],
        "./" + paths["journal/flags.js"].removeprefix("journal/"),
    ]
    with override_settings(
        STATIC_ROOT=collected,
        STATIC_HASHED=True,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "stretchlog.storage.StaticFilesStorage"},
        },
    ):
        body = Client().get("/sw.js").text
    config = json.loads(body.split("self.STRETCHLOG = ", 1)[1].split(";\nimportScripts", 1)[0])
    hashed = {f"/static/{name}" for name in paths.values()}
    static_files = [entry for entry in config["precache"] if entry["url"] != "/offline/"]
    assert static_files and all(entry["url"] in hashed for entry in static_files)
    assert all(entry["revision"] is None for entry in static_files)
    loaded = re.findall(r'"(/static/[^"]+)"', body.rsplit("importScripts(", 1)[1])
    assert len(loaded) == 5 and all(url in hashed for url in loaded)
