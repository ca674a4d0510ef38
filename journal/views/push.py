"""Notifications on a device: the page's subscribe and unsubscribe calls (journal/static/journal/
push.js), and what the reminders page shows about them.

The page posts `PushSubscription.toJSON()` as JSON with the CSRF header every page carries. A
device's endpoint belongs to whoever subscribed on it last, so a shared browser shows only its
latest person's reminders; logging out unsubscribes the device first (push.js)."""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from journal.forms import PushSubscriptionForm
from journal.models import PushSubscription
from journal.reminders.push import push_is_set_up

# A subscription's JSON is well under 1 KB (an endpoint of up to 1000 characters and two keys).
MAX_BODY = 4096


class BadRequest(Exception):
    """What the page sent cannot be read; the message says why."""


def device_context() -> dict:
    """What the reminders page's "Notifications on this device" section needs."""
    return {"push_public_key": settings.VAPID_PUBLIC_KEY if push_is_set_up() else ""}


def json_body(request: HttpRequest) -> dict:
    """The request's JSON object, or BadRequest: never a 500 for what a client sent."""
    try:
        body = request.body
    except RequestDataTooBig as error:
        raise BadRequest("The request is too large.") from error
    if len(body) > MAX_BODY:
        raise BadRequest("The request is too large.")
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError) as error:
        raise BadRequest("The request is not JSON.") from error
    if not isinstance(data, dict):
        raise BadRequest("The request is not a JSON object.")
    return data


def text(value: object) -> str | None:
    """A string as sent, anything else as missing: the form then says the field is required."""
    return value if isinstance(value, str) else None


def bad_request(message: str, fields: dict | None = None) -> JsonResponse:
    return JsonResponse({"error": message, "fields": fields or {}}, status=400)


@login_required
@require_POST
def push_subscribe(request: HttpRequest) -> JsonResponse:
    """Keep this device's subscription for the signed-in person.

    `update_or_create` on the endpoint: a device someone else subscribed on before moves to
    this person, and a page that posts the same subscription again changes nothing."""
    try:
        data = json_body(request)
    except BadRequest as error:
        return bad_request(str(error))
    keys = data.get("keys")
    keys = keys if isinstance(keys, dict) else {}
    form = PushSubscriptionForm(
        {
            "endpoint": text(data.get("endpoint")),
            "p256dh": text(keys.get("p256dh")),
            "auth": text(keys.get("auth")),
        }
    )
    if not form.is_valid():
        fields = {
            name: [e["message"] for e in errors]
            for name, errors in form.errors.get_json_data().items()
        }
        return bad_request("The subscription is not valid.", fields)
    _, created = PushSubscription.objects.update_or_create(
        endpoint=form.cleaned_data["endpoint"],
        defaults={
            "user": request.user,
            "p256dh": form.cleaned_data["p256dh"],
            "auth": form.cleaned_data["auth"],
        },
    )
    return JsonResponse({"subscribed": True}, status=201 if created else 200)


@login_required
@require_POST
def push_unsubscribe(request: HttpRequest) -> JsonResponse:
    """Forget this device's subscription, if it is the signed-in person's; nobody else's."""
    try:
        data = json_body(request)
    except BadRequest as error:
        return bad_request(str(error))
    endpoint = text(data.get("endpoint"))
    if not endpoint:
        return bad_request(
            "The request names no endpoint.", {"endpoint": ["This field is required."]}
        )
    removed, _ = PushSubscription.objects.filter(user=request.user, endpoint=endpoint).delete()
    return JsonResponse({"removed": removed})
