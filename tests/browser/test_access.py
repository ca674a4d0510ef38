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


# The focused element's ring against what lies behind it, where the ring is drawn: a point in
# the middle of the ring on each side of the element, the element found under that point (not
# the focused one, which the ring lies outside of), and the first background that is not
# transparent among it and its ancestors (part-transparent ones laid over what is below them).
# What lies behind is found by position, not by the focused element's own ancestors: a
# positioned element such as the skip link sits over the header, not over its parent.
# WCAG 2.2: 1.4.11 Non-text Contrast and 2.4.13 Focus Appearance ask for 3:1.
FOCUS_RING = """
() => {
  const el = document.activeElement;
  const rgba = (c) => {
    const [r, g, b, a = 1] = (c.match(/[\\d.]+/g) || []).map(Number);
    return {r, g, b, a};
  };
  const over = (top, below) => ({
    r: top.r * top.a + below.r * (1 - top.a),
    g: top.g * top.a + below.g * (1 - top.a),
    b: top.b * top.a + below.b * (1 - top.a),
    a: 1,
  });
  const background = (node) => {
    const layers = [];
    for (; node; node = node.parentElement) {
      const c = rgba(getComputedStyle(node).backgroundColor);
      if (c.a > 0) layers.push(c);
      if (c.a >= 1) break;
    }
    const canvas = {r: 255, g: 255, b: 255, a: 1};
    return layers.reverse().reduce((below, top) => over(top, below), canvas);
  };
  const luminance = ({r, g, b}) => {
    const f = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (x, y) => {
    const [a, b] = [luminance(x), luminance(y)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  };
  const hex = (c) => "#" + [c.r, c.g, c.b]
    .map((v) => Math.round(v).toString(16).padStart(2, "0")).join("");
  const classes = typeof el.className === "string" && el.className.trim()
    ? "." + el.className.trim().split(/\\s+/).join(".") : "";
  const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
  const name = `<${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}${classes}>` +
    ` "${text.slice(0, 40)}"`;
  // Back at the page's start: Tab went past the last element to the page, or round to the
  // first element again. (A date field takes several presses, one for each of its parts.)
  if (el === document.body || el === document.documentElement || el.dataset.ringFirst) {
    return {name, done: true};
  }
  if (!document.querySelector("[data-ring-first]")) el.dataset.ringFirst = "yes";
  const style = getComputedStyle(el);
  const width = parseFloat(style.outlineWidth);
  if (style.outlineStyle === "none" || width < 2) {
    return {name, ratio: 0, why: "no visible focus ring"};
  }
  // Tab scrolled it into view, but a chart drawn since may have moved it.
  let box = el.getBoundingClientRect();
  if (box.top < 0 || box.bottom > innerHeight) {
    el.scrollIntoView({block: "center", behavior: "instant"});
    box = el.getBoundingClientRect();
  }
  const out = parseFloat(style.outlineOffset) + width / 2;  // from the border to the ring's middle
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  const points = {
    above: [x, box.top - out], below: [x, box.bottom + out],
    left: [box.left - out, y], right: [box.right + out, y],
  };
  const ring = rgba(style.outlineColor);
  let worst = null;
  for (const [side, [px, py]] of Object.entries(points)) {
    if (px < 0 || py < 0 || px >= innerWidth || py >= innerHeight) continue;
    const outside = px < box.left || px > box.right || py < box.top || py > box.bottom;
    const under = document.elementsFromPoint(px, py)
      .find((node) => !(outside && (node === el || el.contains(node))));
    const behind = background(under);
    const seen = over(ring, behind);
    const r = ratio(seen, behind);
    if (!worst || r < worst.ratio) {
      worst = {name, ratio: r, why: `ring ${hex(seen)} on ${hex(behind)} ${side} it`};
    }
  }
  return worst || {name, ratio: 0, why: "its ring is off the screen"};
}
"""
SIGNED_OUT = ["/", "/stretches/", "/stretches/sphinx/"]
SIGNED_IN = ["/", "/trends/", "/history/", "/accounts/settings/", "/report/"]


def focus_rings_below_3_to_1(page: Page, path: str) -> list[str]:
    """Tab through the page from its start, as a keyboard user would, and name every element
    whose focus ring is below 3:1 against what lies behind it."""
    page.goto(path)
    failures, seen = [], 0
    for _ in range(250):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        if ring.get("done"):
            break
        seen += 1
        if ring["ratio"] < 3:
            failures.append(f"{path} {ring['name']}: {ring['ratio']:.2f}:1, {ring['why']}")
    else:
        pytest.fail(f"{path}: Tab never came back to the page's start")
    assert seen > 5, f"{path}: only {seen} elements took the focus"
    return failures


@pytest.mark.parametrize("width", [390, 1280])
def test_every_focus_ring_is_3_to_1_against_what_lies_behind_it(page: Page, width):
    page.set_viewport_size({"width": width, "height": 844})
    # Scrolling is instant, so each focused element is in view when its ring is measured.
    page.emulate_media(reduced_motion="reduce")
    failures = []
    for path in SIGNED_OUT:
        failures += focus_rings_below_3_to_1(page, path)
    make_history("demo", 120, PASSWORD, __import__("random").Random(1))
    log_in(page, "demo")
    for path in SIGNED_IN:
        failures += focus_rings_below_3_to_1(page, path)
    assert failures == [], "\n".join(failures)


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
