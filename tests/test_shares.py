"""The link for a clinician: secret, read-only, expiring, revocable at once, showing only the
report, never cached or indexed, every opening listed, and guessing rate limited."""

import datetime as dt
import hashlib
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from journal.models import ReportShare, ShareOpening, SorenessCheckin
from tests.test_today import add_history

SHARES = reverse("shares")
FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"


def make_link(client, today: dt.date, **fields) -> str:
    data = {
        "start": (today - dt.timedelta(days=29)).isoformat(),
        "end": today.isoformat(),
        "days": "30",
        "label": "Physio",
        **fields,
    }
    response = client.post(SHARES, data)
    assert response.status_code == 200, response.context["form"].errors
    return response.context["made"]["address"].removeprefix("http://testserver")


def test_a_link_is_shown_once_and_only_its_hash_is_kept(alice_client, alice, today):
    address = make_link(alice_client, today)
    secret = re.fullmatch(r"/shared/([\w-]+)/", address).group(1)
    assert len(secret) >= 43  # 32 random bytes
    share = ReportShare.objects.get()
    assert share.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(list(ReportShare.objects.values()))
    assert share.expires - share.created == dt.timedelta(days=30)
    assert share.label == "Physio"
    # The list afterwards shows the link's settings, never its address.
    assert secret not in alice_client.get(SHARES).text


def test_anyone_with_the_link_sees_the_report_and_nothing_else(alice_client, alice, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=4, note="gardening")
    SorenessCheckin.objects.create(user=alice, date=today - dt.timedelta(days=60), soreness=9)
    address = make_link(alice_client, today)
    response = Client().get(address, HTTP_USER_AGENT=FIREFOX, REMOTE_ADDR="203.0.113.77")
    assert response.status_code == 200
    text = response.text
    assert "Back pain and stretching log" in text and "gardening" in text
    assert response.context["checkins"][0].soreness == 4  # not the day outside the period
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    # No way into the journal: its only links are the FHIR download of the same link.
    links = re.findall(r'href="([^"]+)"', text)
    pages = [link for link in links if not link.startswith("/static/")]
    assert pages == [address + "fhir.json"]
    assert "<form" not in text and "csrf" not in text.lower()
    assert "alice" not in text  # no username: the report's name, or "Name not given"
    opening = ShareOpening.objects.get()
    assert (opening.network, opening.browser, opening.page) == (
        "203.0.113.0/24",
        "Firefox on Windows",
        "report",
    )
    listed = alice_client.get(SHARES).text
    assert (
        "Opened 1 time" in listed and "203.0.113.0/24" in listed and "Firefox on Windows" in listed
    )


def test_a_revoked_link_is_a_404_at_once(alice_client, alice, today):
    address = make_link(alice_client, today)
    share = ReportShare.objects.get()
    assert Client().get(address).status_code == 200
    response = alice_client.post(reverse("share_revoke", args=[share.pk]))
    assert response.status_code == 302
    stopped = Client().get(address)
    assert stopped.status_code == 404
    assert Client().get(address + "fhir.json").status_code == 404
    assert "Stopped" in alice_client.get(SHARES).text
    # The clinician is told what to do, but not whether the link was stopped, ran out or
    # never was; and the answer is never kept or indexed.
    assert "Ask them for a new link" in stopped.text
    assert stopped.text == Client().get("/shared/never-made/").text
    assert "no-store" in stopped["Cache-Control"] and "noindex" in stopped["X-Robots-Tag"]


def test_an_address_with_nothing_at_it_says_so_in_the_sites_words(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "There is no page at this address" in response.text


def test_an_expired_link_is_a_404(alice_client, alice, today):
    address = make_link(alice_client, today, days="1")
    with time_machine.travel(timezone.now() + dt.timedelta(days=1, seconds=1)):
        assert Client().get(address).status_code == 404
    assert Client().get(address).status_code == 200


def test_the_expiry_and_period_are_checked_next_to_their_fields(alice_client, today):
    def day(n: int) -> str:
        return (today + dt.timedelta(days=n)).isoformat()

    for fields, field, message in [
        ({"days": "91"}, "days", "A link works for 90 days at most."),
        ({"days": "0"}, "days", "A link works for at least a day."),
        ({"end": day(-40)}, "end", "The end date comes before the start date."),
        ({"end": day(1)}, "end", "That day is still to come."),
        ({"start": day(-400)}, "end", "A report covers a year at most."),
        # A period wholly to come, back to front: said once, as the day to come.
        ({"start": day(9), "end": day(5)}, "end", "That day is still to come."),
        ({"start": "1999-12-31"}, "start", "That day is before 2000"),
    ]:
        data = {"start": day(-29), "end": today.isoformat()}
        response = alice_client.post(SHARES, {**data, "days": "30", **fields})
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert len(errors[field]) == 1 and errors[field][0].startswith(message), fields
    assert not ReportShare.objects.exists()


def test_guessing_links_is_rate_limited_per_client(alice_client, today):
    address = make_link(alice_client, today)
    guesser = Client(REMOTE_ADDR="198.51.100.7")
    for n in range(20):
        assert guesser.get(f"/shared/guess-{n}/").status_code == 404
    response = guesser.get("/shared/guess-21/")
    assert response.status_code == 404  # the 21st wrong guess is counted...
    blocked = guesser.get(address)  # ...and past the limit even a right one waits
    assert blocked.status_code == 429
    assert "Retry-After" in blocked
    assert Client(REMOTE_ADDR="192.0.2.1").get(address).status_code == 200  # others are not held


def test_the_link_also_gives_the_period_as_fhir(alice_client, alice, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=4)
    address = make_link(alice_client, today)
    response = Client().get(address + "fhir.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert b'"72514-3"' in response.content
    assert ShareOpening.objects.get().page == "fhir"


@pytest.mark.parametrize("days", [7, 5 * 365])
def test_the_shared_report_costs_the_same_queries_whatever_the_history(
    alice_client, alice, today, days, django_assert_num_queries
):
    add_history(alice, today, days)
    address = make_link(alice_client, today)
    visitor = Client()
    # The limit's count (three, the database cache's way of adding a key); the link with its
    # person and profile; the opening; today's advice (five); then the report's own: the days
    # (seven), check-ins, sessions with their entries, stretches done, the weeks of activities
    # scores, resolutions.
    with django_assert_num_queries(24):
        response = visitor.get(address)
    assert response.status_code == 200


def test_a_deleted_account_takes_its_links_with_it(alice_client, alice, today):
    address = make_link(alice_client, today)
    alice.delete()
    assert Client().get(address).status_code == 404
    assert not ReportShare.objects.exists()


@pytest.mark.parametrize("links", [1, 30])
def test_the_list_of_links_costs_the_same_queries_however_many(
    alice_client, alice, today, links, django_assert_num_queries
):
    from journal import records

    for _ in range(links):
        share, _secret = records.shares.create(alice, today, today, 30)
        records.shares.record_opening(share, "203.0.113.0/24", "Firefox on Windows", "report")
    # Session, user, profile, the links, their openings.
    with django_assert_num_queries(5):
        response = alice_client.get(SHARES)
    assert response.text.count("Opened 1 time") == links
