"""Trends: charts of a person's own history."""

import datetime as dt

from django.contrib.auth.models import User
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from journal import charts, outcomes, queries
from journal.forms import CheckinForm
from journal.models import Profile
from journal.view_helpers import HtmxHttpRequest, journal_view, resolve_form_for
from journal.views.activities import activities_chart

RANGES = {
    "30": ("30 days", 30),
    "90": ("90 days", 90),
    "365": ("A year", 365),
    "all": ("All time", None),
}
CALENDAR_DAYS = 7 * 53


@journal_view
@require_GET
def trends(request: HtmxHttpRequest) -> HttpResponse:
    profile = request.user.profile
    today = profile.today()
    range_key = request.GET.get("range", "30")
    if range_key not in RANGES:
        range_key = "30"
    charts_html = cached_charts(request, profile, today, range_key)
    if request.htmx and request.htmx.target == "charts":
        return HttpResponse(charts_html)
    advice = queries.advice_on(request.user, profile, today)
    context = {
        "advice": advice,
        "resolve_form": resolve_form_for(advice, today),
        "charts": charts_html,
        "checkin_panel": None if advice.has_checkin else checkin_panel(request, today),
    }
    return render(request, "journal/trends.html", context)


# Stands for the person's form token in the cached check-in form (see `checkin_panel`).
TOKEN_HERE = "form-token-goes-here"


def checkin_panel(request: HttpRequest, today: dt.date) -> str:
    """Today's quick check-in, for a person who has not checked in yet. Its form is the same
    for everyone on a day but for the form token, and rendering its thirty-odd answers is most
    of the page's cost: it is rendered once a day per process and the person's token put in."""
    key = f"checkin-panel:{today.isoformat()}"
    html = cache.get(key)
    if html is None:
        form = CheckinForm(user=None, today=today, initial={"date": today})
        context = {"form": form, "checkin": None, "day": today, "csrf_token": TOKEN_HERE}
        html = render_to_string("journal/today.html#checkin-panel", context)
        cache.set(key, html)
    # The cached HTML is the template's own output; the token is letters and digits.
    return mark_safe(html.replace(TOKEN_HERE, get_token(request)))


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
        context = charts_context(request.user, profile, today, range_key)
        html = render_to_string("journal/trends.html#charts", context, request)
        cache.set(key, html)
    return html


def charts_context(user: User, profile: Profile, today: dt.date, range_key: str) -> dict:
    """What the charts section shows for `range_key`, and the year's calendar."""
    length = RANGES[range_key][1]
    if length is None:
        start = min(queries.first_record(user) or today, today)
    else:
        start = today - dt.timedelta(days=length - 1)
    calendar_start = today - dt.timedelta(days=today.weekday() + CALENDAR_DAYS - 7)
    # One load covers the trend (with a week before it for the first 7-day mean) and the
    # calendar's year.
    load_from = min(start - dt.timedelta(days=charts.ROLLING_DAYS - 1), calendar_start)
    days, _ = queries.chart_days(user, profile, load_from, today)

    in_range = [d for d in days if d.date >= start]
    soreness = {d.date: d.soreness for d in days if d.soreness is not None}
    done = queries.stretches_done(user, start, today)
    insights = charts.stretch_insights(done, soreness)
    told_apart = charts.stretches_told_apart(done)
    kept = charts.consistency(in_range)
    checkins_shown = sum(d.soreness is not None for d in in_range)
    with_week_before = [d for d in days if d.date >= start - dt.timedelta(days=6)]
    calendar_days = [d for d in days if d.date >= calendar_start]
    weekly = len(in_range) > charts.DAILY_LIMIT
    means = charts.rolling_means(with_week_before)
    period = charts.period_summary(in_range, start)
    return {
        # Whether soreness and the activities score changed by as much as matters.
        "soreness_change": outcomes.soreness_change(
            period.first_week_mean, period.last_week_mean, period.days
        ),
        "meaningful_rules": outcomes.MEANINGFUL_RULES,
        **activities_chart(user, start, today, means),
        "ranges": [(key, label) for key, (label, _) in RANGES.items()],
        "range_key": range_key,
        "start": start,
        "checkins_shown": checkins_shown,
        "weekly": weekly,
        "trend": charts.figure_json(charts.trend_figure(with_week_before, start))
        if checkins_shown
        else None,
        "trend_summary": charts.trend_summary(with_week_before, start),
        # The chart's points as a table: weeks past a year, days otherwise, newest first.
        "trend_weeks": list(reversed(charts.weeks(in_range))) if weekly else None,
        "trend_days": None if weekly else [(d, means.get(d.date)) for d in reversed(in_range)],
        "kept": kept.kept,
        "counted": kept.counted,
        "against_advice": kept.against_advice,
        "before_account": kept.before_account,
        "kept_percent": kept.percent,
        "today_waits": kept.today_waits,
        "consistency": charts.figure_json(charts.consistency_figure(in_range))
        if kept.counted
        else None,
        "consistency_weeks": list(reversed(charts.consistency_weeks(in_range))),
        "calendar": charts.figure_json(charts.adherence_figure(calendar_days)),
        "calendar_summary": charts.calendar_summary(calendar_days),
        "calendar_months": charts.calendar_months(calendar_days),
        "calendar_kinds": [name for name, _, _ in charts.CALENDAR_KINDS],
        "insights": insights,
        "insights_summary": charts.insights_summary(insights, told_apart),
        "insight_figure": charts.figure_json(charts.insight_figure(insights))
        if told_apart and any(i.measured for i in insights)
        else None,
    }
