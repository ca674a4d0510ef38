"""Stretch figures in the browser: moving gently or standing still as the person asks, kept for
offline use with their pages, turned round for the other side in the guided session, and
taking their room before they draw."""

from playwright.sync_api import BrowserContext, Page, expect

from journal.figures import other_side_alt
from journal.models import Stretch
from tests.browser.conftest import assert_no_horizontal_scroll
from tests.browser.test_guided import open_paused, short_routine
from tests.browser.test_journal import log_in
from tests.browser.test_offline import wait_until_kept_offline
from tests.conftest import checked_in, make_user


def frames(page: Page):
    return page.locator(".pose-figure .pose-frame")


def test_the_stretch_page_moves_gently_between_start_and_hold_until_asked_to_stop(page: Page):
    page.emulate_media(reduced_motion="no-preference")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(Stretch.objects.get(slug="cat-cow").get_absolute_url())
    start, hold = frames(page).nth(0), frames(page).nth(1)
    # One place, the two positions fading into each other.
    assert start.bounding_box() == hold.bounding_box()
    assert start.evaluate("(e) => getComputedStyle(e).animationName") == "pose-fade"
    page.get_by_label("Show the two positions side by side").check()
    assert start.evaluate("(e) => getComputedStyle(e).animationName") == "none"
    assert start.bounding_box()["y"] < hold.bounding_box()["y"]  # stacked on a phone
    assert_no_horizontal_scroll(page)


def test_less_motion_gets_two_still_frames_side_by_side(page: Page):
    page.emulate_media(reduced_motion="reduce")
    page.set_viewport_size({"width": 1280, "height": 800})
    stretch = Stretch.objects.get(slug="knee-to-chest")
    page.goto(stretch.get_absolute_url())
    start, hold = frames(page).nth(0), frames(page).nth(1)
    expect(start.get_by_text("Start")).to_be_visible()
    expect(hold.get_by_text("Hold")).to_be_visible()
    assert start.evaluate("(e) => getComputedStyle(e).animationName") == "none"
    assert start.bounding_box()["y"] == hold.bounding_box()["y"]
    assert start.bounding_box()["x"] < hold.bounding_box()["x"]
    expect(page.get_by_role("img", name=stretch.figure["held"]["alt"])).to_be_visible()
    expect(page.get_by_text("Right leg shown; then switch sides")).to_be_visible()
    expect(page.get_by_label("Show the two positions side by side")).to_be_hidden()


def test_figures_take_their_room_before_they_draw(page: Page):
    """No layout shift: every figure's box has its final shape before styles or layout settle."""
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/stretches/")
    sizes = page.evaluate(
        "[...document.querySelectorAll('svg.pose')].map((svg) =>"
        " [svg.getAttribute('width') / svg.getAttribute('height'),"
        "  svg.getBoundingClientRect().width / svg.getBoundingClientRect().height])"
    )
    assert len(sizes) == 25
    for declared, shown in sizes:
        assert declared == 2 and abs(shown - 2) < 0.02
    shift = page.evaluate(
        """() => new Promise((resolve) => {
            let total = 0;
            new PerformanceObserver((list) => {
              for (const entry of list.getEntries()) total += entry.value;
            }).observe({type: "layout-shift", buffered: true});
            setTimeout(() => resolve(total), 500);
        })"""
    )
    assert shift < 0.01
    assert_no_horizontal_scroll(page)


def test_a_stretch_pages_figure_shows_offline(page: Page, context: BrowserContext):
    page.goto("/stretches/")
    wait_until_kept_offline(page)
    context.set_offline(True)
    stretch = Stretch.objects.get(slug="thread-the-needle")
    page.goto(stretch.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text(stretch.name)
    held = page.get_by_role("img", name=stretch.figure["held"]["alt"])
    expect(held).to_be_visible()
    assert held.bounding_box()["width"] > 200
    page.goto("/stretches/")
    expect(page.locator("svg.card-pose")).to_have_count(25)


def test_the_guided_session_shows_the_current_stretch_turned_for_the_other_side(phone: Page):
    page = phone
    user = make_user("follower")
    checked_in(user)
    routine = short_routine()
    log_in(page, "follower")
    open_paused(page, routine)
    page.get_by_role("button", name="Start").click()
    knee = Stretch.objects.get(slug="knee-to-chest").figure["held"]["alt"]
    figure = page.locator(".guided-figure:visible")
    expect(figure).to_have_count(1)
    # The timer starts with the left side; the figure is drawn for the right, so it turns round.
    expect(page.locator("#guided-detail")).to_have_text("First: Left side")
    expect(figure).to_have_class("guided-figure is-turned")
    expect(figure.locator("figcaption")).to_have_text("Left leg shown; then switch sides")
    expect(figure.locator("svg")).to_have_attribute("aria-label", other_side_alt(knee))
    # Large enough to follow from a mat: most of a phone's width.
    assert figure.locator("svg").bounding_box()["width"] >= 290
    page.keyboard.press("ArrowRight")  # into the left hold
    page.keyboard.press("ArrowRight")  # switch sides: the right comes next
    expect(page.locator("#guided-phase")).to_have_text("Switch sides")
    expect(figure).to_have_class("guided-figure")
    expect(figure.locator("figcaption")).to_have_text("Right leg shown; then switch sides")
    expect(figure.locator("svg")).to_have_attribute("aria-label", knee)

    page.get_by_role("button", name="Skip stretch").click()
    expect(page.locator("#guided-stretch-name")).to_have_text(
        "Hip circles (full-range hip activation)"
    )
    circles = Stretch.objects.get(slug="hip-circles").figure["held"]["alt"]
    expect(page.locator(".guided-figure:visible svg")).to_have_attribute(
        "aria-label", other_side_alt(circles)
    )
    assert_no_horizontal_scroll(page)
