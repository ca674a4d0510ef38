"""The guided session in a browser, on a test-speed clock (`?speed=N` divides every duration)."""

import re

from playwright.sync_api import Page, expect

from journal.models import Routine, RoutineStretch, Stretch, StretchSession
from tests.browser.conftest import assert_no_horizontal_scroll
from tests.browser.test_journal import log_in
from tests.conftest import make_user

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


def wants_to_stay(page: Page) -> bool:
    """Whether leaving now would ask first (the page cancels `beforeunload`)."""
    return page.evaluate(
        "() => { const e = new Event('beforeunload', {cancelable: true});"
        " window.dispatchEvent(e); return e.defaultPrevented; }"
    )


def test_a_guided_session_paused_skipped_and_finished_is_saved_as_done(phone: Page):
    page = phone
    user = make_user("guided")
    routine = short_routine()
    log_in(page, "guided")
    page.goto(f"/guided/{routine.slug}/?speed=50")
    expect(page.get_by_role("heading", name="Guided session")).to_be_visible()
    assert wants_to_stay(page) is False

    page.get_by_role("button", name="Start").click()
    page.keyboard.press("Space")  # at once, in the first get-ready count
    name = page.locator("#guided-stretch-name")
    expect(name).to_have_text("Knee-to-chest stretch")
    expect(page.locator("#guided-paused")).to_be_visible()
    expect(page.locator("#guided-primary")).to_have_text("Resume")
    count = page.locator("#guided-count")
    shown = count.text_content()
    page.wait_for_timeout(500)  # 25 seconds at this speed
    assert count.text_content() == shown, "the countdown moved while paused"
    clock = page.locator(".guided-clock").bounding_box()
    for button in page.locator(".guided-controls button").all():
        assert button.bounding_box()["height"] >= 48
    assert_no_horizontal_scroll(page)

    page.get_by_role("button", name="Resume").click()
    phase = page.locator("#guided-phase")
    expect(phase).to_have_text("Do 3 reps")
    expect(name).to_have_text(re.compile("^Hip circles"))
    expect(page.locator("#guided-detail")).to_have_text("Left side")
    # A longer name, the same place for the clock: nothing jumps.
    assert page.locator(".guided-clock").bounding_box() == clock

    # Back to the first stretch does it again (and does not count it twice).
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Space")
    expect(name).to_have_text("Knee-to-chest stretch")
    page.keyboard.press("Space")
    expect(phase).to_have_text("Do 3 reps")
    expect(name).to_have_text(re.compile("^Hip circles"))
    page.get_by_role("button", name="Skip stretch").click()

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
    routine = short_routine()
    log_in(page, "halfway")
    page.goto(f"/guided/{routine.slug}/?speed=10")

    page.get_by_role("button", name="Start").click()
    page.keyboard.press("ArrowRight")  # no need to get ready: straight into the left hold
    detail = page.locator("#guided-detail")
    expect(detail).to_have_text("Left side")
    page.wait_for_timeout(300)  # about 3 of its 10 seconds at this speed
    page.get_by_role("button", name="Pause").click()
    remaining = int(page.locator("#guided-count").text_content())
    assert 1 <= remaining < KNEE_HOLD
    page.keyboard.press("ArrowRight")  # end the left hold here, as long as it lasted

    expect(page.locator("#guided-phase")).to_have_text("Do 3 reps")
    page.get_by_role("button", name="Done").click()
    expect(page.locator("#guided-phase")).to_have_text("Do 3 reps")
    expect(detail).to_have_text("Right side")
    page.get_by_role("button", name="End session").click()

    summary = page.locator("#guided-results")
    expect(page.locator("#guided-summary-lead")).to_contain_text("You stopped at stretch 2 of 3")
    expect(summary.locator("li", has_text="Hip circles")).to_contain_text("Left 3 reps")
    expect(summary.locator("li", has_text="Sphinx pose")).to_contain_text("Not done")
    expect(page.get_by_role("button", name="Carry on")).to_be_visible()
    assert wants_to_stay(page) is True
    page.get_by_role("button", name="Save to my journal").click()

    expect(page.get_by_text("Session saved.")).to_be_visible()
    session = StretchSession.objects.get(user=user)
    entries = saved_entries(session)
    assert [entry[:2] for entry in entries] == [
        ("knee-to-chest", "left"),
        ("knee-to-chest", "right"),
        ("hip-circles", "left"),
    ]
    # The left hold was cut short while the clock showed `remaining`: it lasted about
    # KNEE_HOLD - remaining seconds (the display rounds up, so up to one more).
    left_hold = entries[0][2]
    assert KNEE_HOLD - remaining <= left_hold <= KNEE_HOLD - remaining + 1
    assert entries[1][2] == KNEE_HOLD
    assert entries[2][2:] == (None, 3, 1, None)
