from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from journal.models import Stretch
from tests.conftest import PASSWORD


def test_an_edit_to_a_step_in_admin_shows_on_the_public_page(page: Page):
    User.objects.create_superuser("staff", "staff@example.com", PASSWORD)
    stretch = Stretch.objects.get(slug="childs-pose")
    new_text = "Kneel on a soft mat and let your hips sink back towards your heels."

    page.goto("/admin/")
    page.get_by_label("Username").fill("staff")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/admin/journal/stretch/{stretch.pk}/change/")
    page.locator("#id_steps-0-text").fill(new_text)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    page.goto(stretch.get_absolute_url())
    expect(page.locator("ol.steps li").first).to_have_text(new_text)
    assert stretch.steps.get(number=1).text == new_text
