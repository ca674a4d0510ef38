"""The staff editor's figure field: the figure's JSON beside a live preview to drag joints on."""

import json
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from journal.figures import (
    BONES,
    JOINT_NAMES,
    ROOT,
    STARTER,
    figure_json,
    figure_problems,
    pose_svg,
)


class FigureField(forms.JSONField):
    """A figure's JSON; an empty box is no figure (an empty object), not JSON's null."""

    def to_python(self, value: Any) -> Any:
        try:
            figure = super().to_python(value)
        except RecursionError:
            raise ValidationError("This is nested too deeply to be a figure.") from None
        return {} if figure is None else figure

    def bound_data(self, data: Any, initial: Any) -> Any:
        try:
            return super().bound_data(data, initial)
        except RecursionError:
            return forms.fields.InvalidJSONInput(data)


class FigureWidget(forms.Textarea):
    """A textarea for a figure's JSON with its preview beside it.

    The preview is drawn here by the same renderer as the public pages, with a handle on every
    joint. journal/static/journal/figure-editor.js moves the handles and writes the JSON as an
    editor drags a joint or turns it with the arrow keys, and asks the admin's preview URL
    (`preview_url`) to draw the figure again from the JSON, with what is wrong with it.
    """

    template_name = "journal/widgets/figure_editor.html"

    class Media:
        css = {"all": ["journal/figure-editor.css"]}
        js = [forms.Script("journal/figure-editor.js", type="module")]

    def __init__(self, preview_url: str = "", attrs: dict | None = None) -> None:
        super().__init__(attrs={"rows": 24, "cols": 60, "spellcheck": "false", **(attrs or {})})
        self.preview_url = preview_url

    def format_value(self, value: Any) -> str | None:
        # A stored figure reads one joint a line; text an editor typed comes back as typed.
        try:
            figure = json.loads(value) if isinstance(value, str) else value
        except (json.JSONDecodeError, RecursionError):
            return value
        if isinstance(figure, dict) and figure:
            return figure_json(figure)
        return "" if figure in ({}, None, "") else value

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict:
        context = super().get_context(name, value, attrs)
        try:
            figure = json.loads(value) if isinstance(value, str) else value
        except (json.JSONDecodeError, RecursionError):
            figure = None
        drawable = isinstance(figure, dict) and bool(figure) and not figure_problems(figure)
        context["widget"]["editor"] = {
            "preview_url": self.preview_url,
            "body_id": f"{context['widget']['attrs'].get('id', name)}-body",
            "preview": preview_svg(figure, "held") if drawable else "",
            "body": {
                "bones": [[bone.parent, bone.joint, bone.length, bone.name] for bone in BONES],
                "root": ROOT,
                "names": JOINT_NAMES,
                "starter": figure_json(STARTER),
            },
        }
        return context

    def _render(self, template_name: str, context: dict, renderer=None) -> SafeString:
        return mark_safe(render_to_string(template_name, context))


def preview_svg(figure: dict, position: str) -> SafeString:
    """A position drawn for the editor: the whole canvas, with a handle on every joint."""
    return mark_safe(pose_svg(figure, position, css_class="pose figure-editor-svg", handles=True))
