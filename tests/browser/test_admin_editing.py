"""Staff editing the library in the admin, as an editor does it in a browser: drafts that
nobody else sees until published, the history's one-step undo, and uploads that are refused."""

import json
import math
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page, expect

from journal.models import Picture, Stretch, StretchDraft
from tests.browser.test_access import AXE
from tests.conftest import PASSWORD
from tests.test_pictures import SCRIPT, SVG, png_bomb

NEW_STEP = "Kneel on a soft mat and let your hips sink back towards your heels."


def sign_in_to_admin(page: Page) -> None:
    User.objects.create_superuser("staff", "staff@example.com", PASSWORD)
    page.goto("/admin/")
    page.get_by_label("Username").fill("staff")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def edit_first_step(page: Page, stretch: Stretch, text: str, figure: dict | None = None) -> None:
    page.goto(f"/admin/journal/stretch/{stretch.pk}/change/")
    steps = page.locator("#id_steps_text")
    lines = steps.input_value().split("\n")
    steps.fill("\n".join([text, *lines[1:]]))
    if figure is not None:
        page.locator("#id_figure").fill(json.dumps(figure))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("saved as a draft")


def seen_by_a_visitor(browser: Browser, base_url: str, stretch: Stretch) -> tuple[str, str]:
    """The stretch page's first step, and what its held position's figure says it shows."""
    visitor = browser.new_context(base_url=base_url)
    try:
        page = visitor.new_page()
        page.goto(stretch.get_absolute_url())
        held = page.locator(".pose-frame").nth(1).locator("svg").get_attribute("aria-label")
        return page.locator("ol.steps li").first.inner_text(), held
    finally:
        visitor.close()


def first_step_seen_by_a_visitor(browser: Browser, base_url: str, stretch: Stretch) -> str:
    return seen_by_a_visitor(browser, base_url, stretch)[0]


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


def test_bringing_back_a_version_restores_the_earlier_text_and_figure(
    page: Page, browser, base_url
):
    sign_in_to_admin(page)
    stretch = Stretch.objects.get(slug="childs-pose")
    published = stretch.steps.get(number=1).text
    figure = stretch.figure
    # The figure's two positions swapped: a change that still draws.
    edit_first_step(page, stretch, NEW_STEP, {"start": figure["held"], "held": figure["start"]})
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messagelist")).to_contain_text("is published: people see it now")
    assert seen_by_a_visitor(browser, base_url, stretch) == (NEW_STEP, figure["start"]["alt"])

    page.get_by_role("link", name="History of published versions").click()
    expect(page.locator(".editorial-versions > li").first).to_contain_text("by staff")
    expect(page.locator(".editorial-changes del").first).to_be_visible()
    page.get_by_role("button", name="Bring back this version").click()
    expect(page.locator(".messagelist")).to_contain_text("The earlier version")
    assert seen_by_a_visitor(browser, base_url, stretch) == (published, figure["held"]["alt"])
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


# The figure editor (journal/widgets.py, journal/static/journal/figure-editor.js)

THIGH = 25  # the body's thigh (journal/figures.py BONES)


def open_figure(page: Page, username: str, stretch: Stretch) -> None:
    page.goto("/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/admin/journal/stretch/{stretch.pk}/change/")
    expect(page.locator("[data-figure-preview] svg")).to_be_visible()


def held_joints(page: Page) -> dict:
    return json.loads(page.locator("#id_figure").input_value())["held"]["joints"]


def drawn(point: list[float]) -> str:
    """A joint's place as the renderer writes it in the figure's paths."""
    return " ".join(f"{value:.1f}".rstrip("0").rstrip(".") for value in point)


def test_an_editor_drags_a_joint_the_preview_and_data_follow_and_the_page_shows_it(
    page: Page, editor
):
    stretch = Stretch.objects.get(slug="knee-to-chest")
    before = stretch.figure["held"]["joints"]
    open_figure(page, "editor", stretch)
    preview = page.locator("[data-figure-preview]")
    knee = preview.locator('[data-joint="near_knee"]')
    preview.scroll_into_view_if_needed()
    box = knee.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 40, y + 60, steps=6)
    # While the joint is held, its handle and the data follow at once.
    assert knee.get_attribute("cx") != str(before["near_knee"][0])
    page.mouse.up()

    after = held_joints(page)
    assert after["near_knee"] != before["near_knee"]
    assert after["hip"] == before["hip"]  # the thigh turned about the hips
    assert math.dist(after["hip"], after["near_knee"]) == pytest.approx(THIGH, abs=0.2)
    assert after["near_toe"] != before["near_toe"]  # the shin and foot came with it
    assert after["far_knee"] == before["far_knee"]
    # The server draws the figure again from the data: the leg is where the data says.
    page.wait_for_function(
        "(point) => document.querySelector('[data-figure-preview] svg').innerHTML.includes(point)",
        arg=drawn(after["near_knee"]),
    )
    expect(page.locator("[data-figure-problems]")).to_be_empty()

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("saved as a draft")
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messagelist")).to_contain_text("is published: people see it now")
    stretch.refresh_from_db()
    assert stretch.figure["held"]["joints"]["near_knee"] == after["near_knee"]

    page.goto(stretch.get_absolute_url())
    held = page.locator(".pose-frame").nth(1).locator("svg")
    expect(held).to_have_attribute("aria-label", stretch.figure["held"]["alt"])
    assert drawn(after["near_knee"]) in held.inner_html()
    assert drawn(before["near_knee"]) not in held.inner_html()


def test_an_editor_turns_a_joint_with_the_keyboard(page: Page, editor):
    stretch = Stretch.objects.get(slug="active-hamstring-stretch")
    open_figure(page, "editor", stretch)
    ankle = page.locator('[data-figure-preview] [data-joint="near_ankle"]')
    ankle.focus()
    label = page.locator("[data-figure-joint]")
    expect(label).to_have_text("Near ankle: the arrow keys turn the near shin about the near knee.")
    start = int(ankle.get_attribute("aria-valuenow"))
    before = held_joints(page)
    for _ in range(3):
        page.keyboard.press("ArrowUp")
    expect(ankle).to_have_attribute("aria-valuenow", str((start + 15) % 360))
    after = held_joints(page)
    assert after["near_knee"] == before["near_knee"]
    assert after["near_ankle"] != before["near_ankle"]
    # After the server draws it again the same joint keeps the focus, with a ring to see.
    page.wait_for_function(
        "(point) => document.querySelector('[data-figure-preview] svg').innerHTML.includes(point)",
        arg=drawn(after["near_ankle"]),
    )
    focused = page.evaluate("document.activeElement.dataset.joint")
    assert focused == "near_ankle"
    ring = page.evaluate("getComputedStyle(document.activeElement).stroke")
    assert ring == "rgb(180, 83, 9)"
    page.keyboard.press("Shift+ArrowDown")
    expect(page.locator('[data-figure-preview] [data-joint="near_ankle"]')).to_have_attribute(
        "aria-valuenow", str((start + 14) % 360)
    )

    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("saved as a draft")
    page.get_by_role("button", name="Publish").click()
    stretch.refresh_from_db()
    assert stretch.figure["held"]["joints"]["near_ankle"] != before["near_ankle"]


def test_typed_data_that_cannot_be_drawn_is_said_at_once_and_refused_on_save(page: Page, editor):
    stretch = Stretch.objects.get(slug="sphinx")
    open_figure(page, "editor", stretch)
    page.get_by_role("radio", name="Start").check()
    box = page.locator("#id_figure")
    box.fill(box.input_value().replace('"head": [', '"head": [300, 5], "x": [', 1))
    problems = page.locator("[data-figure-problems]")
    expect(problems).to_contain_text("joint “head” is off the canvas at (300, 5)")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".errornote").first).to_be_visible()
    expect(page.locator(".field-figure .errorlist")).to_contain_text(
        "joint “head” is off the canvas"
    )
    stretch.refresh_from_db()
    assert stretch.figure["start"]["joints"]["head"][0] < 200


def test_the_figure_editor_passes_axe(browser, base_url, editor):
    # axe adds styles of its own, which the site's CSP refuses: this page alone goes without it.
    page = browser.new_context(base_url=base_url, bypass_csp=True).new_page()
    open_figure(page, "editor", Stretch.objects.get(slug="bridge-hold"))
    page.evaluate(AXE.read_text())
    violations = page.evaluate(
        "async () => (await axe.run('.figure-editor', {resultTypes: ['violations']}))"
        ".violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' '))}`)"
    )
    assert violations == []


def test_a_new_stretch_starts_its_figure_from_a_standing_body(page: Page, editor):
    page.goto("/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto("/admin/journal/stretch/add/")
    expect(page.locator("[data-figure-preview] svg")).to_have_count(0)
    page.get_by_role("button", name="Start from a standing figure").click()
    expect(page.get_by_role("group", name="Standing tall, arms by the sides.")).to_be_visible()
    assert json.loads(page.locator("#id_figure").input_value())["facing"] == "right"
    page.locator("#id_figure").fill("")
    expect(page.locator("[data-figure-preview] svg")).to_have_count(0)
    expect(page.get_by_role("button", name="Start from a standing figure")).to_be_visible()
