"""Red flags in a browser: they persist until resolved, and an emergency stops all stretching."""

import datetime as dt

from playwright.sync_api import Page, expect

from journal.models import Profile, RedFlagResolution
from tests.browser.conftest import assert_no_horizontal_scroll
from tests.browser.test_journal import log_in
from tests.conftest import make_user


def settled_user(username: str):
    """A person past the first-use questions, so the pages show what these tests are about."""
    user = make_user(username)
    Profile.objects.filter(user=user).update(health_caution=False, pointers_seen=True)
    return user


def test_a_red_flag_persists_until_the_person_says_it_has_gone(phone: Page):
    page = phone
    user = settled_user("sciatica")
    today = user.profile.today()
    yesterday = today - dt.timedelta(days=1)
    log_in(page, "sciatica")

    page.goto(f"/checkins/new/?date={yesterday.isoformat()}")
    page.get_by_role("group", name="Pain spreading down a leg?").get_by_label("One leg").check()
    page.get_by_role("button", name="Soreness 3: save").click()
    expect(page.get_by_text("Check-in saved.")).to_be_visible()

    # The next morning, "no" to everything: the notice stays, with the day it began.
    page.goto("/")
    notice = page.locator("#clinician-notice")
    expect(notice).to_contain_text("See a clinician soon")
    expect(notice).to_contain_text(f"reported {yesterday:%A} {yesterday.day} {yesterday:%B}")
    page.get_by_role("button", name="Soreness 3: save").click()
    expect(page.locator("#checkin-panel")).to_contain_text("Soreness 3/10")
    expect(page.locator("#clinician-notice")).to_contain_text("Pain spreading down one leg")
    assert_no_horizontal_scroll(page)

    page.goto("/trends/")
    expect(page.locator("#clinician-notice")).to_be_visible()

    page.goto("/")
    page.get_by_text("Has this been dealt with?").click()
    page.get_by_label("It has gone").check()
    page.locator("#clinician-notice").get_by_role("button", name="Save").click()
    expect(page.get_by_text("Noted.")).to_be_visible()
    expect(page.locator("#clinician-notice")).to_have_count(0)
    assert RedFlagResolution.objects.get(user=user).outcome == "gone"

    # History keeps the record.
    page.goto(f"/days/{yesterday.isoformat()}/")
    expect(page.locator("#clinician-notice")).to_contain_text("See a clinician soon")


def test_an_emergency_says_call_now_and_offers_no_stretching_anywhere(phone: Page):
    page = phone
    settled_user("emergency")
    log_in(page, "emergency")

    page.get_by_role("group", name="Numbness or tingling in a leg or foot?").get_by_label(
        "Both legs"
    ).check()
    page.get_by_role("button", name="Soreness 2: save").click()

    notice = page.locator("#clinician-notice")
    expect(notice).to_contain_text("Get emergency care now")
    call = notice.get_by_role("link", name="Call 112")
    expect(call).to_have_attribute("href", "tel:112")
    expect(notice).to_contain_text("your local emergency number")
    # The stretching section follows the advice without a reload.
    stretching = page.locator("#stretching")
    expect(stretching).to_contain_text("No stretching for now")
    expect(page.get_by_role("link", name="Start guided session")).to_have_count(0)
    expect(page.get_by_role("link", name="Build a session")).to_have_count(0)
    # The notice comes first on the page.
    box = notice.bounding_box()
    assert box is not None and box["y"] < 844
    assert_no_horizontal_scroll(page)

    page.goto("/guided/guides-7-stretches/")
    expect(page.locator("#clinician-notice")).to_contain_text("Get emergency care now")
    expect(page.get_by_role("button", name="Start")).to_have_count(0)
    expect(page.get_by_role("button", name="Go on anyway")).to_have_count(0)

    page.goto("/sessions/new/?routine=guides-7-stretches")
    expect(page.get_by_role("heading", name="No stretching for now")).to_be_visible()
    expect(page.get_by_role("button", name="Save")).to_have_count(0)

    page.goto("/routines/guides-7-stretches/")
    expect(page.get_by_role("link", name="Log this routine")).to_have_count(0)
