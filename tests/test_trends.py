import datetime as dt
import json

import pytest
import time_machine
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from journal import charts
from journal.models import SessionEntry, SorenessCheckin, Stretch, StretchSession
from journal.records.stamp import journal_changed
from tests.test_today import add_history

TRENDS = reverse("trends")


def figures(response) -> dict[str, dict]:
    """The figures a page carries, by the id of their JSON."""
    context = response.context
    return {
        name: json.loads(json.dumps(context[key], default=str))
        for name, key in [
            ("trend", "trend"),
            ("consistency", "consistency"),
            ("calendar", "calendar"),
            ("insights", "insight_figure"),
        ]
        if context.get(key)
    }


def trace(figure: dict, name: str) -> dict:
    return next(t for t in figure["data"] if t["name"] == name)


def test_the_trend_shows_each_rating_and_the_7_day_mean_from_the_database(
    alice_client, alice, today
):
    ratings = {today - dt.timedelta(days=n): (n * 3) % 11 for n in range(40) if n % 4 != 1}
    for day, soreness in ratings.items():
        SorenessCheckin.objects.create(user=alice, date=day, soreness=soreness)

    response = alice_client.get(TRENDS)
    trend = figures(response)["trend"]
    soreness = trace(trend, "Soreness")
    start = today - dt.timedelta(days=29)
    expected = sorted((d, s) for d, s in ratings.items() if d >= start)
    assert soreness["x"] == [d.isoformat() for d, _ in expected]
    assert soreness["y"] == [s for _, s in expected]

    mean = trace(trend, "7-day average")
    for x, y in zip(mean["x"], mean["y"], strict=True):
        day = dt.date.fromisoformat(x)
        week = [ratings[d] for n in range(7) if (d := day - dt.timedelta(days=n)) in ratings]
        assert y == round(sum(week) / len(week), 2)
    assert mean["x"][0] == start.isoformat()  # the first day's mean uses the week before it


def test_all_time_over_a_year_is_weekly_averages(alice_client, alice, today):
    for n in range(500):
        SorenessCheckin.objects.create(
            user=alice, date=today - dt.timedelta(days=n), soreness=n % 7
        )
    response = alice_client.get(TRENDS, {"range": "all"})
    weekly = trace(figures(response)["trend"], "Weekly average soreness")
    assert response.context["weekly"] is True
    for x, y in zip(weekly["x"], weekly["y"], strict=True):
        monday = dt.date.fromisoformat(x)
        assert monday.weekday() == 0
        days = [monday + dt.timedelta(days=n) for n in range(7)]
        values = list(
            SorenessCheckin.objects.filter(user=alice, date__in=days).values_list(
                "soreness", flat=True
            )
        )
        assert y == round(sum(values) / len(values), 2)
    assert len(weekly["x"]) <= 73  # 500 days in weeks, not 500 points


def test_rest_session_and_red_flag_days_are_marked(alice_client, alice, today):
    yesterday = today - dt.timedelta(days=1)
    SorenessCheckin.objects.create(user=alice, date=yesterday, soreness=2)
    SorenessCheckin.objects.create(user=alice, date=today, soreness=6, fever=True)
    StretchSession.objects.create(user=alice, date=yesterday)
    trend = figures(alice_client.get(TRENDS))["trend"]
    assert trace(trend, "Stretched")["x"] == [yesterday.isoformat()]
    assert trace(trend, "Red flag: see a clinician")["x"] == [today.isoformat()]
    # Today's rest is taken only once the day is over, as the history page and the counts say.
    assert "Rest day taken" not in [t["name"] for t in trend["data"]]
    assert "rest advised, the day is not over" in trace(trend, "Soreness")["hovertext"][-1]
    tomorrow = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(12), tzinfo=dt.UTC)
    with time_machine.travel(tomorrow, tick=False):
        trend = figures(alice_client.get(TRENDS))["trend"]
    assert trace(trend, "Rest day taken")["x"] == [today.isoformat()]
    assert "rest advised, rested" in trace(trend, "Rest day taken")["hovertext"][0]


def test_consistency_counts_a_rest_day_taken_as_kept(alice_client, alice, today):
    User.objects.filter(pk=alice.pk).update(date_joined=timezone.now() - dt.timedelta(days=30))
    for n, soreness in enumerate([3, 6, 2, 2]):  # oldest first; the rise to 6 advises rest
        SorenessCheckin.objects.create(
            user=alice, date=today - dt.timedelta(days=3 - n), soreness=soreness
        )
    for n in (3, 1, 0):
        StretchSession.objects.create(user=alice, date=today - dt.timedelta(days=n))
    response = alice_client.get(TRENDS)
    assert (response.context["kept"], response.context["counted"]) == (4, 4)
    calendar = figures(response)["calendar"]
    rest_day = today - dt.timedelta(days=2)
    rest = trace(calendar, "Rest day taken")
    assert rest["x"] == [rest_day.weekday()]
    assert trace(calendar, "No stretching")["x"] == []


def test_stretch_insight_averages_pain_and_next_day_change(alice_client, alice, today):
    sphinx = Stretch.objects.get(slug="sphinx")
    twist = Stretch.objects.get(slug="seated-spinal-twist")
    for n, soreness in enumerate([2, 5, 3, 6]):  # days -3..0
        SorenessCheckin.objects.create(
            user=alice, date=today - dt.timedelta(days=3 - n), soreness=soreness
        )
    for days_ago, stretch, pain in [(3, twist, 7), (1, twist, 6), (2, sphinx, 1)]:
        session = StretchSession.objects.create(user=alice, date=today - dt.timedelta(days_ago))
        SessionEntry.objects.create(session=session, stretch=stretch, pain_during=pain, reps=3)
    insights = {i.slug: i for i in alice_client.get(TRENDS).context["insights"]}
    assert insights["seated-spinal-twist"].times == 2
    assert insights["seated-spinal-twist"].mean_pain == 6.5
    assert insights["seated-spinal-twist"].mean_next_day_change == 3.0  # 2->5 and 3->6
    assert insights["seated-spinal-twist"].worsens
    assert insights["sphinx"].mean_next_day_change == -2.0 and not insights["sphinx"].worsens
    response = alice_client.get(TRENDS)
    assert "May worsen pain" in response.text


@pytest.mark.parametrize("count", [0, 1, 2])
def test_few_days_of_data_say_something_sensible(alice_client, alice, today, count):
    for n in range(count):
        SorenessCheckin.objects.create(user=alice, date=today - dt.timedelta(days=n), soreness=4)
    response = alice_client.get(TRENDS)
    assert response.status_code == 200
    if count == 0:
        assert "No check-ins in this time yet" in response.text
        assert response.context["trend"] is None
    else:
        assert "A trend needs a few more days" in response.text
        assert len(trace(figures(response)["trend"], "Soreness")["y"]) == count


def test_a_range_switch_returns_the_charts_alone_for_htmx(alice_client, alice, today):
    add_history(alice, today, 100)
    response = alice_client.get(
        TRENDS, {"range": "90"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="charts"
    )
    assert response.text.lstrip().startswith('<div id="charts"')
    assert 'aria-current="true">90 days' in response.text
    assert "plotly" not in response.text.split("<div", 1)[0]


def test_an_unknown_range_shows_30_days(alice_client):
    response = alice_client.get(TRENDS, {"range": "forever"})
    assert response.context["range_key"] == "30"


@pytest.mark.parametrize("days", [7, 5 * 365])
def test_the_trends_page_makes_the_same_number_of_queries_whatever_the_history(
    alice_client, alice, today, days, django_assert_num_queries
):
    add_history(alice, today, days)
    # Built: session, user, profile, check-ins, resolutions, the latest resolution of each
    # flag, the flags open before the window, the stretches done in the rule's window, session
    # counts, the range's entries, then today's advice for the red-flag notice (check-ins, the
    # stretches done in its window, resolutions, the latest resolution of each flag, the flags
    # open before the window), the weeks of activities scores (none here; with some, their
    # activities' names too: tests/test_activities.py).
    with django_assert_num_queries(16):
        response = alice_client.get(TRENDS)
    assert len(trace(figures(response)["trend"], "Soreness")["x"]) == min(days, 29)
    # Then the charts and today's advice from the cache: session, user, profile.
    with django_assert_num_queries(3):
        again = alice_client.get(TRENDS)
    charts = response.text.index('<div id="charts"')
    assert again.text[charts:] == response.text[charts:]


def test_the_trends_page_shows_only_the_users_own_data(alice_client, bob, today):
    add_history(bob, today, 30)
    response = alice_client.get(TRENDS)
    assert response.context["trend"] is None
    assert response.context["counted"] == 0


def test_plotly_is_loaded_only_on_pages_with_charts(alice_client, today):
    assert "plotly-basic.min.js" in alice_client.get(TRENDS).text
    assert "plotly-basic.min.js" in alice_client.get(reverse("report")).text
    assert "plotly-basic.min.js" not in alice_client.get(reverse("home")).text
    assert "plotly-basic.min.js" not in alice_client.get(reverse("history")).text


def test_rolling_means_skip_days_without_checkins():
    start = dt.date(2026, 1, 1)
    days = [
        charts.Day(start + dt.timedelta(n), s, 0, False, False) for n, s in enumerate([4, None, 8])
    ]
    assert charts.rolling_means(days) == {
        start: 4,
        start + dt.timedelta(1): 4,
        start + dt.timedelta(2): 6,
    }
    assert charts.rolling_means([charts.Day(start, None, 1, False, False)]) == {}


def test_every_figure_is_valid_plotly(alice_client, alice, today):
    """The builders skip plotly.py's checks for speed; here each figure gets them in full."""
    import plotly.graph_objects as go

    add_history(alice, today, 400)
    for range_key in ["30", "all"]:
        response = alice_client.get(TRENDS, {"range": range_key})
        for figure in figures(response).values():
            go.Figure(figure)  # raises on any invalid property or value


def contrast(a: str, b: str) -> float:
    """WCAG's contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_line_and_marker_stands_out_from_the_plot(alice_client, alice, today):
    """WCAG 1.4.11: at least 3:1 against the plot's background, for every series drawn."""
    add_history(alice, today, 120)
    for range_key in ["30", "all"]:
        for name, figure in figures(alice_client.get(TRENDS, {"range": range_key})).items():
            background = {"white": "#ffffff"}.get(bg := figure["layout"]["plot_bgcolor"], bg)
            for trace in figure["data"]:
                colours = [trace.get("line", {}).get("color")]
                marker = trace.get("marker", {}).get("color")
                colours += marker if isinstance(marker, list) else [marker]
                for colour in filter(None, colours):
                    assert contrast(colour, background) >= 3, (name, trace.get("name"), colour)
    assert contrast("#BBBBBB", "#ffffff") < 3  # the check itself tells a pale grey apart


def day(offset: int, soreness: int | None, sessions: int = 0, rest: bool = False, flag=False):
    return charts.Day(dt.date(2026, 3, 1) + dt.timedelta(offset), soreness, sessions, rest, flag)


def test_the_trend_summary_tells_what_the_chart_shows():
    days = [day(n, 6, sessions=1) for n in range(7)] + [day(7 + n, 3) for n in range(7)]
    days[9] = day(9, 8, rest=True)
    days[12] = day(12, 3, flag=True)
    text = charts.trend_summary(days, days[0].date)
    assert text.startswith("Over 14 days, your 7-day average soreness fell from 6.0 to 3.7")
    assert "from 14 check-ins" in text
    assert "Highest: 8 on Tuesday 10 March." in text
    assert "Rest advised on 1 day, 1 taken." in text
    assert "1 day with a red flag." in text
    assert charts.trend_summary([day(0, None)], days[0].date) == "No check-ins in this time."


def test_the_calendar_summary_and_table_count_each_kind_from_the_first_log():
    days = [day(0, None), day(1, 3, sessions=2), day(2, 8, rest=True), day(3, 2, sessions=1)]
    days.append(day(4, 2))
    kinds = [name for name, _, _ in charts.CALENDAR_KINDS]
    counts = dict(zip(kinds, charts.calendar_months(days)[0][1], strict=True))
    assert charts.calendar_months(days)[0][0] == dt.date(2026, 3, 1)
    assert counts["Stretched twice or more"] == counts["Stretched once"] == 1
    assert counts["Rest day taken"] == counts["No stretching"] == 1
    assert "stretched twice or more, 1 days" in charts.calendar_summary(days)
    assert charts.calendar_summary([day(0, None)]) == "Nothing logged in the last year yet."


def insight(slug: str, change: float | None, pairs: int, pain: float | None = None):
    return charts.StretchInsight(slug, slug.title(), pairs, pain, change, pairs)


def test_the_stretch_chart_says_so_when_it_cannot_tell_anything():
    few = [insight("sphinx", 3.0, 2)]
    assert charts.insights_summary(few, told_apart=True).startswith("Too few days yet")
    assert not few[0].worsens  # two rises are not yet evidence
    together = [insight("sphinx", 0.0, 5), insight("cat-cow", 0.0, 5)]
    assert "together each time" in charts.insights_summary(together, told_apart=False)
    apart = [insight("sphinx", 2.5, 4), insight("cat-cow", -1.0, 4)]
    text = charts.insights_summary(apart, told_apart=True)
    assert "Sphinx (+2.5)" in text and "Cat-Cow (-1.0)" in text
    assert "Marked as maybe worsening your pain: Sphinx." in text


def test_stretches_done_on_the_same_days_cannot_be_told_apart():
    def done(slug, offset):
        return charts.StretchDone(dt.date(2026, 3, 1) + dt.timedelta(offset), slug, slug, None)

    same = [done("a", 0), done("b", 0), done("a", 1), done("b", 1)]
    assert not charts.stretches_told_apart(same)
    assert charts.stretches_told_apart([*same, done("a", 2)])


def test_the_trends_page_has_words_and_tables_for_its_charts(alice_client, alice, today):
    add_history(alice, today, 40)
    text = alice_client.get(TRENDS).text
    assert 'aria-describedby="trend-figure-summary"' in text
    assert "your 7-day average soreness" in text
    assert "Soreness as a table" in text and "Days kept as a table" in text
    assert "Your year as a table" in text


def test_todays_point_is_not_clipped_at_the_charts_edge():
    days = [day(n, 4) for n in range(30)]
    figure = charts.figure_json(charts.trend_figure(days, days[0].date))
    end = dt.datetime.fromisoformat(str(figure["layout"]["xaxis"]["range"][1]))
    assert end >= dt.datetime.combine(days[-1].date, dt.time()) + dt.timedelta(days=1)


def test_stretching_against_the_advice_and_days_before_the_account_are_not_kept(
    alice_client, alice, today
):
    User.objects.filter(pk=alice.pk).update(date_joined=timezone.now() - dt.timedelta(days=3))
    # Day -5 is before the account (an imported day); day -2 rises to 6: a rest day, stretched;
    # day -1 has a red flag open, stretched; today rested while the flag is open.
    for n, soreness in [(5, 2), (3, 2), (2, 6), (1, 2), (0, 2)]:
        SorenessCheckin.objects.create(
            user=alice, date=today - dt.timedelta(days=n), soreness=soreness, fever=n == 1
        )
    for n in (5, 3, 2, 1):
        StretchSession.objects.create(user=alice, date=today - dt.timedelta(days=n))
    response = alice_client.get(TRENDS)
    context = response.context
    # Counted from day -3: -3 stretched (kept), -2 and -1 against the advice; today's rest is
    # not kept until the day is over.
    assert (context["kept"], context["counted"], context["against_advice"]) == (1, 3, 2)
    assert context["before_account"] >= 1
    assert "2 days stretched against the advice" in response.text
    against = trace(figures(response)["calendar"], "Stretched against the advice")
    assert len(against["x"]) == 2


def test_a_stretch_name_with_markup_reaches_the_chart_escaped(alice_client, alice, today):
    """plotly.js draws <a href> in a label as a live link; an editor's text must not be one."""
    name = '<a href="https://evil.example/">Sphinx</a><b>bold</b>'
    Stretch.objects.filter(slug="sphinx").update(name=name)
    sphinx = Stretch.objects.get(slug="sphinx")
    # Three days after sphinx, and a day after another stretch: enough to chart, told apart.
    for n in range(5):
        day = today - dt.timedelta(days=n)
        SorenessCheckin.objects.create(user=alice, date=day, soreness=3 + n % 2)
    for n, stretch in [
        (4, sphinx),
        (3, sphinx),
        (2, sphinx),
        (1, Stretch.objects.get(slug="pelvic-tilt")),
    ]:
        session = StretchSession.objects.create(user=alice, date=today - dt.timedelta(days=n))
        SessionEntry.objects.create(session=session, stretch=stretch, reps=3)

    figure = figures(alice_client.get(TRENDS))["insights"]
    bar = figure["data"][0]
    for text in [*bar["y"], *bar["text"], *bar["hovertext"]]:
        assert "<a" not in text and "<b>" not in text
        assert "&lt;a href=&quot;https://evil.example/&quot;&gt;Sphinx&lt;/a&gt;" in text


WAITS = "Today is not counted yet: it counts once you stretch, or once the day is over."


def test_a_rest_day_today_is_not_counted_as_kept_while_it_runs(alice_client, alice, today):
    """Signed up today, checked in at 8 out of 10, told to rest: nothing is kept yet."""
    SorenessCheckin.objects.create(user=alice, date=today, soreness=8)
    response = alice_client.get(TRENDS)
    assert response.context["advice"].should_rest
    assert (response.context["kept"], response.context["counted"]) == (0, 0)
    assert "of days kept" not in response.text
    assert (
        "Nothing to count yet: today counts once you stretch, or once the day is over."
        in response.text
    )
    assert "consistency" not in figures(response)
    assert response.context["consistency_weeks"] == []


def test_a_session_against_todays_rest_advice_counts_at_once(alice_client, alice, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=8)
    StretchSession.objects.create(user=alice, date=today)
    response = alice_client.get(TRENDS)
    context = response.context
    assert (context["kept"], context["counted"], context["against_advice"]) == (0, 1, 1)
    assert "<strong>0%</strong> of days kept: 0 of 1" in response.text
    assert "1 day stretched against the advice" in response.text
    assert WAITS not in response.text


def test_a_session_on_todays_stretch_day_counts_at_once(alice_client, alice, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=2)
    response = alice_client.get(TRENDS)
    assert response.context["counted"] == 0
    assert "Nothing to count yet: today counts once you stretch" in response.text

    StretchSession.objects.create(user=alice, date=today)
    journal_changed(alice)  # as the session form does: the charts are built again
    response = alice_client.get(TRENDS)
    assert (response.context["kept"], response.context["counted"]) == (1, 1)
    assert "<strong>100%</strong> of days kept: 1 of 1" in response.text
    assert WAITS not in response.text


def test_yesterdays_rest_counts_and_todays_waits_beside_it(alice_client, alice, today):
    User.objects.filter(pk=alice.pk).update(date_joined=timezone.now() - dt.timedelta(days=2))
    yesterday = today - dt.timedelta(days=1)
    SorenessCheckin.objects.create(user=alice, date=yesterday, soreness=8)
    SorenessCheckin.objects.create(user=alice, date=today, soreness=8)
    response = alice_client.get(TRENDS)
    assert (response.context["kept"], response.context["counted"]) == (1, 1)
    assert "<strong>100%</strong> of days kept: 1 of 1" in response.text
    assert f'<p class="hint">{WAITS}</p>' in response.text
    # The weeks drawn hold the days since the account was made (two days ago), but not today.
    weeks = response.context["consistency_weeks"]
    assert sum(w.days for w in weeks) == 2 and sum(w.rested for w in weeks) == 1
    bars = trace(figures(response)["consistency"], "Days kept")
    assert sum(bars["y"]) == 1


def test_the_report_leaves_today_out_until_it_is_settled(alice_client, alice, today):
    SorenessCheckin.objects.create(user=alice, date=today, soreness=8)
    response = alice_client.get(reverse("report"))
    summary = response.context["summary"]
    assert (summary.kept, summary.counted, summary.today_waits) == (0, 0, True)
    assert f"rested when advised to). {WAITS}</dd>" in response.text


# The consistency figures' rule for today, as plain values.
@pytest.mark.parametrize(
    ("sessions", "rest", "flag", "counted", "kept", "against"),
    [
        (0, True, False, 0, 0, 0),  # resting on a rest day: kept only once the day is over
        (0, False, True, 0, 0, 0),  # resting while a red flag is open: the same
        (0, False, False, 0, 0, 0),  # a stretch day not stretched yet: may still be
        (1, False, False, 1, 1, 0),  # stretched on a stretch day: kept for sure
        (1, True, False, 1, 0, 1),  # stretched against a rest day's advice: at once
        (2, False, True, 1, 0, 1),  # against a red flag's advice: at once
    ],
)
def test_today_counts_once_it_is_settled(sessions, rest, flag, counted, kept, against):
    past = [day(n, 3, sessions=1) for n in range(3)]
    today = charts.Day(dt.date(2026, 3, 4), 7, sessions, rest, flag, in_progress=True)
    result = charts.consistency([*past, today])
    assert (result.kept, result.counted, result.against_advice) == (
        3 + kept,
        3 + counted,
        against,
    )
    assert result.today_waits is (counted == 0)
    assert today.settled is (counted == 1)
    weeks = charts.consistency_weeks([*past, today])
    assert sum(w.days for w in weeks) == 3 + counted
    assert sum(w.kept for w in weeks) == 3 + kept
    summary = charts.period_summary([*past, today], past[0].date)
    assert (summary.kept, summary.counted, summary.today_waits) == (
        result.kept,
        result.counted,
        result.today_waits,
    )


def test_the_same_rest_day_counts_as_kept_once_it_is_over():
    rest = charts.Day(dt.date(2026, 3, 1), 8, 0, True, False)
    assert rest.settled and rest.kept
    assert charts.consistency([rest]) == charts.Consistency(1, 1, 0, 0, today_waits=False)
    running = charts.Day(dt.date(2026, 3, 1), 8, 0, True, False, in_progress=True)
    assert charts.consistency([running]) == charts.Consistency(0, 0, 0, 0, today_waits=True)
    # Nor does it show as taken anywhere before then: the calendar, the charts' labels and the
    # counts of rest days taken agree with the history page ("rest advised", not "rested").
    assert not running.rested and charts.calendar_kind(running) == "No stretching"
    assert running.describe().endswith("rest advised, the day is not over")
    assert charts.period_summary([running], running.date).rest_taken == 0
    assert "Rest advised on 1 day, 0 taken." in charts.trend_summary([running], running.date)
    assert charts.calendar_kind(rest) == "Rest day taken"


def test_nothing_logged_today_is_nothing_to_count():
    quiet = charts.Day(dt.date(2026, 3, 1), None, 0, False, False, in_progress=True)
    assert charts.consistency([quiet]) == charts.Consistency(0, 0, 0, 0, today_waits=False)


def test_the_trend_summary_and_the_change_compare_the_same_weeks():
    """Days before the range (low) feed the first 7-day mean; the words go by the range's first
    and last weeks, as the report's change does, so the two never say rose and fell at once."""
    before = [day(n, 1) for n in range(6)]
    shown = [day(6 + n, 6) for n in range(7)] + [day(13 + n, 4) for n in range(7)]
    days = before + shown
    text = charts.trend_summary(days, shown[0].date)
    assert text.startswith("Over 14 days, your 7-day average soreness fell from 6.0 to 4.0")
    summary = charts.period_summary(days, shown[0].date)
    assert (summary.first_week_mean, summary.last_week_mean, summary.change) == (6.0, 4.0, -2.0)
