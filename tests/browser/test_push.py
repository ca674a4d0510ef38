"""Notifications on a device: turning them on from the reminders page, a reminder sent through
the real path arriving as a notification, and logging out turning them off.

Why the subscription is stood in for: Chromium's `pushManager.subscribe()` asks Google's push
service (Firebase Cloud Messaging) for an endpoint, and there is no network to it here (nor
would a test want a reminder to leave the machine). So the page's `PushManager.prototype.
subscribe` and `getSubscription` are replaced with a stand-in that hands back a subscription
whose endpoint is the test's local push service and whose keys are the test's own (the keys a
browser would make). Everything else is real: the button, the permission, push.js posting the
subscription, the server encrypting and signing the reminder with pywebpush, the local push
service receiving it. The test then does the push service's part, decrypting the message with
the browser's keys and handing it to the service worker through the DevTools protocol
(`ServiceWorker.deliverPushMessage`), and reads the notification the worker showed."""

import json
from collections.abc import Iterator

import pytest
import time_machine
from playwright.sync_api import BrowserContext, Page, expect

from journal.models import PushSubscription, ReminderSettings
from journal.reminders.send import send_due_reminders
from journal.reminders.timing import reschedule
from tests.browser.test_journal import log_in
from tests.browser.test_offline import eventually, wait_until_kept_offline
from tests.conftest import make_user
from tests.test_push import (  # noqa: F401
    Browser,
    PushService,
    b64url,
    push_service,
    push_set_up,
)

# Stands in for the browser's push subscription (see the module's docstring). It is kept in
# localStorage, as the browser keeps its own across pages, and says which server key the
# page subscribed with.
STAND_IN = """
(() => {
  const given = %s;
  const KEPT = "test-push-subscription";
  const toBase64url = (buffer) =>
    btoa(String.fromCharCode(...new Uint8Array(buffer)))
      .replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
  const fromBase64url = (text) =>
    Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
  function made(serverKey) {
    return {
      endpoint: given.endpoint,
      expirationTime: null,
      options: { userVisibleOnly: true, applicationServerKey: fromBase64url(serverKey).buffer },
      getKey: (name) => fromBase64url(given.keys[name]).buffer,
      toJSON: () => ({ endpoint: given.endpoint, expirationTime: null, keys: given.keys }),
      unsubscribe: async () => {
        localStorage.removeItem(KEPT);
        return true;
      },
    };
  }
  PushManager.prototype.subscribe = async function (options) {
    if (Notification.permission !== "granted") throw new DOMException("denied", "NotAllowedError");
    const serverKey = toBase64url(options.applicationServerKey);
    localStorage.setItem(KEPT, serverKey);
    return made(serverKey);
  };
  PushManager.prototype.getSubscription = async function () {
    const serverKey = localStorage.getItem(KEPT);
    return serverKey ? made(serverKey) : null;
  };
})();
"""


@pytest.fixture
def vapid(live_server) -> Iterator[str]:
    """The site's VAPID key pair; reminders link to the live server."""
    with push_set_up(live_server.url) as public:
        yield public


def device(context: BrowserContext, page: Page, base_url: str, browser: Browser, endpoint: str):
    """Notifications allowed for the site, and the stand-in subscription in every page."""
    context.grant_permissions(["notifications"], origin=base_url)
    page.add_init_script(STAND_IN % json.dumps(browser.subscription_json(endpoint)))


def turn_on_notifications(page: Page) -> None:
    page.goto("/reminders/")
    page.get_by_role("button", name="Turn on notifications on this device").click()
    expect(page.get_by_role("status").filter(has_text="Notifications are on")).to_have_text(
        "Notifications are on for this device."
    )
    expect(page.get_by_role("button", name="Turn off on this device")).to_be_visible()


def registration_id(page: Page, cdp) -> str:
    """The service worker's registration, as the DevTools protocol names it."""
    registrations: list[dict] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    eventually(page, lambda: any(not r["isDeleted"] for r in registrations))
    return next(r["registrationId"] for r in registrations if not r["isDeleted"])


def shown_notifications(page: Page) -> list[dict]:
    return page.evaluate(
        """async () => {
            const registration = await navigator.serviceWorker.ready;
            return (await registration.getNotifications()).map((n) => ({
                title: n.title, body: n.body, tag: n.tag, data: n.data,
                actions: n.actions.map((a) => a.action),
            }));
        }"""
    )


def test_a_reminder_arrives_as_a_notification_on_the_device_that_turned_them_on(
    page: Page,
    context: BrowserContext,
    base_url: str,
    vapid: str,
    push_service: PushService,  # noqa: F811
):
    user = make_user("notified")
    reminders = ReminderSettings.objects.create(user=user, enabled=True, by_push=True)
    browser = Browser.new()
    endpoint = push_service.endpoint("notified-phone")
    device(context, page, base_url, browser, endpoint)
    log_in(page, "notified")
    wait_until_kept_offline(page)

    turn_on_notifications(page)

    subscription = PushSubscription.objects.get(user=user)
    assert subscription.endpoint == endpoint
    assert (subscription.p256dh, subscription.auth) == (browser.p256dh, b64url(browser.auth))
    # The page subscribed with the server's key, so the push service would take its messages.
    assert page.evaluate("localStorage.getItem('test-push-subscription')") == vapid

    # The next reminder, sent by the worker's own path at its time.
    reschedule(reminders)
    reminders.refresh_from_db()
    with time_machine.travel(reminders.next_due, tick=False):
        assert send_due_reminders() == 1
    [delivery] = push_service.received
    reminder = browser.decrypt(delivery)
    assert reminder["title"] == "Time for your routine"

    # The push service's part: the decrypted message, handed to this device's service worker.
    # On a loaded machine the browser can drop a delivery while it starts the worker; a push
    # service delivers again, so the test does too (the tag makes repeats one notification).
    cdp = page.context.new_cdp_session(page)
    message = {
        "origin": base_url,
        "registrationId": registration_id(page, cdp),
        "data": json.dumps(reminder),
    }
    for attempt in range(3):
        cdp.send("ServiceWorker.deliverPushMessage", message)
        try:
            eventually(page, lambda: shown_notifications(page) != [])
            break
        except AssertionError:
            if attempt == 2:
                raise
    [notification] = shown_notifications(page)
    assert notification["title"] == "Time for your routine"
    assert notification["body"] == reminder["body"]
    assert notification["tag"] == "stretchlog-reminder"
    assert notification["data"] == {"url": reminder["url"], "stop": reminder["stop"]}
    assert notification["actions"] == ["stop"]


def test_logging_out_turns_notifications_off_on_the_device_first(
    page: Page,
    context: BrowserContext,
    base_url: str,
    vapid: str,
    push_service: PushService,  # noqa: F811
):
    user = make_user("sharer")
    other = make_user("other")
    PushSubscription.objects.create(
        user=other, endpoint=push_service.endpoint("others-phone"), p256dh="x", auth="y"
    )
    device(context, page, base_url, Browser.new(), push_service.endpoint("shared-laptop"))
    log_in(page, "sharer")
    wait_until_kept_offline(page)
    turn_on_notifications(page)
    assert PushSubscription.objects.filter(user=user).exists()

    page.get_by_role("button", name="Log out").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("You’re logged out")
    assert not PushSubscription.objects.filter(user=user).exists()
    assert PushSubscription.objects.filter(user=other).count() == 1


def test_someone_else_signing_in_without_a_log_out_turns_the_first_persons_off(
    page: Page,
    context: BrowserContext,
    base_url: str,
    vapid: str,
    push_service: PushService,  # noqa: F811
):
    """A shared device whose first person never logged out (their session simply ended)."""
    make_user("first")
    make_user("second")
    device(context, page, base_url, Browser.new(), push_service.endpoint("shared-tablet"))
    log_in(page, "first")
    wait_until_kept_offline(page)
    turn_on_notifications(page)
    assert page.evaluate("localStorage.getItem('test-push-subscription')") == vapid

    context.clear_cookies()
    log_in(page, "second")
    page.goto("/history/")  # any signed-in page
    eventually(
        page, lambda: page.evaluate("localStorage.getItem('test-push-subscription')") is None
    )
    page.goto("/reminders/")
    expect(page.get_by_role("button", name="Turn on notifications on this device")).to_be_visible()


def test_turning_notifications_off_forgets_the_devices_subscription(
    page: Page,
    context: BrowserContext,
    base_url: str,
    vapid: str,
    push_service: PushService,  # noqa: F811
):
    user = make_user("quiet")
    device(context, page, base_url, Browser.new(), push_service.endpoint("quiet-phone"))
    log_in(page, "quiet")
    wait_until_kept_offline(page)
    turn_on_notifications(page)

    page.reload()
    page.get_by_role("button", name="Turn off on this device").click()

    expect(page.get_by_role("status").filter(has_text="Notifications are off")).to_be_visible()
    expect(page.get_by_role("button", name="Turn on notifications on this device")).to_be_visible()
    assert not PushSubscription.objects.filter(user=user).exists()


def test_a_browser_that_cannot_show_notifications_is_told_so(page: Page, vapid: str):
    make_user("old-browser")
    page.add_init_script("delete window.PushManager;")
    log_in(page, "old-browser")
    page.goto("/reminders/")
    expect(page.get_by_text("This browser cannot show Stretchlog’s notifications")).to_be_visible()
    expect(page.get_by_role("button", name="Turn on notifications on this device")).to_be_hidden()
