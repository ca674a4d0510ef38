"""Plotly figures for the trends page: plain values in, a figure out. No ORM, no HTTP.

Colours come from the Okabe-Ito palette, which stays distinguishable with the common kinds of
colour blindness, and no meaning rests on colour alone: each series also has its own marker
shape or line style, and a name in the legend.
"""

import datetime as dt
import html
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from journal.outcomes import WeekScores
from journal.rules import NEXT_DAY_RISE, PAINFUL_DURING_ABOVE, StretchDone, format_day

# Okabe-Ito's colour-blind-safe hues, darkened where needed so that every line and marker has a
# contrast of at least 3:1 against the white plot (WCAG 1.4.11); each series also has its own
# marker shape, so nothing is told by colour alone.
BLUE = "#0072B2"
SKY = "#3A87C0"
ORANGE = "#B36B00"
VERMILLION = "#D55E00"
GREY = "#767676"
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
    # Days before the account was made (an imported history) are shown apart, not counted.
    before_account: bool = False
    # The person's today, still running: how it went against the advice may not be known yet.
    in_progress: bool = False

    @property
    def rested(self) -> bool:
        """Took the rest the advice gave (a rest day, or a day with a red flag open), for sure:
        today's rest only once the day is over, as `kept` counts it."""
        return (self.rest_advised or self.red_flag) and self.sessions == 0 and not self.in_progress

    @property
    def against_advice(self) -> bool:
        """Stretched on a rest day, or while a red flag said to hold off."""
        return self.sessions > 0 and (self.rest_advised or self.red_flag)

    @property
    def settled(self) -> bool:
        """Whether it is certain how the day went against the advice. A past day is settled;
        today is once a session is logged (stretching keeps a stretch day, or goes against a
        rest day's advice, the moment it happens), but a rest is kept only if it lasts until
        the day is over, and a stretch day may still be stretched on."""
        return not self.in_progress or self.sessions > 0

    @property
    def kept(self) -> bool:
        """Followed the advice, for sure: stretched on a stretch day, or rested when advised to
        (today's rest only once the day is over)."""
        if self.before_account or not self.settled:
            return False
        return (self.sessions > 0 and not self.against_advice) or self.rested

    def describe(self) -> str:
        """The day's numbers and advice in one line, for hover labels."""
        parts = [format_day(self.date)]
        parts.append(f"soreness {self.soreness}" if self.soreness is not None else "no check-in")
        parts.append(f"{self.sessions} session{'s' if self.sessions != 1 else ''}")
        if self.rest_advised:
            if self.sessions:
                parts.append("rest advised, stretched against the advice")
            else:
                parts.append(
                    "rest advised, " + ("rested" if self.rested else "the day is not over")
                )
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


def _layout(**overrides: Any) -> dict:
    """What every figure shares: legible on a phone, no zoom or drag to fight with scrolling.

    `xaxis` and `yaxis` overrides are merged into the shared axis settings, not swapped for them.
    """
    axis = {"fixedrange": True, "gridcolor": "#e6e9ee"}
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
    }
    layout.update(overrides)
    layout["xaxis"] = {**axis, **overrides.get("xaxis", {})}
    layout["yaxis"] = {**axis, "zeroline": False, **overrides.get("yaxis", {})}
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
    rest_skipped = [d for d in shown if d.rest_advised and d.sessions]
    stretched = [d for d in shown if d.sessions]
    flagged = [d for d in shown if d.red_flag]
    figure = new_figure(_trend_layout(first, shown[-1].date if shown else first))
    _add_soreness_line(
        figure, "Soreness", [(d.date, d.soreness, d.describe()) for d in rated], marker_size=8
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
    # Room for a whole marker at each end, today's included: a day, or 2% of a long range.
    padding = max(dt.timedelta(days=1), (last - first) / 50)
    return _layout(
        xaxis={
            "type": "date",
            "range": [first - padding, last + padding],
        },
        yaxis={
            "title": {"text": "Soreness (0–10)"},
            "range": [-1.5, 12.3],
            "tickvals": [0, 2, 4, 6, 8, 10],
            "zeroline": False,
        },
    )


def _add_band(
    figure: go.Figure, days: list[Day], y: float, name: str, color: str, symbol: str
) -> None:
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


def _add_soreness_line(
    figure: go.Figure,
    name: str,
    points: Sequence[tuple[dt.date, float | None, str]],
    marker_size: int,
) -> None:
    """The trend's main line: (date, soreness, hover text) points, joined."""
    figure.add_scatter(
        name=name,
        x=[date for date, _, _ in points],
        y=[value for _, value, _ in points],
        mode="lines+markers",
        line={"color": BLUE, "width": 2},
        marker={"size": marker_size, "symbol": "circle"},
        hovertext=[text for _, _, text in points],
        hoverinfo="text",
    )


def _weekly_trend_figure(days: Sequence[Day]) -> go.Figure:
    summary = [w for w in weeks(days) if w.mean_soreness is not None]
    figure = new_figure(_trend_layout(days[0].date, days[-1].date))
    _add_soreness_line(
        figure,
        "Weekly average soreness",
        [(w.start, w.mean_soreness, w.describe()) for w in summary],
        marker_size=5,
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
    ("Stretched against the advice", VERMILLION, "x"),
    ("Stretched twice or more", BLUE, "square"),
    ("Stretched once", SKY, "triangle-up"),
    ("Rest day taken", ORANGE, "diamond"),
    ("No stretching", GREY, "square-open"),
]


def calendar_kind(day: Day) -> str:
    """How a day shows in the adherence calendar: a rest day taken is rest, not a miss, and
    stretching against the advice is shown as such, never as a day kept. Today's rest shows as
    taken once the day is over; until then, nothing is stretched."""
    if day.against_advice:
        return "Stretched against the advice"
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
    days = [d for d in days if logged and d.date >= logged[0] and not d.before_account]
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
                "showgrid": False,
                "zeroline": False,
            },
            yaxis={
                "type": "date",
                "autorange": "reversed",
                "tickformat": "%b %Y",
                "dtick": "M2",
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


@dataclass(frozen=True)
class Consistency:
    """How the days of a range went against the advice given each day."""

    kept: int
    counted: int
    against_advice: int
    before_account: int
    # Today is left out: not yet settled (see `Day.settled`).
    today_waits: bool = False

    @property
    def percent(self) -> int | None:
        return round(100 * self.kept / self.counted) if self.counted else None


def consistency(days: Sequence[Day]) -> Consistency:
    """Days kept (stretched on a stretch day, or rested on a rest day or while a red flag was
    open), out of the days counted; days stretched against the advice; and days before the
    account was made, which are shown apart and not counted.

    Counting starts on the first day with anything logged, so a new account is not marked
    down for the days before it began. Today counts only once it is settled: someone told to
    rest this morning has not yet kept the rest day, nor missed a stretch day before evening.
    """
    before = sum(d.before_account for d in days)
    days = [d for d in days if not d.before_account]
    logged = [d for d in days if d.soreness is not None or d.sessions]
    if not logged:
        return Consistency(0, 0, 0, before)
    since_first = [d for d in days if d.date >= logged[0].date]
    counted = [d for d in since_first if d.settled]
    return Consistency(
        kept=sum(d.kept for d in counted),
        counted=len(counted),
        against_advice=sum(d.against_advice for d in counted),
        before_account=before,
        today_waits=len(counted) < len(since_first),
    )


def consistency_weeks(days: Iterable[Day]) -> list[Week]:
    """The weeks of days kept: days before the account left out, so a first week is not drawn
    as 0 of 7 kept, and today left out until it is settled."""
    return weeks(d for d in days if not d.before_account and d.settled)


def consistency_figure(days: Sequence[Day]) -> go.Figure:
    """Days kept each week, out of the days counted that week (`consistency_weeks`)."""
    summary = consistency_weeks(days)
    figure = new_figure(
        _layout(
            height=260,
            showlegend=False,
            yaxis={
                "title": {"text": "Days kept"},
                "range": [0, 8.4],
                "tickvals": list(range(8)),
            },
            xaxis={"type": "date", "showgrid": False},
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


# Fewer days than this with a check-in on the day of a stretch and the day after, and its
# average next-day change is noise: it is listed but not charted.
MIN_NEXT_DAY_PAIRS = 3


@dataclass(frozen=True)
class StretchInsight:
    slug: str
    name: str
    times: int
    mean_pain: float | None
    mean_next_day_change: float | None
    next_day_pairs: int

    @property
    def measured(self) -> bool:
        """Enough days before and after it for its next-day change to mean something."""
        return self.next_day_pairs >= MIN_NEXT_DAY_PAIRS

    @property
    def worsens(self) -> bool:
        """It tends to worsen pain: painful during it on average, or soreness tends to rise
        the next day, over enough days, by as much as the rest-day rule warns about
        (journal/rules.py)."""
        return (self.mean_pain is not None and self.mean_pain > PAINFUL_DURING_ABOVE) or (
            self.measured
            and self.mean_next_day_change is not None
            and self.mean_next_day_change >= NEXT_DAY_RISE
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
    """The mean next-day change in soreness after each stretch with enough days to say so;
    ones that tend to worsen pain are hatched and labelled, not only coloured."""
    shown = [i for i in insights if i.measured]
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
            },
            yaxis={"autorange": "reversed", "showticklabels": False},
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


# Text alternatives: each chart's story in a sentence or two (WCAG 1.1.1); the page puts the
# same numbers in a table beside it.


def _trend_word(start: float, end: float) -> str:
    if abs(end - start) < 0.5:
        return f"stayed about the same ({start:.1f} to {end:.1f})"
    return f"{'rose' if end > start else 'fell'} from {start:.1f} to {end:.1f}"


def trend_summary(days: Sequence[Day], first: dt.date) -> str:
    """What the soreness chart shows, in words: the 7-day average at the end of the range's
    first week and at its end (the first and last weeks' means, as the report's change
    compares them: `period_summary`), the highest rating, and the rest and red-flag days
    marked on it."""
    shown = [d for d in days if d.date >= first]
    rated = [d for d in shown if d.soreness is not None]
    if not rated:
        return "No check-ins in this time."
    means = rolling_means(days)
    first_week = means.get(shown[:ROLLING_DAYS][-1].date, means[rated[0].date])
    last_week = means.get(shown[-1].date, means[rated[-1].date])
    length = (shown[-1].date - shown[0].date).days + 1
    parts = [
        f"Over {length} day{'s' if length != 1 else ''}, your 7-day average soreness "
        + _trend_word(first_week, last_week)
        + f", from {len(rated)} check-in{'s' if len(rated) != 1 else ''}."
    ]
    highest = max(rated, key=lambda d: (d.soreness, d.date))
    parts.append(f"Highest: {highest.soreness} on {format_day(highest.date)}.")
    advised = [d for d in shown if d.rest_advised]
    if advised:
        taken = sum(d.rested for d in advised)
        parts.append(
            f"Rest advised on {len(advised)} day{'s' if len(advised) != 1 else ''}, {taken} taken."
        )
    flagged = sum(d.red_flag for d in shown)
    if flagged:
        parts.append(f"{flagged} day{'s' if flagged != 1 else ''} with a red flag.")
    return " ".join(parts)


def calendar_months(days: Sequence[Day]) -> list[tuple[dt.date, list[int]]]:
    """The calendar's days counted month by month, newest first, in the order of
    `CALENDAR_KINDS`: the chart's data as a table."""
    logged = [d.date for d in days if d.soreness is not None or d.sessions]
    months: dict[dt.date, Counter[str]] = {}
    for day in days:
        if logged and day.date >= logged[0]:
            months.setdefault(day.date.replace(day=1), Counter())[calendar_kind(day)] += 1
    return [
        (month, [counts[name] for name, _, _ in CALENDAR_KINDS])
        for month, counts in sorted(months.items(), reverse=True)
    ]


def calendar_summary(days: Sequence[Day]) -> str:
    """What the year's calendar shows, in words."""
    months = calendar_months(days)
    if not months:
        return "Nothing logged in the last year yet."
    names = [name for name, _, _ in CALENDAR_KINDS]
    totals = [sum(counts[n] for _, counts in months) for n in range(len(names))]
    return (
        "Since you began: "
        + "; ".join(
            f"{name.lower()}, {total} days" for name, total in zip(names, totals, strict=True)
        )
        + "."
    )


def stretches_told_apart(done: Iterable[StretchDone]) -> bool:
    """False when every stretch was done on exactly the same days: then the day after shows
    the whole session, and no chart can say which stretch helped or hurt."""
    days: dict[str, set[dt.date]] = {}
    for entry in done:
        days.setdefault(entry.slug, set()).add(entry.date)
    return len({frozenset(d) for d in days.values()}) > 1


def next_day_change(insight: StretchInsight) -> float:
    """A measured stretch's average change the day after (0 for one not measured)."""
    return insight.mean_next_day_change or 0.0


def insights_summary(insights: Sequence[StretchInsight], told_apart: bool) -> str:
    """What the stretch-by-stretch chart shows, in words, or why there is no chart."""
    measured = [i for i in insights if i.measured]
    if not measured:
        return (
            f"Too few days yet: a stretch needs {MIN_NEXT_DAY_PAIRS} days with a check-in on "
            "the day you did it and the day after before its next-day change means much."
        )
    if not told_apart:
        change = measured[0].mean_next_day_change
        return (
            f"You did these {len(insights)} stretches together each time, so their next-day "
            "changes cannot be told apart: the day after, your soreness changed by "
            f"{change:+.1f} on average."
        )
    rise = max(measured, key=next_day_change)
    fall = min(measured, key=next_day_change)
    text = (
        f"Largest average change the next day: {rise.name} ({rise.mean_next_day_change:+.1f}); "
        f"smallest: {fall.name} ({fall.mean_next_day_change:+.1f})."
    )
    worse = [i.name for i in insights if i.worsens]
    if worse:
        text += f" Marked as maybe worsening your pain: {', '.join(worse)}."
    return text


@dataclass(frozen=True)
class PeriodSummary:
    """A report's first page in numbers: from `first` to the last day given."""

    days: int
    checkins: int
    mean_soreness: float | None
    first_week_mean: float | None  # the mean of the check-ins in the period's first 7 days
    last_week_mean: float | None  # and in its last 7 days
    rest_advised: int
    rest_taken: int
    red_flag_days: tuple[dt.date, ...]
    sessions: int
    session_days: int
    kept: int
    counted: int
    against_advice: int
    today_waits: bool

    @property
    def change(self) -> float | None:
        if self.first_week_mean is None or self.last_week_mean is None or self.days < 14:
            return None
        return round(self.last_week_mean - self.first_week_mean, 1)


def period_summary(days: Sequence[Day], first: dt.date) -> PeriodSummary:
    shown = [d for d in days if d.date >= first]
    rated = [d.soreness for d in shown if d.soreness is not None]

    def mean(values: list[int]) -> float | None:
        return round(sum(values) / len(values), 1) if values else None

    first_week = [d.soreness for d in shown[:7] if d.soreness is not None]
    last_week = [d.soreness for d in shown[-7:] if d.soreness is not None]
    kept = consistency(shown)
    return PeriodSummary(
        days=len(shown),
        checkins=len(rated),
        mean_soreness=mean(rated),
        first_week_mean=mean(first_week),
        last_week_mean=mean(last_week),
        rest_advised=sum(d.rest_advised for d in shown),
        rest_taken=sum(d.rested for d in shown),
        red_flag_days=tuple(d.date for d in shown if d.red_flag),
        sessions=sum(d.sessions for d in shown),
        session_days=sum(d.sessions > 0 for d in shown),
        kept=kept.kept,
        counted=kept.counted,
        against_advice=kept.against_advice,
        today_waits=kept.today_waits,
    )


def figure_json(figure: go.Figure) -> dict:
    """The figure as plain data for `json_script`; the page's script draws it."""
    return figure.to_plotly_json()


# The weekly activities score beside soreness.


def activities_figure(weeks: Sequence[WeekScores], soreness: Mapping[dt.date, float]) -> go.Figure:
    """The weekly activities score (the average of the week's activities: 0 cannot do them,
    10 as well as before the back trouble) and, on the same 0-10 scale, soreness's 7-day
    average on each day it was scored: one rises as the other falls when things go well."""
    rated = [w for w in weeks if w.average is not None]
    first, last = rated[0].date, rated[-1].date
    padding = max(dt.timedelta(days=2), (last - first) / 40)
    figure = new_figure(
        _layout(
            xaxis={"type": "date", "range": [first - padding, last + padding]},
            yaxis={
                "title": {"text": "Score (0–10)"},
                "range": [-0.5, 10.5],
                "tickvals": [0, 2, 4, 6, 8, 10],
            },
        )
    )
    figure.add_scatter(
        name="Activities score (higher is better)",
        x=[w.date for w in rated],
        y=[round(w.average or 0, 1) for w in rated],
        mode="lines+markers",
        line={"color": BLUE, "width": 3},
        marker={"size": 10, "symbol": "diamond"},
        hovertext=[f"{format_day(w.date)}: activities score {w.average:.1f}" for w in rated],
        hoverinfo="text",
    )
    with_soreness = [w for w in rated if w.date in soreness]
    if with_soreness:
        figure.add_scatter(
            name="Soreness, 7-day average (lower is better)",
            x=[w.date for w in with_soreness],
            y=[round(soreness[w.date], 1) for w in with_soreness],
            mode="lines+markers",
            line={"color": ORANGE, "width": 2, "dash": "dash"},
            marker={"size": 8, "symbol": "circle-open", "line": {"width": 2}},
            hovertext=[
                f"{format_day(w.date)}: soreness 7-day average {soreness[w.date]:.1f}"
                for w in with_soreness
            ],
            hoverinfo="text",
        )
    return figure


def activities_summary(weeks: Sequence[WeekScores], soreness: Mapping[dt.date, float]) -> str:
    """What the activities chart shows, in words: the score's first and last week, and
    soreness's 7-day average on those days."""
    rated = [w for w in weeks if w.average is not None]
    if not rated:
        return "No weeks scored in this time."
    first, last = rated[0], rated[-1]
    assert first.average is not None and last.average is not None
    count = f"{len(rated)} week{'s' if len(rated) != 1 else ''} scored"
    if len(rated) == 1:
        text = (
            f"{count}: your activities score was {first.average:.1f} on {format_day(first.date)}."
        )
    else:
        text = (
            f"{count}: your activities score went from {first.average:.1f} on "
            f"{format_day(first.date)} to {last.average:.1f} on {format_day(last.date)}."
        )
    if len(rated) > 1 and first.date in soreness and last.date in soreness:
        text += (
            f" Soreness's 7-day average on those days: {soreness[first.date]:.1f}, then "
            f"{soreness[last.date]:.1f}."
        )
    return text
