"""The figure in the staff editor: the field with its preview (journal/widgets.py), the admin's
preview URL, and a figure that cannot be drawn refused with the whole stretch form."""

import copy
import json

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from journal.figures import figure_json
from journal.models import Step, Stretch, StretchDraft
from tests.conftest import PASSWORD
from tests.test_admin import form_of, stretch_form

pytestmark = pytest.mark.django_db

PREVIEW_URL = reverse("admin:journal_stretch_figure_preview")


def change_form(stretch: Stretch, figure) -> dict:
    """The POST data of the stretch's admin page as it stands, with `figure` in its box."""
    return form_of(stretch, figure=figure if isinstance(figure, str) else json.dumps(figure))


def test_an_editor_sees_the_figure_beside_its_preview(editor_client):
    stretch = Stretch.objects.get(slug="knee-to-chest")
    response = editor_client.get(reverse("admin:journal_stretch_change", args=[stretch.pk]))
    assert response.status_code == 200
    text = response.text
    assert "data-figure-editor" in text and f'data-preview-url="{PREVIEW_URL}"' in text
    # The held position drawn with a handle on every joint, one joint a line in the box.
    assert 'class="pose figure-editor-svg"' in text
    assert 'data-joint="near_knee"' in text and 'aria-label="Near knee"' in text
    assert "      &quot;near_knee&quot;: [" in text
    # The script and its stylesheet are our own files: no inline script.
    assert 'src="/static/journal/figure-editor.js" type="module"' in text
    assert "journal/figure-editor.css" in text
    assert "<script>" not in text


def test_the_preview_draws_the_posted_figure_with_handles(editor_client):
    figure = Stretch.objects.get(slug="bridge-hold").figure
    response = editor_client.post(PREVIEW_URL, {"figure": json.dumps(figure), "position": "start"})
    assert response.status_code == 200
    answer = response.json()
    assert answer["problems"] == []
    assert answer["svg"].startswith('<svg class="pose figure-editor-svg" viewBox="0 0 200 120"')
    assert figure["start"]["alt"] in answer["svg"]
    assert 'data-joint="hip"' in answer["svg"]


def test_the_preview_says_what_is_wrong_and_draws_nothing(editor_client):
    figure = copy.deepcopy(Stretch.objects.get(slug="bridge-hold").figure)
    figure["held"]["joints"]["head"] = [400, 10]
    answer = editor_client.post(PREVIEW_URL, {"figure": json.dumps(figure)}).json()
    assert "svg" not in answer
    assert answer["problems"] == [
        "In “held”: joint “head” is off the canvas at (400, 10); x goes from 0 to 200 and y "
        "from 0 to 120."
    ]
    answer = editor_client.post(PREVIEW_URL, {"figure": '{"start": '}).json()
    assert answer["problems"][0].startswith("This is not valid JSON yet:")


def test_the_preview_is_for_staff_who_may_edit_stretches_only(client, alice):
    figure = json.dumps(Stretch.objects.get(slug="bridge-hold").figure)
    # Not signed in, or not staff: the admin's login page.
    response = client.post(PREVIEW_URL, {"figure": figure})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(alice)
    assert client.post(PREVIEW_URL, {"figure": figure}).status_code == 302
    # Staff without the library's permissions.
    User.objects.create_user("clerk", "clerk@example.com", PASSWORD, is_staff=True)
    client.force_login(User.objects.get(username="clerk"))
    assert client.post(PREVIEW_URL, {"figure": figure}).status_code == 403


def test_the_preview_answers_only_post(editor_client):
    assert editor_client.get(PREVIEW_URL).status_code == 405


def test_an_editor_saves_a_changed_figure(editor_client):
    stretch = Stretch.objects.get(slug="knee-to-chest")
    figure = copy.deepcopy(stretch.figure)
    figure["held"]["alt"] = "Lying on the back, the right knee hugged in with both hands."
    url = reverse("admin:journal_stretch_change", args=[stretch.pk])
    response = editor_client.post(url, change_form(stretch, figure_json(figure)))
    assert response.status_code == 302
    # A draft until published (journal/editorial.py), then what people see.
    stretch.refresh_from_db()
    assert stretch.figure != figure and stretch.draft.content["figure"] == figure
    response = editor_client.post(reverse("admin:journal_stretch_publish", args=[stretch.pk]))
    assert response.status_code == 302
    stretch.refresh_from_db()
    assert stretch.figure == figure


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda f: f["held"]["joints"].update(near_knee=[60, 20]), "the near thigh (hips to"),
        (lambda f: f["start"]["joints"].update(head=[-5, 90]), "joint “head” is off the canvas"),
        (lambda f: f["held"]["joints"].pop("far_toe"), "missing joint: far_toe"),
        (lambda f: f.update(side=None), "This stretch is done on each side"),
    ],
)
def test_a_figure_that_cannot_be_drawn_refuses_the_whole_form(editor_client, spoil, message):
    stretch = Stretch.objects.get(slug="knee-to-chest")
    before = copy.deepcopy(stretch.figure)
    figure = copy.deepcopy(before)
    spoil(figure)
    data = change_form(stretch, figure)
    data["summary"] = "A changed summary that must not be saved either."
    data["steps_text"] = "A changed step that must not be saved either."
    response = editor_client.post(reverse("admin:journal_stretch_change", args=[stretch.pk]), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["figure"]
    assert any(message in error for error in errors), errors
    # Next to the field, and nothing saved, not even the other fields or the steps.
    assert message.replace("“", "&ldquo;") in response.text or message in response.text
    stretch.refresh_from_db()
    assert stretch.figure == before
    assert stretch.summary != data["summary"]
    assert not Step.objects.filter(text=data["steps_text"]).exists()
    assert not StretchDraft.objects.exists()


def test_text_that_is_not_json_is_refused_as_typed(editor_client):
    stretch = Stretch.objects.get(slug="sphinx")
    typed = '{"start": {"alt": "Lying'
    response = editor_client.post(
        reverse("admin:journal_stretch_change", args=[stretch.pk]), change_form(stretch, typed)
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["figure"] == ["Enter a valid JSON."]
    # The box keeps what was typed, to be put right.
    assert "{&quot;start&quot;: {&quot;alt&quot;: &quot;Lying</textarea>" in response.text


def test_a_once_only_stretch_refuses_a_figure_with_a_side(editor_client):
    stretch = Stretch.objects.get(slug="sphinx")
    figure = stretch.figure | {"side": "right"}
    response = editor_client.post(
        reverse("admin:journal_stretch_change", args=[stretch.pk]), change_form(stretch, figure)
    )
    assert response.status_code == 200
    assert "done once, not on each side" in response.text


def test_a_new_stretch_may_have_no_figure_yet(editor_client):
    response = editor_client.post(reverse("admin:journal_stretch_add"), stretch_form(figure=""))
    assert response.status_code == 302
    assert Stretch.objects.get(slug="standing-side-reach").figure == {}


def test_an_empty_figure_box_offers_a_figure_to_start_from(editor_client):
    response = editor_client.get(reverse("admin:journal_stretch_add"))
    assert "data-figure-starter>" in response.text
    assert "Standing tall, arms by the sides." in response.text  # in the body's JSON


def test_json_nested_too_deeply_is_refused_not_a_500(editor_client):
    deep = "[" * 100_000 + "]" * 100_000
    answer = editor_client.post(PREVIEW_URL, {"figure": deep}).json()
    assert answer["problems"] == ["This is nested too deeply to be a figure."]
    stretch = Stretch.objects.get(slug="sphinx")
    response = editor_client.post(
        reverse("admin:journal_stretch_change", args=[stretch.pk]), change_form(stretch, deep)
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["figure"] == [
        "This is nested too deeply to be a figure."
    ]
