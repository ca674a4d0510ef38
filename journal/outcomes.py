"""What counts as a real change: in soreness, and in the weekly activities score.

Pure functions over plain values (no database, no HTTP), like `journal.rules`. The report and
the trends page say a change is meaningful only when it is at least as large as the smallest
change these studies found to matter, and say "no meaningful change" for anything smaller,
whichever way it went.

- Soreness (0-10 numeric rating): 2 points, or 30% of where it started. Ostelo et al. 2008,
  "Interpreting change scores for pain and functional status in low back pain: towards
  international consensus regarding minimal important change", Spine 33(1):90-94; Farrar et al.
  2001, "Clinical importance of changes in chronic pain intensity measured on an 11-point
  numerical pain rating scale", Pain 94(2):149-158. Both measured improvement; as the rest-day
  rule does (journal/rules.py), the same size is used for a change for the worse.
- The activities score (the Patient-Specific Functional Scale: each activity rated 0, cannot do
  it, to 10, as well as before the back trouble): 2 points on the average of the activities, or
  3 points on one activity. Stratford et al. 1995, "Assessing disability and change on
  individual patients: a report of a patient specific measure", Physiotherapy Canada
  47(4):258-263 (the scale, and the change beyond measurement error at 90% confidence); Horn et
  al. 2012, "The Patient-Specific Functional Scale: psychometrics, clinimetrics, and application
  as a clinical outcome measure", J Orthop Sports Phys Ther 42(1):30-42 (a review, which gives
  the same figures).
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

# The activities score is asked once a week; today's page offers it when a week has passed.
ACTIVITIES_EVERY_DAYS = 7
# The scale's steps are whole points: a change of less than one cannot be measured, so a 30%
# change smaller than a point (0.9 to 0.6, say) is never called meaningful.
SCALE_STEP = 1

OSTELO = "Ostelo et al. 2008, Spine 33:90–94; Farrar et al. 2001, Pain 94:149–158"
STRATFORD = (
    "Stratford et al. 1995, Physiotherapy Canada 47:258–263; Horn et al. 2012, JOSPT 42:30–42"
)


@dataclass(frozen=True)
class Threshold:
    """The smallest change that matters on a measure, and where that figure comes from."""

    points: int
    # A share of the starting level that also counts (soreness only), as a Fraction so that
    # exactly 30% counts whatever the numbers are.
    share: Fraction | None
    source: str


SORENESS = Threshold(
    points=2,
    share=Fraction(3, 10),
    source=OSTELO,
)
ACTIVITIES_AVERAGE = Threshold(
    points=2,
    share=None,
    source=STRATFORD,
)
ONE_ACTIVITY = Threshold(
    points=3,
    share=None,
    source=STRATFORD,
)
# What the pages say of the thresholds, with their sources.
MEANINGFUL_RULES = (
    f"Soreness: a change of {SORENESS.points} points or more, or of 30% of where it started "
    f"({SORENESS.source}).",
    f"Everyday activities: {ACTIVITIES_AVERAGE.points} points or more on the average, or "
    f"{ONE_ACTIVITY.points} on one activity ({STRATFORD}).",
    "Anything smaller, whichever way it goes, is no meaningful change.",
)


class Verdict(StrEnum):
    BETTER = "a meaningful improvement"
    WORSE = "meaningfully worse"
    NO_CHANGE = "no meaningful change"


def tenths(value: float) -> Fraction:
    """A value as the page shows it, to one decimal place, exactly: the verdict is judged on
    the numbers the person reads, so 2.0 shown is 2.0 judged."""
    return Fraction(round(value * 10), 10)


def is_meaningful(start: float, end: float, threshold: Threshold) -> bool:
    """Whether the change from `start` to `end` is at least the smallest that matters: the
    threshold's points, or (where it has one) its share of the starting level, provided the
    change is at least a whole step of the scale."""
    first, last = tenths(start), tenths(end)
    change = abs(last - first)
    if change >= threshold.points:
        return True
    if threshold.share is None or first <= 0 or change < SCALE_STEP:
        return False
    return change / first >= threshold.share


def verdict(start: float, end: float, threshold: Threshold, *, higher_is_better: bool) -> Verdict:
    """Better, worse, or no meaningful change: never better for a change smaller than the
    threshold, and a meaningful change for the worse said as plainly as one for the better."""
    if not is_meaningful(start, end, threshold):
        return Verdict.NO_CHANGE
    rose = tenths(end) > tenths(start)
    return Verdict.BETTER if rose == higher_is_better else Verdict.WORSE


@dataclass(frozen=True)
class Change:
    """A measure from one time to a later one, judged against its threshold."""

    measure: str
    start: float
    end: float
    threshold: Threshold
    higher_is_better: bool
    start_label: str = ""  # "in the first week", "on 13 Jan"
    end_label: str = ""
    decimals: int = 1  # 0 for one activity's whole-point scores

    @property
    def difference(self) -> float:
        return float(tenths(self.end) - tenths(self.start))

    @property
    def verdict(self) -> Verdict:
        return verdict(self.start, self.end, self.threshold, higher_is_better=self.higher_is_better)

    @property
    def meaningful(self) -> bool:
        return self.verdict != Verdict.NO_CHANGE

    def sentence(self) -> str:
        """The change in words, with its numbers: "Soreness: 5.4 in the first week, 3.1 in
        the last (−2.3): a meaningful improvement." """
        places = self.decimals
        start = f"{self.start:.{places}f}" + (f" {self.start_label}" if self.start_label else "")
        end = f"{self.end:.{places}f}" + (f" {self.end_label}" if self.end_label else "")
        difference = f"{self.difference:+.{places}f}".replace("-", "−")
        return f"{self.measure}: {start}, {end} ({difference}): {self.verdict}."


def soreness_change(first_week: float | None, last_week: float | None, days: int) -> Change | None:
    """Soreness in the period's first week against its last (their mean ratings), or None
    when the period is shorter than two weeks or either week has no check-in."""
    if first_week is None or last_week is None or days < 14:
        return None
    return Change(
        "Soreness",
        first_week,
        last_week,
        SORENESS,
        higher_is_better=False,
        start_label="in the first week",
        end_label="in the last",
    )


# The weekly activities score.


@dataclass(frozen=True)
class WeekScores:
    """One week's activities score: each activity's score by the activity's id."""

    date: dt.date
    scores: Mapping[int, int]

    @property
    def average(self) -> float | None:
        """The score of the week: the mean of its activities' scores (Stratford et al. 1995)."""
        if not self.scores:
            return None
        return sum(self.scores.values()) / len(self.scores)


def scored(weeks: Iterable[WeekScores]) -> list[WeekScores]:
    """The weeks with at least one score (a skipped week has none), oldest first."""
    return sorted((w for w in weeks if w.scores), key=lambda w: w.date)


def average_change(weeks: Sequence[WeekScores]) -> Change | None:
    """The average activities score of the first week scored against the last, or None
    with fewer than two weeks scored."""
    rated = scored(weeks)
    if len(rated) < 2:
        return None
    first, last = rated[0], rated[-1]
    assert first.average is not None and last.average is not None
    return Change(
        "Everyday activities (average)",
        first.average,
        last.average,
        ACTIVITIES_AVERAGE,
        higher_is_better=True,
        start_label=f"on {format_short(first.date)}",
        end_label=f"on {format_short(last.date)}",
    )


def activity_changes(weeks: Sequence[WeekScores], names: Mapping[int, str]) -> list[Change]:
    """Each activity scored in at least two weeks: its first score against its last, in the
    order of `names`."""
    firsts: dict[int, tuple[dt.date, int]] = {}
    lasts: dict[int, tuple[dt.date, int]] = {}
    for week in scored(weeks):
        for activity, score in week.scores.items():
            firsts.setdefault(activity, (week.date, score))
            lasts[activity] = (week.date, score)
    return [
        Change(
            name,
            firsts[activity][1],
            lasts[activity][1],
            ONE_ACTIVITY,
            higher_is_better=True,
            start_label=f"on {format_short(firsts[activity][0])}",
            end_label=f"on {format_short(lasts[activity][0])}",
            decimals=0,
        )
        for activity, name in names.items()
        if activity in firsts and firsts[activity][0] != lasts[activity][0]
    ]


def activities_due(last: dt.date | None, today: dt.date) -> bool:
    """Time for the weekly score: never given or skipped yet, or a week since the last."""
    return last is None or (today - last).days >= ACTIVITIES_EVERY_DAYS


def activities_reminder_due(since: dt.date | None, today: dt.date) -> bool:
    """Whether today's first reminder mentions the activities score: once a week, on the
    day a week (or two, three...) has passed since it was last given, skipped or set up, so
    a person who lets it wait is reminded weekly, not daily."""
    if since is None:
        return False
    days = (today - since).days
    return days >= ACTIVITIES_EVERY_DAYS and days % ACTIVITIES_EVERY_DAYS == 0


def format_short(day: dt.date) -> str:
    """ "13 Jan" """
    return f"{day.day} {day:%b}"
