"""The guided session in a browser, on Playwright's clock: time stands still in the page
(Date, timers and performance.now alike) except when a test moves it on. `run_for` moves it
as a visible tab lives it, firing every timer on the way; `fast_forward` jumps, firing each
due timer at most once, as a tab in the background or a phone asleep would.
"""

import datetime as dt
import re

from playwright.sync_api import Page, expect

from journal.models import Routine, RoutineStretch, Stretch, StretchSession
from tests.browser.conftest import assert_no_horizontal_scroll
from tests.browser.test_journal import log_in
from tests.conftest import checked_in, make_user

KNEE_HOLD = 10
SPHINX_HOLD = 8


def short_routine() -> Routine:
    """Three stretches: a hold on each side, reps on each side with no hold, a plain hold."""
    routine = Routine.objects.create(name="Short test routine", slug="short", summary="For tests.")
    doses = [
        ("knee-to-chest", {"hold_seconds_min": KNEE_HOLD, "hold_seconds_max": 20}),
        ("hip-circles", {"reps_min": 3, "reps_max": 5}),
        ("sphinx", {"hold_seconds_min": SPHINX_HOLD, "hold_seconds_max": 20}),
    ]
    for position, (slug, dose) in enumerate(doses, start=1):
        stretch = Stretch.objects.get(slug=slug)
        RoutineStretch.objects.create(
            routine=routine, stretch=stretch, position=position, each_side=stretch.each_side, **dose
        )
    return routine


def saved_entries(session: StretchSession) -> list[tuple]:
    return [
        (e.stretch.slug, e.side, e.hold_seconds, e.reps, e.sets, e.pain_during)
        for e in session.entries.select_related("stretch")
    ]


def open_paused(page: Page, routine: Routine) -> None:
    """Opens the routine's guided session with the page's clock stopped."""
    page.clock.install(time=dt.datetime(2025, 3, 3, 8, 0))
    page.goto(f"/guided/{routine.slug}/")
    page.clock.pause_at(dt.datetime(2025, 3, 3, 8, 1))


def run_for(page: Page, seconds: float) -> None:
    """Runs the page's clock on by `seconds`, and the few milliseconds more its timer takes
    to wake after each second it waits for."""
    page.clock.run_for(round(seconds * 1000) + 5)


def wants_to_stay(page: Page) -> bool:
    """Whether leaving now would ask first (the page cancels `beforeunload`)."""
    return page.evaluate(
        "() => { const e = new Event('beforeunload', {cancelable: true});"
        " window.dispatchEvent(e); return e.defaultPrevented; }"
    )


def test_a_guided_session_paused_skipped_and_finished_is_saved_as_done(phone: Page):
    page = phone
    user = make_user("guided")
    checked_in(user)
    routine = short_routine()
    log_in(page, "guided")
    open_paused(page, routine)
    expect(page.get_by_role("heading", name="Guided session")).to_be_visible()
    assert wants_to_stay(page) is False

    page.get_by_role("button", name="Start").click()
    page.keyboard.press("Space")  # at once, in the first get-ready count
    name = page.locator("#guided-stretch-name")
    expect(name).to_have_text("Knee-to-chest stretch")
    expect(page.locator("#guided-paused")).to_be_visible()
    expect(page.locator("#guided-primary")).to_have_text("Resume")
    count = page.locator("#guided-count")
    expect(count).to_have_text("5")
    run_for(page, 25)
    expect(count).to_have_text("5")  # the countdown stood still while paused
    clock = page.locator(".guided-clock").bounding_box()
    for button in page.locator(".guided-controls button").all():
        assert button.bounding_box()["height"] >= 48
    assert_no_horizontal_scroll(page)

    page.get_by_role("button", name="Resume").click()
    run_for(page, 2)
    expect(count).to_have_text("3")
    phase = page.locator("#guided-phase")
    # Away for 33 s (the rest of get ready, left 10, switch 5, right 10, get ready 5 for the
    # next): the one timer due fires once, late, and the page catches up on every phase.
    page.clock.fast_forward(33_000)
    expect(phase).to_have_text("Do 3 reps")
    expect(name).to_have_text(re.compile("^Hip circles"))
    expect(page.locator("#guided-detail")).to_have_text("Left side")
    # A longer name, the same place for the clock: nothing jumps.
    assert page.locator(".guided-clock").bounding_box() == clock

    # Back to the first stretch does it again (and does not count it twice), second by second.
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Space")
    expect(name).to_have_text("Knee-to-chest stretch")
    expect(count).to_have_text("5")
    page.keyboard.press("Space")
    run_for(page, 5)
    expect(phase).to_have_text("Hold")
    expect(count).to_have_text("10")
    run_for(page, 9)
    expect(count).to_have_text("1")
    run_for(page, 1 + 5 + KNEE_HOLD + 5)
    expect(phase).to_have_text("Do 3 reps")
    expect(name).to_have_text(re.compile("^Hip circles"))
    page.get_by_role("button", name="Skip stretch").click()
    expect(name).to_have_text("Sphinx pose")
    run_for(page, 5 + SPHINX_HOLD)

    summary = page.locator("#guided-results")
    expect(page.get_by_role("heading", name="Your session")).to_be_visible()
    expect(page.locator("#guided-summary-lead")).to_contain_text("end of the routine")
    knee = summary.locator("li", has_text="Knee-to-chest stretch")
    expect(knee).to_contain_text(f"Left {KNEE_HOLD} s, Right {KNEE_HOLD} s")
    expect(summary.locator("li", has_text="Hip circles")).to_contain_text("Skipped")
    sphinx = summary.locator("li", has_text="Sphinx pose")
    expect(sphinx).to_contain_text(f"{SPHINX_HOLD} s")
    expect(page.get_by_role("button", name="Carry on")).to_be_hidden()
    assert wants_to_stay(page) is True
    knee.get_by_label("Pain during").select_option("4")
    page.get_by_role("button", name="Save to my journal").click()

    expect(page.get_by_text("Session saved.")).to_be_visible()
    session = StretchSession.objects.get(user=user)
    assert (session.routine, session.note) == (routine, "Guided session")
    # Finished holds count exactly their planned time; skipped stretches are not logged.
    assert saved_entries(session) == [
        ("knee-to-chest", "left", KNEE_HOLD, None, 1, 4),
        ("knee-to-chest", "right", KNEE_HOLD, None, 1, 4),
        ("sphinx", "na", SPHINX_HOLD, None, 1, None),
    ]


def test_ending_halfway_saves_what_was_done(page: Page):
    user = make_user("halfway")
    checked_in(user)
    routine = short_routine()
    log_in(page, "halfway")
    open_paused(page, routine)

    page.get_by_role("button", name="Start").click()
    page.keyboard.press("ArrowRight")  # no need to get ready: straight into the left hold
    detail = page.locator("#guided-detail")
    expect(detail).to_have_text("Left side")
    run_for(page, 3.4)
    page.get_by_role("button", name="Pause").click()
    expect(page.locator("#guided-count")).to_have_text("7")  # 6.6 s left, rounded up
    page.keyboard.press("ArrowRight")  # end the left hold here, as long as it lasted

    phase = page.locator("#guided-phase")
    expect(phase).to_have_text("Switch sides")
    run_for(page, 5 + KNEE_HOLD + 5)
    expect(phase).to_have_text("Do 3 reps")
    page.get_by_role("button", name="Done").click()
    expect(phase).to_have_text("Switch sides")
    run_for(page, 5)
    expect(phase).to_have_text("Do 3 reps")
    expect(detail).to_have_text("Right side")
    run_for(page, 60)  # a count of reps waits for Done
    expect(detail).to_have_text("Right side")
    page.get_by_role("button", name="End session").click()

    summary = page.locator("#guided-results")
    expect(page.locator("#guided-summary-lead")).to_contain_text("You stopped at stretch 2 of 3")
    expect(summary.locator("li", has_text="Knee-to-chest stretch")).to_contain_text(
        f"Left 3 s, Right {KNEE_HOLD} s"
    )
    expect(summary.locator("li", has_text="Hip circles")).to_contain_text("Left 3 reps")
    expect(summary.locator("li", has_text="Sphinx pose")).to_contain_text("Not done")
    expect(page.get_by_role("button", name="Carry on")).to_be_visible()
    assert wants_to_stay(page) is True
    page.get_by_role("button", name="Save to my journal").click()

    expect(page.get_by_text("Session saved.")).to_be_visible()
    session = StretchSession.objects.get(user=user)
    # The left hold was cut short after 3.4 s: saved as 3.
    assert saved_entries(session) == [
        ("knee-to-chest", "left", 3, None, 1, None),
        ("knee-to-chest", "right", KNEE_HOLD, None, 1, None),
        ("hip-circles", "left", None, 3, 1, None),
    ]


def test_a_hold_cut_short_by_ending_is_kept_and_carrying_on_picks_it_up(page: Page):
    user = make_user("carry")
    checked_in(user)
    routine = short_routine()
    log_in(page, "carry")
    open_paused(page, routine)

    page.get_by_role("button", name="Start").click()
    page.get_by_role("button", name="Skip stretch").click()
    page.get_by_role("button", name="Skip stretch").click()
    expect(page.locator("#guided-stretch-name")).to_have_text("Sphinx pose")
    run_for(page, 5 + 5.3)  # 5.3 s into the 8 s hold, still running
    page.get_by_role("button", name="End session").click()

    sphinx = page.locator("#guided-results li", has_text="Sphinx pose")
    expect(sphinx).to_contain_text("5 s")
    expect(page.locator("#guided-summary-lead")).to_contain_text("You stopped at stretch 3 of 3")
    run_for(page, 300)  # the summary is a pause: nothing runs meanwhile
    page.get_by_role("button", name="Carry on").click()

    count = page.locator("#guided-count")
    expect(page.locator("#guided-paused")).to_be_visible()
    expect(count).to_have_text("3")  # 2.7 s left, where it stopped
    page.get_by_role("button", name="Resume").click()
    run_for(page, 2)
    expect(count).to_have_text("1")
    run_for(page, 1)
    expect(page.locator("#guided-summary-lead")).to_contain_text("end of the routine")
    # The hold ran its course after all: counted once, in full.
    expect(sphinx).to_contain_text(f"{SPHINX_HOLD} s")
    page.get_by_role("button", name="Save to my journal").click()

    expect(page.get_by_text("Session saved.")).to_be_visible()
    session = StretchSession.objects.get(user=user)
    assert saved_entries(session) == [("sphinx", "na", SPHINX_HOLD, None, 1, None)]
