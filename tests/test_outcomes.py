"""What counts as a meaningful change (journal/outcomes.py), and how an opening of a shared link
is described (journal/openings.py): pure functions, with properties where they are properties."""

import datetime as dt
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from journal.openings import browser_family, network_of
from journal.outcomes import (
    ACTIVITIES_AVERAGE,
    MEANINGFUL_RULES,
    ONE_ACTIVITY,
    SORENESS,
    Verdict,
    WeekScores,
    activities_due,
    activities_reminder_due,
    activity_changes,
    average_change,
    is_meaningful,
    soreness_change,
    tenths,
    verdict,
)
from journal.reminders.schedule import ACTIVITIES_LINE, reminder_message
from journal.rules import Advice

levels = st.floats(0, 10, allow_nan=False)
thresholds = st.sampled_from([SORENESS, ACTIVITIES_AVERAGE, ONE_ACTIVITY])


@given(start=levels, end=levels, threshold=thresholds, higher=st.booleans())
def test_a_change_smaller_than_the_threshold_is_never_an_improvement(start, end, threshold, higher):
    change = abs(tenths(end) - tenths(start))
    said = verdict(start, end, threshold, higher_is_better=higher)
    if change < 1 or (change < threshold.points and threshold.share is None):
        assert said == Verdict.NO_CHANGE
    if change < threshold.points and said != Verdict.NO_CHANGE:
        # Only soreness's 30% can count a change under its points, and only of a whole point.
        assert threshold is SORENESS and change >= 1
        assert change / tenths(start) >= Fraction(3, 10)


@given(start=levels, end=levels, threshold=thresholds, higher=st.booleans())
def test_an_improvement_goes_the_right_way_and_a_worsening_is_said_as_plainly(
    start, end, threshold, higher
):
    said = verdict(start, end, threshold, higher_is_better=higher)
    went_up = tenths(end) > tenths(start)
    if said == Verdict.BETTER:
        assert went_up == higher
    if said == Verdict.WORSE:
        assert went_up != higher
    if abs(tenths(end) - tenths(start)) >= threshold.points:
        assert said == (Verdict.BETTER if went_up == higher else Verdict.WORSE)


@given(start=levels, end=levels)
def test_points_only_thresholds_judge_both_directions_alike(start, end):
    there = verdict(start, end, ACTIVITIES_AVERAGE, higher_is_better=True)
    back = verdict(end, start, ACTIVITIES_AVERAGE, higher_is_better=True)
    flipped = {Verdict.BETTER: Verdict.WORSE, Verdict.WORSE: Verdict.BETTER}
    assert back == flipped.get(there, Verdict.NO_CHANGE)


def test_the_thresholds_from_the_studies():
    # Soreness: 2 points, or 30% of where it started (of at least a whole point).
    assert is_meaningful(5.0, 3.0, SORENESS)
    assert not is_meaningful(8.0, 6.1, SORENESS)  # 1.9 points, 24%
    assert is_meaningful(5.0, 3.1, SORENESS)  # 1.9 points, but 38%
    assert is_meaningful(3.0, 2.0, SORENESS)  # 1 point is 33% of 3
    assert not is_meaningful(4.0, 3.0, SORENESS)  # 25%
    assert not is_meaningful(2.0, 1.2, SORENESS)  # 40%, but under a whole point
    assert is_meaningful(10 / 3, 7 / 3, SORENESS)  # judged on 3.3 and 2.3, as shown: 30.3%
    # The activities score: 2 on the average, 3 on one activity.
    assert is_meaningful(3.0, 5.0, ACTIVITIES_AVERAGE)
    assert not is_meaningful(3.0, 4.9, ACTIVITIES_AVERAGE)
    assert not is_meaningful(2, 4, ONE_ACTIVITY)
    assert is_meaningful(2, 5, ONE_ACTIVITY)
    assert any("Ostelo" in rule for rule in MEANINGFUL_RULES)
    assert any("Stratford" in rule for rule in MEANINGFUL_RULES)


def test_a_change_is_said_with_its_numbers():
    change = soreness_change(5.1, 3.1, days=30)
    assert change is not None and change.verdict == Verdict.BETTER
    assert change.sentence() == (
        "Soreness: 5.1 in the first week, 3.1 in the last (−2.0): a meaningful improvement."
    )
    assert soreness_change(5.1, 3.1, days=13) is None  # under two weeks: the weeks overlap
    assert soreness_change(None, 3.1, days=30) is None
    worse = soreness_change(3.0, 5.0, days=30)
    assert worse is not None and worse.sentence().endswith("(+2.0): meaningfully worse.")


def test_the_activities_changes_compare_first_and_last_weeks():
    day = dt.date(2026, 3, 2)
    weeks = [
        WeekScores(day, {1: 3, 2: 4, 3: 2}),
        WeekScores(day + dt.timedelta(days=7), {}),  # skipped
        WeekScores(day + dt.timedelta(days=14), {1: 4, 2: 5, 3: 3}),
    ]
    names = {1: "Putting on socks", 2: "Sitting through a film", 3: "Carrying the shopping"}
    average = average_change(weeks)
    assert average is not None
    assert (average.start, average.end, average.verdict) == (3.0, 4.0, Verdict.NO_CHANGE)
    assert average.sentence() == (
        "Everyday activities (average): 3.0 on 2 Mar, 4.0 on 16 Mar (+1.0): no meaningful change."
    )
    weeks.append(WeekScores(day + dt.timedelta(days=21), {1: 6, 2: 6, 3: 5}))
    average = average_change(weeks)
    assert average is not None and average.verdict == Verdict.BETTER
    changes = activity_changes(weeks, names)
    assert [c.measure for c in changes] == list(names.values())
    assert [c.verdict for c in changes] == [Verdict.BETTER, Verdict.NO_CHANGE, Verdict.BETTER]
    assert changes[0].sentence() == (
        "Putting on socks: 3 on 2 Mar, 6 on 23 Mar (+3): a meaningful improvement."
    )
    assert average_change(weeks[:1]) is None
    assert activity_changes(weeks[:1], names) == []


def test_the_weekly_score_is_due_a_week_after_the_last_and_mentioned_once_a_week():
    day = dt.date(2026, 3, 2)
    assert activities_due(None, day)
    assert not activities_due(day - dt.timedelta(days=6), day)
    assert activities_due(day - dt.timedelta(days=7), day)
    mentioned = [
        n for n in range(0, 30) if activities_reminder_due(day, day + dt.timedelta(days=n))
    ]
    assert mentioned == [7, 14, 21, 28]
    assert not activities_reminder_due(None, day)


def advice(action: str, clinician: str = "") -> Advice:
    return Advice(dt.date(2026, 3, 2), action, clinician, (), (), (), (), None)  # type: ignore[arg-type]


def test_a_reminder_mentions_the_score_but_never_beside_the_clinician_notice():
    stretch_day = advice("stretch")
    message = reminder_message(stretch_day, False, False, activities_due=True)
    assert message is not None and message.body.endswith(ACTIVITIES_LINE)
    plain = reminder_message(stretch_day, False, False)
    assert plain is not None and ACTIVITIES_LINE not in plain.body
    assert reminder_message(stretch_day, True, True, activities_due=True) is None
    flagged = advice("rest", "urgent")
    notice = reminder_message(flagged, True, False, activities_due=True)
    assert notice is not None and notice.kind == "clinician"
    assert ACTIVITIES_LINE not in notice.body


def test_an_opening_is_described_by_its_network_and_browser_family_only():
    assert network_of("203.0.113.77") == "203.0.113.0/24"
    assert network_of("2001:db8:1234:5678::1") == "2001:db8:1234::/48"
    assert network_of("::ffff:198.51.100.9") == "198.51.100.0/24"
    assert network_of("not an address") == ""
    assert network_of("") == ""
    firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
    assert browser_family(firefox) == "Firefox on Windows"
    safari = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
    )
    assert browser_family(safari) == "Safari on an iPhone"
    edge = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) Chrome/126.0 Safari/537.36 Edg/126.0"
    assert browser_family(edge) == "Edge on a Mac"
    assert browser_family("") == "an unknown browser"


@given(st.ip_addresses())
def test_no_opening_keeps_an_exact_address(address):
    network = network_of(str(address))
    assert "/" in network
    assert network.endswith("/24") or network.endswith("/48")
