"""A printable report of a date range for a person's clinician."""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from journal import charts, queries
from journal.forms import ReportForm
from journal.views.journal import journal_view, resolve_form_for


@journal_view
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """A printable summary of a date range for a clinician: the trend, every check-in and
    session, the rest days advised with their reasons, and the red-flag answers."""
    profile = request.user.profile
    today = profile.today()
    form = ReportForm(
        request.GET if request.GET else None,
        initial={"start": today - dt.timedelta(days=29), "end": today},
    )
    now = queries.advice_for_days(request.user, profile, [today], stretch_warnings=False)[today]
    context: dict = {
        "form": form,
        "today": today,
        "advice": now,
        "resolve_form": resolve_form_for(now, today),
    }
    if form.is_bound and not form.is_valid():
        return render(request, "journal/report.html", context)
    start = form.cleaned_data["start"] if form.is_bound else form.initial["start"]
    end = min(form.cleaned_data["end"] if form.is_bound else form.initial["end"], today)
    start = min(start, end)

    days, advice = queries.chart_days(request.user, profile, start - dt.timedelta(days=6), end)
    shown = [d for d in days if d.date >= start]
    checkins = list(queries.checkins(request.user, start, end))
    context.update(
        start=start,
        end=end,
        trend=charts.figure_json(charts.trend_figure(days, start))
        if any(d.soreness is not None for d in shown)
        else None,
        checkins=checkins,
        sessions=queries.sessions_with_entries(request.user)
        .filter(date__range=(start, end))
        .order_by("date"),
        rest_days=[advice[d.date] for d in shown if d.rest_advised],
        flagged=[c for c in checkins if c.red_flags()],
        kept=charts.consistency(shown),
    )
    return render(request, "journal/report.html", context)
