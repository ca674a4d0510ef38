"""A full or read-only disk: the person keeps what they typed, and the health check fails."""

import contextlib

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

from journal.models import SorenessCheckin

NOTE = "Stiff after the long drive <b>home</b>"


def refuse_writes(execute, sql, params, many, context):
    """What SQLite answers on a full disk, for every statement that would write."""
    if sql.lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}:
        raise OperationalError("database or disk is full")
    return execute(sql, params, many, context)


@contextlib.contextmanager
def disk_full():
    with connection.execute_wrapper(refuse_writes):
        yield


def checkin_data(today) -> dict:
    return {"date": today.isoformat(), "soreness": "6", "note": NOTE, "numbness": "on"}


def test_a_checkin_on_a_full_disk_says_not_saved_and_keeps_what_was_typed(
    alice_client, alice, today
):
    with disk_full():
        response = alice_client.post(reverse("checkin_create"), checkin_data(today))
    assert response.status_code == 503
    text = response.text
    assert "Not saved yet" in text and "nothing you typed is lost" in text
    # What was typed is on the page, escaped, and in the form that sends it again.
    assert "Stiff after the long drive &lt;b&gt;home&lt;/b&gt;" in text
    assert 'name="note" value="Stiff after the long drive &lt;b&gt;home&lt;/b&gt;"' in text
    assert 'name="soreness" value="6"' in text and 'name="numbness" value="on"' in text
    assert f'action="{reverse("checkin_create")}"' in text
    assert not SorenessCheckin.objects.exists()

    # Sent again once the disk has room, it is saved as typed.
    again = alice_client.post(reverse("checkin_create"), checkin_data(today))
    assert again.status_code == 302
    assert alice.checkins.get().note == NOTE


def test_with_htmx_the_page_replaces_the_body(alice_client, today):
    with disk_full():
        response = alice_client.post(
            reverse("checkin_create"), checkin_data(today), HTTP_HX_REQUEST="true"
        )
    # htmx swaps only successful answers.
    assert response.status_code == 200
    assert response["HX-Retarget"] == "body" and response["HX-Reswap"] == "innerHTML"
    assert "Not saved yet" in response.text


def test_a_bug_is_still_a_server_error(alice, today, monkeypatch):
    from journal.views import journal

    def broken(*args, **kwargs):
        raise ZeroDivisionError

    monkeypatch.setattr(journal, "checkin_saved", broken)
    client = Client(raise_request_exception=False)
    client.force_login(alice)
    assert client.post(reverse("checkin_create"), checkin_data(today)).status_code == 500


def test_the_health_check_writes_and_fails_when_it_cannot(client, db):
    assert client.get(reverse("health")).content == b"ok"
    with disk_full():
        response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.content == b"the database cannot be written"
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("message", ["attempt to write a readonly database", "disk I/O error"])
def test_a_read_only_disk_is_answered_the_same_way(alice_client, today, message):
    def read_only(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith("INSERT"):
            raise OperationalError(message)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(read_only):
        response = alice_client.post(reverse("checkin_create"), checkin_data(today))
    assert response.status_code == 503 and "Not saved yet" in response.text
