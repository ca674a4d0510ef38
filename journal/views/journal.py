"""The journal: today, check-ins, stretching sessions and history.

Every query for a person's records starts from `request.user`; an id that is not
theirs is a 404, exactly like an id that does not exist.
"""

import calendar
import datetime as dt

from django.contrib import messages
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import reswap, retarget, trigger_client_event

from journal import queries, records, rules
from journal.forms import (
    CheckinForm,
    EntryForm,
    EntryFormSet,
    FirstEntryFormSet,
    ScreenForm,
    SessionForm,
    duplicate_checkin_error,
    entry_initial,
    kept_entries,
)
from journal.models import EARLIEST_DATE, Routine, SessionEntry, SorenessCheckin, StretchSession
from journal.view_helpers import (
    HtmxHttpRequest,
    check_first,
    journal_view,
    parse_day,
    resolve_form_for,
    safe_next,
)
from journal.views.activities import activities_offer
from journal.views.library import landing

# Pages


@require_GET
def home(request: HtmxHttpRequest) -> HttpResponse:
    """The landing page for visitors; today's page for a signed-in person."""
    if not request.user.is_authenticated:
        return landing(request)
    return today(request)


@journal_view
def today(request: HtmxHttpRequest) -> HttpResponse:
    profile = request.user.profile
    day = profile.today()
    week = [day - dt.timedelta(days=n) for n in range(6, -1, -1)]
    advice = queries.advice_for_days(request.user, profile, week)
    sessions_by_day = queries.sessions_per_day(request.user, week[0], day)
    checkin = queries.checkin_on(request.user, day)
    yesterday = day - dt.timedelta(days=1)
    rose = rules.soreness_rose_after(
        day, [rules.Checkin(d, a.soreness) for d, a in advice.items() if a.soreness is not None]
    )
    context = {
        "day": day,
        "today": day,
        "rose": rose,
        "yesterday": yesterday,
        "ask_which": queries.stretches_to_ask_about(request.user, yesterday) if rose else [],
        "advice": advice[day],
        "resolve_form": resolve_form_for(advice[day], day),
        "settings_notice": profile.settings_notice,
        "ask_health": profile.health_caution is None,
        "screen_due": queries.screen_due(request.user, profile, day),
        "screen_form": ScreenForm(),
        "pointers_seen": profile.pointers_seen,
        "breathing": queries.rest_day_exercise(),
        "checkin": checkin,
        "form": CheckinForm(user=request.user, today=day, initial={"date": day}),
        "sessions": queries.sessions_with_entries(request.user).filter(date=day),
        "routine": queries.default_routine(),
        "week": [(d, advice[d], sessions_by_day[d]) for d in week],
        "activities_offer": activities_offer(request.user, day),
    }
    template = "journal/today.html"
    if request.htmx and request.htmx.target in {"week", "stretching"}:
        template += "#" + request.htmx.target
    return render(request, template, context)


@journal_view
@require_GET
def advice_panel(request: HttpRequest) -> HttpResponse:
    """The advice for a day, alone: htmx refreshes it after a check-in or session is saved."""
    profile = request.user.profile
    day = parse_day(request.GET.get("date"), profile.today())
    advice = queries.advice_on(request.user, profile, day)
    today = profile.today()
    context = {"advice": advice, "today": today, "resolve_form": resolve_form_for(advice, today)}
    return render(request, "journal/_advice_body.html", context)


@journal_view
@require_POST
def made_worse(request: HttpRequest) -> HttpResponse:
    """The answer to "did one of yesterday's stretches make things worse?": one stretch, or
    none. The answer flags that stretch in the advice (journal/rules.py)."""
    today = request.user.profile.today()
    day = min(parse_day(request.POST.get("date"), today), today)
    slug = request.POST.get("stretch", "")
    records.sessions.answer_made_worse(request.user, day, slug)
    messages.success(request, "Thanks: noted." if slug else "Noted: none of them.")
    return safe_next(request)


@journal_view
@require_POST
def health_answer(request: HttpRequest) -> HttpResponse:
    """The answer to the surgery, injury or health-problem question ("yes" or "no"), or
    "cleared": a professional has said stretching is fine."""
    answer = request.POST.get("answer", "")
    records.profiles.answer_health_question(request.user, answer, request.user.profile.today())
    return safe_next(request)


@journal_view
@require_POST
def pointers_seen(request: HttpRequest) -> HttpResponse:
    records.profiles.pointers_seen(request.user)
    return safe_next(request)


@journal_view
@require_POST
def settings_notice_seen(request: HttpRequest) -> HttpResponse:
    """The person has read the one-time notice about a changed setting."""
    records.profiles.settings_notice_seen(request.user)
    return safe_next(request)


@journal_view
@require_GET
def day_detail(request: HttpRequest, day: dt.date) -> HttpResponse:
    profile = request.user.profile
    if day > profile.today():
        raise Http404("That day is still to come.")
    today = profile.today()
    advice = queries.advice_on(request.user, profile, day)
    context = {
        "day": day,
        "today": today,
        "advice": advice,
        "resolve_form": resolve_form_for(advice, today),
        # Stretching is offered by what is open now, not on the day shown.
        "now": advice if day == today else queries.advice_on(request.user, profile, today),
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
    advice = queries.advice_for_days(request.user, profile, days)
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
        "today": today,
        "weekdays": [calendar.day_abbr[n] for n in range(7)],
    }
    return render(request, "journal/history.html", context)


def delete_after_confirming(
    request: HttpRequest, record: SorenessCheckin | StretchSession
) -> HttpResponse:
    """A check-in or session: the confirmation page, then on POST deleted, back to its day."""
    thing = "check-in" if isinstance(record, SorenessCheckin) else "session"
    if request.method == "POST":
        if isinstance(record, SorenessCheckin):
            records.checkins.delete(request.user, record)
        else:
            records.sessions.delete(request.user, record)
        messages.success(request, f"{thing.capitalize()} deleted.")
        return redirect("day_detail", day=record.date)
    return render(request, "journal/confirm_delete.html", {"thing": thing, "object": record})


# Check-ins


@journal_view
@require_http_methods(["GET", "POST"])
def checkin_create(request: HtmxHttpRequest) -> HttpResponse:
    today = request.user.profile.today()
    day = min(parse_day(request.GET.get("date"), today), today)
    form = CheckinForm(request.POST or None, user=request.user, today=today, initial={"date": day})
    return checkin_form(request, form, today)


@journal_view
@require_http_methods(["GET", "POST"])
def checkin_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    checkin = get_object_or_404(request.user.checkins, pk=pk)
    today = request.user.profile.today()
    form = CheckinForm(request.POST or None, instance=checkin, user=request.user, today=today)
    return checkin_form(request, form, today)


def checkin_form(request: HtmxHttpRequest, form: CheckinForm, today: dt.date) -> HttpResponse:
    """A new or edited check-in: saved, or the form again with what is wrong."""
    if request.method == "POST" and form.is_valid():
        try:
            checkin = records.checkins.save(
                request.user, form.save(commit=False), also=form.cleaned_data["new_flags"]
            )
        except IntegrityError:
            # Two saves for one day at once: the database keeps only the first.
            form.add_error("date", duplicate_checkin_error(form.cleaned_data["date"]))
        else:
            return checkin_saved(request, checkin, today)
    return render_checkin_form(request, form, today)


def render_checkin_form(
    request: HtmxHttpRequest, form: CheckinForm, today: dt.date
) -> HttpResponse:
    """The form again, with what was typed and a message next to each wrong field (status 200)."""
    template = "journal/checkin_form.html"
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.htmx:
        template += "#checkin-form"
    elif next_url:
        template = "journal/check_first.html"
    context = {"form": form, "today": today, "quick": bool(request.htmx), "next": next_url}
    return render(request, template, context)


def checkin_saved(
    request: HtmxHttpRequest, checkin: SorenessCheckin, today: dt.date
) -> HttpResponse:
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
    if request.POST.get("next"):
        return safe_next(request)
    return redirect("home") if checkin.date == today else redirect("day_detail", day=checkin.date)


@journal_view
@require_http_methods(["GET", "POST"])
def checkin_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return delete_after_confirming(request, get_object_or_404(request.user.checkins, pk=pk))


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
    """Log a session: from a routine, pre-filled with its doses, or built by hand from its
    first stretch (more are added on the session's page). A session always has a stretch."""
    profile = request.user.profile
    today = profile.today()
    data = request.POST or None
    routine_slug = request.POST.get("routine") or request.GET.get("routine")
    routine = get_object_or_404(queries.routines(), slug=routine_slug) if routine_slug else None
    day = min(parse_day(request.GET.get("date"), today), today)
    now = queries.advice_on(request.user, profile, today)
    if now.blocks_stretching:
        # An emergency or urgent red flag is open: no stretching is offered, only the notice.
        context = {"advice": now, "today": today, "resolve_form": resolve_form_for(now, today)}
        return render(request, "journal/stretching_blocked.html", context)
    if request.method == "GET" and day == today and not now.has_checkin:
        return check_first(request, today, now)
    form = SessionForm(data, today=today, initial={"date": day})
    if routine:
        items = queries.routine_items(routine)
        formset = EntryFormSet(
            data, initial=[entry_initial(item) for item in items], prefix="entries"
        )
        # A stretch that hurt lately is shown with its warning and left out of "as prescribed".
        warnings = {warning.slug: warning for warning in now.stretch_warnings}
        for entry_form in formset.forms:
            warning = warnings.get(entry_form.initial["stretch"].slug)
            if warning:
                entry_form.warning = warning
                entry_form.fields["DELETE"].initial = True
    else:
        formset = FirstEntryFormSet(data, prefix="entries")

    advice_day = form.cleaned_data["date"] if form.is_bound and form.is_valid() else day
    advice = now if advice_day == today else queries.advice_on(request.user, profile, advice_day)
    anyway = bool(request.POST.get("anyway") or request.GET.get("anyway"))
    if (advice.should_rest or not now.stretching_offered) and not anyway:
        # The advice is rest, or a clinician first: logging stays possible, after one question.
        context = {
            "advice": advice,
            "today": today,
            "day": advice_day,
            "routine": routine,
            "resolve_form": resolve_form_for(advice, today),
            "breathing": queries.rest_day_exercise(),
            "anyway_url": anyway_url(request, routine, advice_day),
        }
        return render(request, "journal/log_anyway.html", context)

    # Both are checked, so every error shows at once.
    valid = [form.is_valid(), formset.is_valid()]
    if request.method == "POST" and all(valid):
        session = form.save(commit=False)
        session.routine = routine
        session = records.sessions.save(request.user, session, kept_entries(formset))
        messages.success(request, "Session saved.")
        return redirect(session)

    context = {
        "form": form,
        "formset": formset,
        "routine": routine,
        "routines": queries.routines(),
        "advice": advice,
        "resolve_form": resolve_form_for(advice, today),
        "anyway": anyway,
        "day": advice_day,
        "today": today,
    }
    return render(request, "journal/session_create.html", context)


def anyway_url(request: HttpRequest, routine: Routine | None, day: dt.date) -> str:
    query = f"?date={day.isoformat()}&anyway=1"
    if routine:
        query += f"&routine={routine.slug}"
    return reverse("session_create") + query


@journal_view
@require_GET
def session_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(queries.sessions_with_entries(request.user), pk=pk)
    template = "journal/session_detail.html"
    if request.htmx:
        template += "#entries"
    context = {"session": session, "entry_form": EntryForm(), "today": request.user.profile.today()}
    return render(request, template, context)


@journal_view
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_session_for_user(request, pk)
    today = request.user.profile.today()
    form = SessionForm(request.POST or None, instance=session, today=today)
    if request.method == "POST" and form.is_valid():
        records.sessions.change(request.user, form.save(commit=False))
        messages.success(request, "Session updated.")
        return redirect(session)
    return render(request, "journal/session_edit.html", {"form": form, "session": session})


@journal_view
@require_http_methods(["GET", "POST"])
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return delete_after_confirming(request, get_session_for_user(request, pk))


@journal_view
@require_POST
def entry_create(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Add one stretch to a session. With htmx the form is swapped in place."""
    session = get_session_for_user(request, pk)
    form = EntryForm(request.POST)
    if form.is_valid():
        entry = records.sessions.add_entry(request.user, session, form.save(commit=False))
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
        records.sessions.change_entry(request.user, form.save(commit=False))
        messages.success(request, "Entry updated.")
        return redirect(entry.session)
    return render(request, "journal/entry_edit.html", {"form": form, "entry": entry})


@journal_view
@require_POST
def entry_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    entry = get_entry_for_user(request, pk)
    session = entry.session
    # The page offers no Remove for a session's last stretch; a stale page or a crafted request
    # gets the same answer.
    last = not records.sessions.remove_entry(request.user, entry)
    if request.htmx:
        session = get_object_or_404(queries.sessions_with_entries(request.user), pk=session.pk)
        return render(
            request,
            "journal/session_detail.html#entries",
            {
                "session": session,
                "removed": None if last else entry,
                "today": request.user.profile.today(),
            },
        )
    if last:
        messages.error(request, "A session keeps at least one stretch: delete the session instead.")
    else:
        messages.success(request, f"Removed {entry.stretch.name}.")
    return redirect(session)
