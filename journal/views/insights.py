"""Trends: charts of a person's own history, and a printable report for a clinician."""

import datetime as dt

from django.core.cache import cache
from django.db.models import Count, Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from journal import charts, rules
from journal.forms import CheckinForm, ReportForm
from journal.models import Profile
from journal.views.accounts import profile_for
from journal.views.journal import (
    checkins_between,
    journal_view,
    sessions_with_entries,
    stretches_done_between,
    thresholds_for,
)

RANGES = {
    "30": ("30 days", 30),
    "90": ("90 days", 90),
    "365": ("A year", 365),
    "all": ("All time", None),
}
CALENDAR_DAYS = 7 * 53


def days_between(
    request: HttpRequest, profile: Profile, first: dt.date, last: dt.date
) -> tuple[list[charts.Day], dict[dt.date, rules.Advice]]:
    """Each day from `first` to `last` as the charts see it, and the rule's advice for it.

    Two queries (check-ins, session counts), whatever the range. The charts show rest and
    clinician advice, not stretch warnings, so no entries are loaded for the rule.
    """
    checkins = checkins_between(request, first, last)
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    advice = rules.advice_for_days(days, checkins, (), thresholds_for(profile))
    sessions = dict(
        request.user.stretch_sessions.filter(date__range=(first, last))
        .values_list("date")
        .annotate(n=Count("id"))
    )
    return (
        [
            charts.Day(
                date=day,
                soreness=advice[day].soreness,
                sessions=sessions.get(day, 0),
                rest_advised=advice[day].should_rest,
                red_flag=advice[day].needs_clinician,
            )
            for day in days
        ],
        advice,
    )


def first_record(request: HttpRequest) -> dt.date | None:
    dates = [
        request.user.checkins.aggregate(first=Min("date"))["first"],
        request.user.stretch_sessions.aggregate(first=Min("date"))["first"],
    ]
    return min((d for d in dates if d), default=None)


@journal_view
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    profile = profile_for(request.user)
    today = profile.today()
    range_key = request.GET.get("range", "30")
    if range_key not in RANGES:
        range_key = "30"
    charts_html = cached_charts(request, profile, today, range_key)
    if request.htmx and request.htmx.target == "charts":
        return HttpResponse(charts_html)
    checkin = request.user.checkins.filter(date=today).first()
    context = {
        "charts": charts_html,
        "checkin": checkin,
        "form": None
        if checkin
        else CheckinForm(user=request.user, today=today, initial={"date": today}),
    }
    return render(request, "journal/dashboard.html", context)


def cached_charts(request: HttpRequest, profile: Profile, today: dt.date, range_key: str) -> str:
    """The charts section, built once and then taken from the cache until something it shows
    changes: the journal (its stamp), the day, the range or the rule's thresholds are in the key.

    Building it reads up to a year of days and encodes four figures; taking it from the cache
    costs no query, so the page costs the same for five years of history as for a week.
    """
    key = ":".join(
        str(part)
        for part in (
            "charts",
            request.user.pk,
            profile.journal_stamp,
            today.isoformat(),
            range_key,
            profile.worsening_threshold,
            profile.sore_threshold,
        )
    )
    html = cache.get(key)
    if html is None:
        context = charts_context(request, profile, today, range_key)
        html = render_to_string("journal/dashboard.html#charts", context, request)
        cache.set(key, html)
    return html


def charts_context(request: HttpRequest, profile: Profile, today: dt.date, range_key: str) -> dict:
    """What the charts section shows for `range_key`, and the year's calendar."""
    length = RANGES[range_key][1]
    if length is None:
        start = min(first_record(request) or today, today)
    else:
        start = today - dt.timedelta(days=length - 1)
    calendar_start = today - dt.timedelta(days=today.weekday() + CALENDAR_DAYS - 7)
    # One load covers the trend (with a week before it for the first 7-day mean) and the
    # calendar's year.
    load_from = min(start - dt.timedelta(days=charts.ROLLING_DAYS - 1), calendar_start)
    days, _ = days_between(request, profile, load_from, today)

    in_range = [d for d in days if d.date >= start]
    soreness = {d.date: d.soreness for d in days if d.soreness is not None}
    insights = charts.stretch_insights(stretches_done_between(request, start, today), soreness)
    kept, counted = charts.consistency(in_range)
    checkins_shown = sum(d.soreness is not None for d in in_range)
    return {
        "ranges": [(key, label) for key, (label, _) in RANGES.items()],
        "range_key": range_key,
        "start": start,
        "checkins_shown": checkins_shown,
        "weekly": len(in_range) > charts.DAILY_LIMIT,
        "trend": charts.figure_json(
            charts.trend_figure([d for d in days if d.date >= start - dt.timedelta(days=6)], start)
        )
        if checkins_shown
        else None,
        "kept": kept,
        "counted": counted,
        "kept_percent": round(100 * kept / counted) if counted else None,
        "consistency": charts.figure_json(charts.consistency_figure(in_range)) if counted else None,
        "calendar": charts.figure_json(
            charts.adherence_figure([d for d in days if d.date >= calendar_start])
        ),
        "insights": insights,
        "insight_figure": charts.figure_json(charts.insight_figure(insights))
        if any(i.mean_next_day_change is not None for i in insights)
        else None,
    }


@journal_view
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """A printable summary of a date range for a clinician: the trend, every check-in and
    session, the rest days advised with their reasons, and the red-flag answers."""
    profile = profile_for(request.user)
    today = profile.today()
    form = ReportForm(
        request.GET if request.GET else None,
        initial={"start": today - dt.timedelta(days=29), "end": today},
    )
    context: dict = {"form": form, "today": today}
    if form.is_bound and not form.is_valid():
        return render(request, "journal/report.html", context)
    start = form.cleaned_data["start"] if form.is_bound else form.initial["start"]
    end = min(form.cleaned_data["end"] if form.is_bound else form.initial["end"], today)
    start = min(start, end)

    days, advice = days_between(request, profile, start - dt.timedelta(days=6), end)
    shown = [d for d in days if d.date >= start]
    checkins = list(request.user.checkins.filter(date__range=(start, end)).order_by("date"))
    context.update(
        start=start,
        end=end,
        trend=charts.figure_json(charts.trend_figure(days, start))
        if any(d.soreness is not None for d in shown)
        else None,
        checkins=checkins,
        sessions=sessions_with_entries(request).filter(date__range=(start, end)).order_by("date"),
        rest_days=[advice[d.date] for d in shown if d.rest_advised],
        flagged=[advice[c.date] for c in checkins if c.red_flags()],
        kept=charts.consistency(shown),
    )
    return render(request, "journal/report.html", context)
