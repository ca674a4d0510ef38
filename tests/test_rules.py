from datetime import UTC, date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal.rules import (
    LOOKBACK_DAYS,
    MIN_BASELINE_CHECKINS,
    RED_FLAGS,
    TIERS,
    WARNING_DAYS,
    ActiveFlag,
    Advice,
    Checkin,
    Report,
    Resolution,
    StretchDone,
    Thresholds,
    active_flags_by_day,
    advice_for_days,
    clinician_level,
    format_day,
    rest_day_advice,
    session_rest_reason,
    soreness_rose_after,
)

MONDAY = date(2026, 11, 2)


def day(offset: int) -> date:
    """MONDAY shifted by `offset` days (negative is earlier)."""
    return MONDAY + timedelta(days=offset)


def checkins(*pairs: tuple[int, int]) -> list[Checkin]:
    """Check-ins from (offset, soreness) pairs."""
    return [Checkin(day(offset), soreness) for offset, soreness in pairs]


def codes(advice: Advice) -> set[str]:
    return {reason.code for reason in advice.reasons}


# Worsening


def test_it_advises_rest_when_soreness_rises_over_the_previous_checkin():
    advice = rest_day_advice(day(1), checkins((0, 3), (1, 6)))
    assert advice.action == "rest"
    assert advice.should_rest
    assert [reason.code for reason in advice.reasons] == ["worsening"]
    assert advice.reasons[0].text == (
        "Your soreness is 6, up 3 from 3 on Monday 2 November (a rise of 2 or more counts)."
    )
    assert advice.soreness == 6


def test_it_advises_stretching_when_soreness_is_unchanged():
    advice = rest_day_advice(day(1), checkins((0, 4), (1, 4)))
    assert advice.action == "stretch"
    assert advice.reasons == ()
    assert advice.headline.startswith("Go ahead and stretch once or twice")


def test_it_advises_stretching_when_soreness_falls():
    assert rest_day_advice(day(1), checkins((0, 5), (1, 2))).action == "stretch"


def test_the_default_two_points_ignores_a_rise_of_one_and_one_point_is_more_cautious():
    history = checkins((0, 3), (1, 4))
    assert Thresholds().worsening == 2
    assert rest_day_advice(day(1), history).action == "stretch"
    assert rest_day_advice(day(1), history, thresholds=Thresholds(worsening=1)).action == "rest"


def test_a_worsening_threshold_of_two_still_catches_a_rise_of_two():
    advice = rest_day_advice(day(1), checkins((0, 3), (1, 5)), thresholds=Thresholds(worsening=2))
    assert codes(advice) == {"worsening"}


def test_it_compares_with_the_latest_checkin_in_the_week_before():
    # Day -3 is newer than day -6, so the rise is 1 over 4, not 4 over 1.
    advice = rest_day_advice(day(0), checkins((-6, 1), (-3, 4), (0, 5)), thresholds=Thresholds(1))
    assert advice.reasons[0].text.startswith("Your soreness is 5, up 1 from 4 on Friday 30 October")


def test_it_uses_a_checkin_exactly_seven_days_back():
    advice = rest_day_advice(day(0), checkins((-7, 2), (0, 4)))
    assert codes(advice) == {"worsening"}
    assert not any("nothing recent" in note for note in advice.notes)


def test_after_a_gap_it_compares_with_the_last_checkin_before_it():
    # Eight days back is past the week; the last level before the gap is still the comparison.
    advice = rest_day_advice(day(0), checkins((-8, 1), (0, 5)))
    assert advice.action == "rest"
    assert "worsening" in codes(advice)
    assert "before a gap of 8 days" in " ".join(reason.text for reason in advice.reasons)


def test_it_notes_when_there_is_no_earlier_checkin_at_all():
    advice = rest_day_advice(day(0), checkins((0, 5)))
    assert "There is no earlier check-in to compare with." in advice.notes


# Particularly sore


def test_it_advises_rest_when_particularly_sore():
    advice = rest_day_advice(day(0), checkins((0, 7)))
    assert advice.action == "rest"
    assert codes(advice) == {"particularly_sore"}
    assert "7" in advice.reasons[0].text


def test_it_does_not_count_soreness_below_the_threshold_as_particularly_sore():
    assert rest_day_advice(day(0), checkins((0, 6))).action == "stretch"


def test_the_particularly_sore_threshold_is_the_users():
    advice = rest_day_advice(day(0), checkins((0, 4)), thresholds=Thresholds(particularly_sore=4))
    assert codes(advice) == {"particularly_sore"}
    assert "at or above 4" in advice.reasons[0].text


def test_all_reasons_are_listed_together():
    advice = rest_day_advice(
        day(0), checkins((-13, 1), (-12, 1), (-11, 1), (-2, 2), (-1, 2), (0, 8))
    )
    assert [reason.code for reason in advice.reasons] == [
        "worsening",
        "particularly_sore",
        "rising_week",
    ]


# The usual level (baseline)


def test_a_spike_then_a_plateau_stays_a_rest_until_it_settles():
    # 2, 2, 2, 8, 6, 6, 6: after the spike, 6 is no rise over the day before, but it is 4
    # above the usual 2 from before the spike.
    history = checkins((-6, 2), (-5, 2), (-4, 2), (-3, 8), (-2, 6), (-1, 6), (0, 6))
    advice = rest_day_advice(day(0), history, thresholds=Thresholds(particularly_sore=8))
    assert codes(advice) == {"above_usual"}
    assert advice.reasons[0].text == (
        "Your soreness is 6, 4 above your usual level of 2, and it has stayed up since "
        "Friday 30 October."
    )
    settled = rest_day_advice(day(1), [*history, Checkin(day(1), 3)])
    assert settled.action == "stretch"


def test_it_compares_with_the_median_of_the_week_before():
    # Days before: 1, 5, 2, 3, 2: the median is 2; 4 is 2 above it, though only 1 above the
    # day before.
    history = checkins((-5, 1), (-4, 5), (-3, 2), (-2, 2), (-1, 3), (0, 4))
    advice = rest_day_advice(day(0), history)
    assert codes(advice) == {"above_usual"}
    assert "4, 2 above your usual level of 2 (the middle of your check-ins" in (
        advice.reasons[0].text
    )


def test_the_usual_level_needs_three_checkins():
    advice = rest_day_advice(day(0), checkins((-2, 1), (-1, 2), (0, 3)))
    assert "above_usual" not in codes(advice)
    assert any(note.startswith("Too few check-ins in the 7 days before") for note in advice.notes)


def test_a_week_above_the_usual_level_says_see_a_clinician_if_not_settling():
    history = checkins((-9, 2), (-8, 2), (-7, 2), *((n, 5) for n in range(-6, 1)))
    advice = rest_day_advice(day(0), history)
    assert "above_usual" in codes(advice)
    assert advice.not_settling == (
        "Your soreness has stayed above your usual level of 2 since Tuesday 27 October. "
        "See a doctor or physiotherapist if it is not settling."
    )
    assert rest_day_advice(day(-1), history).not_settling == ""


def test_particularly_sore_three_days_in_a_row_says_see_a_clinician_if_not_settling():
    history = checkins((-2, 7), (-1, 8), (0, 7))
    assert "3 days in a row" in rest_day_advice(day(0), history).not_settling
    assert rest_day_advice(day(0), checkins((-2, 6), (-1, 8), (0, 7))).not_settling == ""


# Pain during stretches


@pytest.mark.parametrize(
    ("pains", "rest"),
    [
        ([5, 5, 5], False),
        ([6, 6, 2, 2], False),  # half is not most
        ([6, 6, 6, 2], True),
        ([8, 0, 0, 0, 0, 0, 0], True),
        ([7, None, None], False),
        ([None, None], False),
        ([], False),
    ],
)
def test_session_rest_reason(pains, rest):
    assert bool(session_rest_reason(pains)) == rest


def test_a_painful_session_makes_the_next_day_a_rest_day_even_without_a_checkin():
    done = [
        StretchDone(day(-1), "cobra", "Cobra", pain_during=8, session=1),
        StretchDone(day(-1), "bridge", "Bridge", pain_during=1, session=1),
    ]
    advice = rest_day_advice(day(0), checkins((-1, 3)), done)
    assert advice.action == "rest"
    assert codes(advice) == {"painful_session"}
    assert "reached 8/10" in advice.reasons[0].text
    # The same pain in another session the same day does not add up across sessions.
    split = [
        StretchDone(day(-1), "cobra", "Cobra", pain_during=6, session=1),
        StretchDone(day(-1), "bridge", "Bridge", pain_during=1, session=1),
        StretchDone(day(-1), "cobra", "Cobra", pain_during=6, session=2),
        StretchDone(day(-1), "bridge", "Bridge", pain_during=1, session=2),
    ]
    assert rest_day_advice(day(0), checkins((-1, 3), (0, 3)), split).action == "stretch"


# Rising week


def test_it_advises_rest_when_the_week_rises_by_two_points():
    # Steady within the week (no day-to-day rise), and 7 to 9 is under 30%: only the
    # 2-point rule applies.
    history = checkins((-13, 7), (-12, 7), (-11, 7), (-2, 9), (-1, 9), (0, 9))
    # Under "particularly sore" only as far as a rule allows: the 9s count as that too.
    advice = rest_day_advice(day(0), history)
    assert codes(advice) == {"rising_week", "particularly_sore"}
    advice = rest_day_advice(day(0), checkins((-13, 5), (-12, 5), (-11, 5), (-2, 7), (-1, 7)))
    history = checkins((-13, 4), (-12, 4), (-11, 4), (-2, 6), (-1, 6), (0, 6))
    advice = rest_day_advice(day(0), history)
    assert codes(advice) == {"rising_week"}
    assert advice.reasons[0].text == (
        "Your average soreness over the last 7 days is 6.0, up from 4.0 over the 7 days before."
    )


def test_it_advises_rest_when_the_week_rises_by_thirty_percent():
    # A rise of 1 point from 3 is a third: under 2 points, over 30%.
    history = checkins((-13, 3), (-12, 3), (-11, 3), (-2, 4), (-1, 4), (0, 4))
    assert codes(rest_day_advice(day(0), history)) == {"rising_week"}


def test_a_rise_of_exactly_thirty_percent_counts():
    # Means 10/3 and 13/3: the rise is exactly 30% of the week before.
    history = checkins((-13, 3), (-12, 3), (-11, 4), (-2, 4), (-1, 5), (0, 4))
    advice = rest_day_advice(day(0), history)
    assert "rising_week" in codes(advice)
    assert "4.3, up from 3.3" in advice.reasons[-1].text


def test_a_small_rise_in_the_week_is_not_a_reason():
    # 4 to 5 is 1 point and 25%.
    history = checkins((-13, 4), (-12, 4), (-11, 4), (-4, 5), (-2, 5), (-1, 5), (0, 5))
    advice = rest_day_advice(day(0), history)
    assert advice.action == "stretch"
    assert advice.notes == ()


def test_it_notes_too_few_checkins_to_compare_weeks_and_gives_no_week_reason():
    history = checkins((-13, 0), (-12, 0), (-2, 5), (-1, 5), (0, 5))
    advice = rest_day_advice(day(0), history)
    assert "rising_week" not in codes(advice)
    assert advice.action == "stretch"
    [note] = [n for n in advice.notes if n.startswith("Too few check-ins to compare")]
    assert "(3 and 2; 3 in each are needed)" in note


def test_it_needs_three_checkins_in_the_recent_week_too():
    history = checkins((-13, 0), (-12, 0), (-11, 0), (-3, 5), (0, 5))
    advice = rest_day_advice(day(0), history)
    assert "rising_week" not in codes(advice)
    assert any("(2 and 3; 3 in each are needed)" in note for note in advice.notes)


def test_the_week_comparison_ignores_checkins_older_than_two_weeks():
    # Day -14 would make three in the week before; it is one day too old to count.
    history = checkins((-14, 0), (-13, 0), (-12, 0), (-2, 5), (-1, 5), (0, 5))
    advice = rest_day_advice(day(0), history)
    assert "rising_week" not in codes(advice)
    assert any(note.startswith("Too few check-ins") for note in advice.notes)


# No check-in that day


def test_it_asks_for_a_checkin_when_there_is_none_that_day():
    advice = rest_day_advice(day(1), checkins((0, 9)))
    assert advice.action == "check_in"
    assert advice.clinician == ""
    assert advice.reasons == ()
    assert advice.soreness is None
    assert not advice.has_checkin
    assert advice.notes == ("There is no check-in for Tuesday 3 November, so no advice yet.",)
    assert advice.headline == "Log a soreness check-in to get advice for this day."


def test_it_still_warns_about_stretches_on_a_day_without_a_checkin():
    done = [StretchDone(day(0), "cobra", "Cobra", pain_during=7), StretchDone(day(0), "b", "B")]
    advice = rest_day_advice(day(1), [], done)
    assert advice.action == "check_in"
    assert [warning.slug for warning in advice.stretch_warnings] == ["cobra"]


# Inputs outside the window


def test_it_ignores_data_after_the_day():
    history = checkins((0, 3), (1, 3))
    later = [Checkin(day(2), 10, frozenset({"bladder_bowel"})), Checkin(day(3), 0)]
    later_done = [StretchDone(day(2), "cobra", "Cobra", pain_during=10)]
    plain = rest_day_advice(day(1), history)
    assert plain.action == "stretch"
    assert rest_day_advice(day(1), history + later, later_done) == plain


def test_it_does_not_use_a_next_day_rise_that_falls_after_the_day():
    done = [StretchDone(day(0), "cobra", "Cobra")]
    advice = rest_day_advice(day(0), checkins((0, 2), (1, 9)), done)
    assert advice.stretch_warnings == ()


def test_it_ignores_stretches_older_than_the_lookback():
    done = [
        StretchDone(day(-14), "cobra", "Cobra", pain_during=9),
        StretchDone(day(-13), "bridge", "Bridge", pain_during=9),
    ]
    advice = rest_day_advice(day(0), [], done)
    assert WARNING_DAYS == 14
    assert [warning.slug for warning in advice.stretch_warnings] == ["bridge"]


def test_the_last_of_duplicate_checkins_wins():
    advice = rest_day_advice(day(0), [Checkin(day(0), 9), Checkin(day(0), 2)])
    assert advice.soreness == 2
    assert advice.action == "stretch"


# Stretch warnings


def test_it_warns_about_a_stretch_that_hurt_during_it():
    done = [
        StretchDone(
            day(0),
            "knee-to-chest",
            "Knee to chest",
            pain_during=6,
            modifications=("Hold behind the thigh instead of the shin.",),
        )
    ]
    advice = rest_day_advice(day(1), checkins((0, 3), (1, 3)), done)
    [warning] = advice.stretch_warnings
    assert warning.slug == "knee-to-chest"
    assert warning.name == "Knee to chest"
    assert warning.modifications == ("Hold behind the thigh instead of the shin.",)
    assert warning.text == (
        "You rated the pain during it 6 on Monday 2 November, so skip it for now or try a "
        "gentler version."
    )
    assert warning.short == "pain 6/10"


def test_it_does_not_warn_about_pain_of_five_during_a_stretch():
    done = [StretchDone(day(0), "cobra", "Cobra", pain_during=5)]
    assert rest_day_advice(day(0), checkins((0, 3)), done).stretch_warnings == ()


def test_a_rise_after_the_whole_routine_flags_no_stretch():
    routine = [StretchDone(d, slug, slug.title()) for d in (day(-3), day(-1)) for slug in SLUGS]
    advice = rest_day_advice(day(0), checkins((-3, 2), (-2, 4), (-1, 2), (0, 5)), routine)
    assert advice.stretch_warnings == ()


def test_it_infers_a_stretch_only_when_the_days_separate_it():
    # Cat-cow on days -5 and -1, each followed by a rise; day -3 without it, no rise after.
    done = [
        StretchDone(day(-5), "cat-cow", "Cat-cow", modifications=("Smaller range.",)),
        StretchDone(day(-5), "bridge", "Bridge"),
        StretchDone(day(-3), "bridge", "Bridge"),
        StretchDone(day(-1), "cat-cow", "Cat-cow", modifications=("Smaller range.",)),
    ]
    history = checkins((-5, 2), (-4, 4), (-3, 2), (-2, 2), (-1, 2), (0, 4))
    [warning] = rest_day_advice(day(0), history, done).stretch_warnings
    assert warning.slug == "cat-cow"
    assert warning.short == "soreness rose after it 2 times"
    assert "and not after days without it" in warning.text
    # One rise is not enough to tell.
    once = rest_day_advice(day(0), history, [e for e in done if e.date != day(-5)])
    assert once.stretch_warnings == ()


def test_the_persons_answer_flags_the_stretch():
    done = [
        StretchDone(day(-1), "bridge", "Bridge"),
        StretchDone(day(-1), "cobra", "Cobra", made_worse=True, modifications=("Lower.",)),
    ]
    [warning] = rest_day_advice(day(0), checkins((-1, 2), (0, 5)), done).stretch_warnings
    assert warning.slug == "cobra"
    assert warning.short == "you said it made things worse"


def test_soreness_rose_after():
    assert soreness_rose_after(day(0), checkins((-1, 2), (0, 4))) == (2, 4)
    assert soreness_rose_after(day(0), checkins((-1, 2), (0, 3))) is None
    assert soreness_rose_after(day(0), checkins((-2, 2), (0, 9))) is None


def test_it_does_not_warn_about_a_next_day_rise_of_one():
    done = [StretchDone(day(-1), "cat-cow", "Cat-cow")]
    assert rest_day_advice(day(0), checkins((-1, 3), (0, 4)), done).stretch_warnings == ()


def test_it_needs_both_checkins_for_a_next_day_rise():
    done = [StretchDone(day(-2), "cat-cow", "Cat-cow")]
    assert rest_day_advice(day(0), checkins((-2, 1), (0, 9)), done).stretch_warnings == ()


def test_it_gives_one_warning_per_stretch_combining_its_facts():
    history = checkins((-4, 2), (-3, 5), (0, 5))
    done = [
        StretchDone(day(-5), "bridge", "Bridge", pain_during=7),
        StretchDone(day(-4), "bridge", "Bridge", pain_during=2, made_worse=True),
        StretchDone(day(-2), "bridge", "Bridge", pain_during=8, modifications=("Old tip.",)),
        StretchDone(day(-2), "bridge", "Glute bridge", pain_during=6, modifications=("Lower.",)),
        StretchDone(day(-1), "cat-cow", "Cat-cow", pain_during=9),
    ]
    advice = rest_day_advice(day(0), history, done)
    assert [warning.slug for warning in advice.stretch_warnings] == ["cat-cow", "bridge"]
    bridge = advice.stretch_warnings[1]
    assert bridge.text == (
        "You rated the pain during it 7 on Wednesday 28 October and 8 on Saturday 31 October, "
        "and you said it made things worse after Thursday 29 October, "
        "so skip it for now or try a gentler version."
    )
    assert bridge.short == "pain 8/10; you said it made things worse"
    # The newest entry's name and modifications are the ones shown.
    assert bridge.name == "Glute bridge"
    assert bridge.modifications == ("Lower.",)


def test_warnings_are_ordered_by_stretch_name():
    done = [
        StretchDone(day(0), "z", "Seated twist", pain_during=9),
        StretchDone(day(0), "a", "Pelvic tilt", pain_during=9),
        StretchDone(day(0), "m", "child's pose", pain_during=9),
    ]
    advice = rest_day_advice(day(0), [], done)
    assert [w.name for w in advice.stretch_warnings] == [
        "child's pose",
        "Pelvic tilt",
        "Seated twist",
    ]


# Red flags and the clinician


@pytest.mark.parametrize(
    ("flags", "level"),
    [
        (set(), ""),
        ({"numbness"}, "soon"),
        ({"pain_down_legs"}, "soon"),
        ({"leg_weakness"}, "urgent"),
        ({"fever"}, "urgent"),
        ({"fever", "numbness"}, "urgent"),
        ({"bladder_bowel"}, "emergency"),
        ({"numbness_both_legs"}, "emergency"),
        ({"weakness_both_legs"}, "emergency"),
        ({"pain_both_legs"}, "emergency"),
        ({"weakness_worsening", "leg_weakness"}, "emergency"),
        ({"fever", "bladder_bowel", "numbness"}, "emergency"),
    ],
)
def test_clinician_level(flags, level):
    assert clinician_level(flags) == level


def test_clinician_level_refuses_unknown_names():
    with pytest.raises(ValueError, match="bladder-bowel"):
        clinician_level({"bladder-bowel"})


def test_a_red_flag_asks_for_a_clinician_soon_ahead_of_stretching():
    advice = rest_day_advice(day(0), [Checkin(day(0), 2, frozenset({"numbness"}))])
    assert advice.clinician == "soon"
    assert advice.action == "stretch"
    assert advice.needs_clinician
    assert not advice.blocks_stretching
    # A clinician first: no routine is offered, logging stays possible after a question.
    assert advice.clinician_first and not advice.stretching_offered
    assert advice.headline.startswith("See a doctor or physiotherapist first")


def test_an_emergency_red_flag_beats_the_others_and_the_rest_advice():
    flags = frozenset({"fever", "bladder_bowel", "numbness"})
    advice = rest_day_advice(day(0), [Checkin(day(0), 9, flags)])
    assert advice.clinician == "emergency"
    assert advice.is_emergency and advice.blocks_stretching
    assert advice.action == "rest"
    assert advice.headline.startswith("Get emergency care now")
    assert advice.red_flags == ("bladder_bowel", "fever", "numbness")
    assert advice.flags_since == day(0)


def test_an_urgent_flag_blocks_stretching_too():
    advice = rest_day_advice(day(0), [Checkin(day(0), 2, frozenset({"leg_weakness"}))])
    assert advice.is_urgent and advice.blocks_stretching
    assert advice.headline.startswith("See a doctor today")


def test_both_legs_replaces_the_one_leg_flag():
    checkin = Checkin(day(0), 2, frozenset({"numbness", "numbness_both_legs"}))
    assert checkin.red_flags == {"numbness_both_legs"}


# Red flags persist until resolved


def test_a_red_flag_stays_open_after_a_later_no_and_on_days_without_a_checkin():
    history = [
        Checkin(day(-3), 2, frozenset({"pain_down_legs"})),
        Checkin(day(-2), 2),  # "no" to everything the next morning
    ]
    for on in (day(-2), day(-1), day(0)):  # a "no", then no check-in at all
        advice = rest_day_advice(on, history)
        assert advice.clinician == "soon"
        assert advice.active_flags == (ActiveFlag("pain_down_legs", day(-3)),)
        assert advice.flags_since == day(-3)


def test_a_resolution_closes_a_flag_and_a_later_yes_opens_it_again():
    history = [Checkin(day(-5), 2, frozenset({"bladder_bowel"})), Checkin(day(-1), 2)]
    seen = [Resolution("bladder_bowel", day(-2), "seen", seen_on=day(-3))]
    assert rest_day_advice(day(-3), history, resolutions=seen).is_emergency
    assert rest_day_advice(day(-2), history, resolutions=seen).clinician == ""
    assert rest_day_advice(day(0), history, resolutions=seen).clinician == ""
    again = [*history, Checkin(day(0), 3, frozenset({"bladder_bowel"}))]
    advice = rest_day_advice(day(0), again, resolutions=seen)
    assert advice.is_emergency and advice.flags_since == day(0)


def test_it_has_gone_closes_only_a_soon_flag():
    history = [Checkin(day(-5), 2, frozenset({"bladder_bowel", "fever", "numbness"}))]
    gone = [Resolution(flag, day(-1), "gone") for flag in ("bladder_bowel", "fever", "numbness")]
    advice = rest_day_advice(day(0), history, resolutions=gone)
    assert [flag.name for flag in advice.active_flags] == ["bladder_bowel", "fever"]


def test_a_visit_closes_only_what_was_reported_by_the_day_seen():
    history = [
        Checkin(day(-6), 2, frozenset({"fever"})),
        Checkin(day(-2), 2, frozenset({"fever", "numbness"})),
    ]
    seen = [Resolution(f, day(0), "seen", seen_on=day(-4)) for f in ("fever", "numbness")]
    advice = rest_day_advice(day(0), history, resolutions=seen)
    # The visit on day -4 saw the fever of day -6, not what was reported on day -2.
    assert [(f.name, f.since) for f in advice.active_flags] == [
        ("fever", day(-2)),
        ("numbness", day(-2)),
    ]


def test_a_report_outlives_the_checkin_that_made_it():
    """A check-in edited back to "no" or deleted: its report still counts."""
    advice = rest_day_advice(day(0), [Checkin(day(0), 2)], reports=[Report("fever", day(-9))])
    assert advice.is_urgent and advice.flags_since == day(-9)


def test_a_resolution_covers_a_yes_on_its_own_day():
    history = [Checkin(day(0), 2, frozenset({"fever"}))]
    seen = [Resolution("fever", day(0), "seen", seen_on=day(0))]
    assert rest_day_advice(day(0), history, resolutions=seen).clinician == ""


def test_reports_from_long_before_the_window_count():
    advice = rest_day_advice(day(0), checkins((0, 2)), reports=[Report("fever", day(-300))])
    assert advice.is_urgent
    assert advice.active_flags == (ActiveFlag("fever", day(-300)),)


def test_active_flags_by_day_reads_each_day():
    history = [Checkin(day(0), 2, frozenset({"numbness"})), Checkin(day(2), 2, frozenset())]
    by_day = active_flags_by_day([day(-1), day(0), day(3)], history)
    assert by_day == {
        day(-1): (),
        day(0): (ActiveFlag("numbness", day(0)),),
        day(3): (ActiveFlag("numbness", day(0)),),
    }


def test_the_headline_for_rest():
    assert rest_day_advice(day(0), checkins((0, 8))).headline == "Take a day off from stretching."


# Values


def test_format_day():
    assert format_day(date(2026, 11, 2)) == "Monday 2 November"
    assert format_day(date(2026, 12, 25)) == "Friday 25 December"


@pytest.mark.parametrize("soreness", [-1, 11])
def test_it_refuses_a_soreness_outside_zero_to_ten(soreness):
    with pytest.raises(ValueError, match="soreness"):
        Checkin(day(0), soreness)


def test_it_refuses_an_unknown_red_flag_on_a_checkin():
    with pytest.raises(ValueError, match="Unknown red flags"):
        Checkin(day(0), 3, frozenset({"dizzy"}))


@pytest.mark.parametrize(
    ("worsening", "particularly_sore"), [(0, 7), (3, 7), (1, 0), (11, 7), (1, 9), (2, 10)]
)
def test_it_refuses_thresholds_outside_the_cautious_bands(worsening, particularly_sore):
    with pytest.raises(ValueError):
        Thresholds(worsening=worsening, particularly_sore=particularly_sore)


def test_advice_for_days_matches_rest_day_advice_for_each_day():
    history = [
        Checkin(day(n), (n * 7) % 11, frozenset({"fever"}) if n == -3 else frozenset())
        for n in range(-20, 5)
        if n % 4
    ]
    done = [StretchDone(day(n), "cobra", "Cobra", pain_during=n % 11) for n in range(-20, 5, 3)]
    days = [day(n) for n in range(-25, 8)]
    thresholds = Thresholds(worsening=2, particularly_sore=6)
    month = advice_for_days(days, history, done, thresholds)
    assert list(month) == days
    assert {a.action for a in month.values()} == {"rest", "stretch", "check_in"}
    for d in days:
        assert month[d] == rest_day_advice(d, history, done, thresholds)


# Properties over random histories

SPAN = 30
START = date(2026, 10, 1)
SLUGS = ("bridge", "cat-cow", "cobra")

soreness_values = st.integers(min_value=0, max_value=10)
flag_sets = st.frozensets(st.sampled_from(list(RED_FLAGS)), max_size=3)
thresholds_values = st.builds(
    Thresholds,
    worsening=st.sampled_from([1, 2]),
    particularly_sore=st.integers(min_value=1, max_value=8),
)


@st.composite
def histories(draw, min_size: int = 0) -> list[Checkin]:
    offsets = draw(st.sets(st.integers(0, SPAN - 1), min_size=min_size))
    return [
        Checkin(START + timedelta(days=offset), draw(soreness_values), draw(flag_sets))
        for offset in sorted(offsets)
    ]


@st.composite
def entries(draw) -> list[StretchDone]:
    return [
        StretchDone(
            START + timedelta(days=draw(st.integers(0, SPAN - 1))),
            slug,
            slug.title(),
            draw(st.none() | soreness_values),
            (f"Gentler {slug}",),
        )
        for slug in draw(st.lists(st.sampled_from(SLUGS), max_size=8))
    ]


@st.composite
def a_checked_in_day(draw) -> tuple[list[Checkin], Checkin]:
    history = draw(histories(min_size=1))
    return history, draw(st.sampled_from(history))


def previous_checkin(history: list[Checkin], on: date) -> Checkin | None:
    earlier = [c for c in history if on - timedelta(days=7) <= c.date < on]
    return max(earlier, key=lambda c: c.date, default=None)


def test_it_never_says_stretch_after_a_rise_of_at_least_the_threshold(examples):
    @settings(max_examples=200)
    @given(a_checked_in_day(), thresholds_values)
    def check(picked, thresholds):
        history, today = picked
        previous = previous_checkin(history, today.date)
        advice = rest_day_advice(today.date, history, thresholds=thresholds)
        rose = previous is not None and today.soreness - previous.soreness >= thresholds.worsening
        if examples.reached("a rise", rose):
            assert advice.action == "rest"
            assert "worsening" in codes(advice)
        else:
            examples.reached("no rise")

    check()


@settings(max_examples=200)
@given(a_checked_in_day(), thresholds_values, st.data())
def test_lowering_the_days_rating_never_adds_a_reason(picked, thresholds, data):
    history, today = picked
    lower = data.draw(st.integers(min_value=0, max_value=today.soreness))
    lowered = [Checkin(c.date, lower, c.red_flags) if c.date == today.date else c for c in history]
    before = rest_day_advice(today.date, history, thresholds=thresholds)
    after = rest_day_advice(today.date, lowered, thresholds=thresholds)
    assert codes(after) <= codes(before)


@settings(max_examples=200)
@given(a_checked_in_day(), st.integers(min_value=1, max_value=8))
def test_raising_the_worsening_threshold_never_adds_a_worsening_reason(picked, sore):
    history, today = picked
    low = rest_day_advice(today.date, history, thresholds=Thresholds(1, sore))
    high = rest_day_advice(today.date, history, thresholds=Thresholds(2, sore))
    if "worsening" in codes(high):
        assert "worsening" in codes(low)
    assert codes(high) <= codes(low)


def test_a_day_with_a_red_flag_always_names_a_clinician(examples):
    @settings(max_examples=200)
    @given(a_checked_in_day(), thresholds_values)
    def check(picked, thresholds):
        history, today = picked
        advice = rest_day_advice(today.date, history, thresholds=thresholds)
        if examples.reached("a red flag that day", bool(today.red_flags)):
            assert advice.needs_clinician
            assert set(today.red_flags) <= set(advice.red_flags)
        if examples.reached("an emergency flag that day", "bladder_bowel" in today.red_flags):
            assert advice.clinician == "emergency"
            assert advice.headline.startswith("Get emergency care now")

    check()


def test_an_unresolved_flag_from_any_earlier_day_is_active_today(examples):
    @settings(max_examples=200, deadline=None)
    @given(histories(), st.integers(0, SPAN - 1), st.data())
    def check(history, offset, data):
        on = START + timedelta(days=offset)
        flagged = [c for c in history if c.date <= on and c.red_flags]
        resolutions = data.draw(
            st.lists(
                st.builds(
                    Resolution,
                    st.sampled_from(list(RED_FLAGS)),
                    st.integers(0, SPAN - 1).map(lambda n: START + timedelta(days=n)),
                    st.just("gone"),
                ),
                max_size=3,
            )
        )
        advice = rest_day_advice(on, history, resolutions=resolutions)
        for checkin in flagged:
            for name in checkin.red_flags:
                resolved = any(r.flag == name and checkin.date <= r.date <= on for r in resolutions)
                if examples.reached("unresolved", not resolved):
                    assert name in advice.red_flags
                    since = {f.name: f.since for f in advice.active_flags}[name]
                    assert since <= checkin.date
                    assert TIERS.index(advice.clinician) >= TIERS.index(RED_FLAGS[name].tier)
                else:
                    examples.reached("resolved since")

    check()


@settings(max_examples=200)
@given(a_checked_in_day(), st.sampled_from(list(RED_FLAGS)), thresholds_values)
def test_adding_a_red_flag_never_lowers_the_tier(picked, flag, thresholds):
    history, today = picked
    more = [
        Checkin(c.date, c.soreness, c.red_flags | {flag}) if c.date == today.date else c
        for c in history
    ]
    before = rest_day_advice(today.date, history, thresholds=thresholds)
    after = rest_day_advice(today.date, more, thresholds=thresholds)
    assert TIERS.index(after.clinician) >= TIERS.index(before.clinician)
    assert after.clinician != ""
    assert after.action == before.action  # red flags change the notice, not the rest rule


def test_raising_the_days_soreness_never_turns_rest_into_stretch(examples):
    @settings(max_examples=300, deadline=None)
    @given(a_checked_in_day(), entries(), thresholds_values, st.data())
    def check(picked, done, thresholds, data):
        history, today = picked
        higher = data.draw(st.integers(min_value=today.soreness, max_value=10))
        raised = [
            Checkin(c.date, higher, c.red_flags) if c.date == today.date else c for c in history
        ]
        before = rest_day_advice(today.date, history, done, thresholds)
        after = rest_day_advice(today.date, raised, done, thresholds)
        if examples.reached("rest before", before.should_rest):
            assert after.should_rest
            assert codes(before) <= codes(after)
        else:
            examples.reached("stretch before")

    check()


def test_a_more_cautious_threshold_never_removes_a_rest(examples):
    @settings(max_examples=300, deadline=None)
    @given(a_checked_in_day(), entries(), thresholds_values, st.data())
    def check(picked, done, thresholds, data):
        history, today = picked
        cautious = Thresholds(
            worsening=data.draw(st.integers(1, thresholds.worsening)),
            particularly_sore=data.draw(st.integers(1, thresholds.particularly_sore)),
        )
        before = rest_day_advice(today.date, history, done, thresholds)
        after = rest_day_advice(today.date, history, done, cautious)
        if examples.reached("rest", before.should_rest):
            assert after.should_rest
            assert codes(before) <= codes(after)
        else:
            examples.reached("stretch")

    check()


@settings(max_examples=200)
@given(histories(), entries(), thresholds_values, st.integers(0, SPAN - 1), st.data())
def test_it_reads_a_bounded_window_the_last_checkins_before_it_and_every_report(
    history, done, thresholds, offset, data
):
    on = START + timedelta(days=offset)
    oldest = on - timedelta(days=LOOKBACK_DAYS - 1)
    old_dates = st.integers(min_value=1, max_value=400).map(lambda n: oldest - timedelta(days=n))
    old_checkins = data.draw(st.lists(st.builds(Checkin, old_dates, soreness_values, flag_sets)))
    old_done = data.draw(
        st.lists(
            st.builds(
                StretchDone, old_dates, st.sampled_from(SLUGS), st.just("Old"), soreness_values
            )
        )
    )
    # One check-in a day, as the database keeps them (the later one wins, as in the rule).
    by_date = {checkin.date: checkin for checkin in old_checkins + history}
    everything = sorted(by_date.values(), key=lambda checkin: checkin.date)
    window = [c for c in everything if c.date >= oldest]
    before = [c for c in everything if c.date < oldest][-MIN_BASELINE_CHECKINS:]
    window_done = [e for e in done if e.date >= oldest]
    # Older check-ins matter through their reports (kept in the database) and the last few
    # levels before the window (a comparison across a gap).
    reports = [Report(flag, c.date, c.answered_at) for c in everything for flag in c.red_flags]
    assert rest_day_advice(on, everything, old_done + done, thresholds) == rest_day_advice(
        on, before + window, window_done, thresholds, reports=reports
    )


@settings(max_examples=200)
@given(histories(), entries(), st.integers(0, SPAN - 1))
def test_it_asks_for_a_checkin_exactly_when_there_is_none_that_day(history, done, offset):
    on = START + timedelta(days=offset)
    advice = rest_day_advice(on, history, done)
    has_checkin = any(c.date == on for c in history)
    # A painful session the day before means rest with or without a check-in.
    painful = "painful_session" in codes(advice)
    assert (advice.action == "check_in") == (not has_checkin and not painful)
    assert advice.has_checkin == has_checkin


@settings(max_examples=100, deadline=None)
@given(histories(), entries(), thresholds_values)
def test_advice_for_days_equals_rest_day_advice_on_random_histories(history, done, thresholds):
    days = [START + timedelta(days=n) for n in range(SPAN)]
    month = advice_for_days(days, history, done, thresholds)
    for d in days:
        assert month[d] == rest_day_advice(d, history, done, thresholds)


@settings(max_examples=100)
@given(histories(), entries(), thresholds_values, st.integers(0, SPAN - 1))
def test_it_ignores_everything_after_the_day(history, done, thresholds, offset):
    on = START + timedelta(days=offset)
    past = [c for c in history if c.date <= on]
    past_done = [e for e in done if e.date <= on]
    assert rest_day_advice(on, history, done, thresholds) == rest_day_advice(
        on, past, past_done, thresholds
    )


def test_a_yes_saved_after_a_same_day_resolution_opens_the_flag_again():
    from datetime import datetime

    early = datetime(2026, 11, 2, 7, tzinfo=UTC)
    morning = datetime(2026, 11, 2, 8, tzinfo=UTC)
    evening = datetime(2026, 11, 2, 20, tzinfo=UTC)
    seen = [Resolution("fever", day(0), "seen", seen_on=day(0), recorded_at=morning)]
    before = [Checkin(day(0), 2, frozenset({"fever"}), answered_at=early)]
    after = [Checkin(day(0), 2, frozenset({"fever"}), answered_at=evening)]
    assert rest_day_advice(day(0), before, resolutions=seen).clinician == ""
    # At the very same moment the order is not known: it stays open.
    tie = [Checkin(day(0), 2, frozenset({"fever"}), answered_at=morning)]
    assert rest_day_advice(day(0), tie, resolutions=seen).is_urgent
    assert rest_day_advice(day(0), after, resolutions=seen).active_flags == (
        ActiveFlag("fever", day(0)),
    )


def test_a_session_that_hurt_8_or_more_always_rests_the_next_day(examples):
    @settings(max_examples=200, deadline=None)
    @given(
        histories(),
        entries(),
        st.integers(1, SPAN - 1),
        thresholds_values,
        st.one_of(st.none(), st.integers(8, 10)),
    )
    def check(history, done, offset, thresholds, severe_pain):
        on = START + timedelta(days=offset)
        yesterday = on - timedelta(days=1)
        if severe_pain is not None:  # half the examples get a stretch that hurt yesterday
            done = [*done, StretchDone(yesterday, SLUGS[0], "Severe", severe_pain)]
        advice = rest_day_advice(on, history, done, thresholds)
        severe = any(
            e.date == yesterday and e.pain_during is not None and e.pain_during >= 8 for e in done
        )
        if examples.reached("a severe session the day before", severe):
            assert advice.should_rest
            assert "painful_session" in codes(advice)
        else:
            examples.reached("none")

    check()
