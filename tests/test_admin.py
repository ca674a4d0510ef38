import json

import pytest
from django.urls import reverse

from journal.models import Routine, Step, Stretch, TargetArea

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:journal_stretch_add")


def stretch_form(**overrides) -> dict:
    """The POST data of the admin's stretch form, with two steps."""
    data = {
        "name": "Standing side reach",
        "slug": "standing-side-reach",
        "summary": "Reach up and over to lengthen your side.",
        "source": "",
        "kind": "static",
        "plane": "side-bending",
        "starting_position": "standing",
        "target_areas": [TargetArea.objects.first().pk],
        "hold_seconds_min": "20",
        "hold_seconds_max": "30",
        "reps_min": "",
        "reps_max": "",
        "sets": "1",
        "each_side": "on",
        "props": "",
        "modifications": "",
        "cautions": "",
        "steps_text": "Stand tall with your feet apart.\nReach one arm up and over.",
        "picture_alt": "",
        "picture_author": "",
        "picture_licence": "",
        "picture_source": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def form_of(stretch: Stretch, **overrides) -> dict:
    """The admin's form for `stretch` as it stands (or as `editorial.show` shows it), with
    `overrides`."""
    steps = "\n".join(step.text for step in sorted(stretch.steps.all(), key=lambda s: s.number))
    data = stretch_form(
        name=stretch.name,
        slug=stretch.slug,
        summary=stretch.summary,
        source=stretch.source,
        kind=stretch.kind,
        plane=stretch.plane,
        starting_position=stretch.starting_position,
        target_areas=[a.pk for a in stretch.target_areas.all()],
        hold_seconds_min=str(stretch.hold_seconds_min or ""),
        hold_seconds_max=str(stretch.hold_seconds_max or ""),
        reps_min=str(stretch.reps_min or ""),
        reps_max=str(stretch.reps_max or ""),
        sets=str(stretch.sets),
        each_side="on" if stretch.each_side else None,
        props=stretch.props,
        modifications=stretch.modifications,
        cautions=stretch.cautions,
        steps_text=steps,
        figure=json.dumps(stretch.figure),
    )
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_it_adds_a_stretch_with_its_steps_unpublished(admin_client, client):
    response = admin_client.post(ADD_URL, stretch_form())
    assert response.status_code == 302
    stretch = Stretch.objects.get(slug="standing-side-reach")
    assert response["Location"] == reverse("admin:journal_stretch_change", args=[stretch.pk])
    assert [s.text for s in stretch.steps.all()] == [
        "Stand tall with your feet apart.",
        "Reach one arm up and over.",
    ]
    assert stretch.dose_text() == "hold 20–30 s, each side"
    assert not stretch.published


def test_an_edit_to_a_step_is_a_draft_until_published(admin_client):
    stretch = Stretch.objects.get(slug="sphinx")
    step = stretch.steps.get(number=1)
    url = reverse("admin:journal_stretch_change", args=[stretch.pk])
    lines = [s.text for s in stretch.steps.order_by("number")]
    lines[0] = "Lie on your front, propped on your forearms."
    response = admin_client.post(url, form_of(stretch, steps_text="\n".join(lines)))
    assert response.status_code == 302, response.context["adminform"].form.errors
    step.refresh_from_db()
    assert step.text != "Lie on your front, propped on your forearms."
    assert stretch.draft.content["steps"][0] == "Lie on your front, propped on your forearms."

    response = admin_client.post(reverse("admin:journal_stretch_publish", args=[stretch.pk]))
    assert response.status_code == 302
    assert stretch.steps.get(number=1).text == "Lie on your front, propped on your forearms."


def test_it_refuses_a_hold_range_that_runs_backwards(admin_client):
    response = admin_client.post(
        ADD_URL, stretch_form(hold_seconds_min="60", hold_seconds_max="30")
    )
    assert response.status_code == 200
    assert "no more than “hold to”" in response.text
    assert not Stretch.objects.filter(slug="standing-side-reach").exists()


def test_it_refuses_a_negative_dose_next_to_the_field(admin_client):
    response = admin_client.post(ADD_URL, stretch_form(sets="-2"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["sets"] == [
        "Ensure this value is greater than or equal to 1."
    ]
    assert not Stretch.objects.filter(slug="standing-side-reach").exists()


def test_it_refuses_a_duplicate_slug(admin_client):
    response = admin_client.post(ADD_URL, stretch_form(slug="sphinx"))
    assert response.status_code == 200
    assert "Stretch with this Slug already exists." in response.text
    assert Stretch.objects.filter(slug="sphinx").count() == 1


def test_it_refuses_more_steps_than_a_page_can_hold(admin_client):
    response = admin_client.post(ADD_URL, stretch_form(steps_text="A step.\n" * 31))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["steps_text"] == [
        "At most 30 steps, one a line."
    ]
    assert not Stretch.objects.filter(slug="standing-side-reach").exists()
    assert not Step.objects.filter(text="A step.").exists()


def test_it_edits_a_routine_with_its_stretches(admin_client):
    routine = Routine.objects.get(is_default=True)
    response = admin_client.get(reverse("admin:journal_routine_change", args=[routine.pk]))
    assert response.status_code == 200
    assert "Child" in response.text


def test_an_editor_can_edit_the_library(client, editor):
    client.force_login(editor)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert reverse("admin:journal_stretch_changelist") in index.text
    assert reverse("admin:auth_user_changelist") not in index.text
    assert client.get(reverse("admin:journal_stretch_changelist")).status_code == 200
    assert client.get(reverse("admin:journal_routine_changelist")).status_code == 200
    response = client.post(ADD_URL, stretch_form())
    assert response.status_code == 302
    assert Stretch.objects.filter(slug="standing-side-reach").exists()
    stretch = Stretch.objects.get(slug="standing-side-reach")
    response = client.post(reverse("admin:journal_stretch_publish", args=[stretch.pk]))
    assert response.status_code == 302
    stretch.refresh_from_db()
    assert stretch.published


def test_an_editor_cannot_see_or_change_accounts(client, editor, admin_user):
    client.force_login(editor)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_user_change", args=[admin_user.pk])).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403
    response = client.post(
        reverse("admin:auth_user_change", args=[admin_user.pk]),
        {"username": "hacked", "is_superuser": "on"},
    )
    assert response.status_code == 403
    admin_user.refresh_from_db()
    assert admin_user.username == "admin"


def test_an_editor_has_only_library_permissions(editor):
    apps = {perm.split(".")[0] for perm in editor.get_all_permissions()}
    assert apps == {"journal"}
    assert editor.has_perm("journal.change_stretch")
    assert editor.has_perm("journal.delete_step")
    assert editor.has_perm("journal.publish_stretch")
    # Drafts, pictures and versions have no admin pages: the stretch's permissions cover them.
    assert not editor.has_perm("journal.change_stretchdraft")
    assert not editor.has_perm("journal.add_picture")
    assert not any(perm.startswith("reversion.") for perm in editor.get_all_permissions())
    assert not editor.has_perm("auth.change_user")


def test_a_visitor_cannot_reach_the_admin(client):
    response = client.get(reverse("admin:journal_stretch_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


PRIVATE = "a-private-journal-note"


@pytest.fixture
def logged_sphinx(db):
    return log_sphinx()


def log_sphinx() -> Stretch:
    """Alice's journal, with an entry for the sphinx (which the journal protects from deletion)."""
    import datetime as dt

    from journal.models import SessionEntry, SorenessCheckin, StretchSession
    from tests.conftest import make_user

    alice = make_user("alice")
    day = dt.date(2026, 3, 14)
    SorenessCheckin.objects.create(user=alice, date=day, soreness=4, note=PRIVATE)
    session = StretchSession.objects.create(user=alice, date=day, note=PRIVATE)
    SessionEntry.objects.create(
        session=session, stretch=Stretch.objects.get(slug="sphinx"), reps=3, note=PRIVATE
    )
    return Stretch.objects.get(slug="sphinx")


def assert_no_journal_data(text: str, where: str) -> None:
    for secret in [PRIVATE, "2026-03-14", "14 March 2026", "March 14, 2026", "Session on"]:
        assert secret not in text, f"{where} shows {secret!r}"


def test_the_cannot_delete_page_gives_an_editor_a_count_not_the_entries(
    client, editor, logged_sphinx
):
    client.force_login(editor)
    response = client.get(reverse("admin:journal_stretch_delete", args=[logged_sphinx.pk]))
    assert response.status_code == 200
    assert "1 journal record that people logged with it" in response.text
    assert_no_journal_data(response.text, "the delete page")


def test_no_admin_page_an_editor_can_reach_shows_journal_data(client, editor, logged_sphinx):
    from django.contrib import admin as django_admin

    client.force_login(editor)
    routine = Routine.objects.get(is_default=True)
    area = logged_sphinx.target_areas.first()
    urls = [reverse("admin:index"), reverse("admin:app_list", args=["journal"])]
    for model, obj in [(Stretch, logged_sphinx), (Routine, routine), (TargetArea, area)]:
        name = f"admin:journal_{model._meta.model_name}"
        urls += [
            reverse(f"{name}_changelist"),
            reverse(f"{name}_changelist") + "?q=2026",
            reverse(f"{name}_add"),
            reverse(f"{name}_change", args=[obj.pk]),
            reverse(f"{name}_history", args=[obj.pk]),
            reverse(f"{name}_delete", args=[obj.pk]),
        ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_journal_data(response.text, url)
    # The list's "delete selected" action shows the same confirmation page.
    for model, obj in [(Stretch, logged_sphinx), (Routine, routine), (TargetArea, area)]:
        url = reverse(f"admin:journal_{model._meta.model_name}_changelist")
        response = client.post(url, {"action": "delete_selected", "_selected_action": [obj.pk]})
        assert response.status_code == 200, url
        assert_no_journal_data(response.text, f"{url} delete selected")
    # Every model an editor can reach was walked above; the journal's are not in the admin.
    reachable = {
        model
        for model, model_admin in django_admin.site._registry.items()
        if model_admin.has_view_permission(type("R", (), {"user": editor})())
    }
    assert reachable == {Stretch, Routine, TargetArea}
