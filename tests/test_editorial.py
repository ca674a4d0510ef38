"""Drafts, previews, publishing, history and restoring (journal/editorial.py, journal/admin.py)."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.forms import modelform_factory
from django.urls import reverse
from reversion.models import Version

from journal import editorial
from journal.forms import EntryForm
from journal.models import Picture, Routine, RoutineStretch, Stretch, StretchDraft
from tests.test_admin import (
    ADD_URL,
    assert_no_journal_data,
    form_of,
    log_sphinx,
    stretch_form,
)
from tests.test_pictures import HOSTILE, image_bytes, stored_files, upload

pytestmark = pytest.mark.django_db

NEW_SUMMARY = "Sit back towards your heels and let your whole back lengthen and soften."


def admin_url(view: str, stretch: Stretch, *args) -> str:
    return reverse(f"admin:journal_stretch_{view}", args=[stretch.pk, *args])


@pytest.fixture
def sphinx() -> Stretch:
    return Stretch.objects.get(slug="sphinx")


def save(client, stretch: Stretch, **changes):
    stretch = Stretch.objects.get(pk=stretch.pk)
    editorial.show_draft(stretch)
    response = client.post(admin_url("change", stretch), form_of(stretch, **changes))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def publish(client, stretch: Stretch):
    response = client.post(admin_url("publish", stretch))
    assert response.status_code == 302
    return response


# Drafts


def test_a_saved_change_is_a_draft_that_people_do_not_see(editor_client, client, sphinx):
    old_summary = sphinx.summary
    save(editor_client, sphinx, summary=NEW_SUMMARY)

    sphinx.refresh_from_db()
    assert sphinx.summary == old_summary
    assert StretchDraft.objects.get(stretch=sphinx).content["summary"] == NEW_SUMMARY
    client.logout()
    page = client.get(sphinx.get_absolute_url())
    assert old_summary in page.text and NEW_SUMMARY not in page.text


def test_the_editor_carries_on_from_the_draft(editor_client, sphinx):
    steps = [step.text for step in sphinx.steps.order_by("number")]
    save(
        editor_client,
        sphinx,
        summary=NEW_SUMMARY,
        steps_text="\n".join([*steps, "A new last step."]),
    )
    form = editor_client.get(admin_url("change", sphinx)).context["adminform"].form
    assert form.initial["summary"] == NEW_SUMMARY
    assert form.initial["steps_text"].endswith("A new last step.")
    page = editor_client.get(admin_url("change", sphinx)).text
    assert "A draft is waiting" in page
    assert "What publishing the draft changes" in page and "A new last step." in page


def test_the_preview_shows_the_draft_on_the_public_template(editor_client, sphinx):
    save(editor_client, sphinx, summary=NEW_SUMMARY)
    response = editor_client.get(admin_url("preview", sphinx))
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "journal/stretch_detail.html"
    assert NEW_SUMMARY in response.text
    assert "Preview." in response.text
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    # The public page itself is unchanged, for editor_client too.
    assert NEW_SUMMARY not in editor_client.get(sphinx.get_absolute_url()).text


def test_the_phone_width_preview_frames_the_preview_from_this_site_only(editor_client, sphinx):
    save(editor_client, sphinx, summary=NEW_SUMMARY)
    page = editor_client.get(admin_url("preview_phone", sphinx))
    assert page.status_code == 200
    assert f'src="{admin_url("preview_frame", sphinx)}"' in page.text
    framed = editor_client.get(admin_url("preview_frame", sphinx))
    assert NEW_SUMMARY in framed.text
    assert framed["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in framed["Content-Security-Policy"]
    # Every other page still refuses to be framed.
    assert editor_client.get(admin_url("preview", sphinx))["X-Frame-Options"] == "DENY"


def test_publishing_makes_the_draft_what_people_see(editor_client, client, sphinx):
    steps = [step.text for step in sphinx.steps.order_by("number")]
    save(editor_client, sphinx, summary=NEW_SUMMARY, steps_text="\n".join(steps[:-1]))
    publish(editor_client, sphinx)

    sphinx.refresh_from_db()
    assert sphinx.summary == NEW_SUMMARY
    assert [s.text for s in sphinx.steps.order_by("number")] == steps[:-1]
    assert not StretchDraft.objects.filter(stretch=sphinx).exists()
    client.logout()
    assert NEW_SUMMARY in client.get(sphinx.get_absolute_url()).text


def test_discarding_a_draft_leaves_the_published_stretch(editor_client, sphinx):
    old_summary = sphinx.summary
    save(editor_client, sphinx, summary=NEW_SUMMARY)
    response = editor_client.post(admin_url("discard", sphinx))
    assert response.status_code == 302
    assert not StretchDraft.objects.filter(stretch=sphinx).exists()
    sphinx.refresh_from_db()
    assert sphinx.summary == old_summary
    assert not Version.objects.get_for_object(sphinx).exists()


def test_saving_the_published_content_again_leaves_no_draft(editor_client, sphinx):
    save(editor_client, sphinx, summary=NEW_SUMMARY)
    save(editor_client, sphinx, summary=Stretch.objects.get(pk=sphinx.pk).summary)
    assert not StretchDraft.objects.filter(stretch=sphinx).exists()


def test_publishing_needs_a_post_and_a_draft(editor_client, sphinx):
    assert editor_client.get(admin_url("publish", sphinx)).status_code == 405
    response = editor_client.post(admin_url("publish", sphinx), follow=True)
    assert "There is no draft to publish" in response.text
    assert not Version.objects.get_for_object(sphinx).exists()


def test_a_draft_that_no_longer_fits_the_library_is_not_published(editor_client, sphinx):
    save(editor_client, sphinx, slug="the-sphinx")
    Stretch.objects.filter(slug="childs-pose").update(slug="the-sphinx")
    response = editor_client.post(admin_url("publish", sphinx), follow=True)
    assert "Not published: Stretch with this Slug already exists." in response.text
    sphinx.refresh_from_db()
    assert sphinx.slug == "sphinx"
    assert StretchDraft.objects.filter(stretch=sphinx).exists()


# New stretches


def test_a_new_stretch_is_hidden_everywhere_until_published(editor_client, client, alice):
    editor_client.post(ADD_URL, stretch_form())
    stretch = Stretch.objects.get(slug="standing-side-reach")
    client.force_login(alice)
    assert client.get(stretch.get_absolute_url()).status_code == 404
    assert "Standing side reach" not in client.get(reverse("library")).text
    assert stretch.get_absolute_url() not in client.get(reverse("service_worker")).text
    assert stretch not in EntryForm().fields["stretch"].queryset
    # Nor can it join a routine before it is published.
    routine_form = modelform_factory(RoutineStretch, fields=["stretch"])()
    assert stretch not in routine_form.fields["stretch"].queryset

    publish(editor_client, stretch)
    assert client.get(stretch.get_absolute_url()).status_code == 200
    assert "Standing side reach" in client.get(reverse("library")).text
    history = editorial.history(stretch)
    assert [entry.comment for entry in history] == ["First published"]


def test_a_new_stretch_can_be_previewed_before_it_is_published(editor_client):
    editor_client.post(ADD_URL, stretch_form())
    stretch = Stretch.objects.get(slug="standing-side-reach")
    response = editor_client.get(admin_url("preview", stretch))
    assert response.status_code == 200
    assert "This stretch is not published" in response.text
    assert "Reach one arm up and over." in response.text


# History and restoring


def test_history_keeps_each_published_version_with_who_and_when(editor_client, editor, sphinx):
    old_summary = sphinx.summary
    save(editor_client, sphinx, summary=NEW_SUMMARY)
    publish(editor_client, sphinx)

    page = editor_client.get(admin_url("history", sphinx))
    assert page.status_code == 200
    versions = page.context["versions"]
    assert [v.comment for v in versions] == [
        "Published",
        "As it was before changes were published here",
    ]
    latest = versions[0]
    assert latest.who == "editor" and latest.current
    assert [(c.label, c.old, c.new) for c in latest.changes] == [
        ("Summary", old_summary, NEW_SUMMARY)
    ]
    assert "Bring back this version" in page.text
    assert "<del>" in page.text and "<ins>" in page.text


def test_a_restore_brings_back_the_earlier_text_and_steps_as_a_new_version(editor_client, sphinx):
    old_summary = sphinx.summary
    old_steps = [s.text for s in sphinx.steps.order_by("number")]
    save(
        editor_client,
        sphinx,
        summary=NEW_SUMMARY,
        steps_text="\n".join([*old_steps, "An extra step."]),
    )
    publish(editor_client, sphinx)
    earlier = editorial.history(sphinx)[-1]

    response = editor_client.post(admin_url("restore", sphinx, earlier.id))
    assert response.status_code == 302
    sphinx.refresh_from_db()
    assert sphinx.summary == old_summary
    assert [s.text for s in sphinx.steps.order_by("number")] == old_steps
    history = editorial.history(sphinx)
    assert len(history) == 3 and history[0].current
    assert history[0].comment.startswith("Brought back the version of")
    assert {c.label for c in history[0].changes} == {"Summary", f"Step {len(old_steps) + 1}"}

    # The restore is itself a version: undoing it brings the new text back.
    editor_client.post(admin_url("restore", sphinx, history[1].id))
    sphinx.refresh_from_db()
    assert sphinx.summary == NEW_SUMMARY
    assert sphinx.steps.count() == len(old_steps) + 1


def test_a_restore_brings_back_the_earlier_picture(editor_client, sphinx):
    credits = {
        "picture_alt": "Lying on the front, propped on the forearms, chest lifted.",
        "picture_author": "A. Photographer",
        "picture_licence": "cc-by-4.0",
        "picture_source": "https://example.org/sphinx",
    }
    for colour in ("#1f5f8b", "#8b1f3a"):
        picture = upload(image_bytes(colour=colour))
        save(editor_client, sphinx, picture_upload=picture, **credits)
        publish(editor_client, sphinx)
    first, second = Picture.objects.order_by("pk")
    sphinx.refresh_from_db()
    assert sphinx.picture == second
    picture_change = [c for c in editorial.history(sphinx)[0].changes if c.is_picture][0]
    assert picture_change.old == first.card_url() and picture_change.new == second.card_url()

    editor_client.post(admin_url("restore", sphinx, editorial.history(sphinx)[1].id))
    sphinx.refresh_from_db()
    assert sphinx.picture == first
    assert sphinx.picture_author == "A. Photographer"


def test_a_restore_brings_back_the_earlier_figure(editor_client, sphinx):
    old = sphinx.figure
    turned = {"start": old["held"], "held": old["start"]}  # a figure that draws, changed
    save(editor_client, sphinx, figure=json.dumps(turned))
    publish(editor_client, sphinx)
    sphinx.refresh_from_db()
    assert sphinx.figure == turned
    assert "Figure" in {c.label for c in editorial.history(sphinx)[0].changes}

    editor_client.post(admin_url("restore", sphinx, editorial.history(sphinx)[1].id))
    sphinx.refresh_from_db()
    assert sphinx.figure == old


def test_a_restore_keeps_a_waiting_draft(editor_client, sphinx):
    save(editor_client, sphinx, summary=NEW_SUMMARY)
    publish(editor_client, sphinx)
    save(editor_client, sphinx, summary="A draft written later.")
    editor_client.post(admin_url("restore", sphinx, editorial.history(sphinx)[-1].id))
    assert StretchDraft.objects.get(stretch=sphinx).content["summary"] == "A draft written later."


def test_another_stretchs_version_cannot_be_restored_here(editor_client, sphinx):
    child = Stretch.objects.get(slug="childs-pose")
    save(editor_client, child, summary=NEW_SUMMARY)
    publish(editor_client, child)
    version = editorial.history(child)[-1]
    assert editor_client.post(admin_url("restore", sphinx, version.id)).status_code == 404
    assert editor_client.get(admin_url("restore", child, version.id)).status_code == 405


# Who may do what


def test_an_editor_without_the_right_to_publish_saves_drafts_only(editor_client, editor, sphinx):
    editor.groups.first().permissions.remove(Permission.objects.get(codename="publish_stretch"))
    save(editor_client, sphinx, summary=NEW_SUMMARY)
    page = editor_client.get(admin_url("change", sphinx)).text
    assert "An editor who may publish will publish it." in page
    assert editor_client.post(admin_url("publish", sphinx)).status_code == 403
    sphinx.refresh_from_db()
    assert sphinx.summary != NEW_SUMMARY
    editorial.publish(sphinx, None)
    version = editorial.history(sphinx)[-1]
    assert editor_client.post(admin_url("restore", sphinx, version.id)).status_code == 403


@pytest.mark.parametrize(
    "view", ["preview", "preview_frame", "preview_phone", "history", "publish", "discard"]
)
def test_nobody_but_staff_gets_a_preview_or_the_history(client, alice, admin_user, sphinx, view):
    editor_client = type(client)()
    editor_client.force_login(admin_user)
    save(editor_client, sphinx, summary=NEW_SUMMARY)
    publish(editor_client, sphinx)
    save(editor_client, sphinx, summary="The next draft, not public.")
    url = admin_url(view, sphinx)
    for person in (None, alice):
        if person:
            client.force_login(person)
        for response in (client.get(url), client.post(url)):
            assert response.status_code == 302, (person, url)
            assert response["Location"].startswith(reverse("admin:login"))
    restore = admin_url("restore", sphinx, editorial.history(sphinx)[-1].id)
    assert client.post(restore).status_code == 302
    sphinx.refresh_from_db()
    assert sphinx.summary == NEW_SUMMARY
    draft = StretchDraft.objects.get(stretch=sphinx)
    assert draft.content["summary"] == "The next draft, not public."


@pytest.fixture
def logged_sphinx(db) -> Stretch:
    return log_sphinx()


def test_the_editors_new_pages_show_no_journal_data(client, editor, logged_sphinx):
    client.force_login(editor)
    save(client, logged_sphinx, summary=NEW_SUMMARY)
    publish(client, logged_sphinx)
    save(client, logged_sphinx, summary="Another draft.")
    for view in ["change", "preview", "preview_frame", "preview_phone", "history"]:
        response = client.get(admin_url(view, logged_sphinx))
        assert response.status_code == 200, view
        assert_no_journal_data(response.text, view)


# Pictures through the editor


def test_a_picture_and_its_credits_show_once_published(editor_client, client, sphinx, media_root):
    credits = {
        "picture_alt": "Lying on the front, propped on the forearms, chest lifted.",
        "picture_author": "A. Photographer",
        "picture_licence": "cc-by-sa-4.0",
        "picture_source": "https://example.org/sphinx",
    }
    save(editor_client, sphinx, picture_upload=upload(image_bytes()), **credits)
    picture = Picture.objects.get()
    assert len(stored_files(media_root)) == 2
    client.logout()
    assert picture.url() not in client.get(sphinx.get_absolute_url()).text
    assert client.get(picture.url()).status_code == 404  # a draft's picture is not public yet

    publish(editor_client, sphinx)
    page = client.get(sphinx.get_absolute_url()).text
    assert picture.url() in page and picture.card_url() in page
    assert 'alt="Lying on the front, propped on the forearms, chest lifted."' in page
    assert "Picture: A. Photographer" in page
    licence = "https://creativecommons.org/licenses/by-sa/4.0/"
    assert f'href="{licence}" rel="license">CC BY-SA 4.0' in page
    assert 'href="https://example.org/sphinx"' in page
    assert picture.card_url() in client.get(reverse("library")).text


def test_a_picture_needs_its_credits(editor_client, sphinx, media_root):
    stretch = Stretch.objects.get(pk=sphinx.pk)
    data = form_of(stretch, picture_upload=upload(image_bytes()))
    response = editor_client.post(admin_url("change", sphinx), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["picture_alt"] == ["Say what the picture shows, for people who cannot see it."]
    assert errors["picture_author"] == ["Say who made the picture."]
    assert errors["picture_licence"] == ["Choose the licence the picture is shown under."]
    assert not Picture.objects.exists() and stored_files(media_root) == []
    assert not StretchDraft.objects.exists()


def test_a_source_must_be_a_web_address(editor_client, sphinx):
    data = form_of(Stretch.objects.get(pk=sphinx.pk), picture_source="javascript:alert(1)")
    response = editor_client.post(admin_url("change", sphinx), data)
    assert response.status_code == 200
    assert "picture_source" in response.context["adminform"].form.errors


def test_removing_the_picture_takes_its_credits(editor_client, sphinx):
    credits = {"picture_alt": "A pose.", "picture_author": "Me", "picture_licence": "own-work"}
    save(editor_client, sphinx, picture_upload=upload(image_bytes()), **credits)
    publish(editor_client, sphinx)
    save(editor_client, sphinx, remove_picture="on", **credits)
    publish(editor_client, sphinx)
    sphinx.refresh_from_db()
    assert sphinx.picture is None and sphinx.picture_author == ""
    assert Picture.objects.count() == 1  # kept, for the history


# Differences


def test_word_diff_marks_what_changed():
    old, new = editorial.word_diff("Lie on your front slowly.", "Lie on your back slowly.")
    assert old == (
        editorial.Part("Lie on your ", False),
        editorial.Part("front", True),
        editorial.Part(" slowly.", False),
    )
    assert [part.text for part in new if part.changed] == ["back"]
    assert "".join(part.text for part in new) == "Lie on your back slowly."


def test_changes_name_each_field_and_step_in_plain_words(sphinx):
    old = editorial.content_of(sphinx)
    new = {**old, "kind": "dynamic", "each_side": True, "steps": [*old["steps"], "One more."]}
    found = {(c.label, c.old, c.new) for c in editorial.changes(old, new)}
    assert found == {
        ("Kind", "Static hold", "Dynamic (moving)"),
        ("Each side", "no", "yes"),
        (f"Step {len(old['steps']) + 1}", "", "One more."),
    }


def test_a_routine_shows_the_published_stretch_not_its_draft(editor_client, client):
    routine = Routine.objects.get(is_default=True)
    stretch = routine.stretches.first()
    save(editor_client, stretch, name="A renamed stretch")
    page = client.get(routine.get_absolute_url()).text
    assert stretch.name in page and "A renamed stretch" not in page


HOSTILE_UPLOADS = {
    **HOSTILE,
    "a 40 MB file": (
        lambda: b"\xff\xd8\xff\xe0" + b"\x00" * (40 * 1024 * 1024),
        "huge.jpg",
        "image/jpeg",
        "This file is 40.0 MB; a picture can be at most 10 MB.",
    ),
}


@pytest.mark.parametrize("case", HOSTILE_UPLOADS)
def test_a_hostile_upload_is_refused_next_to_the_field_and_nothing_is_kept(
    editor_client, sphinx, media_root, case
):
    data, name, content_type, message = HOSTILE_UPLOADS[case]
    credits = {"picture_alt": "A pose.", "picture_author": "Me", "picture_licence": "own-work"}
    form = form_of(Stretch.objects.get(pk=sphinx.pk), summary=NEW_SUMMARY, **credits)
    form["picture_upload"] = upload(data(), name, content_type)
    response = editor_client.post(admin_url("change", sphinx), form)
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["picture_upload"]
    assert message in error
    assert message in response.text
    assert not Picture.objects.exists()
    assert not StretchDraft.objects.exists()
    assert stored_files(media_root) == []
    sphinx.refresh_from_db()
    assert sphinx.picture is None and sphinx.summary != NEW_SUMMARY
