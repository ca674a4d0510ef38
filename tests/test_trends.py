import datetime as dt
import json

import pytest
from django.urls import reverse

from journal import charts
from journal.models import SessionEntry, SorenessCheckin, Stretch, StretchSession
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
    assert trace(trend, "Rest day taken")["x"] == [today.isoformat()]
    assert trace(trend, "Stretched")["x"] == [yesterday.isoformat()]
    assert trace(trend, "Red flag: see a clinician")["x"] == [today.isoformat()]
    assert "rest advised, rested" in trace(trend, "Rest day taken")["hovertext"][0]


def test_consistency_counts_a_rest_day_taken_as_kept(alice_client, alice, today):
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
    # Built: session, user, profile, check-ins, session counts, the range's entries, today's
    # check-in.
    with django_assert_num_queries(7):
        response = alice_client.get(TRENDS)
    assert len(trace(figures(response)["trend"], "Soreness")["x"]) == min(days, 29)
    # Then from the cache: session, user, profile, today's check-in.
    with django_assert_num_queries(4):
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


def test_a_stretch_name_with_markup_reaches_the_chart_escaped(alice_client, alice, today):
    """plotly.js draws <a href> in a label as a live link; an editor's text must not be one."""
    name = '<a href="https://evil.example/">Sphinx</a><b>bold</b>'
    Stretch.objects.filter(slug="sphinx").update(name=name)
    sphinx = Stretch.objects.get(slug="sphinx")
    for n in range(2):
        day = today - dt.timedelta(days=1 - n)
        SorenessCheckin.objects.create(user=alice, date=day, soreness=3 + n)
    session = StretchSession.objects.create(user=alice, date=today - dt.timedelta(days=1))
    SessionEntry.objects.create(session=session, stretch=sphinx, reps=3)

    figure = figures(alice_client.get(TRENDS))["insights"]
    bar = figure["data"][0]
    for text in [*bar["y"], *bar["text"], *bar["hovertext"]]:
        assert "<a" not in text and "<b>" not in text
        assert "&lt;a href=&quot;https://evil.example/&quot;&gt;Sphinx&lt;/a&gt;" in text
