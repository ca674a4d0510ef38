"""The journal: today, check-ins, stretching sessions and history.

Every query for a person's records starts from `request.user`; an id that is not
theirs is a 404, exactly like an id that does not exist.
"""

import calendar
import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget, trigger_client_event

from journal import queries
from journal.forms import (
    CheckinForm,
    EntryForm,
    EntryFormSet,
    SessionForm,
    duplicate_checkin_error,
    entry_initial,
)
from journal.models import (
    EARLIEST_DATE,
    Routine,
    RoutineStretch,
    SessionEntry,
    SorenessCheckin,
    StretchSession,
)
from journal.views.library import landing


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


# Pages


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The landing page for visitors; today's page for a signed-in person."""
    if not request.user.is_authenticated:
        return landing(request)
    return today(request)


@journal_view
def today(request: HttpRequest) -> HttpResponse:
    profile = request.user.profile
    day = profile.today()
    week = [day - dt.timedelta(days=n) for n in range(6, -1, -1)]
    advice = queries.advice_for_days(request.user, profile, week)
    sessions_by_day = queries.sessions_per_day(request.user, week[0], day)
    checkin = queries.checkin_on(request.user, day)
    context = {
        "day": day,
        "today": day,
        "advice": advice[day],
        "checkin": checkin,
        "form": CheckinForm(user=request.user, today=day, initial={"date": day}),
        "sessions": queries.sessions_with_entries(request.user).filter(date=day),
        "routine": Routine.objects.filter(is_default=True).first(),
        "week": [(d, advice[d], sessions_by_day[d]) for d in week],
    }
    template = "journal/today.html"
    if request.htmx and request.htmx.target == "week":
        template += "#week"
    return render(request, template, context)


@journal_view
@require_GET
def advice_panel(request: HttpRequest) -> HttpResponse:
    """The advice for a day, alone: htmx refreshes it after a check-in or session is saved."""
    profile = request.user.profile
    day = parse_day(request.GET.get("date"), profile.today())
    advice = queries.advice_on(request.user, profile, day)
    context = {"advice": advice, "today": profile.today()}
    return render(request, "journal/_advice_body.html", context)


@journal_view
@require_GET
def day_detail(request: HttpRequest, day: dt.date) -> HttpResponse:
    profile = request.user.profile
    if day > profile.today():
        raise Http404("That day is still to come.")
    context = {
        "day": day,
        "today": profile.today(),
        "advice": queries.advice_on(request.user, profile, day),
        "checkin": queries.checkin_on(request.user, day),
        "sessions": queries.sessions_with_entries(request.user).filter(date=day),
    }
    return render(request, "journal/day_detail.html", context)


@journal_view
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    """A month calendar of the person's days, and the same days as a list."""
    profile = request.user.profile
    today = profile.today()
    try:
        year, month = (int(part) for part in request.GET.get("month", "").split("-"))
        dt.date(year, month, 1)
    except ValueError:
        year, month = today.year, today.month
    if not (EARLIEST_DATE.replace(day=1) <= dt.date(year, month, 1) <= today):
        raise Http404("The journal holds months from January 2000 to this one.")

    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], min(weeks[-1][-1], today)
    days = [d for week in weeks for d in week if d <= today]
    # The calendar shows rest and clinician advice, not stretch warnings: no entries needed.
    advice = queries.advice_for_days(request.user, profile, days, stretch_warnings=False)
    sessions_by_day = queries.sessions_per_day(request.user, first, last)
    checkin_ids = queries.checkin_ids(request.user, first, last)

    def cell(day: dt.date) -> dict:
        return {
            "date": day,
            "in_month": day.month == month,
            "future": day > today,
            "advice": advice.get(day),
            "sessions": sessions_by_day[day],
            "has_checkin": day in checkin_ids,
        }

    calendar_weeks = [[cell(day) for day in week] for week in weeks]
    listed = [
        c
        for week in reversed(calendar_weeks)
        for c in reversed(week)
        if c["in_month"] and (c["has_checkin"] or c["sessions"])
    ]
    month_start = dt.date(year, month, 1)
    previous_month = (month_start - dt.timedelta(days=1)).replace(day=1)
    next_month = (month_start + dt.timedelta(days=31)).replace(day=1)
    context = {
        "month": month_start,
        "weeks": calendar_weeks,
        "listed": listed,
        "previous_month": previous_month if previous_month >= EARLIEST_DATE else None,
        "next_month": next_month if next_month <= today else None,
        "weekdays": [calendar.day_abbr[n] for n in range(7)],
    }
    return render(request, "journal/history.html", context)


# Check-ins


@journal_view
@require_http_methods(["GET", "POST"])
def checkin_create(request: HttpRequest) -> HttpResponse:
    profile = request.user.profile
    today = profile.today()
    day = min(parse_day(request.GET.get("date"), today), today)
    form = CheckinForm(request.POST or None, user=request.user, today=today, initial={"date": day})
    if request.method == "POST" and form.is_valid():
        checkin = form.save(commit=False)
        checkin.user = request.user
        try:
            with transaction.atomic():
                checkin.save()
        except IntegrityError:
            # Two saves for one day at once: the database keeps only the first.
            form.add_error("date", duplicate_checkin_error(checkin.date))
        else:
            queries.journal_changed(request.user)
            return checkin_saved(request, checkin, today)
    return render_checkin_form(request, form, today)


@journal_view
@require_http_methods(["GET", "POST"])
def checkin_edit(request: HttpRequest, pk: int) -> HttpResponse:
    checkin = get_object_or_404(request.user.checkins, pk=pk)
    today = request.user.profile.today()
    form = CheckinForm(request.POST or None, instance=checkin, user=request.user, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                checkin = form.save()
        except IntegrityError:
            form.add_error("date", duplicate_checkin_error(form.cleaned_data["date"]))
        else:
            queries.journal_changed(request.user)
            return checkin_saved(request, checkin, today)
    return render_checkin_form(request, form, today)


def render_checkin_form(request: HttpRequest, form: CheckinForm, today: dt.date) -> HttpResponse:
    """The form again, with what was typed and a message next to each wrong field (status 200)."""
    template = "journal/checkin_form.html"
    if request.htmx:
        template += "#checkin-form"
    return render(request, template, {"form": form, "today": today, "quick": bool(request.htmx)})


def checkin_saved(request: HttpRequest, checkin: SorenessCheckin, today: dt.date) -> HttpResponse:
    if request.htmx:
        response = render(
            request,
            "journal/today.html#checkin-panel",
            {"checkin": checkin, "day": today, "just_saved": True},
        )
        # The form asked to be swapped; once saved, the whole panel changes instead.
        response = reswap(retarget(response, "#checkin-panel"), "outerHTML")
        return trigger_client_event(response, "checkin-saved")
    messages.success(request, "Check-in saved.")
    return redirect("home") if checkin.date == today else redirect("day_detail", day=checkin.date)


@journal_view
@require_http_methods(["GET", "POST"])
def checkin_delete(request: HttpRequest, pk: int) -> HttpResponse:
    checkin = get_object_or_404(request.user.checkins, pk=pk)
    if request.method == "POST":
        checkin.delete()
        queries.journal_changed(request.user)
        messages.success(request, "Check-in deleted.")
        return redirect("day_detail", day=checkin.date)
    return render(request, "journal/confirm_delete.html", {"thing": "check-in", "object": checkin})


# Stretching sessions


def get_session_for_user(request: HttpRequest, pk: int) -> StretchSession:
    return get_object_or_404(request.user.stretch_sessions, pk=pk)


def get_entry_for_user(request: HttpRequest, pk: int) -> SessionEntry:
    return get_object_or_404(
        SessionEntry.objects.select_related("session", "stretch"), session__user=request.user, pk=pk
    )


@journal_view
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest) -> HttpResponse:
    """Log a session: from a routine, pre-filled with its doses, or empty to build up."""
    profile = request.user.profile
    today = profile.today()
    data = request.POST or None
    routine_slug = request.POST.get("routine") or request.GET.get("routine")
    routine = get_object_or_404(Routine, slug=routine_slug) if routine_slug else None
    day = min(parse_day(request.GET.get("date"), today), today)
    form = SessionForm(data, today=today, initial={"date": day})
    formset = None
    if routine:
        items = RoutineStretch.objects.filter(routine=routine).select_related("stretch")
        formset = EntryFormSet(
            data, initial=[entry_initial(item) for item in items], prefix="entries"
        )

    if request.method == "POST" and form.is_valid() and (formset is None or formset.is_valid()):
        with transaction.atomic():
            session = form.save(commit=False)
            session.user = request.user
            session.routine = routine
            session.save()
            if formset is not None:
                for entry_form in formset.forms:
                    if entry_form.cleaned_data and not entry_form.cleaned_data.get("DELETE"):
                        entry = entry_form.save(commit=False)
                        entry.session = session
                        entry.save()
        queries.journal_changed(request.user)
        messages.success(request, "Session saved.")
        return redirect(session)

    advice_day = form.cleaned_data["date"] if form.is_bound and form.is_valid() else day
    context = {
        "form": form,
        "formset": formset,
        "routine": routine,
        "routines": Routine.objects.all(),
        "advice": queries.advice_on(request.user, profile, advice_day),
        "day": advice_day,
        "today": today,
    }
    return render(request, "journal/session_create.html", context)


@journal_view
@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(queries.sessions_with_entries(request.user), pk=pk)
    template = "journal/session_detail.html"
    if request.htmx:
        template += "#entries"
    return render(request, template, {"session": session, "entry_form": EntryForm()})


@journal_view
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request, pk)
    today = request.user.profile.today()
    form = SessionForm(request.POST or None, instance=session, today=today)
    if request.method == "POST" and form.is_valid():
        form.save()
        queries.journal_changed(request.user)
        messages.success(request, "Session updated.")
        return redirect(session)
    return render(request, "journal/session_edit.html", {"form": form, "session": session})


@journal_view
@require_http_methods(["GET", "POST"])
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request, pk)
    if request.method == "POST":
        session.delete()
        queries.journal_changed(request.user)
        messages.success(request, "Session deleted.")
        return redirect("day_detail", day=session.date)
    return render(request, "journal/confirm_delete.html", {"thing": "session", "object": session})


@journal_view
@require_POST
def entry_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add one stretch to a session. With htmx the form is swapped in place."""
    session = get_session_for_user(request, pk)
    form = EntryForm(request.POST)
    if form.is_valid():
        entry = form.save(commit=False)
        entry.session = session
        entry.save()
        queries.journal_changed(request.user)
        if not request.htmx:
            return redirect(session)
        next_form = EntryForm()
        # Keyboard users carry on from the form, ready for the next stretch.
        next_form.fields["stretch"].widget.attrs["autofocus"] = True
        response = render(
            request,
            "journal/session_detail.html#entry-form",
            {"session": session, "entry_form": next_form, "added": entry},
        )
        return trigger_client_event(response, "entries-changed")
    if request.htmx:
        return render(
            request,
            "journal/session_detail.html#entry-form",
            {"session": session, "entry_form": form},
        )
    session = get_object_or_404(queries.sessions_with_entries(request.user), pk=pk)
    return render(request, "journal/session_detail.html", {"session": session, "entry_form": form})


@journal_view
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_user(request, pk)
    form = EntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        form.save()
        queries.journal_changed(request.user)
        messages.success(request, "Entry updated.")
        return redirect(entry.session)
    return render(request, "journal/entry_edit.html", {"form": form, "entry": entry})


@journal_view
@require_POST
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_user(request, pk)
    session = entry.session
    entry.delete()
    queries.journal_changed(request.user)
    if request.htmx:
        session = get_object_or_404(queries.sessions_with_entries(request.user), pk=session.pk)
        return render(
            request, "journal/session_detail.html#entries", {"session": session, "removed": entry}
        )
    messages.success(request, f"Removed {entry.stretch.name}.")
    return redirect(session)
