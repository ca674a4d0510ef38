"""The pose figures: what journal/figures.py accepts and refuses, how it draws, and the library's
25 figures as the data migration stores them."""

import copy
import importlib
import json
import math
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.db import IntegrityError, transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from journal import figures
from journal.figures import (
    BONES,
    CANVAS_HEIGHT,
    CANVAS_WIDTH,
    JOINTS,
    LENGTH_TOLERANCE,
    POSITIONS,
    FigureError,
    bone_lengths,
    check_figure,
    figure_json,
    figure_problems,
    frame,
    other_side_alt,
    pose_svg,
    side_label,
    turn,
)
from journal.models import Stretch

FIGURES = importlib.import_module("journal.migrations.0019_stretch_figures").FIGURES
LIBRARY = importlib.import_module("journal.migrations.0002_stretch_library").STRETCHES
SITE_CSS = Path(__file__).resolve().parents[1] / "journal" / "static" / "journal" / "site.css"
# One position's SVG, as it goes into a page (before gzip).
SVG_BUDGET = 2_000


def a_figure() -> dict:
    """A figure that can be drawn: the knee-to-chest stretch's, copied so a test may spoil it."""
    return copy.deepcopy(FIGURES["knee-to-chest"])


def joints_of(figure: dict, position: str = "held") -> dict[str, tuple[float, float]]:
    return {name: tuple(place) for name, place in figure[position]["joints"].items()}


# The library's figures


def test_every_stretch_of_the_library_has_a_figure():
    assert set(FIGURES) == {stretch["slug"] for stretch in LIBRARY}
    assert len(FIGURES) == 25


@pytest.mark.parametrize("slug", sorted(FIGURES))
def test_each_figure_can_be_drawn_and_is_small_well_formed_svg(slug):
    figure = FIGURES[slug]
    assert figure_problems(figure) == []
    for position in POSITIONS:
        svg = pose_svg(figure, position)
        assert len(svg.encode()) < SVG_BUDGET, (position, len(svg))
        root = ET.fromstring(svg)  # well-formed
        assert root.tag == "svg"
        assert root.get("role") == "img"
        assert root.get("aria-label") == figure[position]["alt"]
        # A shape the page can reserve before it draws: twice as wide as tall.
        assert float(root.get("width")) == 2 * float(root.get("height"))
        assert "http" not in svg.replace("http://www.w3.org", "")


@pytest.mark.parametrize("slug", sorted(FIGURES))
def test_limbs_keep_their_lengths_from_start_to_hold(slug):
    figure = FIGURES[slug]
    start = bone_lengths(joints_of(figure, "start"))
    held = bone_lengths(joints_of(figure, "held"))
    for bone in BONES:
        assert abs(start[bone.joint] - bone.length) <= LENGTH_TOLERANCE
        assert abs(held[bone.joint] - start[bone.joint]) <= 2 * LENGTH_TOLERANCE, bone.name


@pytest.mark.parametrize("stretch", LIBRARY, ids=lambda stretch: stretch["slug"])
def test_each_figure_says_what_the_body_does_and_which_side_it_shows(stretch):
    figure = FIGURES[stretch["slug"]]
    for position in POSITIONS:
        alt = figure[position]["alt"]
        assert len(alt.split()) >= 6 and "figure" not in alt.lower()
    assert figure["start"]["alt"] != figure["held"]["alt"]
    if stretch["each_side"]:
        assert figure["side"] in ("right", "left")
        assert figure["worked"], "the side worked is drawn in amber"
        # The side shown is the side the steps start with, and the held position names it.
        assert figure["side"] in figure["held"]["alt"].lower()
    else:
        assert figure.get("side") is None
    # Props the steps name are drawn: a towel, a roll, a ball, a cushion.
    kinds = {prop["kind"] for position in POSITIONS for prop in figure[position]["props"]}
    steps = " ".join(stretch["steps"]).lower()
    if "towel around" in steps:
        assert "strap" in kinds
    if "roll under" in steps or "ball or roller" in steps:
        assert "roller" in kinds


def test_the_figures_are_drawn_in_the_sites_colours():
    css = SITE_CSS.read_text()
    assert re.search(rf"--brand:\s*{figures.BODY}", css)
    assert f"--accent-wash: {figures.PROP_FILL}" in css
    assert figures.PROP_LINE in css and figures.CHAIR in css and figures.STRAP in css


# Checking


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda f: f.clear() or f.update({"start": 1}), "The “held” position is missing."),
        (lambda f: f["held"]["joints"].pop("near_knee"), "missing joint: near_knee"),
        (lambda f: f["held"]["joints"].update(elbow=[1, 1]), "unknown joint “elbow”"),
        (
            lambda f: f["held"]["joints"].update(head=[250, 50]),
            "joint “head” is off the canvas at (250, 50)",
        ),
        (lambda f: f["held"]["joints"].update(hip=[40, -3]), "joint “hip” is off the canvas"),
        (
            lambda f: f["held"]["joints"].update(near_toe=[1, "a"]),
            "joint “near_toe” needs its place as [x, y]",
        ),
        (lambda f: f["start"].update(alt=" "), "“alt” must say in words what the body"),
        (lambda f: f.update(facing="up"), "“facing” must be"),
        (lambda f: f.update(side="both"), "“side” must be"),
        (lambda f: f.update(worked=["tail"]), "“worked” is a list of limbs"),
        (lambda f: f.update(colour="red"), "“colour” is not part of a figure"),
        (lambda f: f["start"]["props"].append({"kind": "trampoline"}), "“kind” is one of"),
        (
            lambda f: f["start"]["props"].append({"kind": "strap", "from": "near_hand"}),
            "a strap takes from, to",
        ),
        (
            lambda f: f["start"]["props"].append({"kind": "strap", "from": "x", "to": "y"}),
            "a strap goes from one joint to another",
        ),
        (
            lambda f: f["start"]["props"].append({"kind": "roller", "x": 5, "y": 5, "r": 9}),
            "a roller is off the canvas",
        ),
        (
            lambda f: f["start"]["props"].append({"kind": "chair", "x": 50, "facing": "up"}),
            "a chair's “facing”",
        ),
    ],
)
def test_it_refuses_bad_data_with_a_message_that_says_what_is_wrong(spoil, message):
    figure = a_figure()
    spoil(figure)
    problems = figure_problems(figure)
    assert any(message in problem for problem in problems), problems
    with pytest.raises(FigureError) as refused:
        check_figure(figure)
    assert message in str(refused.value)


def test_it_refuses_a_limb_of_the_wrong_length_naming_it_and_its_length():
    figure = a_figure()
    x, y = figure["held"]["joints"]["near_knee"]
    # The near thigh stretched: the knee moved away from the hip along the thigh.
    hip = figure["held"]["joints"]["hip"]
    figure["held"]["joints"]["near_knee"] = [
        hip[0] + (x - hip[0]) * 1.3,
        hip[1] + (y - hip[1]) * 1.3,
    ]
    problems = figure_problems(figure)
    assert any(
        "the near thigh (hips to near knee) is 32.5 long; this body's is 25" in p for p in problems
    ), problems


def test_a_limb_within_the_tolerance_is_accepted():
    figure = a_figure()
    x, y = figure["held"]["joints"]["far_toe"]
    figure["held"]["joints"]["far_toe"] = [x + 0.3, y]
    assert figure_problems(figure) == []


def test_it_refuses_what_is_not_a_figure():
    assert figure_problems([1, 2]) == [
        "A figure is a JSON object with a “start” and a “held” position."
    ]
    assert figure_problems({"start": "x", "held": {}})[0].startswith("In “start”: a position is")


# Drawing


def test_the_text_alternative_is_escaped():
    figure = a_figure()
    figure["held"]["alt"] = 'Lying "flat" <script>alert(1)</script> & still'
    svg = pose_svg(figure, "held")
    assert "<script>" not in svg
    assert ET.fromstring(svg).get("aria-label") == figure["held"]["alt"]


def test_an_unlabelled_figure_is_hidden_from_screen_readers():
    root = ET.fromstring(pose_svg(a_figure(), "held", labelled=False))
    assert root.get("aria-hidden") == "true" and root.get("role") is None


def test_the_far_limbs_are_lighter_and_the_worked_limb_amber():
    svg = pose_svg(a_figure(), "held")
    assert f'stroke="{figures.FAR}"' in svg
    assert f'stroke="{figures.WORKED}"' in svg
    figure = a_figure()
    figure["worked"] = []
    assert f'stroke="{figures.WORKED}"' not in pose_svg(figure, "held")


def test_both_positions_share_one_frame_that_holds_the_whole_body():
    figure = FIGURES["bridge-hold"]
    x, y, width, height = frame(figure)
    assert width == pytest.approx(2 * height, abs=0.2)
    for position in POSITIONS:
        root = ET.fromstring(pose_svg(figure, position))
        assert root.get("viewBox") == f"{x:g} {y:g} {width:g} {height:g}"
        for jx, jy in figure[position]["joints"].values():
            assert x < jx < x + width and y < jy < y + height


def test_the_editor_sees_the_whole_canvas_with_a_handle_a_joint():
    svg = pose_svg(a_figure(), "held", handles=True)
    root = ET.fromstring(svg)
    assert root.get("viewBox") == f"0 0 {CANVAS_WIDTH} {CANVAS_HEIGHT}"
    handles = [e for e in root.iter() if e.get("class") == "pose-handle"]
    assert [h.get("data-joint") for h in handles] == list(JOINTS)
    knee = next(h for h in handles if h.get("data-joint") == "near_knee")
    assert knee.get("aria-label") == "Near knee" and knee.get("tabindex") == "0"
    assert knee.get("role") == "slider" and knee.get("aria-valuenow").isdigit()


def test_each_side_figures_say_which_side_they_show():
    assert side_label(FIGURES["knee-to-chest"]) == "Right leg shown; then switch sides"
    assert side_label(FIGURES["knee-to-chest"], "left") == "Left leg shown; then switch sides"
    assert side_label(FIGURES["thread-the-needle"]) == "Right arm shown; then switch sides"
    assert side_label(FIGURES["seated-spinal-twist"]) == "Left leg shown; then switch sides"
    assert side_label(FIGURES["quadratus-lumborum-oblique-release"]).startswith("Right side")
    assert side_label(FIGURES["cat-cow"]) == ""


def test_the_other_sides_text_swaps_right_and_left():
    assert (
        other_side_alt("Right knee up, the left foot flat; bright light.")
        == "Left knee up, the right foot flat; bright light."
    )


def test_figure_json_reads_one_joint_a_line_and_round_trips():
    figure = FIGURES["cat-cow"]
    text = figure_json(figure)
    assert json.loads(text) == figure
    assert '      "near_knee": [' in text


# Turning a joint, as the editor does


def test_turning_a_knee_moves_the_shin_and_foot_and_nothing_else():
    joints = joints_of(a_figure())
    turned = turn(joints, "near_knee", 30)
    moved = {name for name in JOINTS if turned[name] != pytest.approx(joints[name])}
    assert moved == {"near_knee", "near_ankle", "near_toe"}
    # Counter-clockwise on screen: the thigh's direction goes up by 30 degrees.
    before = figures.joint_angle(joints, "near_knee")
    assert figures.joint_angle(turned, "near_knee") == (before + 30) % 360


def test_turning_the_hips_changes_nothing():
    joints = joints_of(a_figure())
    assert turn(joints, "hip", 45) == joints


@given(
    joint=st.sampled_from([bone.joint for bone in BONES]),
    degrees=st.floats(min_value=-360, max_value=360, allow_nan=False),
    slug=st.sampled_from(sorted(FIGURES)),
)
def test_a_turned_joint_keeps_every_limbs_length_and_its_pivot(joint, degrees, slug):
    joints = joints_of(FIGURES[slug])
    turned = turn(joints, joint, degrees)
    for bone in BONES:
        length = math.dist(turned[bone.parent], turned[bone.joint])
        if bone.joint in figures.below(joint):
            assert length == pytest.approx(bone.length)
        else:
            assert length == pytest.approx(math.dist(joints[bone.parent], joints[bone.joint]))
    parent = figures.BONE_TO[joint].parent
    assert turned[parent] == pytest.approx(joints[parent])
    for name in set(JOINTS) - set(figures.below(joint)):
        assert turned[name] == pytest.approx(joints[name])


# The editor's script does the same (tests/js/figure-geometry.test.mjs reads these cases)

CASES = Path(__file__).resolve().parent / "js" / "figure-cases.json"


def figure_cases() -> dict:
    """Turns worked out here, for the script's tests to match."""
    figure = FIGURES["knee-to-chest"]
    joints = joints_of(figure)
    turns = [("near_knee", 30), ("shoulder", -45), ("far_hand", 200), ("hip", 10)]
    return {
        "body": {
            "bones": [[b.parent, b.joint, b.length, b.name] for b in BONES],
            "root": figures.ROOT,
        },
        "figure": figure,
        "formatted": figure_json(figure),
        "turns": [
            {
                "joint": joint,
                "degrees": degrees,
                "joints": {
                    name: [round(x, 6), round(y, 6)]
                    for name, (x, y) in turn(joints, joint, degrees).items()
                },
            }
            for joint, degrees in turns
        ],
    }


def test_the_editors_script_is_tested_on_the_same_turns_as_the_renderer():
    expected = figure_cases()
    if os.environ.get("WRITE_FIGURE_CASES"):
        CASES.write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n")
    assert json.loads(CASES.read_text()) == json.loads(json.dumps(expected)), (
        "tests/js/figure-cases.json is out of date: run this test with WRITE_FIGURE_CASES=1"
    )


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def spoilt(figure: dict, data) -> dict:
    """The figure with one of its values, at any depth, replaced by any JSON."""
    figure = copy.deepcopy(figure)
    node = figure
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        key = data.draw(st.sampled_from(keys))
        if isinstance(node[key], dict | list) and node[key] and data.draw(st.booleans()):
            node = node[key]
            continue
        node[key] = data.draw(JSON)
        return figure


def test_any_json_is_checked_without_an_error_and_what_passes_can_be_drawn(examples):
    @settings(max_examples=300)
    @given(st.data())
    def check(data):
        figure = data.draw(
            st.one_of(
                JSON, st.just(a_figure()), st.builds(spoilt, st.just(a_figure()), st.just(data))
            )
        )
        problems = figure_problems(figure)
        assert all(isinstance(problem, str) and problem for problem in problems)
        if examples.reached("drawable", problems == []):
            ET.fromstring(pose_svg(figure, "held"))
        else:
            examples.reached("refused")

    examples.reached("drawable", figure_problems(a_figure()) == [])
    check()


@pytest.mark.django_db
def test_the_database_refuses_a_figure_without_both_positions():
    stretch = Stretch.objects.get(slug="sphinx")
    # (PostgreSQL's key test would let an array of the two words through: the model's
    # validator, which every form runs, refuses that and everything else a figure must not be.)
    for figure in ({"start": stretch.figure["start"]}, {"held": 1}, None):
        with pytest.raises(IntegrityError), transaction.atomic():
            Stretch.objects.filter(pk=stretch.pk).update(figure=figure)
    Stretch.objects.filter(pk=stretch.pk).update(figure={})  # no figure yet is fine
