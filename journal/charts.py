"""Plotly figures for the trends page: plain values in, a figure out. No ORM, no HTTP.

Colours come from the Okabe-Ito palette, which stays distinguishable with the common kinds of
colour blindness, and no meaning rests on colour alone: each series also has its own marker
shape or line style, and a name in the legend.
"""

import datetime as dt
import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from journal.rules import NEXT_DAY_RISE, PAINFUL_DURING_ABOVE, StretchDone, format_day

BLUE = "#0072B2"
SKY = "#56B4E9"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
GREY = "#BBBBBB"
INK = "#1c2430"

ROLLING_DAYS = 7
# Past this many days, "all time" shows weekly averages rather than every day.
DAILY_LIMIT = 366


@dataclass(frozen=True)
class Day:
    """What a person logged on one day, and what the rule advised."""

    date: dt.date
    soreness: int | None
    sessions: int
    rest_advised: bool
    red_flag: bool

    @property
    def rested(self) -> bool:
        return self.rest_advised and self.sessions == 0

    @property
    def kept(self) -> bool:
        """Kept to the plan: stretched, or took the rest day the rule advised."""
        return self.sessions > 0 or self.rested

    def describe(self) -> str:
        """The day's numbers and advice in one line, for hover labels."""
        parts = [format_day(self.date)]
        parts.append(f"soreness {self.soreness}" if self.soreness is not None else "no check-in")
        parts.append(f"{self.sessions} session{'s' if self.sessions != 1 else ''}")
        if self.rest_advised:
            parts.append("rest advised, " + ("rested" if self.rested else "stretched anyway"))
        if self.red_flag:
            parts.append("red flag: see a clinician")
        return " · ".join(parts)


@dataclass(frozen=True)
class Week:
    """A week's summary (Monday to Sunday), for long ranges."""

    start: dt.date
    mean_soreness: float | None
    checkins: int
    sessions: int
    rest_advised: int
    rested: int
    red_flags: int
    kept: int
    days: int

    def describe(self) -> str:
        mean = f"average soreness {self.mean_soreness:.1f}" if self.checkins else "no check-ins"
        return (
            f"Week of {format_day(self.start)}: {mean} ({self.checkins} check-ins) · "
            f"{self.sessions} sessions · {self.rest_advised} rest days advised, "
            f"{self.rested} taken"
            + (f" · {self.red_flags} red-flag days" if self.red_flags else "")
        )


def rolling_means(days: Sequence[Day], window: int = ROLLING_DAYS) -> dict[dt.date, float]:
    """The mean soreness of the check-ins in the `window` days ending on each day.

    Days with no check-in in their window have no mean (they are left out) rather than a
    guessed value. Pass `window - 1` days before the first day shown, so its mean is whole.
    """
    soreness = {d.date: d.soreness for d in days if d.soreness is not None}
    means = {}
    for day in days:
        values = [
            soreness[date]
            for n in range(window)
            if (date := day.date - dt.timedelta(days=n)) in soreness
        ]
        if values:
            means[day.date] = round(sum(values) / len(values), 2)
    return means


def weeks(days: Iterable[Day]) -> list[Week]:
    """Days grouped into Monday-to-Sunday weeks, oldest first."""
    grouped: dict[dt.date, list[Day]] = {}
    for day in days:
        grouped.setdefault(day.date - dt.timedelta(days=day.date.weekday()), []).append(day)
    result = []
    for start, members in sorted(grouped.items()):
        rated = [d.soreness for d in members if d.soreness is not None]
        result.append(
            Week(
                start=start,
                mean_soreness=round(sum(rated) / len(rated), 2) if rated else None,
                checkins=len(rated),
                sessions=sum(d.sessions for d in members),
                rest_advised=sum(d.rest_advised for d in members),
                rested=sum(d.rested for d in members),
                red_flags=sum(d.red_flag for d in members),
                kept=sum(d.kept for d in members),
                days=len(members),
            )
        )
    return result


def new_figure(layout: dict) -> go.Figure:
    """A figure that skips plotly.py's check of each property as it is set, which costs more
    than building the figure (a year's calendar: tens of milliseconds). The tests check every
    figure in full instead (tests/test_trends.py)."""
    return go.Figure(layout=layout, _validate=False)


def _layout(**overrides) -> dict:
    """What every figure shares: legible on a phone, no zoom or drag to fight with scrolling."""
    layout = {
        "template": "none",  # plotly.py's default theme would add ~10 kB to every figure
        "height": 340,
        "margin": {"l": 44, "r": 12, "t": 12, "b": 40},
        "font": {"family": "system-ui, sans-serif", "size": 13, "color": INK},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "dragmode": False,
        "hovermode": "closest",
        "legend": {"orientation": "h", "x": 0, "y": -0.18, "yanchor": "top"},
        "xaxis": {"fixedrange": True, "gridcolor": "#e6e9ee"},
        "yaxis": {"fixedrange": True, "gridcolor": "#e6e9ee", "zeroline": False},
    }
    layout.update(overrides)
    return layout


def trend_figure(days: Sequence[Day], first: dt.date) -> go.Figure:
    """Soreness from `first` on: each day's rating and its 7-day mean, with rest, session and
    red-flag days marked; past a year, weekly averages instead of days.

    `days` runs from six days before `first`, so the first mean covers a whole week.
    """
    means = rolling_means(days)
    shown = [d for d in days if d.date >= first]
    if len(shown) > DAILY_LIMIT:
        return _weekly_trend_figure(shown)

    rated = [d for d in shown if d.soreness is not None]
    rest_taken = [d for d in shown if d.rested]
    rest_skipped = [d for d in shown if d.rest_advised and not d.rested]
    stretched = [d for d in shown if d.sessions]
    flagged = [d for d in shown if d.red_flag]
    figure = new_figure(_trend_layout(first, shown[-1].date if shown else first))
    figure.add_scatter(
        name="Soreness",
        x=[d.date for d in rated],
        y=[d.soreness for d in rated],
        mode="lines+markers",
        line={"color": BLUE, "width": 2},
        marker={"size": 8, "symbol": "circle"},
        hovertext=[d.describe() for d in rated],
        hoverinfo="text",
    )
    with_mean = [d for d in shown if d.date in means]
    figure.add_scatter(
        name="7-day average",
        x=[d.date for d in with_mean],
        y=[means[d.date] for d in with_mean],
        mode="lines",
        line={"color": ORANGE, "width": 3, "dash": "dash"},
        hovertext=[f"{format_day(d.date)}: 7-day average {means[d.date]:.1f}" for d in with_mean],
        hoverinfo="text",
    )
    _add_band(figure, rest_taken, 10.9, "Rest day taken", ORANGE, "triangle-down")
    _add_band(figure, rest_skipped, 10.9, "Rest advised, stretched", ORANGE, "triangle-down-open")
    _add_band(figure, stretched, -0.9, "Stretched", SKY, "square")
    _add_band(figure, flagged, 11.7, "Red flag: see a clinician", VERMILLION, "x")
    return figure


def _trend_layout(first: dt.date, last: dt.date) -> dict:
    padding = dt.timedelta(hours=12)
    return _layout(
        xaxis={
            "type": "date",
            "range": [first - padding, last + padding],
            "fixedrange": True,
            "gridcolor": "#e6e9ee",
        },
        yaxis={
            "title": {"text": "Soreness (0–10)"},
            "range": [-1.5, 12.3],
            "tickvals": [0, 2, 4, 6, 8, 10],
            "fixedrange": True,
            "gridcolor": "#e6e9ee",
            "zeroline": False,
        },
    )


def _add_band(figure: go.Figure, days: list[Day], y: float, name: str, color: str, symbol: str):
    """Markers in a row above or below the ratings, one per day that has the mark."""
    if days:
        figure.add_scatter(
            name=name,
            x=[d.date for d in days],
            y=[y] * len(days),
            mode="markers",
            marker={"color": color, "size": 10, "symbol": symbol, "line": {"width": 2}},
            hovertext=[d.describe() for d in days],
            hoverinfo="text",
        )


def _weekly_trend_figure(days: Sequence[Day]) -> go.Figure:
    summary = [w for w in weeks(days) if w.mean_soreness is not None]
    figure = new_figure(_trend_layout(days[0].date, days[-1].date))
    figure.add_scatter(
        name="Weekly average soreness",
        x=[w.start for w in summary],
        y=[w.mean_soreness for w in summary],
        mode="lines+markers",
        line={"color": BLUE, "width": 2},
        marker={"size": 5},
        hovertext=[w.describe() for w in summary],
        hoverinfo="text",
    )
    flagged = [w for w in summary if w.red_flags]
    if flagged:
        figure.add_scatter(
            name="Week with a red flag",
            x=[w.start for w in flagged],
            y=[11.7] * len(flagged),
            mode="markers",
            marker={"color": VERMILLION, "size": 10, "symbol": "x"},
            hovertext=[w.describe() for w in flagged],
            hoverinfo="text",
        )
    return figure


# The adherence calendar: one marker a day, a row a week, most recent week at the top, so
# it stays readable on a narrow phone screen.
CALENDAR_KINDS = [
    # (name, colour, symbol)
    ("Stretched twice or more", BLUE, "square"),
    ("Stretched once", SKY, "square"),
    ("Rest day taken", ORANGE, "diamond"),
    ("No stretching", GREY, "square-open"),
]


def calendar_kind(day: Day) -> str:
    """How a day shows in the adherence calendar: a rest day taken is rest, not a miss."""
    if day.sessions >= 2:
        return "Stretched twice or more"
    if day.sessions == 1:
        return "Stretched once"
    if day.rested:
        return "Rest day taken"
    return "No stretching"


def adherence_figure(days: Sequence[Day]) -> go.Figure:
    """A year of days as a calendar: columns Monday to Sunday, a row a week. It starts on the
    first day with anything logged: days before someone began are not misses."""
    logged = [d.date for d in days if d.soreness is not None or d.sessions]
    days = [d for d in days if logged and d.date >= logged[0]]
    weekday_names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    week_starts = sorted({d.date - dt.timedelta(days=d.date.weekday()) for d in days})
    figure = new_figure(
        _layout(
            height=150 + 16 * len(week_starts),
            margin={"l": 64, "r": 12, "t": 30, "b": 12},
            legend={"orientation": "h", "x": 0, "y": 0, "yanchor": "top"},
            xaxis={
                "side": "top",
                "tickvals": list(range(7)),
                "ticktext": weekday_names,
                "range": [-0.6, 6.6],
                "fixedrange": True,
                "showgrid": False,
                "zeroline": False,
            },
            yaxis={
                "type": "date",
                "autorange": "reversed",
                "tickformat": "%b %Y",
                "dtick": "M2",
                "fixedrange": True,
                "showgrid": False,
                "zeroline": False,
            },
        )
    )
    for name, color, symbol in CALENDAR_KINDS:
        members = [d for d in days if calendar_kind(d) == name]
        figure.add_scatter(
            name=name,
            x=[d.date.weekday() for d in members],
            y=[d.date - dt.timedelta(days=d.date.weekday()) for d in members],
            mode="markers",
            marker={"color": color, "size": 11, "symbol": symbol, "line": {"width": 1.5}},
            hovertext=[d.describe() for d in members],
            hoverinfo="text",
        )
    return figure


def consistency(days: Sequence[Day]) -> tuple[int, int]:
    """(days kept, days counted): a day is kept if stretched or if an advised rest was taken.

    Counting starts on the first day with anything logged, so a new account is not marked
    down for the days before it began.
    """
    logged = [d for d in days if d.soreness is not None or d.sessions]
    if not logged:
        return 0, 0
    counted = [d for d in days if d.date >= logged[0].date]
    return sum(d.kept for d in counted), len(counted)


def consistency_figure(days: Sequence[Day]) -> go.Figure:
    """Days kept each week, out of the days counted that week."""
    summary = weeks(days)
    figure = new_figure(
        _layout(
            height=260,
            showlegend=False,
            yaxis={
                "title": {"text": "Days kept"},
                "range": [0, 8.4],
                "tickvals": list(range(8)),
                "fixedrange": True,
                "gridcolor": "#e6e9ee",
            },
            xaxis={"type": "date", "fixedrange": True, "showgrid": False},
        )
    )
    figure.add_bar(
        name="Days kept",
        x=[w.start for w in summary],
        y=[w.kept for w in summary],
        marker={"color": BLUE},
        text=[f"{w.kept}/{w.days}" for w in summary] if len(summary) <= 16 else None,
        textposition="outside",
        cliponaxis=False,
        hovertext=[
            f"Week of {format_day(w.start)}: kept {w.kept} of {w.days} days "
            f"({w.sessions} sessions, {w.rested} rest days taken)"
            for w in summary
        ],
        hoverinfo="text",
    )
    return figure


@dataclass(frozen=True)
class StretchInsight:
    slug: str
    name: str
    times: int
    mean_pain: float | None
    mean_next_day_change: float | None
    next_day_pairs: int

    @property
    def worsens(self) -> bool:
        """It tends to worsen pain: painful during it on average, or soreness tends to rise
        the next day by as much as the rest-day rule warns about (journal/rules.py)."""
        return (self.mean_pain is not None and self.mean_pain > PAINFUL_DURING_ABOVE) or (
            self.mean_next_day_change is not None and self.mean_next_day_change >= NEXT_DAY_RISE
        )


def stretch_insights(
    done: Iterable[StretchDone], soreness: dict[dt.date, int]
) -> list[StretchInsight]:
    """For each stretch: how often it was done, its mean pain during, and the mean change in
    soreness from the day it was done to the next (days with both check-ins only, each day
    once however many times it was done). Most done first."""
    by_slug: dict[str, list[StretchDone]] = {}
    for entry in done:
        by_slug.setdefault(entry.slug, []).append(entry)
    insights = []
    for slug, entries in by_slug.items():
        pains = [e.pain_during for e in entries if e.pain_during is not None]
        changes = [
            soreness[day + dt.timedelta(days=1)] - soreness[day]
            for day in sorted({e.date for e in entries})
            if day in soreness and day + dt.timedelta(days=1) in soreness
        ]
        insights.append(
            StretchInsight(
                slug=slug,
                name=entries[-1].name,
                times=len(entries),
                mean_pain=round(sum(pains) / len(pains), 2) if pains else None,
                mean_next_day_change=round(sum(changes) / len(changes), 2) if changes else None,
                next_day_pairs=len(changes),
            )
        )
    return sorted(insights, key=lambda i: (-i.times, i.name.lower()))


def insight_figure(insights: Sequence[StretchInsight]) -> go.Figure:
    """The mean next-day change in soreness after each stretch; ones that tend to worsen
    pain are hatched and labelled, not only coloured."""
    shown = [i for i in insights if i.mean_next_day_change is not None]
    # plotly.js reads a subset of HTML in labels (links included); a stretch's name is written
    # by an editor, so it goes in escaped and is shown as the text it is.
    names = [html.escape(i.name) for i in shown]
    figure = new_figure(
        _layout(
            height=90 + 30 * max(len(shown), 1),
            showlegend=False,
            margin={"l": 12, "r": 12, "t": 12, "b": 40},
            xaxis={
                "title": {"text": "Average change in soreness the next day"},
                "zeroline": True,
                "zerolinecolor": INK,
                "fixedrange": True,
                "gridcolor": "#e6e9ee",
            },
            yaxis={"autorange": "reversed", "showticklabels": False, "fixedrange": True},
        )
    )
    figure.add_bar(
        orientation="h",
        x=[i.mean_next_day_change for i in shown],
        y=names,
        text=[
            f"{'⚠ ' if i.worsens else ''}{name}: {i.mean_next_day_change:+.1f}"
            for i, name in zip(shown, names, strict=True)
        ],
        textposition="auto",
        insidetextanchor="start",
        marker={
            "color": [VERMILLION if i.worsens else SKY for i in shown],
            "pattern": {"shape": ["/" if i.worsens else "" for i in shown]},
        },
        hovertext=[
            f"{name}: done {i.times} times; next-day change {i.mean_next_day_change:+.1f} "
            f"over {i.next_day_pairs} days"
            for i, name in zip(shown, names, strict=True)
        ],
        hoverinfo="text",
    )
    return figure


def figure_json(figure: go.Figure) -> dict:
    """The figure as plain data for `json_script`; the page's script draws it."""
    return figure.to_plotly_json()
