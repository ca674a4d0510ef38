"""Staff editing the library in the admin, as an editor does it in a browser: drafts that
nobody else sees until published, the history's one-step undo, and uploads that are refused."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect

from journal.models import Picture, Stretch, StretchDraft
from tests.conftest import PASSWORD
from tests.test_pictures import SCRIPT, SVG, png_bomb

NEW_STEP = "Kneel on a soft mat and let your hips sink back towards your heels."


def sign_in_to_admin(page: Page) -> None:
    User.objects.create_superuser("staff", "staff@example.com", PASSWORD)
    page.goto("/admin/")
    page.get_by_label("Username").fill("staff")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def edit_first_step(page: Page, stretch: Stretch, text: str) -> None:
    page.goto(f"/admin/journal/stretch/{stretch.pk}/change/")
    steps = page.locator("#id_steps_text")
    lines = steps.input_value().split("\n")
    steps.fill("\n".join([text, *lines[1:]]))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("saved as a draft")


def first_step_seen_by_a_visitor(browser: Browser, base_url: str, stretch: Stretch) -> str:
    visitor = browser.new_context(base_url=base_url)
    try:
        page = visitor.new_page()
        page.goto(stretch.get_absolute_url())
        return page.locator("ol.steps li").first.inner_text()
    finally:
        visitor.close()


def test_a_draft_is_invisible_to_people_until_published(page: Page, browser: Browser, base_url):
    sign_in_to_admin(page)
    stretch = Stretch.objects.get(slug="childs-pose")
    published = stretch.steps.get(number=1).text

    edit_first_step(page, stretch, NEW_STEP)
    expect(page.get_by_role("heading", name="A draft is waiting")).to_be_visible()
    expect(page.locator(".editorial-changes")).to_contain_text("let your hips sink back")
    assert first_step_seen_by_a_visitor(browser, base_url, stretch) == published
    assert stretch.steps.get(number=1).text == published

    # Staff see the draft on the page's own template, and at phone width.
    page.get_by_role("link", name="Preview", exact=True).first.click()
    expect(page.locator(".preview-banner")).to_contain_text("people still see the published")
    expect(page.locator("ol.steps li").first).to_have_text(NEW_STEP)
    page.get_by_role("link", name="Phone width").click()
    frame = page.frame_locator("iframe.phone-frame")
    expect(frame.locator("ol.steps li").first).to_have_text(NEW_STEP)
    width = page.locator("iframe.phone-frame").evaluate("f => f.contentWindow.innerWidth")
    assert width == 360
    page.get_by_role("link", name="Back to the editor").click()

    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messagelist")).to_contain_text("is published: people see it now")
    assert first_step_seen_by_a_visitor(browser, base_url, stretch) == NEW_STEP
    assert not StretchDraft.objects.exists()


def test_bringing_back_a_version_restores_the_earlier_text(page: Page, browser, base_url):
    sign_in_to_admin(page)
    stretch = Stretch.objects.get(slug="childs-pose")
    published = stretch.steps.get(number=1).text
    edit_first_step(page, stretch, NEW_STEP)
    page.get_by_role("button", name="Publish").click()
    assert first_step_seen_by_a_visitor(browser, base_url, stretch) == NEW_STEP

    page.get_by_role("link", name="History of published versions").click()
    expect(page.locator(".editorial-versions > li").first).to_contain_text("by staff")
    expect(page.locator(".editorial-changes del").first).to_be_visible()
    page.get_by_role("button", name="Bring back this version").click()
    expect(page.locator(".messagelist")).to_contain_text("The earlier version")
    assert first_step_seen_by_a_visitor(browser, base_url, stretch) == published
    # The undo is itself the newest version, and can be undone in turn.
    expect(page.locator(".editorial-versions > li")).to_have_count(3)
    expect(page.locator(".editorial-versions > li").first).to_contain_text("Brought back")


FORTY_MB = b"\xff\xd8\xff\xe0" + bytes(40 * 1024 * 1024)  # starts like a JPEG
# Each file as the browser sends it: its type from its name, as Chromium reads it from disk.
HOSTILE = [
    ("cat.png", SCRIPT, "not a JPEG, PNG or WebP picture"),
    ("bomb.png", png_bomb(), "at most 40 million pixels"),
    ("huge.jpg", FORTY_MB, "This file is 40.0 MB"),
    ("pose.svg", SVG, "not a JPEG, PNG or WebP picture"),
]


def test_a_hostile_upload_is_refused_with_a_message_and_nothing_stored(page: Page, tmp_path):
    sign_in_to_admin(page)
    stretch = Stretch.objects.get(slug="sphinx")
    media = Path(settings.MEDIA_ROOT)
    for name, content, message in HOSTILE:
        page.goto(f"/admin/journal/stretch/{stretch.pk}/change/")
        # From a file on disk: the browser reads it itself (a 40 MB buffer crawls through CDP).
        file = tmp_path / name
        file.write_bytes(content)
        page.locator("#id_picture_upload").set_input_files(file)
        page.get_by_label("What the picture shows").fill("Lying on the front, propped up.")
        page.get_by_label("Picture by").fill("Someone")
        page.get_by_label("Picture's licence").select_option("CC0 1.0")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator(".errornote")).to_be_visible()
        expect(page.locator(".field-picture_upload .errorlist")).to_contain_text(message)
        assert Picture.objects.count() == 0, name
        assert not StretchDraft.objects.exists(), name
        assert not [path for path in media.rglob("*") if path.is_file()], name
    stretch.refresh_from_db()
    assert stretch.picture is None
