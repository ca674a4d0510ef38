"""Links that show a person's report to their clinician: making and stopping them (the
person, signed in), and opening one (anyone with the link, no account).

A link's secret has 256 random bits (secrets.token_urlsafe(32)) and only its SHA-256 is stored,
so a copy of the database holds no working link. An opened link shows the report of its period
and nothing else: no navigation into the journal, no forms. It is sent `no-store` and
`noindex`, and each opening is listed for the person with its time, the network it came from
(the address cut to /24 or /48) and the browser's family. A wrong, revoked or expired secret is
a 404 and counts against the client's limit (journal/limits.py), past which the answer is 429.
"""

import datetime as dt
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from journal import fhir, queries, records
from journal.forms import ShareForm
from journal.limits import (
    SHARED_LINK_LIMITS,
    client_address,
    seconds_blocked,
    too_many_requests,
)
from journal.models import ReportShare
from journal.openings import browser_family, network_of
from journal.view_helpers import journal_view
from journal.views.data import fhir_response
from journal.views.report import period_context


def _get_share_for_user(user: User, pk: int) -> ReportShare:
    return get_object_or_404(user.report_shares, pk=pk)


@journal_view
@require_http_methods(["GET", "POST"])
def shares(request: HttpRequest) -> HttpResponse:
    """The person's links: make one for a period, see each one's openings, stop one. A new
    link's address is shown once, on the page that made it: only its hash is kept."""
    today = request.user.profile.today()
    initial = {"start": today - dt.timedelta(days=29), "end": today}
    form = ShareForm(request.POST or None, today=today, initial=initial)
    made = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        share, secret = records.shares.create(
            request.user, data["start"], data["end"], data["days"], data["label"]
        )
        made = {
            "share": share,
            "address": request.build_absolute_uri(reverse("shared_report", args=[secret])),
        }
        form = ShareForm(today=today, initial=initial)
    now = timezone.now()
    context = {
        "form": form,
        "made": made,
        "shares": [(s, s.is_open(now)) for s in queries.shares_with_openings(request.user)],
        "zone": request.user.profile.time_zone,
    }
    return render(request, "journal/shares.html", context)


@journal_view
@require_POST
def share_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop a link now: from this moment it answers 404, as if it never was."""
    share = _get_share_for_user(request.user, pk)
    records.shares.revoke(request.user, share)
    messages.success(request, "That link no longer works. It stays in your list with its openings.")
    return redirect("shares")


def open_link(request: HttpRequest, secret: str, page: str, view: Callable) -> HttpResponse:
    share = queries.open_share(secret, timezone.now())
    if share is None:
        seconds_blocked(request, "shared-link", SHARED_LINK_LIMITS, count=True)
        # Never which: stopped, run out or never made (a guesser learns nothing).
        return render(request, "journal/shared_missing.html", status=404)
    if request.method == "GET":
        records.shares.record_opening(
            share,
            network_of(client_address("", request)),
            browser_family(request.META.get("HTTP_USER_AGENT", "")[:500]),
            page,
        )
    return view(request, share, secret)


def shared(page: str) -> Callable:
    """A page of a shared link (`page`: "report" or "fhir"): found by its secret (a miss
    counted against the client's limit), its opening recorded, sent never to be cached nor
    indexed, and with no referrer for whatever it links to."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @require_safe
        @never_cache
        def wrapped(request: HttpRequest, secret: str) -> HttpResponse:
            wait = seconds_blocked(request, "shared-link", SHARED_LINK_LIMITS, count=False)
            if wait is not None:
                response = too_many_requests(request, wait)
            else:
                response = open_link(request, secret, page, view)
            response["X-Robots-Tag"] = "noindex, nofollow"
            response["Referrer-Policy"] = "no-referrer"
            return response

        return wrapped

    return decorator


@shared("report")
def shared_report(request: HttpRequest, share: ReportShare, secret: str) -> HttpResponse:
    """The report of the link's period, as the person's own report shows it, and nothing
    else of their journal."""
    profile = share.user.profile
    today = profile.today()
    context = {
        "shared": True,
        "share": share,
        "profile": profile,
        "today": today,
        "advice": queries.advice_on(share.user, profile, today),
        "fhir_address": reverse("shared_fhir", args=[secret]),
        **period_context(share.user, profile, share.start, min(share.end, today)),
    }
    return render(request, "journal/shared_report.html", context)


@shared("fhir")
def shared_fhir(request: HttpRequest, share: ReportShare, secret: str) -> HttpResponse:
    """The link's period as a FHIR R4 Bundle (journal/fhir.py)."""
    return fhir_response(fhir.export(share.user, share.start, share.end), share.start, share.end)
