"""What the journal's views share: signing in, reading a day from the address, going back to
the page that asked, and the questions and notices asked before stretching."""

import datetime as dt
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_htmx.middleware import HtmxDetails

from journal import rules
from journal.forms import CheckinForm, FlagResolutionForm
from journal.models import EARLIEST_DATE


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it, for views that read `request.htmx`."""

    htmx: HtmxDetails


def journal_view(view: Callable) -> Callable:
    """Signed-in only, and never kept by the browser or a shared cache."""
    return login_required(never_cache(view))


def parse_day(value: str | None, default: dt.date) -> dt.date:
    """A day from the query string, or `default` (the person's today) when it is missing,
    malformed, before the journal's first day or after `default`."""
    try:
        day = dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default
    return day if EARLIEST_DATE <= day <= default else default


def resolve_form_for(advice: rules.Advice, today: dt.date) -> FlagResolutionForm | None:
    """The "has this been dealt with?" form, under a notice about today's open red flags."""
    if advice.date == today and advice.active_flags:
        return FlagResolutionForm(today=today, flags=advice.active_flags)
    return None


def safe_next(request: HttpRequest, fallback: str = "home") -> HttpResponse:
    """Back to the page named by the form's `next`, when it is one of this site's."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(fallback)


def check_first(request: HttpRequest, today: dt.date, advice: rules.Advice) -> HttpResponse:
    """The soreness and red-flag questions, asked before a session when today has no check-in;
    saving goes on to the page that asked. Open red flags show above them."""
    form = CheckinForm(user=request.user, today=today, initial={"date": today})
    context = {
        "form": form,
        "today": today,
        "next": request.get_full_path(),
        "advice": advice,
        "resolve_form": resolve_form_for(advice, today),
    }
    return render(request, "journal/check_first.html", context)
