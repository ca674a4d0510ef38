"""Setting up reminders on a phone, pausing them, and stopping them from a reminder's link."""

import re

from django.core import mail
from playwright.sync_api import Page, expect

from journal.models import ReminderSettings
from journal.reminders.links import stop_token
from tests.browser.conftest import assert_no_horizontal_scroll
from tests.browser.test_journal import log_in
from tests.conftest import make_user


def test_turning_reminders_on_pausing_and_stopping_them_on_a_small_phone(page: Page):
    ann = make_user("ann", time_zone="Europe/London")
    page.set_viewport_size({"width": 320, "height": 740})
    log_in(page, "ann")
    page.goto("/accounts/settings/")
    page.get_by_role("link", name="Choose when and how to be reminded").click()
    expect(page.get_by_text("Reminders are off.")).to_be_visible()
    assert_no_horizontal_scroll(page)

    # Asking for email without an address says so next to the field, and keeps the rest.
    page.get_by_label("Remind me").check()
    page.get_by_label("First reminder at").fill("07:30")
    page.get_by_label("Second reminder at").fill("19:00")
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Email address").fill("")
    page.get_by_role("button", name="Save reminders").click()
    expect(
        page.get_by_text("Add your email address to get reminders by email.").first
    ).to_be_visible()
    expect(page.get_by_label("Second reminder at")).to_have_value("19:00")
    page.get_by_label("Email address").fill("ann.has.a.rather.long.address@example.com")
    page.get_by_role("button", name="Save reminders").click()
    expect(page.get_by_text("Reminders saved.")).to_be_visible()
    expect(page.get_by_text("Next reminder:")).to_be_visible()
    assert_no_horizontal_scroll(page)
    page.screenshot(path="test-results/reminders-320.png", full_page=True)

    # The confirmation link, opened on the same small phone: the address wraps, nothing scrolls.
    link = re.search(r"https?://[^/\s]+(/reminders/confirm/\S+/)", mail.outbox[-1].body)[1]
    page.goto(link)
    expect(page.get_by_role("heading", name="Send Stretchlog reminders to")).to_be_visible()
    assert_no_horizontal_scroll(page)
    page.get_by_role("button", name="Yes, send them here").click()
    expect(page.get_by_role("heading", name="Address confirmed")).to_be_visible()
    assert ReminderSettings.objects.get(user=ann).email_is_confirmed()
    page.goto("/reminders/")

    page.get_by_role("button", name="Pause for a week").click()
    expect(page.get_by_text("Paused until")).to_be_visible()
    page.get_by_role("button", name="Resume now").click()
    expect(page.get_by_text("Next reminder:")).to_be_visible()

    # The link in every reminder, opened on a device where nobody is signed in.
    page.context.clear_cookies()
    page.goto(f"/reminders/stop/{stop_token(ann)}/")
    expect(page.get_by_role("heading", name="Stop all reminders?")).to_be_visible()
    page.get_by_role("button", name="Stop reminders").click()
    expect(page.get_by_role("heading", name="Reminders stopped")).to_be_visible()
    assert not ReminderSettings.objects.get(user=ann).enabled
