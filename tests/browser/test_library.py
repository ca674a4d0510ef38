import re

from playwright.sync_api import Page, expect

from journal.models import Stretch
from tests.browser.conftest import assert_no_horizontal_scroll


def test_a_filter_swaps_the_list_in_place_and_updates_the_address(page: Page):
    page.goto("/stretches/")
    total = Stretch.objects.count()
    expect(page.get_by_role("status")).to_contain_text(f"{total} stretches")
    # A marker on window survives an htmx swap but not a full page load.
    page.evaluate("window.stillHere = true")

    page.get_by_role("link", name="Piriformis", exact=True).click()

    expected = Stretch.objects.filter(target_areas__slug="piriformis").count()
    expect(page).to_have_url(re.compile(r"/stretches/\?area=piriformis$"))
    expect(page.locator(".cards").first.locator(".card")).to_have_count(expected)
    expect(page.get_by_role("link", name="Piriformis", exact=True)).to_have_attribute(
        "aria-current", "true"
    )
    assert page.evaluate("window.stillHere") is True

    page.get_by_role("link", name="Clear filters").click()
    expect(page).to_have_url(re.compile(r"/stretches/$"))
    expect(page.get_by_role("status")).to_contain_text(f"{total} stretches")


def test_filters_work_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False, base_url=base_url)
    page = context.new_page()
    page.goto("/stretches/")
    kind_link = page.get_by_role("link", name="Static hold", exact=True)
    expect(kind_link).to_be_hidden()  # the kind filter starts folded away
    page.get_by_text("Kind:").click()
    kind_link.click()
    expect(page).to_have_url(re.compile(r"\?kind=static$"))
    expect(page.locator("summary", has_text="Kind:")).to_contain_text("Static hold")
    expected = Stretch.objects.filter(kind="static").count()
    expect(page.locator(".cards").first.locator(".card")).to_have_count(expected)
    context.close()


def test_a_stretch_page_reads_well_on_a_phone(phone: Page):
    phone.goto("/stretches/knee-to-chest/")
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    expect(phone.get_by_text("Hold 30–60 s, each side")).to_be_visible()
    assert_no_horizontal_scroll(phone)
    phone.goto("/stretches/")
    assert_no_horizontal_scroll(phone)
