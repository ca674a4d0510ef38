"""Limits on the requests that send email or make accounts, kept by django-ratelimit in the
database cache (so every server process and host counts together)."""

import math
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage

# (what is counted, how many an hour). A person who forgot their password needs one or two
# emails; a sign-up form sent more often than this from one place is not people signing up.
PASSWORD_RESET_LIMITS = [("address", "3/h"), ("client", "10/h")]
SIGNUP_LIMITS = [("client", "5/h")]
# Confirmation emails for reminders: enough to fix a typo, too few to pester an address.
CONFIRM_EMAIL_LIMITS = [("person", "3/h"), ("address", "3/h")]
# Opening a clinician's link that does not work (a wrong, revoked or expired secret): a
# clinician who mistypes needs a few; someone guessing links, whose secrets have 256 random
# bits, would need more tries than there are atoms, and gets twenty an hour.
SHARED_LINK_LIMITS = [("client", "20/h")]


def email_address(group: str, request: HttpRequest) -> str:
    """The address a reset is asked for, as email providers compare them."""
    return request.POST.get("email", "").strip().lower()[:254]


def client_address(group: str, request: HttpRequest) -> str:
    """The client's IP address: behind a proxy, the one the proxy appended last to
    X-Forwarded-For (the proxy's own view of who connected, which a client cannot forge)."""
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def person(group: str, request: HttpRequest) -> str:
    return str(request.user.pk)


KEYS = {"address": email_address, "client": client_address, "person": person}


def limited(group: str, limits: list[tuple[str, str]]) -> Callable:
    """Count each POST to the view against every limit; past any of them, answer with the
    "try again in N minutes" page (HTTP 429) instead of running the view."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST":
                wait = seconds_to_wait(request, group, limits)
                if wait is not None:
                    return too_many_requests(request, wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def seconds_to_wait(request: HttpRequest, group: str, limits: list[tuple[str, str]]) -> int | None:
    """Count this request against every limit; None when all allow it, else how long until
    they do."""
    waits = []
    for key, rate in limits:
        usage = get_usage(
            request, group=f"{group}:{key}", key=KEYS[key], rate=rate, method="POST", increment=True
        )
        if usage and usage["should_limit"]:
            waits.append(usage["time_left"])
    return max(waits) if waits else None


def too_many_requests(request: HttpRequest, seconds: int) -> HttpResponse:
    minutes = max(1, math.ceil(seconds / 60))
    response = render(request, "registration/rate_limited.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


def seconds_blocked(
    request: HttpRequest, group: str, limits: list[tuple[str, str]], *, count: bool
) -> int | None:
    """For requests of any method: None when every limit still allows one (counting this
    one against them when `count`), else how long until they do."""
    waits = []
    for key, rate in limits:
        usage = get_usage(
            request, group=f"{group}:{key}", key=KEYS[key], rate=rate, increment=count
        )
        if usage and usage["should_limit"]:
            waits.append(usage["time_left"])
    return max(waits) if waits else None
