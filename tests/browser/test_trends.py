import re

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_no_horizontal_scroll
from tests.browser.test_journal import log_in
from tests.conftest import make_user
from tests.test_today import add_history

# No stretch-by-stretch chart here: the history does the same two stretches every day, so
# the page says in words that they cannot be told apart.
FIGURES = ["trend-figure", "consistency-figure", "calendar-figure"]


def scroll_to(page: Page, name: str) -> None:
    """Scroll a chart into view, as a person reading down the page would; an htmx swap may
    replace the chart while it is being scrolled to, so that is tried again."""
    for _ in range(20):
        try:
            page.locator(f'[data-figure="{name}"]').scroll_into_view_if_needed(timeout=2000)
            return
        except PlaywrightError:
            page.wait_for_timeout(100)


def expect_charts_drawn(page: Page, names: list[str]) -> None:
    """Each chart is drawn once it is scrolled to."""
    for name in names:
        scroll_to(page, name)
        expect(page.locator(f'[data-figure="{name}"] svg.main-svg').first).to_be_attached()


def test_charts_far_below_are_drawn_only_when_scrolled_to(phone: Page):
    user = make_user("scroller")
    add_history(user, user.profile.today(), 30)
    log_in(phone, "scroller")
    phone.goto("/trends/")
    calendar = phone.locator('[data-figure="calendar-figure"] svg.main-svg')
    phone.wait_for_timeout(500)
    expect(calendar).to_have_count(0)
    expect_charts_drawn(phone, ["calendar-figure"])


def test_the_charts_draw_on_load_after_a_range_switch_and_after_a_checkin(page: Page):
    user = make_user("charted")
    today = user.profile.today()
    add_history(user, today, 60)
    log_in(page, "charted")

    page.goto("/trends/")
    expect_charts_drawn(page, FIGURES)
    expect(page.get_by_text("together each time")).to_be_visible()
    assert_no_horizontal_scroll(page)

    page.evaluate("window.stillHere = true")
    page.get_by_role("link", name="90 days").click()
    expect(page).to_have_url(re.compile(r"/trends/\?range=90$"))
    expect(page.get_by_role("link", name="90 days")).to_have_attribute("aria-current", "true")
    expect_charts_drawn(page, FIGURES)
    assert page.evaluate("window.stillHere") is True
    points = page.evaluate("document.querySelector('[data-figure=trend-figure]').data[0].x.length")
    assert points == 60  # every day of the history: the 60 days before today

    # Today's check-in, saved in place: the charts refresh and now include today.
    page.get_by_role("button", name="Soreness 5: save").click()
    expect(page.locator("#checkin-panel")).to_contain_text("Soreness 5/10")
    expect_charts_drawn(page, FIGURES)
    trend_points = "document.querySelector('[data-figure=trend-figure]')?.data?.[0]?.x?.length"
    # Polled from here: a predicate run inside the page would need eval, which the CSP forbids.
    for _ in range(50):
        if page.evaluate(trend_points) == 61:
            break
        scroll_to(page, "trend-figure")  # the swapped-in chart is drawn when scrolled to
        page.wait_for_timeout(100)
    assert page.evaluate(trend_points) == 61
    assert page.evaluate("window.stillHere") is True


def test_the_charts_read_on_a_phone_with_little_data(phone: Page):
    make_user("newish")
    log_in(phone, "newish")
    phone.goto("/trends/")
    expect(phone.get_by_text("No check-ins in this time yet")).to_be_visible()
    phone.get_by_role("button", name="Soreness 3: save").click()
    expect_charts_drawn(phone, ["trend-figure", "calendar-figure"])
    expect(phone.get_by_text("A trend needs a few more days")).to_be_visible()
    # A stretch day not yet stretched on is not a day kept or missed yet: no chart of it.
    expect(phone.get_by_text("Nothing to count yet: today counts once you stretch")).to_be_visible()
    expect(phone.locator('[data-figure="consistency-figure"]')).to_have_count(0)
    assert_no_horizontal_scroll(phone)


def test_the_report_draws_its_chart(page: Page):
    user = make_user("reported")
    add_history(user, user.profile.today(), 20)
    log_in(page, "reported")
    page.goto("/report/")
    expect_charts_drawn(page, ["report-trend"])
    expect(page.get_by_role("heading", name="Check-ins")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".report-form")).to_be_hidden()
