"""The weekly activities score and the clinician's link, as a person uses them: three
activities scored on two weeks (the server's clock moved a week on with time-machine), the
trends' wording as the change crosses 2 points, then a link opened signed out in a fresh
browser, stopped, and its opening listed."""

import datetime as dt
import re

import time_machine
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import assert_no_horizontal_scroll
from tests.browser.test_journal import log_in
from tests.browser.test_trends import expect_charts_drawn
from tests.conftest import make_user

ACTIVITIES = ["Putting on socks", "Sitting through a film", "Carrying the shopping"]


def score_week(page: Page, *scores: int) -> None:
    page.goto("/activities/week/")
    for name, score in zip(ACTIVITIES, scores, strict=True):
        page.get_by_role("radio", name=f"{name}: {score}", exact=False).first.check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved this week’s activities score.")).to_be_visible()


def test_a_person_scores_two_weeks_sees_meaningful_change_and_shares_a_link(
    page: Page, browser: Browser, base_url: str
):
    make_user("scorer")
    log_in(page, "scorer")
    # Today's page offers to name the activities first.
    expect(page.get_by_role("heading", name="What does your back make hard?")).to_be_visible()
    page.get_by_role("link", name="Name your activities").click()
    for name in ACTIVITIES:
        page.get_by_role("textbox", name="Activity").fill(name)
        page.get_by_role("button", name="Add").click()
        expect(page.get_by_text(f"Added “{name}”.")).to_be_visible()

    # The first week, on a 320-pixel phone: one screen, a tap per activity.
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/activities/week/")
    assert_no_horizontal_scroll(page)
    score_week(page, 3, 4, 2)
    page.set_viewport_size({"width": 1280, "height": 900})

    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=7)):
        # A week on, today's page asks again; the average rises by 1: no meaningful change.
        page.goto("/")
        expect(page.get_by_role("heading", name="Your weekly activities score")).to_be_visible()
        score_week(page, 4, 5, 3)
        page.goto("/trends/")
        expect_charts_drawn(page, ["activities-figure"])
        changes = page.locator(".change-list")
        expect(changes).to_contain_text("Everyday activities (average): 3.0 on")
        expect(changes).to_contain_text("(+1.0): no meaningful change.")
        expect(changes).not_to_contain_text("improvement")

        # Scored again the same day, 2 points up on average: now it is meaningful.
        score_week(page, 5, 6, 4)
        page.goto("/trends/")
        expect(changes).to_contain_text("(+2.0): a meaningful improvement.")
        expect(page.get_by_text("Stratford et al. 1995").first).to_be_attached()

        # A link for the clinician, opened signed out in a fresh browser.
        page.goto("/report/links/")
        page.get_by_label("Who it is for (optional)").fill("Physio")
        page.get_by_role("button", name="Make the link").click()
        address = page.locator("#share-address").input_value()
        assert re.fullmatch(r"http://[^/]+/shared/[\w-]{43}/", address)

        clinician = browser.new_context(base_url=base_url)
        other = clinician.new_page()
        opened = other.goto(address)
        assert opened is not None and opened.status == 200
        expect(other.get_by_role("heading", name="Back pain and stretching log")).to_be_visible()
        expect(other.get_by_role("heading", name="Everyday activities")).to_be_visible()
        expect(other.locator(".change-list")).to_contain_text("a meaningful improvement")
        expect(other.locator("nav")).to_have_count(0)
        expect(other.locator("form")).to_have_count(0)
        links = other.locator("a[href]").evaluate_all("links => links.map(a => a.pathname)")
        assert links == [re.sub(r"^http://[^/]+", "", address) + "fhir.json"]

        # Stopped: the same link is a 404 at once.
        page.get_by_role("button", name="Stop this link now").click()
        expect(page.get_by_text("That link no longer works.")).to_be_visible()
        again = other.goto(address)
        assert again is not None and again.status == 404
        clinician.close()

        # The opening is listed, roughly from where and with what.
        page.get_by_text("Opened 1 time").click()
        expect(page.locator(".share-openings")).to_contain_text("from network 127.0.0.0/24")
        expect(page.locator(".share-openings")).to_contain_text("Chrome on Linux")
