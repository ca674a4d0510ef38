"""Pages everyone can use: axe on every page, no sideways scrolling at 320 px, a focus ring
that stands out on every background, charts told in words and tables, and the keyboard alone
through a check-in, a guided session and the report."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from journal.management.commands.make_demo_history import make_history
from journal.models import Routine, SorenessCheckin
from tests.browser.conftest import assert_no_horizontal_scroll
from tests.browser.test_journal import log_in
from tests.conftest import PASSWORD

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    "/",
    "/history/",
    "/trends/",
    "/trends/?range=all",
    "/report/",
    "/stretches/",
    "/stretches/sphinx/",
    "/routines/guides-7-stretches/",
    "/sessions/new/",
    "/sessions/new/?routine=guides-7-stretches",
    "/checkins/new/",
    "/accounts/settings/",
    "/reminders/",
    "/import/",
    "/guided/guides-7-stretches/",
]
PUBLIC = ["/", "/stretches/", "/stretches/sphinx/", "/routines/guides-7-stretches/"]
WIDTHS = [320, 1280]


@pytest.fixture
def demo(page: Page):
    """A person with four months of history, signed in."""
    make_history("demo", 120, PASSWORD, __import__("random").Random(1))
    log_in(page, "demo")
    return page


def today_of(username: str):
    return User.objects.get(username=username).profile.today()


def axe_violations(page: Page) -> list[str]:
    # Evaluated by the browser's devtools, so the page's strict CSP does not block it.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"
    )
    return result


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_passes_axe_and_fits_the_screen(demo: Page, width):
    demo.set_viewport_size({"width": width, "height": 800})
    for path in PAGES:
        demo.goto(path)
        assert axe_violations(demo) == [], path
        assert_no_horizontal_scroll(demo)


def test_public_pages_pass_axe_and_fit_a_320_px_phone(page: Page):
    page.set_viewport_size({"width": 320, "height": 800})
    for path in PUBLIC:
        page.goto(path)
        assert axe_violations(page) == [], path
        assert_no_horizontal_scroll(page)


CONTRAST = """
() => {
  // WCAG contrast of the focused element's outline against what lies behind it.
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const el = document.activeElement;
  const style = getComputedStyle(el);
  if (style.outlineStyle === "none" || parseFloat(style.outlineWidth) < 2) return null;
  // The outline sits just outside the element, over its parent's background.
  let node = el.parentElement, bg = [255, 255, 255];
  while (node) {
    const c = parse(getComputedStyle(node).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) { bg = c.slice(0, 3); break; }
    node = node.parentElement;
  }
  const a = lum(parse(style.outlineColor).slice(0, 3)), b = lum(bg);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}
"""


def test_the_focus_ring_stands_out_on_every_element(demo: Page):
    for path in ["/", "/trends/", "/report/", "/stretches/"]:
        demo.goto(path)
        seen = 0
        for _ in range(60):
            demo.keyboard.press("Tab")
            ratio = demo.evaluate(CONTRAST)
            name = demo.evaluate("document.activeElement.outerHTML.slice(0, 80)")
            if name.startswith("<body"):
                break
            assert ratio is not None, f"{path}: no visible focus ring on {name}"
            assert ratio >= 3, f"{path}: focus ring {ratio:.2f}:1 on {name}"
            seen += 1
        assert seen > 5, path


def test_every_chart_has_words_and_a_table_one_tap_away(demo: Page):
    demo.goto("/trends/")
    for figure in demo.locator("[data-figure]").all():
        described = figure.get_attribute("aria-describedby")
        if figure.get_attribute("data-figure") != "consistency-figure":
            assert described and demo.locator(f"#{described}").inner_text().strip()
    table = demo.get_by_role("table", name=re.compile("Each day since"))
    expect(table).to_be_hidden()
    demo.get_by_text("Soreness as a table").click()
    expect(table).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(31)  # a header and 30 days


def tab_to(page: Page, text: str, presses: int = 80) -> None:
    """Press Tab until the focused element reads `text`, as a keyboard user would."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == text:
            return
    pytest.fail(f"{text!r} cannot be reached with the keyboard")


def test_the_keyboard_alone_checks_in_and_reaches_the_report(demo: Page):
    demo.goto("/checkins/new/")
    tab_to(demo, "4")
    demo.keyboard.press("Enter")
    expect(demo.get_by_text("Check-in saved.")).to_be_visible()
    assert SorenessCheckin.objects.get(user__username="demo", date=today_of("demo")).soreness == 4

    # A second check-in for the same day: refused, and the error summary takes focus.
    demo.goto("/checkins/new/")
    tab_to(demo, "5")
    demo.keyboard.press("Enter")
    expect(demo.locator("[data-error-summary]")).to_be_focused()
    expect(demo.locator("[data-error-summary]")).to_contain_text("already have a check-in")
    assert 'aria-pressed="true"' not in demo.content()

    demo.goto("/report/")
    tab_to(demo, "Print or save as PDF")


def test_the_keyboard_alone_runs_a_guided_session(page: Page):
    from tests.conftest import checked_in, make_user

    checked_in(make_user("keys"))
    log_in(page, "keys")
    routine = Routine.objects.get(is_default=True)
    page.clock.install()
    page.goto(f"/guided/{routine.slug}/")
    start = page.get_by_role("button", name=re.compile("Start"))
    start.focus()
    page.keyboard.press("Enter")
    page.clock.run_for(6_000)  # the count to get ready
    page.keyboard.press("Space")  # pause
    expect(page.get_by_role("button", name=re.compile("Resume|Carry on|Continue"))).to_be_visible()
    page.keyboard.press("Space")  # and go on
    page.keyboard.press("ArrowRight")  # skip to the next stretch
    expect(page.locator("#guided")).to_contain_text(routine.items.all()[1].stretch.name)


def test_the_report_prints_on_a4_with_a_summary_first(demo: Page, tmp_path):
    demo.goto("/report/")
    expect(demo.get_by_role("heading", name="Summary")).to_be_visible()
    summary_top = demo.get_by_role("heading", name="Summary").bounding_box()["y"]
    dates_top = demo.get_by_role("heading", name=re.compile("Other dates")).bounding_box()["y"]
    assert summary_top < dates_top
    demo.evaluate("window.dispatchEvent(new Event('charts:draw-all'))")
    # The soreness trend and the weekly activities score (the demo scores three activities).
    expect(demo.locator("[data-figure][data-drawn]")).to_have_count(2)
    demo.emulate_media(media="print")
    demo.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    width = demo.evaluate("document.querySelector('[data-figure] .main-svg').getAttribute('width')")
    assert int(float(width)) == 680  # sized to A4 and US Letter less margins
    assert demo.locator(".report-more").first.evaluate("d => d.open")
    pdf = demo.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
