"""Each person's journal is theirs alone: every URL with an id is a 404 for anyone else."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journal.models import (
    Activity,
    ReportShare,
    SessionEntry,
    SorenessCheckin,
    Stretch,
    StretchSession,
)

JOURNAL_URLS = [
    reverse("history"),
    reverse("advice_panel"),
    reverse("checkin_create"),
    reverse("session_create"),
    reverse("settings"),
    reverse("reminders_feed_reset"),
    reverse("activities"),
    reverse("activities_week"),
    reverse("shares"),
    reverse("export_fhir"),
]


@pytest.fixture
def alices_records(alice, today):
    checkin = SorenessCheckin.objects.create(user=alice, date=today, soreness=4, note="private")
    session = StretchSession.objects.create(user=alice, date=today, note="private")
    entry = SessionEntry.objects.create(
        session=session, stretch=Stretch.objects.get(slug="sphinx"), hold_seconds=30
    )
    return checkin, session, entry


@pytest.fixture
def alices_activity_and_link(alice, today):
    activity = Activity.objects.create(user=alice, name="Putting on socks")
    share = ReportShare.objects.create(
        user=alice,
        token_hash="0" * 64,
        start=today,
        end=today,
        expires=timezone.now() + dt.timedelta(days=30),
    )
    return activity, share


def activity_and_link_urls(activity, share) -> list[tuple[str, dict]]:
    return [
        (reverse("activity_rename", args=[activity.pk]), {"name": "Changed"}),
        (reverse("activity_retire", args=[activity.pk]), {}),
        (reverse("share_revoke", args=[share.pk]), {}),
    ]


def test_another_user_gets_404_for_every_activity_and_link_and_changes_nothing(
    bob_client, alice_client, alices_activity_and_link
):
    before = [list(Activity.objects.values()), list(ReportShare.objects.values())]
    for url, data in activity_and_link_urls(*alices_activity_and_link):
        assert bob_client.get(url).status_code in (404, 405), url
        assert bob_client.post(url, data).status_code == 404, url
    assert [list(Activity.objects.values()), list(ReportShare.objects.values())] == before
    for url, _ in activity_and_link_urls(*alices_activity_and_link):
        assert alice_client.get(url).status_code in (200, 405), url
        missing = url.replace(f"/{alices_activity_and_link[0].pk}/", "/999999/")
        missing = missing.replace(f"/{alices_activity_and_link[1].pk}/", "/999999/")
        assert alice_client.post(missing, {"name": "x"}).status_code == 404, missing


def test_activity_and_link_pages_need_a_login(client, alices_activity_and_link):
    for url, data in activity_and_link_urls(*alices_activity_and_link):
        response = client.post(url, data)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert ReportShare.objects.get().revoked is None


def test_a_shared_link_that_does_not_work_is_a_404_for_everyone(
    client, alice_client, bob_client, alice, today
):
    """Wrong, expired or revoked: the same 404 signed out, for the owner and for anyone else,
    and no link ever answers with another person's report."""
    from journal import records

    live, secret = records.shares.create(alice, today, today, 30)
    expired, old_secret = records.shares.create(alice, today, today, 1)
    ReportShare.objects.filter(pk=expired.pk).update(expires=timezone.now())
    revoked, revoked_secret = records.shares.create(alice, today, today, 30)
    records.shares.revoke(alice, revoked)
    for n, who in enumerate((client, alice_client, bob_client)):
        where = {"REMOTE_ADDR": f"192.0.2.{n}"}  # each its own client for the guessing limit
        assert who.get(reverse("shared_report", args=[secret]), **where).status_code == 200
        for dead in (old_secret, revoked_secret, secret[:-1], "x" * 43):
            assert who.get(reverse("shared_report", args=[dead]), **where).status_code == 404
            assert who.get(reverse("shared_fhir", args=[dead]), **where).status_code == 404
        assert who.post(reverse("shared_report", args=[secret]), **where).status_code == 405


def id_urls(checkin, session, entry) -> list[tuple[str, dict]]:
    """Every URL that takes an id, with a POST that would change something if allowed."""
    sphinx = str(entry.stretch.pk)
    entry_post = {"stretch": sphinx, "hold_seconds": "5", "sets": "1", "side": "na"}
    return [
        (reverse("checkin_edit", args=[checkin.pk]), {"date": str(checkin.date), "soreness": "9"}),
        (reverse("checkin_delete", args=[checkin.pk]), {}),
        (reverse("session_detail", args=[session.pk]), {}),
        (reverse("session_edit", args=[session.pk]), {"date": str(session.date), "note": "x"}),
        (reverse("session_delete", args=[session.pk]), {}),
        (reverse("entry_create", args=[session.pk]), entry_post),
        (reverse("entry_edit", args=[entry.pk]), entry_post),
        (reverse("entry_delete", args=[entry.pk]), {}),
    ]


def snapshot() -> list:
    return [
        list(SorenessCheckin.objects.values()),
        list(StretchSession.objects.values()),
        list(SessionEntry.objects.values()),
    ]


def test_another_user_gets_404_for_every_id_and_changes_nothing(bob_client, alices_records):
    before = snapshot()
    for url, data in id_urls(*alices_records):
        assert bob_client.get(url).status_code in (404, 405), url
        assert bob_client.post(url, data).status_code in (404, 405), url
        assert bob_client.post(url, data, HTTP_HX_REQUEST="true").status_code in (404, 405), url
        assert 404 in (bob_client.get(url).status_code, bob_client.post(url, data).status_code)
    assert snapshot() == before


def test_the_owner_reaches_every_id(alice_client, alices_records):
    for url, _ in id_urls(*alices_records):
        assert alice_client.get(url).status_code in (200, 405), url


def test_ids_that_do_not_exist_are_404(alice_client, alices_records):
    for url, data in id_urls(*alices_records):
        missing = url.replace(f"/{alices_records[0].pk}/", "/999999/")
        missing = missing.replace(f"/{alices_records[1].pk}/", "/999999/")
        missing = missing.replace(f"/{alices_records[2].pk}/", "/999999/")
        statuses = {
            alice_client.get(missing).status_code,
            alice_client.post(missing, data).status_code,
        }
        assert statuses <= {404, 405} and 404 in statuses, missing


def test_another_users_day_shows_only_their_own(bob_client, alices_records, today):
    response = bob_client.get(reverse("day_detail", args=[today]))
    assert response.status_code == 200
    assert "private" not in response.text
    assert response.context["checkin"] is None
    assert list(response.context["sessions"]) == []


def test_a_day_that_is_not_a_date_is_404(alice_client):
    assert alice_client.get("/days/2026-02-30/").status_code == 404
    assert alice_client.get("/days/9999-99-99/").status_code == 404
    assert alice_client.get("/days/yesterday/").status_code == 404


def test_every_journal_page_needs_a_login(client, alices_records, today):
    urls = [url for url, _ in id_urls(*alices_records)]
    urls += JOURNAL_URLS + [reverse("day_detail", args=[today])]
    before = snapshot()
    for url in urls:
        for response in (client.get(url), client.post(url, {})):
            assert response.status_code in (302, 405), url
            if response.status_code == 302:
                assert response["Location"].startswith(reverse("login")), url
    assert snapshot() == before


def test_posts_without_a_csrf_token_are_refused(alice, alices_records):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    before = snapshot()
    for url, data in id_urls(*alices_records):
        assert client.post(url, data).status_code == 403, url
        assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 403, url
    assert client.post(reverse("checkin_create"), {"soreness": "3"}).status_code == 403
    assert snapshot() == before


def test_journal_pages_are_never_cached(alice_client, alices_records, today):
    urls = [url for url, _ in id_urls(*alices_records) if "delete" not in url]
    urls += JOURNAL_URLS + [reverse("day_detail", args=[today]), reverse("home")]
    for url in urls:
        response = alice_client.get(url)
        if response.status_code == 200:
            assert "no-store" in response["Cache-Control"], url
