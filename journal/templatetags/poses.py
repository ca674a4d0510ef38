"""Stretch figures on pages: journal/figures.py draws them, these tags put them in templates."""

import logging
from collections.abc import Mapping

from django import template
from django.utils.safestring import SafeString, mark_safe

from journal.figures import (
    POSITION_LABELS,
    POSITIONS,
    figure_problems,
    other_side_alt,
    pose_svg,
    side_label,
)
from journal.models import Stretch

register = template.Library()
logger = logging.getLogger(__name__)


def drawable(stretch: Stretch) -> Mapping | None:
    """The stretch's figure when it has one that can be drawn, else None.

    The admin refuses a figure that cannot be drawn, but a row changed some other way (a shell,
    a restored backup) must not take its pages down: such a figure is left out and logged.
    """
    figure = stretch.figure
    if not figure:
        return None
    problems = figure_problems(figure)
    if problems:
        logger.warning("The figure of %s cannot be drawn: %s", stretch.slug, "; ".join(problems))
        return None
    return figure


@register.simple_tag
def pose(stretch: Stretch, position: str = "held", css_class: str = "pose") -> SafeString:
    """One position of a stretch's figure as inline SVG with its text alternative; nothing when
    the stretch has no figure. pose_svg escapes the text it puts in."""
    figure = drawable(stretch)
    if figure is None or position not in POSITIONS:
        return mark_safe("")
    return mark_safe(pose_svg(figure, position, css_class=css_class))


@register.inclusion_tag("journal/_pose.html")
def pose_frames(stretch: Stretch, size: str = "large", moving: bool = True) -> dict:
    """Both positions of a stretch's figure, labelled "Start" and "Hold", with the side shown.

    `moving`: where the person allows motion, the two fade gently into each other in one place
    (site.css), with a box to keep them still side by side; otherwise they stand side by side.
    """
    figure = drawable(stretch)
    if figure is None:
        return {"frames": []}
    return {
        "frames": [
            {
                "label": POSITION_LABELS[position],
                "svg": mark_safe(pose_svg(figure, position, css_class="pose")),
            }
            for position in POSITIONS
        ],
        "side_label": side_label(figure),
        "size": size,
        "moving": moving,
        "name": f"pose-{stretch.slug}",
    }


@register.inclusion_tag("journal/_guided_pose.html")
def guided_pose(stretch: Stretch, index: int) -> dict:
    """The held position of the guided session's stretch number `index`, hidden until
    journal/static/journal/guided.js shows it. An each-side figure carries what to say for each
    side: the script turns the figure round for the side that is not drawn."""
    figure = drawable(stretch)
    if figure is None:
        return {}
    shown = figure.get("side")
    context = {"index": index, "svg": mark_safe(pose_svg(figure, "held", css_class="pose"))}
    if shown:
        alt = figure["held"]["alt"]
        other = "left" if shown == "right" else "right"
        context |= {
            "side": shown,
            "label": side_label(figure),
            "sides": {
                shown: {"label": side_label(figure), "alt": alt},
                other: {"label": side_label(figure, other), "alt": other_side_alt(alt)},
            },
        }
    return context
