"""A printable report of a date range for a person's clinician."""

import datetime as dt
from collections import Counter

from django.contrib import messages
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from journal import charts, outcomes, queries, records
from journal.forms import ReportDetailsForm, ReportForm
from journal.models import Profile
from journal.view_helpers import journal_view, resolve_form_for
from journal.views.activities import activities_chart


@journal_view
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    """A printable summary of a date range for a clinician: a first page of the period in
    numbers, then the trend, every check-in and session, the rest days advised with their
    reasons, and the red-flag answers. A POST saves the name and date of birth it shows."""
    profile = request.user.profile
    today = profile.today()
    details = ReportDetailsForm(request.POST or None, instance=profile)
    if request.method == "POST" and details.is_valid():
        records.profiles.save(
            request.user, details.save(commit=False), ReportDetailsForm.Meta.fields
        )
        messages.success(request, "Saved the name and date of birth for your report.")
        return redirect(f"{request.path}?{request.GET.urlencode()}")
    form = ReportForm(
        request.GET if request.GET else None,
        initial={"start": today - dt.timedelta(days=29), "end": today},
    )
    now = queries.advice_on(request.user, profile, today)
    context: dict = {
        "form": form,
        "today": today,
        "advice": now,
        "resolve_form": resolve_form_for(now, today),
        "details": details,
        "profile": profile,
    }
    if form.is_bound and not form.is_valid():
        return render(request, "journal/report.html", context)
    start = form.cleaned_data["start"] if form.is_bound else form.initial["start"]
    end = min(form.cleaned_data["end"] if form.is_bound else form.initial["end"], today)
    start = min(start, end)

    context.update(period_context(request.user, profile, start, end))
    return render(request, "journal/report.html", context)


def period_context(user: User, profile: Profile, start: dt.date, end: dt.date) -> dict:
    """What the report shows of `start` to `end`: the person's own page and the link made for
    their clinician (journal/views/shares.py) both show exactly this."""
    days, advice = queries.chart_days(user, profile, start - dt.timedelta(days=6), end)
    shown = [d for d in days if d.date >= start]
    checkins = list(queries.checkins(user, start, end))
    sessions = list(
        queries.sessions_with_entries(user).filter(date__range=(start, end)).order_by("date")
    )
    soreness = {d.date: d.soreness for d in days if d.soreness is not None}
    insights = charts.stretch_insights(queries.stretches_done(user, start, end), soreness)
    routines = Counter(
        s.routine.name if s.routine else "Stretches of your own choice" for s in sessions
    )
    summary = charts.period_summary(days, start)
    return dict(
        start=start,
        end=end,
        trend=charts.figure_json(charts.trend_figure(days, start))
        if any(d.soreness is not None for d in shown)
        else None,
        trend_summary=charts.trend_summary(days, start),
        summary=summary,
        # Whether soreness and the activities score changed by as much as matters.
        soreness_change=outcomes.soreness_change(
            summary.first_week_mean, summary.last_week_mean, summary.days
        ),
        meaningful_rules=outcomes.MEANINGFUL_RULES,
        **activities_chart(user, start, end, charts.rolling_means(days)),
        routines=routines.most_common(),
        hurting=with_stretches([i for i in insights if i.worsens]),
        checkins=checkins,
        sessions=sessions,
        tables=report_tables(checkins, [advice[d.date] for d in shown if d.rest_advised], sessions),
        flagged=[c for c in checkins if c.red_flags()],
        # What became of the red flags: resolved in or after the period, or still open today.
        resolved=list(queries.resolution_records(user, start)),
    )


def report_tables(checkins: list, rest_days: list, sessions: list) -> list[dict]:
    """The report's folded tables, each with its title, what it folds and how a row shows."""

    def count(rows: list, one: str, many: str) -> str:
        return f"All {len(rows)} {one if len(rows) == 1 else many}"

    row = "journal/report.html#{}-row".format
    return [
        {
            "id": "checkins",
            "title": "Check-ins",
            "rows": checkins,
            "summary": count(checkins, "check-in", "check-ins") + ", day by day",
            "headings": ["Day", "Soreness", "Stiffness", "Note"],
            "row": row("checkin"),
        },
        {
            "id": "rest",
            "title": "Rest days advised",
            "rows": rest_days,
            "summary": count(rest_days, "rest day", "rest days") + " with the reasons",
            "headings": ["Day", "Why"],
            "row": row("rest"),
        },
        {
            "id": "sessions",
            "title": "Stretching sessions",
            "rows": sessions,
            "summary": count(sessions, "session", "sessions") + " with their stretches",
            "headings": ["Day", "Routine", "Stretches"],
            "row": row("session"),
        },
    ]


def with_stretches(insights: list[charts.StretchInsight]) -> list[tuple]:
    """Each insight with its stretch from the library (for its figure), or None if it has gone."""
    stretches = queries.stretches_by_slug([i.slug for i in insights])
    return [(insight, stretches.get(insight.slug)) for insight in insights]
