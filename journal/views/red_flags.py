"""Red flags: what happened to them, the questions about signs of a serious cause, and every
report and resolution a person has made."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from journal import queries, records
from journal.forms import FlagResolutionForm, ScreenForm
from journal.models import RedFlagScreen
from journal.view_helpers import journal_view, resolve_form_for, safe_next


@journal_view
@require_POST
def flags_resolve(request: HttpRequest) -> HttpResponse:
    """What happened to the red flags open today: a clinician has seen them (on a date), or,
    for "see a clinician soon" ones, they have gone. Each closes only the flags it may, as far
    as the reports it covers (journal/rules.py, `resolution_applies`); a later "yes" opens a
    flag again, and every report and resolution stays in the history."""
    profile = request.user.profile
    today = profile.today()
    advice = queries.advice_on(request.user, profile, today)
    if not advice.active_flags:
        return safe_next(request)
    form = FlagResolutionForm(request.POST, today=today, flags=advice.active_flags)
    if not form.is_valid():
        context = {"advice": advice, "today": today, "resolve_form": form}
        return render(request, "journal/flags_resolve.html", context)
    closed = records.flags.resolve(
        request.user,
        advice.active_flags,
        today,
        form.cleaned_data["outcome"],
        form.cleaned_data["seen_on"],
    )
    still_open = [flag.symptom for flag in advice.active_flags if flag.name not in closed]
    if still_open:
        messages.warning(
            request,
            f"Noted for {len(closed)} of them. Still open, as they need a clinician to see "
            f"you, or began after the day you were seen: {'; '.join(still_open)}.",
        )
    else:
        messages.success(
            request,
            "Noted. If any of these come back, answer yes in your check-in and the notice returns.",
        )
    return safe_next(request)


@journal_view
@require_http_methods(["GET", "POST"])
def screen(request: HttpRequest) -> HttpResponse:
    """The NHS and NICE questions about signs of a serious cause, beyond the check-in's: asked
    at sign-up, once for older accounts and when a new spell of back pain seems to start."""
    profile = request.user.profile
    today = profile.today()
    form = ScreenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        answers = {name: name in form.cleaned_data["flags"] for name in RedFlagScreen.ANSWERS}
        records.flags.answer_screen(request.user, RedFlagScreen(answered_on=today, **answers))
        if form.cleaned_data["flags"]:
            messages.warning(request, "Thank you. What you ticked needs a clinician: see below.")
        else:
            messages.success(request, "Thank you. None of these: carry on.")
        return safe_next(request)
    context = {
        "form": form,
        "why": queries.screen_due(request.user, profile, today),
        "next": request.POST.get("next") or request.GET.get("next") or "",
    }
    return render(request, "journal/screen.html", context)


@journal_view
@require_GET
def flag_history(request: HttpRequest) -> HttpResponse:
    """Every red flag the person reported and everything they said of them, oldest first."""
    user = request.user
    today = user.profile.today()
    advice = queries.advice_on(user, user.profile, today)
    context = {
        "advice": advice,
        "resolve_form": resolve_form_for(advice, today),
        "today": today,
        "reports": queries.report_records(request.user),
        "resolutions": queries.resolution_records(request.user),
        "screens": queries.screen_records(request.user),
    }
    return render(request, "journal/flag_history.html", context)
