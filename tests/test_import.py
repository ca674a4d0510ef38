"""Importing an export: limits, the forms' own checks record by record, and all or nothing
while it is written in short batches."""

import datetime as dt
import json

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from journal import records, transfer
from journal.forms import ImportForm
from journal.models import PendingImport, SessionEntry, SorenessCheckin, StretchSession
from tests.conftest import make_user


def document(checkins=(), sessions=(), **extra) -> dict:
    return {
        "format": "stretchlog",
        "version": 1,
        "checkins": list(checkins),
        "sessions": list(sessions),
        **extra,
    }


def days(n: int, last: dt.date) -> list[dt.date]:
    return [last - dt.timedelta(days=k) for k in range(n)]


def full_document(today: dt.date, n: int = 1200) -> dict:
    """`n` days of check-ins and sessions of two stretches each: several batches."""
    return document(
        checkins=[
            {"date": d.isoformat(), "soreness": k % 11} for k, d in enumerate(days(n, today))
        ],
        sessions=[
            {
                "date": d.isoformat(),
                "routine": None,
                "note": "",
                "entries": [
                    {"stretch": "sphinx", "hold_seconds": 30, "sets": 1, "side": "na"},
                    {"stretch": "knee-to-chest", "hold_seconds": 20, "sets": 1, "side": "both"},
                ],
            }
            for d in days(n, today)
        ],
    )


def post(client: Client, content: bytes):
    upload = SimpleUploadedFile("export.json", content, content_type="application/json")
    return client.post(reverse("import_json"), {"file": upload})


def rows_anywhere() -> tuple[int, int, int]:
    return (
        SorenessCheckin.objects.count(),
        StretchSession.objects.count(),
        SessionEntry.objects.count(),
    )


def test_it_imports_a_file_of_many_batches(bob_client, bob, today):
    response = post(bob_client, json.dumps(full_document(today)).encode())
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert bob.checkins.count() == 1200 and bob.stretch_sessions.count() == 1200
    assert SessionEntry.objects.filter(session__user=bob).count() == 2400
    # Nothing is left of the holder account the batches were written under.
    assert not PendingImport.objects.exists()
    assert not User.objects.filter(username__startswith="import-").exists()


def test_an_import_cut_off_half_way_leaves_none_of_its_rows(bob, today):
    checked = transfer.check_import(bob, full_document(today))
    batches = []

    def stop_after_three() -> None:
        batches.append(rows_anywhere())
        if len(batches) == 3:
            # Batches one to three are committed: the person sees none of them.
            assert not bob.checkins.exists() and not bob.stretch_sessions.exists()
            raise transfer.ImportInterrupted

    with pytest.raises(transfer.ImportInterrupted):
        transfer.write_import(bob, checked, after_batch=stop_after_three)
    assert batches[-1][0] > 0  # rows had been written
    assert rows_anywhere() == (0, 0, 0)
    assert not PendingImport.objects.exists()
    assert not User.objects.filter(username__startswith="import-").exists()


def test_an_import_cut_off_with_the_server_is_removed_by_the_next_one(bob, today):
    """A killed process runs no clean-up: its rows stay with the holder, out of the person's
    sight, until the next import removes them."""
    checked = transfer.check_import(bob, full_document(today, 600))

    class ServerStopped(BaseException):
        pass

    def stop() -> None:
        raise ServerStopped

    original = records.imports._discard
    records.imports._discard = lambda pending, until=None: None  # the process dies first
    try:
        with pytest.raises(ServerStopped):
            transfer.write_import(bob, checked, after_batch=stop)
    finally:
        records.imports._discard = original
    assert rows_anywhere()[0] > 0
    assert not bob.checkins.exists()
    long_ago = PendingImport.objects.get().started - dt.timedelta(hours=2)
    PendingImport.objects.update(started=long_ago)

    carol = make_user("carol")
    transfer.import_document(carol, full_document(today, 3))
    assert rows_anywhere() == (3, 3, 6)
    assert not PendingImport.objects.exists()


def test_the_person_logging_during_an_import_makes_it_import_nothing(bob, today):
    checked = transfer.check_import(bob, full_document(today, 600))

    def log_a_checkin() -> None:
        if not bob.checkins.exists():
            SorenessCheckin.objects.create(user=bob, date=today, soreness=2)

    with pytest.raises(ValidationError, match="You logged something while"):
        transfer.write_import(bob, checked, after_batch=log_a_checkin)
    assert rows_anywhere() == (1, 0, 0)


def test_a_file_over_the_size_limit_is_refused_with_its_size(bob_client, bob):
    big = b" " * (ImportForm.MAX_BYTES + 1)
    response = post(bob_client, big)
    assert response.status_code == 200
    assert "That file is 5.0 MB; an import takes files up to 5 MB." in response.text


def test_a_50_mb_upload_is_refused_before_it_is_read(bob_client, bob):
    response = post(bob_client, b"[" * (50 * 1024 * 1024))
    assert response.status_code == 200
    assert "That file is 50.0 MB" in response.text
    assert not bob.checkins.exists()


def test_a_file_with_too_many_records_is_refused_before_they_are_checked(bob_client, bob):
    too_many = document(checkins=[{}] * (transfer.MAX_CHECKINS + 1))
    response = post(bob_client, json.dumps(too_many).encode())
    assert "That file holds 10,001 check-ins and 0 sessions" in response.text
    entries = [{}] * 5000
    too_many = document(sessions=[{"entries": entries}] * 9)
    response = post(bob_client, json.dumps(too_many).encode())
    assert "That file holds 45,000 stretches done in sessions" in response.text


def test_import_takes_the_notes_limit_from_the_form(bob_client, bob, today):
    note = "x" * 2001
    response = post(
        bob_client,
        json.dumps(
            document(checkins=[{"date": today.isoformat(), "soreness": 1, "note": note}])
        ).encode(),
    )
    assert "Check-in 1, “note”: Ensure this value has at most 2000 characters (it has 2001)." in (
        response.content.decode()
    )
    assert not bob.checkins.exists()


def test_import_takes_a_day_begun_somewhere_and_refuses_one_begun_nowhere(bob, today):
    """A journal kept in a zone ahead (UTC+14) holds that zone's today: imported after a move
    west (here UTC-11, at 01:00 UTC) it is tomorrow, kept with its red flag. A day that has
    begun nowhere is still to come."""
    bob.profile.time_zone = "Pacific/Pago_Pago"
    bob.profile.save()
    ahead = dt.date(2026, 6, 16)
    kept = {"date": ahead.isoformat(), "soreness": 2, "fever": True}
    with time_machine.travel(dt.datetime(2026, 6, 15, 12, tzinfo=dt.UTC), tick=False):
        assert bob.profile.today() == dt.date(2026, 6, 15)
        transfer.import_document(bob, document(checkins=[kept]))
        assert bob.checkins.get().date == ahead
        assert bob.flag_reports.get().flag == "fever"

        too_far = {"date": (ahead + dt.timedelta(days=1)).isoformat(), "soreness": 2}
        with pytest.raises(ValidationError, match="Check-in 1, “date”: That day is still to come"):
            transfer.import_document(make_user("carol"), document(checkins=[too_far]))


@pytest.mark.parametrize("day", ["20260131", "2026-1-31", 20260131])
def test_a_reports_check_in_day_is_read_as_every_other_day(bob, today, day):
    checkin = SorenessCheckin(date=today, soreness=3, fever=True)
    records.checkins.save(bob, checkin)
    document = transfer.export_document(bob)
    document["reports"][0]["checkin"] = day
    with pytest.raises(ValidationError, match="Report 1, “checkin”: should be a date like"):
        transfer.import_document(make_user("carol"), document)


def test_import_applies_the_forms_rule_on_sides(bob_client, bob, today):
    session = {
        "date": today.isoformat(),
        "entries": [{"stretch": "knee-to-chest", "hold_seconds": 20, "side": "na"}],
    }
    response = post(bob_client, json.dumps(document(sessions=[session])).encode())
    assert "Session 1, entry 1, “side”:" in response.content.decode()
    assert not bob.stretch_sessions.exists()


def test_an_import_past_its_time_stops_and_writes_nothing(bob, today):
    checked = transfer.check_import(bob, full_document(today, 600))
    deadline = transfer.deadline(60)

    def time_runs_out() -> None:
        deadline.at = 0

    with pytest.raises(ValidationError, match="too busy to import that file in time"):
        transfer.write_import(bob, checked, deadline, after_batch=time_runs_out)
    assert rows_anywhere() == (0, 0, 0)
    with pytest.raises(ValidationError, match="too busy"):
        transfer.check_import(bob, full_document(today, 600), transfer.deadline(0))


def test_an_import_out_of_time_to_clean_up_leaves_the_rest_to_the_next(bob, today):
    checked = transfer.check_import(bob, full_document(today, 600))

    def fail() -> None:
        raise transfer.ImportInterrupted

    original = transfer.CLEAN_UP_SECONDS
    transfer.CLEAN_UP_SECONDS = -1  # no time at all to clean up
    try:
        with pytest.raises(transfer.ImportInterrupted):
            transfer.write_import(bob, checked, after_batch=fail)
    finally:
        transfer.CLEAN_UP_SECONDS = original
    assert rows_anywhere()[0] > 0 and not bob.checkins.exists()
    assert PendingImport.objects.get().started == records.imports.ABANDONED

    transfer.import_document(make_user("carol"), full_document(today, 2))
    assert rows_anywhere() == (2, 2, 4)
    assert not PendingImport.objects.exists()
