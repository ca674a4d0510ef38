import csv
import datetime as dt
import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from journal.models import Profile, SessionEntry, SorenessCheckin, Stretch, StretchSession
from tests.conftest import make_user
from tests.test_today import add_history


@pytest.fixture
def history(alice, today):
    Profile.objects.filter(user=alice).update(
        time_zone="Europe/Paris", worsening_threshold=2, sore_threshold=8
    )
    add_history(alice, today, 20)
    SorenessCheckin.objects.create(
        user=alice, date=today, soreness=7, stiffness=3, note="Ünïcode & <b>notes</b>", fever=True
    )
    session = StretchSession.objects.create(user=alice, date=today, note="evening")
    SessionEntry.objects.create(
        session=session,
        stretch=Stretch.objects.get(slug="knee-to-chest"),
        hold_seconds=45,
        side="left",
        pain_during=3,
        note="tight",
    )


def export(client: Client) -> dict:
    response = client.get(reverse("export_json"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="stretchlog-')
    return json.loads(response.content)


def without_export_time(document: dict) -> dict:
    return {k: v for k, v in document.items() if k != "exported_at"}


def import_file(client: Client, content: bytes):
    upload = SimpleUploadedFile("export.json", content, content_type="application/json")
    return client.post(reverse("import_json"), {"file": upload})


def test_the_json_export_holds_everything(alice_client, alice, history, today):
    document = export(alice_client)
    assert document["format"] == "stretchlog" and document["version"] == 2
    assert document["profile"] == {
        "time_zone": "Europe/Paris",
        "worsening_threshold": 2,
        "sore_threshold": 8,
        "report_name": "",
        "date_of_birth": None,
        "health_caution": None,
        "caution_cleared_on": None,
        "pointers_seen": False,
        "settings_notice": "",
    }
    assert len(document["checkins"]) == 21
    last = document["checkins"][-1]
    assert last["date"] == today.isoformat() and last["fever"] is True
    assert last["note"] == "Ünïcode & <b>notes</b>"
    assert len(document["sessions"]) == 21
    assert document["sessions"][-1]["entries"] == [
        {
            "stretch": "knee-to-chest",
            "hold_seconds": 45,
            "reps": None,
            "sets": 1,
            "side": "left",
            "pain_during": 3,
            "note": "tight",
            "made_worse": False,
        }
    ]


def test_the_csv_export_is_a_zip_with_a_file_per_kind(alice_client, history):
    response = alice_client.get(reverse("export_csv"))
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == [
        "activities.csv",
        "activity_scores.csv",
        "checkins.csv",
        "entries.csv",
        "profile.csv",
        "resolutions.csv",
        "sessions.csv",
        "share_openings.csv",
        "shares.csv",
    ]
    checkins = archive.read("checkins.csv").decode().splitlines()
    assert checkins[0].startswith("date,soreness,stiffness,note")
    assert len(checkins) == 22
    entries = archive.read("entries.csv").decode().splitlines()
    assert len(entries) == 1 + 20 * 2 + 1


def test_importing_an_export_into_an_empty_account_restores_it_exactly(alice_client, history):
    original = export(alice_client)
    carol = make_user("carol")
    client = Client()
    client.force_login(carol)

    response = import_file(client, json.dumps(original).encode())
    assert response["Location"] == reverse("trends")
    assert without_export_time(export(client)) == without_export_time(original)


def test_import_refuses_an_account_that_has_records(alice_client, alice, history):
    document = export(alice_client)
    before = SorenessCheckin.objects.count()
    response = import_file(alice_client, json.dumps(document).encode())
    assert response.status_code == 200
    assert "Import only works into an account with no check-ins" in response.text
    assert SorenessCheckin.objects.count() == before


def export_with(**records) -> bytes:
    return json.dumps({"format": "stretchlog", "version": 1, **records}).encode()


@pytest.mark.parametrize(
    "content, message",
    [
        (b"not json at all", "That file is not valid JSON (line 1, column 1)."),
        (b"\xff\xfe\x00", "That file is not valid JSON"),
        (b'{"format": "other"}', "That file is not a Stretchlog export."),
        (b"[1, 2]", "That file is not a Stretchlog export."),
        (
            export_with(checkins=[{"date": "2026-01-01", "soreness": 14}]),
            "Check-in 1, “soreness”: Ensure this value is less than or equal to 10.",
        ),
        (
            export_with(checkins=[{"date": "yesterday", "soreness": 1}]),
            "Check-in 1, “date”: Enter a valid date.",
        ),
        (
            export_with(sessions=[{"date": "2026-01-01", "entries": [{"stretch": "levitation"}]}]),
            "no stretch",
        ),
        (
            export_with(
                checkins=[
                    {"date": "2026-01-01", "soreness": 1},
                    {"date": "2026-01-01", "soreness": 2},
                ]
            ),
            "2 check-ins are for 2026-01-01; there can be one a day.",
        ),
        (export_with(checkins=5), "should be a list"),
        (export_with(version=3), "That export is version 3; this Stretchlog reads versions 1 to 2"),
        (
            export_with(version=None),
            "That export does not say its version; this Stretchlog reads versions 1 to 2",
        ),
    ],
)
def test_a_bad_file_is_refused_with_a_reason_and_nothing_is_saved(
    bob_client, bob, content, message
):
    response = import_file(bob_client, content)
    assert response.status_code == 200
    assert message in response.text
    assert not bob.checkins.exists() and not bob.stretch_sessions.exists()


def test_a_half_good_file_saves_nothing(bob_client, bob):
    document = {
        "format": "stretchlog",
        "version": 1,
        "checkins": [{"date": "2026-01-01", "soreness": 3}],
        "sessions": [
            {"date": "2026-01-01", "entries": [{"stretch": "sphinx", "hold_seconds": -4}]}
        ],
    }
    response = import_file(bob_client, json.dumps(document).encode())
    assert "hold_seconds" in response.text
    assert not bob.checkins.exists() and not bob.stretch_sessions.exists()


def test_an_export_holds_only_the_users_own_data(bob_client, history):
    document = export(bob_client)
    assert document["checkins"] == [] and document["sessions"] == []


def test_export_and_import_need_a_login(client, db):
    for name in ["export_json", "export_csv", "import_json", "trends", "report"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_dates_round_trip_whatever_the_time_zone(alice_client, alice):
    Profile.objects.filter(user=alice).update(time_zone="Pacific/Kiritimati")
    SorenessCheckin.objects.create(user=alice, date=dt.date(2025, 12, 31), soreness=1)
    document = export(alice_client)
    assert document["checkins"][0]["date"] == "2025-12-31"


@pytest.mark.parametrize(
    "note",
    ['=HYPERLINK("http://x.example","click")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"],
)
def test_the_csv_export_neutralises_notes_a_spreadsheet_would_run(alice_client, alice, note):
    SorenessCheckin.objects.create(user=alice, date=dt.date(2026, 1, 2), soreness=1, note=note)
    response = alice_client.get(reverse("export_csv"))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    rows = list(csv.DictReader(io.StringIO(archive.read("checkins.csv").decode())))
    assert rows[0]["note"] == "'" + note
    assert rows[0]["soreness"] == "1"
    # The JSON export keeps the note exactly.
    assert export(alice_client)["checkins"][0]["note"] == note
