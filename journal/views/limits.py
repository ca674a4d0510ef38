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


KEYS = {"address": email_address, "client": client_address}


def limited(group: str, limits: list[tuple[str, str]]) -> Callable:
    """Count each POST to the view against every limit; past any of them, answer with the
    "try again in N minutes" page (HTTP 429) instead of running the view."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST":
                waits = []
                for key, rate in limits:
                    usage = get_usage(
                        request,
                        group=f"{group}:{key}",
                        key=KEYS[key],
                        rate=rate,
                        method="POST",
                        increment=True,
                    )
                    if usage and usage["should_limit"]:
                        waits.append(usage["time_left"])
                if waits:
                    return too_many_requests(request, max(waits))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def too_many_requests(request: HttpRequest, seconds: int) -> HttpResponse:
    minutes = max(1, math.ceil(seconds / 60))
    response = render(request, "registration/rate_limited.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
