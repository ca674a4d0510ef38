import datetime as dt
import re

from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from journal.models import Routine, SessionEntry, SorenessCheckin, StretchSession
from tests.browser.conftest import assert_no_horizontal_scroll
from tests.conftest import PASSWORD, make_user


def log_in(page: Page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today")


def test_signing_up_uses_the_browsers_time_zone(browser, base_url):
    context = browser.new_context(base_url=base_url, timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.goto("/")
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Username").fill("newcomer")
    page.get_by_label("Email address").fill("newcomer@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    expect(page.get_by_label("Time zone")).to_have_value("Asia/Tokyo")
    page.get_by_role("radio", name="No").check()
    page.get_by_role("button", name="Sign up").click()

    expect(page.get_by_text("Welcome to Stretchlog")).to_be_visible()
    # The questions about signs of a serious cause first, then today's page.
    expect(page.get_by_role("heading", name="A few questions about your back")).to_be_visible()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_role("heading", name="How is your back today?")).to_be_visible()
    assert User.objects.get(username="newcomer").profile.time_zone == "Asia/Tokyo"
    context.close()


def test_a_rise_from_3_to_6_advises_a_rest_day_with_its_reason(page: Page):
    user = make_user("walker")
    today = user.profile.today()
    yesterday = today - dt.timedelta(days=1)
    log_in(page, "walker")

    page.goto(f"/checkins/new/?date={yesterday.isoformat()}")
    page.get_by_role("button", name="Soreness 3: save").click()
    expect(page.get_by_text("Check-in saved.")).to_be_visible()

    page.goto("/")
    page.evaluate("window.stillHere = true")
    page.get_by_role("button", name="Soreness 6: save").click()

    # Saved in place: the panel shows the rating and the advice refreshes by itself.
    panel = page.locator("#checkin-panel")
    expect(panel).to_contain_text("Soreness 6/10")
    advice = page.locator("#advice")
    expect(advice).to_contain_text("Rest day")
    expect(advice).to_contain_text(f"up 3 from 3 on {yesterday:%A} {yesterday.day} {yesterday:%B}")
    assert page.evaluate("window.stillHere") is True
    assert list(user.checkins.order_by("date").values_list("soreness", flat=True)) == [3, 6]
    assert_no_horizontal_scroll(page)


def test_logging_the_guide_routine_as_prescribed(page: Page):
    user = make_user("stretcher")
    routine = Routine.objects.get(is_default=True)
    log_in(page, "stretcher")

    page.get_by_role("link", name=f"Log {routine.name.lower()}").click()
    # No check-in yet today: the questions come first, then the log.
    expect(page.get_by_role("heading", name="Before you stretch")).to_be_visible()
    page.get_by_role("button", name="Soreness 2: save").click()
    expect(page.get_by_role("heading", name="Log a session")).to_be_visible()
    page.get_by_role("button", name="Done as prescribed: save").click()

    expect(page.get_by_text("Session saved.")).to_be_visible()
    session = StretchSession.objects.get(user=user)
    names = [item.stretch.name for item in routine.items.all()]
    assert [e.stretch.name for e in session.entries.all()] == names
    expect(page.locator("#entries li.entry")).to_have_count(len(names))
    page.goto("/")
    expect(page.get_by_role("region", name="Stretching today")).to_contain_text(routine.name)


def test_adding_and_removing_an_entry_in_place(page: Page):
    user = make_user("builder")
    SorenessCheckin.objects.create(user=user, date=user.profile.today(), soreness=2)
    log_in(page, "builder")
    page.goto("/sessions/new/")
    # Saving with no stretch chosen: refused, with the error summary focused at the top.
    page.get_by_role("button", name="Save and add more").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert not StretchSession.objects.exists()
    page.get_by_label("Stretch").select_option(label="Pelvic tilt")
    page.get_by_role("button", name="Save and add more").click()
    page.evaluate("window.stillHere = true")
    entries = page.locator("#entries li.entry")
    expect(entries).to_have_count(1)
    # The last stretch has no Remove: a session keeps at least one.
    expect(entries.first.get_by_role("button", name=re.compile("Remove"))).to_have_count(0)

    form = page.locator("#entry-form")
    form.get_by_label("Stretch").select_option(label="Sphinx pose")
    form.get_by_label("Side").select_option(label="Left")
    form.get_by_label("Hold (seconds)").fill("40")
    form.get_by_role("button", name="Add stretch").click()
    # A side on a stretch that works both sides at once: refused next to the field, and the
    # error summary at the top of the swapped form takes focus.
    expect(page.locator("#entry-form")).to_contain_text("works both sides at once")
    expect(page.locator("#entry-form [data-error-summary]")).to_be_focused()
    assert SessionEntry.objects.count() == 1

    form = page.locator("#entry-form")
    form.get_by_label("Side").select_option(label="Not done per side")
    form.get_by_role("button", name="Add stretch").click()
    expect(page.locator("#entry-form")).to_contain_text("Added Sphinx pose")
    expect(entries).to_have_count(2)
    expect(entries.nth(1)).to_contain_text("held 40 s")
    entries.first.get_by_role("button", name=re.compile("Remove")).click()
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text("Sphinx pose")

    page.locator("#entry-form").get_by_label("Stretch").select_option(label="Cat-cow")
    page.locator("#entry-form").get_by_role("button", name="Add stretch").click()
    expect(entries).to_have_count(2)

    entries.first.get_by_role("button", name=re.compile("Remove")).click()
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text("Cat-cow")
    assert page.evaluate("window.stillHere") is True
    session = StretchSession.objects.get(user=user)
    assert [e.stretch.slug for e in session.entries.all()] == ["cat-cow"]


def test_a_red_flag_shows_the_clinician_notice_everywhere(page: Page):
    user = make_user("flagged")
    today = user.profile.today()
    log_in(page, "flagged")

    page.get_by_role("group", name="Pain spreading down a leg?").get_by_label("One leg").check()
    page.get_by_role("button", name="Soreness 2: save").click()

    notice = page.get_by_role("alert")
    expect(notice).to_contain_text("See a clinician soon")
    expect(notice).to_contain_text("Pain spreading down one leg")
    assert SorenessCheckin.objects.get(user=user).pain_down_legs is True

    page.reload()
    expect(page.get_by_role("alert")).to_contain_text("See a clinician soon")
    page.goto(f"/days/{today.isoformat()}/")
    expect(page.get_by_role("alert")).to_contain_text("See a clinician soon")
    page.goto("/history/")
    expect(page.locator(".day-list")).to_contain_text("See a clinician")
