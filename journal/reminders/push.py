"""Web push: reminders to the browsers and installed apps that subscribed (pywebpush, VAPID).

Each subscription is a push service's address (Google's, Mozilla's, Apple's…) for one browser,
with that browser's keys: pywebpush encrypts the reminder for the browser (RFC 8291, so the
push service cannot read it), signs the request with the site's VAPID key (RFC 8292) and POSTs
it. The browser wakes the service worker (journal/static/journal/service-worker.js), which
shows the notification.
"""

import json
import logging

import http_ece
import requests
from django.conf import settings
from django.contrib.auth.models import User
from pywebpush import WebPushException, webpush

from journal.models import PushSubscription
from journal.reminders.schedule import STALE_AFTER, Links, Message

log = logging.getLogger(__name__)

# The push service keeps a reminder for a device that is off for as long as it would still be
# sent at all: after that, "time for your routine" is noise (schedule.STALE_AFTER).
TTL_SECONDS = int(STALE_AFTER.total_seconds())
# One slow push service must not hold up the worker's batch (send.SEND_BATCH) for long.
TIMEOUT_SECONDS = 10
# One tag on the device, so a newer reminder replaces one still showing instead of piling up;
# the same word as the Topic header, which lets the push service do that for a device that is
# off (RFC 8030, 5.4).
TAG = "stretchlog-reminder"
# The push service's answer for an address that no longer exists: the browser unsubscribed,
# the person cleared the site's data, or the subscription expired.
GONE = {404, 410}


def push_is_set_up() -> bool:
    """True when the site has its VAPID key pair: without it, no notification is offered."""
    return bool(settings.VAPID_PRIVATE_KEY and settings.VAPID_PUBLIC_KEY)


def reminder_payload(message: Message, links: Links) -> str:
    """What the service worker reads: small, as push services take about 4 KB at most."""
    return json.dumps(
        {
            "title": message.title,
            "body": message.body,
            "url": links.open,
            "stop": links.stop,
            "tag": TAG,
        },
        ensure_ascii=False,
        separators=(",", ":"),
    )


def send_reminder_push(user: User, message: Message, links: Links) -> bool:
    """Send to each of the person's subscriptions; True when at least one push service took it.

    A subscription whose push service says it is gone is deleted; any other failure (a
    timeout, a 5xx, a 429) is logged and the subscription kept for the next reminder."""
    if not push_is_set_up():
        return False
    payload = reminder_payload(message, links)
    delivered = False
    for subscription in PushSubscription.objects.filter(user=user):
        delivered = push_to(subscription, payload) or delivered
    return delivered


def push_to(subscription: PushSubscription, payload: str) -> bool:
    """One POST to one push service; True when it accepted the message (2xx)."""
    try:
        webpush(
            subscription_info={
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=payload,
            vapid_private_key=settings.VAPID_PRIVATE_KEY,
            # A new dict each time: webpush writes the push service's origin ("aud") into it.
            vapid_claims={"sub": settings.VAPID_CONTACT},
            ttl=TTL_SECONDS,
            timeout=TIMEOUT_SECONDS,
            headers={"Urgency": "normal", "Topic": TAG},
        )
    except WebPushException as error:
        status = error.response.status_code if error.response is not None else None
        if status in GONE:
            subscription.delete()
            log.info("Push subscription %s is gone (%s): deleted", subscription.pk, status)
        else:
            log.warning("Push to subscription %s failed: %s", subscription.pk, status or error)
        return False
    except (requests.RequestException, http_ece.ECEException, ValueError) as error:
        # No answer in time, no connection, or keys the encryption cannot use.
        log.warning("Push to subscription %s failed: %r", subscription.pk, error)
        return False
    return True
