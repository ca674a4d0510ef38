"""Web push: reminders encrypted for the browser and posted to its push service, what the push
service's answers do to a subscription, and the subscribe and unsubscribe calls.

A real HTTP server on 127.0.0.1 stands in for the push service (Google's, Mozilla's…), and the
test plays the browser: it makes the subscription's keys and decrypts what arrived with them."""

import base64
import datetime as dt
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
import time_machine
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.contrib.auth.models import User
from django.test import Client, override_settings
from django.urls import reverse

from journal.management.commands.vapid_keys import new_vapid_keys
from journal.models import PushSubscription, ReminderSettings, SentReminder
from journal.reminders import push
from journal.reminders.links import guided_path, stop_token
from journal.reminders.schedule import Links, Message
from journal.reminders.send import send_due_reminders
from journal.reminders.timing import reschedule
from journal.views.push import MAX_BODY


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class Delivery:
    """One POST the push service received."""

    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes


@dataclass
class PushService:
    """The stand-in push service: what it received, and what it answers on each path."""

    url: str
    received: list[Delivery] = field(default_factory=list)
    answers: dict[str, int] = field(default_factory=dict)

    def endpoint(self, name: str, answer: int = 201) -> str:
        self.answers[f"/push/{name}"] = answer
        return f"{self.url}/push/{name}"


@pytest.fixture
def push_service() -> Iterator[PushService]:
    """A real HTTP server in a thread, answering each path as the test told it (201 by default,
    as Mozilla's and Google's push services answer)."""
    service = PushService(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            headers = {name.lower(): value for name, value in self.headers.items()}
            service.received.append(Delivery(self.path, headers, body))
            self.send_response(service.answers.get(self.path, 404))
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    service.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield service
    server.shutdown()
    server.server_close()


@dataclass
class Browser:
    """What a browser keeps of its subscription: its ECDH key pair and its auth secret."""

    key: ec.EllipticCurvePrivateKey
    auth: bytes

    @classmethod
    def new(cls) -> "Browser":
        return cls(ec.generate_private_key(ec.SECP256R1()), os.urandom(16))

    @property
    def p256dh(self) -> str:
        point = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url(point)

    def subscription_json(self, endpoint: str) -> dict:
        """As `PushSubscription.toJSON()` gives it."""
        return {
            "endpoint": endpoint,
            "expirationTime": None,
            "keys": {"p256dh": self.p256dh, "auth": b64url(self.auth)},
        }

    def subscribe(self, user: User, endpoint: str) -> PushSubscription:
        return PushSubscription.objects.create(
            user=user, endpoint=endpoint, p256dh=self.p256dh, auth=b64url(self.auth)
        )

    def decrypt(self, delivery: Delivery) -> dict:
        plain = http_ece.decrypt(
            delivery.body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(plain)


@contextmanager
def push_set_up(site_url: str) -> Iterator[str]:
    """A new VAPID key pair for the site, reminders linking to `site_url`; yields the public
    key. Push endpoints may be local: the stand-in push service runs on 127.0.0.1."""
    private, public = new_vapid_keys()
    with override_settings(
        VAPID_PRIVATE_KEY=private,
        VAPID_PUBLIC_KEY=public,
        VAPID_CONTACT="mailto:push-test@example.com",
        PUSH_LOCAL_ENDPOINTS=True,
        SITE_URL=site_url,
    ):
        yield public


@pytest.fixture
def vapid() -> Iterator[str]:
    """The site's VAPID key pair, new for each test; yields the public key."""
    with push_set_up("https://stretchlog.example") as public:
        yield public


MESSAGE = Message("stretch", "Time for your routine", "Check in, then stretch.", "guided")
LINKS = Links(
    open="https://stretchlog.example/guided/gentle/",
    stop="https://stretchlog.example/reminders/stop/abc/",
    settings="https://stretchlog.example/reminders/",
)


# Sending


def test_it_sends_a_reminder_due_now_encrypted_for_the_browser(alice, vapid, push_service):
    browser = Browser.new()
    browser.subscribe(alice, push_service.endpoint("alice-phone"))
    reminders = ReminderSettings.objects.create(
        user=alice, enabled=True, by_push=True, first_time=dt.time(8, 0)
    )
    reschedule(reminders, dt.datetime(2027, 1, 4, 7, tzinfo=dt.UTC))
    reminders.refresh_from_db()
    assert reminders.next_due == dt.datetime(2027, 1, 4, 8, tzinfo=dt.UTC)

    with time_machine.travel(reminders.next_due, tick=False):
        assert send_due_reminders() == 1

    [delivery] = push_service.received
    assert delivery.path == "/push/alice-phone"
    assert delivery.headers["content-encoding"] == "aes128gcm"
    assert delivery.headers["ttl"] == "3600"
    assert delivery.headers["urgency"] == "normal"
    # VAPID (RFC 8292): a signed token and the site's public key, which the browser checks
    # against the key it subscribed with.
    scheme, credentials = delivery.headers["authorization"].split(" ", 1)
    assert scheme == "vapid"
    parts = dict(part.strip().split("=", 1) for part in credentials.split(","))
    assert parts["k"] == vapid
    assert parts["t"].count(".") == 2  # a JWT
    assert b"Time for your routine" not in delivery.body  # only the browser can read it

    reminder = browser.decrypt(delivery)
    assert reminder["title"] == "Time for your routine"
    assert reminder["body"].startswith("Check in first. Follow today’s stretches")
    assert reminder["url"] == "https://stretchlog.example" + guided_path()
    assert reminder["stop"] == (
        "https://stretchlog.example" + reverse("reminders_stop", args=[stop_token(alice)])
    )
    assert reminder["tag"] == "stretchlog-reminder"
    sent = SentReminder.objects.get(user=alice)
    assert (sent.outcome, sent.channels) == (SentReminder.Outcome.SENT, "push")


def test_it_sends_to_each_of_the_persons_devices_and_nobody_elses(alice, bob, vapid, push_service):
    phone, laptop, bobs = Browser.new(), Browser.new(), Browser.new()
    phone.subscribe(alice, push_service.endpoint("phone"))
    laptop.subscribe(alice, push_service.endpoint("laptop"))
    bobs.subscribe(bob, push_service.endpoint("bob"))

    assert push.send_reminder_push(alice, MESSAGE, LINKS) is True

    by_path = {d.path: d for d in push_service.received}
    assert sorted(by_path) == ["/push/laptop", "/push/phone"]
    assert phone.decrypt(by_path["/push/phone"])["body"] == "Check in, then stretch."
    assert laptop.decrypt(by_path["/push/laptop"])["url"] == LINKS.open


@pytest.mark.parametrize("gone", [404, 410])
def test_it_deletes_a_subscription_the_push_service_says_is_gone(alice, vapid, push_service, gone):
    Browser.new().subscribe(alice, push_service.endpoint("old", answer=gone))

    assert push.send_reminder_push(alice, MESSAGE, LINKS) is False

    assert len(push_service.received) == 1
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize("trouble", [500, 503, 429])
def test_it_keeps_a_subscription_through_a_push_services_trouble(
    alice, vapid, push_service, trouble
):
    Browser.new().subscribe(alice, push_service.endpoint("busy", answer=trouble))
    Browser.new().subscribe(alice, push_service.endpoint("fine"))

    # One device took it: the reminder went.
    assert push.send_reminder_push(alice, MESSAGE, LINKS) is True

    assert PushSubscription.objects.filter(user=alice).count() == 2


def test_it_keeps_a_subscription_whose_push_service_cannot_be_reached(alice, vapid, push_service):
    # Nothing listens on port 9 (discard) here: the connection is refused at once.
    Browser.new().subscribe(alice, "http://127.0.0.1:9/push/nobody")

    assert push.send_reminder_push(alice, MESSAGE, LINKS) is False

    assert PushSubscription.objects.filter(user=alice).exists()


def test_without_vapid_keys_nothing_is_sent(alice, push_service):
    Browser.new().subscribe(alice, push_service.endpoint("phone"))

    with override_settings(VAPID_PRIVATE_KEY="", VAPID_PUBLIC_KEY=""):
        assert push.send_reminder_push(alice, MESSAGE, LINKS) is False

    assert push_service.received == []


def test_the_payload_stays_well_under_what_push_services_take():
    long = Message("clinician", "x" * 200, "y" * 600, "today")
    assert len(push.reminder_payload(long, LINKS).encode()) < 2000


def test_the_vapid_keys_command_prints_keys_pywebpush_and_browsers_accept(capsys):
    from django.core.management import call_command
    from py_vapid import Vapid

    call_command("vapid_keys")
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.split())
    vapid = Vapid.from_string(lines["VAPID_PRIVATE_KEY"])
    public = vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    assert b64url(public) == lines["VAPID_PUBLIC_KEY"]
    assert len(public) == 65 and public[0] == 4


# Subscribing


def subscribe(client: Client, data: object, content_type: str = "application/json"):
    body = data if isinstance(data, (str, bytes)) else json.dumps(data)
    return client.post(reverse("push_subscribe"), body, content_type=content_type)


def test_it_keeps_the_subscription_for_the_signed_in_person(alice, alice_client, vapid):
    browser = Browser.new()

    response = subscribe(alice_client, browser.subscription_json("https://push.example/a"))

    assert response.status_code == 201
    subscription = PushSubscription.objects.get()
    assert subscription.user == alice
    assert subscription.endpoint == "https://push.example/a"
    assert (subscription.p256dh, subscription.auth) == (browser.p256dh, b64url(browser.auth))
    # The same again (each visit to the page): still one row.
    assert (
        subscribe(alice_client, browser.subscription_json("https://push.example/a")).status_code
        == 200
    )
    assert PushSubscription.objects.count() == 1


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://push.example/a",  # not https
        "https://127.0.0.1:8080/push",
        "https://localhost/push",
        "https://10.0.0.5/push",
        "https://[::1]/push",
        "https://169.254.169.254/latest/meta-data/",
    ],
)
def test_outside_development_only_a_public_https_push_service_is_taken(
    alice_client, vapid, endpoint
):
    """Otherwise anyone signed in could make the server post into its own network."""
    with override_settings(PUSH_LOCAL_ENDPOINTS=False):
        response = subscribe(alice_client, Browser.new().subscription_json(endpoint))
        assert response.status_code == 400
        assert "public https address" in response.text
        assert (
            subscribe(
                alice_client,
                Browser.new().subscription_json("https://fcm.googleapis.com/fcm/send/x"),
            ).status_code
            == 201
        )
    assert PushSubscription.objects.count() == 1


def test_a_shared_devices_subscription_moves_to_whoever_subscribed_last(
    alice, bob, bob_client, vapid
):
    browser = Browser.new()
    browser.subscribe(alice, "https://push.example/shared")

    response = subscribe(bob_client, browser.subscription_json("https://push.example/shared"))

    assert response.status_code == 200
    assert PushSubscription.objects.get().user == bob


def test_subscribing_needs_a_sign_in_and_a_post(alice_client):
    data = Browser.new().subscription_json("https://push.example/a")
    assert subscribe(Client(), data).status_code == 302
    assert alice_client.get(reverse("push_subscribe")).status_code == 405
    assert not PushSubscription.objects.exists()


def test_subscribing_needs_the_csrf_token(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = subscribe(client, Browser.new().subscription_json("https://push.example/a"))
    assert response.status_code == 403
    assert not PushSubscription.objects.exists()


GOOD = Browser.new().subscription_json("https://push.example/a")
HOSTILE = [
    pytest.param("not json at all", id="not-json"),
    pytest.param(b"\xff\xfe\x00", id="not-utf8"),
    pytest.param("[1, 2]", id="a-list"),
    pytest.param("null", id="null"),
    pytest.param({}, id="empty"),
    pytest.param({**GOOD, "endpoint": 42}, id="endpoint-a-number"),
    pytest.param({**GOOD, "endpoint": ["https://push.example/a"]}, id="endpoint-a-list"),
    pytest.param({**GOOD, "endpoint": "javascript:alert(1)"}, id="endpoint-javascript"),
    pytest.param({**GOOD, "endpoint": "ftp://push.example/a"}, id="endpoint-ftp"),
    pytest.param({**GOOD, "endpoint": "https://push.example/" + "a" * 1000}, id="endpoint-long"),
    pytest.param({**GOOD, "endpoint": "https://push.example/\x00"}, id="endpoint-null-char"),
    pytest.param({**GOOD, "keys": "p256dh"}, id="keys-a-string"),
    pytest.param({**GOOD, "keys": {"p256dh": {"x": 1}, "auth": 5}}, id="keys-wrong-types"),
    pytest.param({**GOOD, "keys": {**GOOD["keys"], "p256dh": "!!!"}}, id="key-not-base64url"),
    pytest.param(
        {**GOOD, "keys": {**GOOD["keys"], "p256dh": b64url(b"\x04" + bytes(64))}},
        id="key-not-a-point",
    ),
    pytest.param({**GOOD, "keys": {**GOOD["keys"], "p256dh": "A" * 300}}, id="key-long"),
    pytest.param({**GOOD, "keys": {**GOOD["keys"], "auth": b64url(bytes(8))}}, id="auth-short"),
    pytest.param({**GOOD, "keys": {**GOOD["keys"], "auth": "A"}}, id="auth-bad-padding"),
    pytest.param({**GOOD, "padding": "x" * MAX_BODY}, id="too-large"),
    pytest.param("x" * 3_000_000, id="huge"),
]


@pytest.mark.parametrize("data", HOSTILE)
def test_hostile_input_to_subscribe_is_a_clear_400(alice_client, data):
    response = subscribe(alice_client, data)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_a_bad_field_is_named_in_the_answer(alice_client):
    response = subscribe(alice_client, {**GOOD, "endpoint": "ftp://push.example/a"})
    assert list(response.json()["fields"]) == ["endpoint"]


# Unsubscribing


def unsubscribe(client: Client, endpoint: object):
    return client.post(
        reverse("push_unsubscribe"),
        json.dumps({"endpoint": endpoint}),
        content_type="application/json",
    )


def test_unsubscribing_forgets_the_persons_subscription(alice, alice_client):
    Browser.new().subscribe(alice, "https://push.example/a")
    Browser.new().subscribe(alice, "https://push.example/b")

    response = unsubscribe(alice_client, "https://push.example/a")

    assert response.status_code == 200
    assert response.json() == {"removed": 1}
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [
        "https://push.example/b"
    ]


def test_unsubscribing_never_touches_another_persons_subscription(alice, bob, bob_client):
    Browser.new().subscribe(alice, "https://push.example/alices")

    response = unsubscribe(bob_client, "https://push.example/alices")

    assert response.json() == {"removed": 0}
    assert PushSubscription.objects.get().user == alice


def test_subscribing_never_touches_another_persons_other_subscriptions(
    alice, bob, bob_client, vapid
):
    Browser.new().subscribe(alice, "https://push.example/alices")

    subscribe(bob_client, Browser.new().subscription_json("https://push.example/bobs"))

    assert dict(PushSubscription.objects.values_list("endpoint", "user__username")) == {
        "https://push.example/alices": "alice",
        "https://push.example/bobs": "bob",
    }


@pytest.mark.parametrize("endpoint", [None, 42, ["x"], ""])
def test_unsubscribing_without_an_endpoint_is_a_clear_400(alice, alice_client, endpoint):
    Browser.new().subscribe(alice, "https://push.example/a")
    response = unsubscribe(alice_client, endpoint)
    assert response.status_code == 400
    assert PushSubscription.objects.count() == 1


def test_unsubscribing_needs_a_sign_in(alice):
    Browser.new().subscribe(alice, "https://push.example/a")
    assert unsubscribe(Client(), "https://push.example/a").status_code == 302
    assert PushSubscription.objects.count() == 1


# The reminders page


def test_the_page_offers_notifications_with_the_public_key(alice_client, vapid):
    page = alice_client.get(reverse("reminders")).content.decode()
    assert "Notifications on this device" in page
    assert f'data-public-key="{vapid}"' in page
    assert f'data-subscribe="{reverse("push_subscribe")}"' in page
    assert "Turn on notifications on this device" in page


def test_without_vapid_keys_the_page_says_notifications_are_not_set_up(alice_client):
    with override_settings(VAPID_PRIVATE_KEY="", VAPID_PUBLIC_KEY=""):
        page = alice_client.get(reverse("reminders")).content.decode()
    assert "Notifications are not set up on this Stretchlog server" in page
    assert "data-public-key" not in page
    assert "push-toggle" not in page


def test_every_signed_in_page_can_turn_notifications_off_at_log_out(alice_client):
    page = alice_client.get(reverse("home")).content.decode()
    assert 'src="/static/journal/push.js"' in page
    assert f'data-push-unsubscribe="{reverse("push_unsubscribe")}"' in page
