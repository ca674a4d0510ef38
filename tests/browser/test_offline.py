"""The app on a device: installable, the library and guided sessions offline after one visit,
records made offline sent exactly once, and nothing of one person left for the next."""

import datetime as dt
import time

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from journal import offline, records
from journal.models import RedFlagReport, SorenessCheckin, Stretch, StretchSession
from journal.offline import person_tag
from tests.browser.test_guided import open_paused, run_for, short_routine
from tests.browser.test_journal import log_in
from tests.conftest import checked_in, make_user


def wait_until_kept_offline(page: Page) -> None:
    """The service worker has fetched every page this person may open offline."""
    expect(page.locator("html")).to_have_attribute("data-kept-offline", "yes", timeout=20_000)


def waiting_badge(page: Page):
    return page.locator("#app-waiting-count")


def eventually(page: Page, check, seconds: float = 10) -> None:
    """Waits for the database to show what the browser sent in the background (through the
    page, so that the test's route handlers run meanwhile)."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("the browser never sent it")
        page.wait_for_timeout(100)


NUMB = "Numbness or tingling in a leg or foot?"
WEAK = "Weakness in a leg?"
WORSE = "Is the leg weakness getting worse?"
FEVER = "A fever or feeling generally unwell with the back pain?"
BLADDER = "New trouble controlling your bladder"
CANCER = "Have you ever had cancer?"
NEW_PAIN = "Is this back pain new, and are you under 20 or over 50?"
NOTICES = {
    "emergency": "Get emergency care now",
    "urgent": "See a doctor today",
    "soon": "See a clinician soon",
}


def legs(page: Page, question: str, answer: str) -> None:
    """Answers a leg question: "No", "One leg" or "Both legs"."""
    page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def keep_checkin_offline(
    page: Page, soreness: int, *flags: str, legs_answers: dict[str, str] | None = None
) -> None:
    """Opens today's page with no connection (the offline page) and checks in there."""
    page.goto("/")
    expect(page.get_by_role("heading", name="You’re offline")).to_be_visible()
    for question, answer in (legs_answers or {}).items():
        legs(page, question, answer)
    for flag in flags:
        page.get_by_label(flag, exact=False).check()
    page.get_by_role("button", name=f"Soreness {soreness}", exact=False).first.click()
    expect(page.get_by_text(f"Soreness {soreness}/10 is kept on this device")).to_be_visible()


def expect_only_notice(page: Page, tier: str | None) -> None:
    """The offline notice for `tier` shows, and no other (None: none shows)."""
    for each, heading in NOTICES.items():
        notice = page.locator(f"#offline-notice-{each}")
        if each == tier:
            expect(notice).to_be_visible()
            expect(notice.get_by_role("heading")).to_have_text(heading)
        else:
            expect(notice).to_be_hidden()


def cut_off_sending(page: Page) -> list[str]:
    """Every check-in the page sends from now on is lost on the way; returns their URLs."""
    cut_off: list[str] = []

    def lose(route: Route) -> None:
        cut_off.append(route.request.url)
        route.abort()

    page.route("**/offline/checkins/", lose)
    return cut_off


def stored_caches(page: Page) -> list[str]:
    return page.evaluate("caches.keys()")


def waiting_records(page: Page) -> list[dict]:
    return page.evaluate(
        """() => new Promise((resolve) => {
            const open = indexedDB.open("stretchlog-waiting");
            open.onupgradeneeded = () => open.result.createObjectStore("records");
            open.onsuccess = () => {
                const all = open.result.transaction("records").objectStore("records").getAll();
                all.onsuccess = () => resolve(all.result);
            };
        })"""
    )


def test_the_app_meets_chromiums_install_criteria(
    browser_type, browser_type_launch_args: dict, base_url: str, tmp_path
):
    # A profile on disk: Chromium offers no install in a private (incognito) window.
    context = browser_type.launch_persistent_context(
        tmp_path, base_url=base_url, **browser_type_launch_args
    )
    try:
        page = context.new_page()
        page.goto("/")
        wait_until_kept_offline(page)
        cdp = context.new_cdp_session(page)
        assert cdp.send("Page.getInstallabilityErrors") == {"installabilityErrors": []}
        assert cdp.send("Page.getAppManifest")["errors"] == []
        script = page.evaluate("navigator.serviceWorker.controller.scriptURL")
        assert script == f"{base_url}/sw.js"
    finally:
        context.close()


# Whether a new release of the service worker waits for the page to let it take over.
A_RELEASE_WAITS = "navigator.serviceWorker.getRegistration().then((r) => r.waiting !== null)"


def test_a_new_release_is_offered_as_a_reload_not_mixed_in(page: Page, monkeypatch):
    page.goto("/stretches/")
    wait_until_kept_offline(page)
    expect(page.locator("#app-update")).to_be_hidden()
    # The next release keeps one more file.
    monkeypatch.setattr(offline, "KEPT_STATIC", [*offline.KEPT_STATIC, "journal/charts.js"])
    page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    update = page.locator("#app-update")
    expect(update).to_be_visible()
    expect(update).to_contain_text("A new version of Stretchlog is ready")
    # Until the person says so, the page keeps the release it started with.
    assert page.evaluate(A_RELEASE_WAITS)

    with page.expect_navigation():
        update.get_by_role("button", name="Reload").click()
    expect(page.locator("#app-update")).to_be_hidden()
    assert not page.evaluate(A_RELEASE_WAITS)


def test_the_library_and_a_guided_session_work_offline_after_one_visit(
    phone: Page, context: BrowserContext
):
    page = phone
    user = make_user("walker")
    checked_in(user)  # the guided session is kept as it shows after today's check-in
    routine = short_routine()
    log_in(page, "walker")
    wait_until_kept_offline(page)

    context.set_offline(True)
    page.goto("/stretches/")
    expect(page.get_by_role("heading", name="Stretch library", exact=False)).to_be_visible()
    page.get_by_role("link", name="Sphinx pose").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sphinx pose")
    for stretch in Stretch.objects.all():
        page.goto(stretch.get_absolute_url())
        expect(page.get_by_role("heading", level=1)).to_have_text(stretch.name)
    page.goto(f"/routines/{routine.slug}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(routine.name)
    # A page that is not kept: the offline page says what still works.
    page.goto("/trends/")
    expect(page.get_by_role("heading", name="You’re offline")).to_be_visible()
    expect(page.get_by_role("link", name="The stretch library")).to_be_visible()

    open_paused(page, routine)
    page.get_by_role("button", name="Start").click()
    page.keyboard.press("ArrowRight")  # straight into the left hold
    expect(page.locator("#guided-detail")).to_have_text("Left side")
    run_for(page, 10 + 5)
    expect(page.locator("#guided-detail")).to_have_text("Right side")
    run_for(page, 10)
    page.get_by_role("button", name="End session").click()
    page.get_by_role("button", name="Save to my journal").click()
    expect(page.get_by_text("Your session is kept on this device")).to_be_visible()
    expect(waiting_badge(page)).to_have_text("1")
    expect(page.locator("#app-waiting")).to_contain_text("1 guided session kept on this device")
    assert StretchSession.objects.count() == 0

    context.set_offline(False)
    eventually(page, lambda: StretchSession.objects.filter(user=user).exists())
    expect(page.locator("#app-waiting")).to_be_hidden()
    session = StretchSession.objects.get(user=user)
    assert [(e.stretch.slug, e.side, e.hold_seconds) for e in session.entries.all()] == [
        ("knee-to-chest", "left", 10),
        ("knee-to-chest", "right", 10),
    ]
    assert session.client_id is not None


def test_a_check_in_made_offline_arrives_once_after_the_page_is_closed_and_reopened(
    page: Page, context: BrowserContext
):
    user = make_user("closer")
    log_in(page, "closer")
    wait_until_kept_offline(page)
    context.set_offline(True)
    keep_checkin_offline(page, 4)
    expect(waiting_badge(page)).to_have_text("1")
    page.close()

    context.set_offline(False)
    again = context.new_page()
    again.goto("/")
    eventually(again, lambda: SorenessCheckin.objects.filter(user=user).exists())
    expect(again.locator("#app-waiting")).to_be_hidden()
    again.reload()
    expect(again.locator(".big-number")).to_contain_text("Soreness 4/10")
    assert SorenessCheckin.objects.filter(user=user).count() == 1
    assert waiting_records(again) == []


@pytest.mark.cuts_connections
def test_a_send_whose_reply_is_lost_is_sent_again_and_stored_once(
    page: Page, context: BrowserContext
):
    user = make_user("lossy")
    log_in(page, "lossy")
    wait_until_kept_offline(page)
    context.set_offline(True)
    keep_checkin_offline(page, 6)

    replies_lost = []

    def lose_the_first_reply(route: Route) -> None:
        if not replies_lost:
            replies_lost.append(route.fetch().status)  # the server stores it...
            route.abort()  # ...and the reply never arrives
        else:
            route.continue_()

    page.route("**/offline/checkins/", lose_the_first_reply)
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    eventually(page, lambda: replies_lost == [201])
    assert SorenessCheckin.objects.filter(user=user).count() == 1
    expect(waiting_badge(page)).to_have_text("1")  # the device does not know it arrived

    page.get_by_role("button", name="Send now").click()
    expect(page.locator("#app-waiting")).to_be_hidden()
    assert SorenessCheckin.objects.filter(user=user).count() == 1
    assert waiting_records(page) == []


def test_a_check_in_for_a_day_already_checked_in_elsewhere_asks_which_to_keep(
    page: Page, context: BrowserContext
):
    user = make_user("twodevices")
    log_in(page, "twodevices")
    wait_until_kept_offline(page)
    context.set_offline(True)
    keep_checkin_offline(page, 3)
    # Meanwhile, on another device:
    day = dt.date.fromisoformat(page.evaluate("new Date().toLocaleDateString('en-CA')"))
    SorenessCheckin.objects.create(user=user, date=day, soreness=7)

    context.set_offline(False)
    page.reload()
    card = page.locator(".app-problem")
    expect(card).to_contain_text("Two check-ins for")
    expect(card).to_contain_text("Already in your journal")
    expect(card).to_contain_text("Soreness 7/10, no red flags")
    expect(card).to_contain_text("Soreness 3/10, no red flags")
    expect(card).not_to_contain_text("symptoms of both")  # there are none to speak of
    assert SorenessCheckin.objects.get(user=user).soreness == 7  # nothing replaced unasked

    card.get_by_role("button", name="Use the one from this device").click()
    expect(card).to_be_hidden()
    eventually(page, lambda: SorenessCheckin.objects.get(user=user).soreness == 3)
    assert SorenessCheckin.objects.filter(user=user).count() == 1
    # The device forgets the record once the server's answer reaches it, a moment after the save.
    eventually(page, lambda: waiting_records(page) == [])


def test_each_tier_of_answer_offline_shows_its_notice_at_once(phone: Page, context: BrowserContext):
    page = phone
    make_user("urgent")
    log_in(page, "urgent")
    wait_until_kept_offline(page)
    context.set_offline(True)
    page.goto("/")
    expect(page.get_by_role("heading", name="You’re offline")).to_be_visible()
    expect_only_notice(page, None)

    page.get_by_label(FEVER).check()
    expect_only_notice(page, "urgent")
    expect(page.locator("#offline-notice-urgent")).to_contain_text(
        "A fever or feeling unwell with the back pain"  # what was ticked, as the rule names it
    )
    page.get_by_label(FEVER).uncheck()
    expect_only_notice(page, None)

    legs(page, NUMB, "One leg")
    expect_only_notice(page, "soon")
    expect(page.locator("#offline-notice-soon")).to_contain_text("Numbness or tingling in one leg")
    legs(page, NUMB, "Both legs")
    expect_only_notice(page, "emergency")
    notice = page.locator("#offline-notice-emergency")
    expect(notice).to_contain_text("Numbness or tingling in both legs")
    expect(notice).not_to_contain_text("in one leg")
    legs(page, NUMB, "No")
    expect_only_notice(page, None)

    # The folded "anything new?" questions: each with its own tier.
    page.get_by_text("Anything new?").click()
    page.get_by_label(NEW_PAIN).check()
    expect_only_notice(page, "soon")
    page.get_by_label(CANCER).check()
    expect_only_notice(page, "urgent")  # the graver of the two
    expect(page.locator("#offline-notice-urgent li")).to_have_text(
        ["Back pain after having had cancer", "New back pain when under 20 or over 50"]
    )

    page.get_by_label(BLADDER, exact=False).check()
    expect_only_notice(page, "emergency")
    page.get_by_role("button", name="Soreness 5", exact=False).click()
    expect_only_notice(page, "emergency")  # kept in view with the form gone
    expect(page.get_by_text("Soreness 5/10 is kept on this device")).to_be_visible()


@pytest.mark.cuts_connections
def test_logging_out_clears_the_devices_pages_and_waiting_records(
    page: Page, context: BrowserContext
):
    user = make_user("leaver")
    routine = short_routine()
    log_in(page, "leaver")
    page.goto(f"/guided/{routine.slug}/")
    wait_until_kept_offline(page)
    tag = person_tag(user)
    assert f"stretchlog-pages-{tag}" in stored_caches(page)
    context.set_offline(True)
    keep_checkin_offline(page, 2)
    cut_off = cut_off_sending(page)
    context.set_offline(False)
    eventually(page, lambda: cut_off)  # tried, and failed
    page.goto("/accounts/settings/")
    expect(waiting_badge(page)).to_have_text("1")

    page.get_by_role("main").get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="You’re logged out")).to_be_visible()
    assert not [name for name in stored_caches(page) if tag in name]
    assert waiting_records(page) == []
    assert SorenessCheckin.objects.count() == 0


@pytest.mark.cuts_connections
@pytest.mark.parametrize("first_leaves", ["by logging out", "with their session ended"])
def test_a_second_person_on_the_same_browser_sees_nothing_of_the_first(
    page: Page, context: BrowserContext, first_leaves: str
):
    alice = make_user("alice")
    routine = short_routine()
    SorenessCheckin.objects.create(user=alice, date=alice.profile.today(), soreness=9)
    log_in(page, "alice")
    page.goto(f"/guided/{routine.slug}/")
    expect(page.get_by_text("Rest day", exact=True).first).to_be_visible()
    wait_until_kept_offline(page)
    context.set_offline(True)
    page.goto(f"/guided/{routine.slug}/")
    expect(page.get_by_text("Rest day", exact=True).first).to_be_visible()  # her copy, offline
    page.goto("/history/")
    page.get_by_role("button", name="Soreness 1", exact=False).first.click()
    cut_off = cut_off_sending(page)
    context.set_offline(False)
    eventually(page, lambda: cut_off)  # tried, and failed: it waits on the device

    if first_leaves == "by logging out":
        page.goto("/accounts/settings/")
        page.get_by_role("main").get_by_role("button", name="Log out").click()
    else:
        context.clear_cookies()
    page.unroute("**/offline/checkins/")

    bob = make_user("bob")
    checked_in(bob, soreness=3)
    log_in(page, "bob")
    wait_until_kept_offline(page)
    expect(page.locator("#app-status")).to_be_hidden()  # none of her waiting records
    assert not [name for name in stored_caches(page) if person_tag(alice) in name]
    context.set_offline(True)
    page.goto(f"/guided/{routine.slug}/")
    expect(page.get_by_role("heading", name="Guided session")).to_be_visible()
    expect(page.get_by_text("Rest day", exact=True)).to_have_count(0)  # his own copy
    context.set_offline(False)
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert list(SorenessCheckin.objects.filter(user=bob).values_list("soreness", flat=True)) == [
        3
    ]  # not her 1


def test_a_conflict_shows_both_answers_in_words_and_keeps_every_red_flag(
    phone: Page, context: BrowserContext
):
    page = phone
    user = make_user("twocopies")
    log_in(page, "twocopies")
    wait_until_kept_offline(page)
    context.set_offline(True)
    keep_checkin_offline(page, 3, legs_answers={NUMB: "Both legs"})
    # Meanwhile, on another device: a check-in with other answers.
    day = dt.date.fromisoformat(page.evaluate("new Date().toLocaleDateString('en-CA')"))
    records.checkins.save(
        user,
        SorenessCheckin(date=day, soreness=7, stiffness=3, pain_down_legs=True, fever=True),
    )

    context.set_offline(False)
    page.reload()
    card = page.locator(".app-problem")
    expect(card).to_contain_text("Two check-ins for")
    saved, here = card.locator("dd").all()
    expect(saved.locator("p")).to_have_text("Soreness 7/10, stiffness 3/10, and:")
    expect(saved.locator("li")).to_have_text(
        ["A fever or feeling unwell with the back pain", "Pain spreading down one leg"]
    )
    expect(here.locator("p")).to_have_text("Soreness 3/10, and:")
    expect(here.locator("li")).to_have_text(["Numbness or tingling in both legs"])
    expect(card).to_contain_text("Whichever you keep, the symptoms of both stay in your journal")
    keep_saved = card.get_by_role("button", name="Keep the one in my journal")
    expect(keep_saved).to_contain_text("Soreness 7/10, with the symptoms of both")
    expect(card.get_by_role("button", name="Use the one from this device")).to_contain_text(
        "Soreness 3/10, with the symptoms of both"
    )
    expect(card.get_by_role("button")).to_have_count(2)  # nothing offers to drop a symptom

    keep_saved.click()
    expect(card).to_be_hidden()
    assert waiting_records(page) == []
    checkin = SorenessCheckin.objects.get(user=user)
    assert (checkin.soreness, checkin.numbness_both_legs) == (7, False)
    # The device's both-legs numbness is an open red flag all the same.
    page.reload()
    notice = page.locator("#clinician-notice")
    expect(notice).to_contain_text("Get emergency care now")
    expect(notice).to_contain_text("Numbness or tingling in both legs")


def test_a_refused_check_in_says_its_symptoms_are_kept(page: Page, context: BrowserContext):
    user = make_user("refused")
    log_in(page, "refused")
    wait_until_kept_offline(page)
    context.set_offline(True)
    page.goto("/")
    legs(page, WEAK, "One leg")
    # A soreness no form accepts, as a device on an older release might send.
    page.locator("#offline-checkin button[name=soreness]").last.evaluate(
        "(button) => { button.value = '12'; }"
    )
    page.locator("#offline-checkin button[name=soreness]").last.click()
    context.set_offline(False)
    page.reload()
    card = page.locator(".app-problem")
    expect(card).to_contain_text("was not saved")
    expect(card).to_contain_text("The symptoms it reported stay in your journal as red flags")
    expect(card.locator("li").last).to_have_text("Weakness in one leg")
    card.get_by_role("button", name="Discard the rest of this check-in").click()
    expect(card).to_be_hidden()
    assert not SorenessCheckin.objects.filter(user=user).exists()
    assert list(RedFlagReport.objects.filter(user=user).values_list("flag", flat=True)) == [
        "leg_weakness"
    ]


# A device whose clock reads a day or two ahead of the person's profile: Kiritimati is
# UTC+14, Pago Pago UTC-11, so the device's date is always later.
@pytest.mark.browser_context_args(timezone_id="Pacific/Kiritimati")
def test_an_emergency_made_on_a_device_dated_ahead_is_stored_for_today(
    page: Page, context: BrowserContext
):
    user = make_user("ahead", time_zone="Pacific/Pago_Pago")
    log_in(page, "ahead")
    device_day = dt.date.fromisoformat(page.evaluate("new Date().toLocaleDateString('en-CA')"))
    assert device_day > user.profile.today()
    wait_until_kept_offline(page)
    context.set_offline(True)
    keep_checkin_offline(page, 6, legs_answers={WEAK: "Both legs"})
    expect_only_notice(page, "emergency")

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    eventually(page, lambda: SorenessCheckin.objects.filter(user=user).exists())
    checkin = SorenessCheckin.objects.get(user=user)
    assert (checkin.date, checkin.soreness) == (user.profile.today(), 6)
    assert checkin.red_flags() == {"leg_weakness", "weakness_both_legs"}
    expect(page.locator("#app-waiting")).to_be_hidden()
    expect(page.locator(".app-problem")).to_have_count(0)  # not refused as still to come
    page.goto("/")
    expect(page.locator("#clinician-notice")).to_contain_text("Get emergency care now")
    expect(page.locator(".big-number")).to_contain_text("Soreness 6/10")


def test_weakness_getting_worse_without_a_leg_answer_is_kept_offline(
    page: Page, context: BrowserContext
):
    user = make_user("worse")
    log_in(page, "worse")
    wait_until_kept_offline(page)
    context.set_offline(True)
    page.goto("/")
    page.get_by_label(WORSE).check()
    expect_only_notice(page, "emergency")
    expect(page.locator("#offline-notice-emergency li")).to_have_text(
        ["Leg weakness that is getting worse"]
    )
    page.get_by_role("button", name="Soreness 4", exact=False).click()
    expect(page.get_by_text("Soreness 4/10 is kept on this device")).to_be_visible()

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    eventually(page, lambda: SorenessCheckin.objects.filter(user=user).exists())
    checkin = SorenessCheckin.objects.get(user=user)
    assert checkin.red_flags() == {"weakness_worsening", "leg_weakness"}
    page.goto("/")
    expect(page.locator("#clinician-notice")).to_contain_text("Get emergency care now")


def test_todays_check_in_form_keeps_the_check_in_when_the_connection_drops(
    phone: Page, context: BrowserContext
):
    page = phone
    user = make_user("dropped")
    log_in(page, "dropped")
    wait_until_kept_offline(page)
    context.set_offline(True)  # the page stays open
    page.get_by_label(FEVER).check()
    expect_only_notice(page, "urgent")
    page.get_by_label(FEVER).uncheck()
    page.get_by_label(BLADDER, exact=False).check()
    expect_only_notice(page, "emergency")
    page.get_by_role("button", name="Soreness 8", exact=False).click()
    expect(page.get_by_text("Soreness 8/10 is kept on this device")).to_be_visible()
    expect(waiting_badge(page)).to_have_text("1")

    context.set_offline(False)
    eventually(page, lambda: SorenessCheckin.objects.filter(user=user).exists())
    checkin = SorenessCheckin.objects.get(user=user)
    assert (checkin.soreness, checkin.red_flags()) == (8, {"bladder_bowel"})
    expect(page.locator("#app-waiting")).to_be_hidden()


def test_a_stretchs_uploaded_picture_shows_offline(phone: Page, context: BrowserContext):
    from journal import pictures
    from tests.test_pictures import image_bytes, upload

    picture = pictures.store(pictures.prepare(upload(image_bytes())), None)
    Stretch.objects.filter(slug="sphinx").update(
        picture=picture,
        picture_alt="Lying on the front, propped up.",
        picture_author="Me",
        picture_licence="own-work",
    )
    page = phone
    page.goto("/stretches/")
    wait_until_kept_offline(page)

    context.set_offline(True)
    for url in ["/stretches/", "/stretches/sphinx/"]:
        page.goto(url)
        image = page.get_by_role("img", name="Lying on the front, propped up.")
        image.scroll_into_view_if_needed()  # the library's are loaded as they near the screen
        expect(image).to_be_visible()
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.naturalWidth") > 0, url
