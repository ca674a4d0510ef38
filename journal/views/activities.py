"""The weekly activities score: the activities a person scores, and the week's one screen.

The scale is the Patient-Specific Functional Scale (Stratford et al. 1995, Physiotherapy
Canada 47:258-263), asked in the app's own words. Every query starts from `request.user`; an
activity that is not theirs is a 404.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from journal import charts, outcomes, queries, records
from journal.activity_forms import ActivityForm, WeekScoresForm, initial_scores
from journal.models import MAX_ACTIVE_ACTIVITIES, Activity
from journal.view_helpers import journal_view, safe_next


def _get_activity_for_user(user: User, pk: int) -> Activity:
    return get_object_or_404(user.activities, pk=pk)


@journal_view
@require_http_methods(["GET", "POST"])
def activities(request: HttpRequest) -> HttpResponse:
    """The activities in use and retired, and a form to add one (five in use at most)."""
    everything = list(queries.activities(request.user))
    in_use = [a for a in everything if a.retired_on is None]
    form = ActivityForm(request.POST or None, instance=Activity(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            records.activities.add(request.user, form.cleaned_data["name"])
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(request, f"Added “{form.cleaned_data['name']}”.")
            return redirect("activities")
    context = {
        "form": form,
        "in_use": in_use,
        "retired": [a for a in everything if a.retired_on is not None],
        "room": len(in_use) < MAX_ACTIVE_ACTIVITIES,
        "most": MAX_ACTIVE_ACTIVITIES,
    }
    return render(request, "journal/activities.html", context)


@journal_view
@require_http_methods(["GET", "POST"])
def activity_rename(request: HttpRequest, pk: int) -> HttpResponse:
    """A new name for an activity; its scores stay with it."""
    activity = _get_activity_for_user(request.user, pk)
    old_name = activity.name
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        records.activities.rename(request.user, activity, form.cleaned_data["name"])
        messages.success(request, f"Renamed “{old_name}” to “{activity.name}”: its scores stay.")
        return redirect("activities")
    activity.name = old_name
    return render(request, "journal/activity_rename.html", {"form": form, "activity": activity})


@journal_view
@require_POST
def activity_retire(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop scoring an activity (its scores are kept), or score a retired one again."""
    activity = _get_activity_for_user(request.user, pk)
    if activity.retired_on is None:
        records.activities.retire(request.user, activity, request.user.profile.today())
        messages.success(request, f"Retired “{activity.name}”: its scores are kept.")
    else:
        try:
            records.activities.bring_back(request.user, activity)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"“{activity.name}” is scored again from this week.")
    return redirect("activities")


@journal_view
@require_http_methods(["GET", "POST"])
def activities_week(request: HttpRequest) -> HttpResponse:
    """This week's activities score on one screen: a row of taps for each activity, saved
    together, or skipped for the week. A second visit the same day changes the day's scores."""
    today = request.user.profile.today()
    if request.method == "POST" and request.POST.get("skip"):
        records.activities.skip_week(request.user, today)
        messages.success(request, "Skipped for this week: asked again in a week.")
        return safe_next(request)
    in_use, _ = queries.activities_state(request.user)
    if not in_use:
        messages.info(request, "First name the activities you want to score.")
        return redirect("activities")
    saved = queries.activity_rating_on(request.user, today)
    saved_scores = {s.activity_id: s.score for s in saved.scores.all()} if saved else {}
    form = WeekScoresForm(
        request.POST or None,
        activities=in_use,
        last=last_scores(request.user, today),
        initial=initial_scores(in_use, saved_scores),
    )
    if request.method == "POST" and form.is_valid():
        records.activities.save_week(request.user, today, form.scores())
        messages.success(request, "Saved this week’s activities score.")
        return safe_next(request)
    context = {"form": form, "today": today, "changing": bool(saved_scores)}
    return render(request, "journal/activities_week.html", context)


def last_scores(user: User, today: dt.date) -> dict[int, int]:
    """Each activity's most recent score before today (shown beside this week's row)."""
    weeks = queries.activity_weeks(user, today - dt.timedelta(days=366), today - dt.timedelta(1))
    last: dict[int, int] = {}
    for week in weeks:
        last.update(week.scores)
    return last


def activities_offer(user: User, today: dt.date) -> str:
    """What today's page offers: "score" when the week's score is due, "set up" when no
    activity is named yet (a week after the last time it was put off), or ""."""
    in_use, last = queries.activities_progress(user)
    if not outcomes.activities_due(last, today):
        return ""
    return "score" if in_use else "set up"


def activities_chart(
    user: User, first: dt.date, last: dt.date, soreness_means: dict[dt.date, float]
) -> dict:
    """What the trends page and the report show of the activities score from `first` to
    `last`: the chart beside soreness (each week's 7-day average, `soreness_means`), its
    summary, the weeks as a table with a column an activity, and the changes judged. Two
    queries, whatever the length of the history."""
    weeks = outcomes.scored(queries.activity_weeks(user, first, last))
    if not weeks:
        return {"activity_weeks": []}
    scored_ids = {activity for week in weeks for activity in week.scores}
    names = {a.pk: a.name for a in queries.activities(user) if a.pk in scored_ids}
    return {
        "activity_weeks": [
            (week, [week.scores.get(pk) for pk in names], soreness_means.get(week.date))
            for week in reversed(weeks)
        ],
        "activity_names": list(names.values()),
        "activities_figure": charts.figure_json(charts.activities_figure(weeks, soreness_means)),
        "activities_summary": charts.activities_summary(weeks, soreness_means),
        "activity_changes": [
            change
            for change in [outcomes.average_change(weeks), *outcomes.activity_changes(weeks, names)]
            if change is not None
        ],
    }
