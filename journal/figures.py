"""Pose figures: a stretch drawn from data, as a small SVG.

A figure is plain JSON (`Stretch.figure`): a simple jointed body with the props the steps use,
in two positions, `start` and `held`. Each position gives every joint's place on a fixed
canvas (x to the right, y down, the floor at `FLOOR_Y`) and a text alternative saying what the
body is doing. Joints are named by what the drawing shows: `near_` limbs are on the side
facing the viewer, drawn solid; `far_` limbs are behind the body, drawn lighter.

    {
      "facing": "right",          # the way the front of the body points; "front" for a body
                                  # seen from the front or back (no nose is drawn)
      "side": "right",            # each-side stretches: the side shown (else absent or null)
      "worked": ["near_leg"],     # limbs drawn in the highlight colour (optional)
      "start": {"alt": "Lying on the back, ...", "joints": {"hip": [70, 108], ...},
                "props": [{"kind": "floor"}, {"kind": "strap", "from": "near_hand", ...}]},
      "held": {...}
    }

Every bone has one length (`BONES`, the body's proportions), checked in every position, so a
limb keeps its length from start to hold; an editor's drag turns a bone about its parent joint
and keeps it. The proportions are rounded from the body segment lengths as fractions of standing
height of Drillis and Contini ("Body segment parameters", 1966, as tabled in Winter,
"Biomechanics and Motor Control of Human Movement", fig. 4.1): a standing body here is 100 units
from the floor to the top of its head, with the hip at 51, the knee at 26 and the shoulder at 81
(there 53, 28.5 and 82).

Everything here is plain values in, text out: no database, no HTTP. The colours are the site's
(journal/static/journal/site.css) given as SVG presentation attributes, not a stylesheet, so a
figure looks the same on a page, in the admin's preview, printed and in a file of its own, and
needs nothing the Content-Security-Policy would refuse.
"""

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

CANVAS_WIDTH = 200
CANVAS_HEIGHT = 120
FLOOR_Y = 112
# How far a bone may be from its length: a drawing's rounding, not a different body.
LENGTH_TOLERANCE = 0.5
MAX_ALT_LENGTH = 300
MAX_PROPS = 8

POSITIONS = ("start", "held")
POSITION_LABELS = {"start": "Start", "held": "Hold"}
FACINGS = ("right", "left", "front")
SIDES = ("right", "left")

# Colours from site.css: --brand for the body, a lighter blue (3.5:1 on white) for the far
# limbs, amber (5:1) for the limbs a stretch works, --muted and the fields' border grey for props.
BODY = "#1f5f8b"
FAR = "#5b8db5"
WORKED = "#b45309"
PROP_LINE = "#8a94a6"
PROP_FILL = "#e7f0f7"
CHAIR = "#4a5566"
STRAP = "#6b3a00"

TORSO_WIDTH = 9
LIMB_WIDTH = 5.5
HEAD_RADIUS = 7


@dataclass(frozen=True)
class Bone:
    """A rigid part of the body between a joint and its parent joint."""

    parent: str
    joint: str
    length: float
    name: str


# An arm and a leg, the same on the near side and the far: (parent, child, length, name); the
# shoulder and the hip are the body's own, shared by both sides.
ARM = (("shoulder", "elbow", 18, "upper arm"), ("elbow", "hand", 17, "forearm"))
LEG = (("hip", "knee", 25, "thigh"), ("knee", "ankle", 22, "shin"), ("ankle", "toe", 8, "foot"))


def _on_side(side: str, joint: str) -> str:
    return joint if joint in {"shoulder", "hip"} else f"{side}_{joint}"


BONES: tuple[Bone, ...] = (
    Bone("hip", "back", 14, "lower back"),
    Bone("back", "shoulder", 16, "upper back"),
    Bone("shoulder", "head", 12, "neck"),
    *(
        Bone(_on_side(side, parent), _on_side(side, child), length, f"{side} {name}")
        for limb in (ARM, LEG)
        for side in ("near", "far")
        for parent, child, length, name in limb
    ),
)
ROOT = "hip"
# Every joint, each after its parent.
JOINTS: tuple[str, ...] = (ROOT, *(bone.joint for bone in BONES))
BONE_TO: dict[str, Bone] = {bone.joint: bone for bone in BONES}
JOINT_NAMES: dict[str, str] = {
    "hip": "hips",
    "back": "middle of the back",
    "shoulder": "shoulders",
    "head": "head",
    "near_elbow": "near elbow",
    "near_hand": "near hand",
    "far_elbow": "far elbow",
    "far_hand": "far hand",
    "near_knee": "near knee",
    "near_ankle": "near ankle",
    "near_toe": "near toes",
    "far_knee": "far knee",
    "far_ankle": "far ankle",
    "far_toe": "far toes",
}
LIMBS: dict[str, tuple[str, ...]] = {
    "near_arm": ("shoulder", "near_elbow", "near_hand"),
    "far_arm": ("shoulder", "far_elbow", "far_hand"),
    "near_leg": ("hip", "near_knee", "near_ankle", "near_toe"),
    "far_leg": ("hip", "far_knee", "far_ankle", "far_toe"),
}

# Props and the numbers each one takes (all on the canvas's scale).
PROP_FIELDS: dict[str, tuple[str, ...]] = {
    "floor": (),
    "wall": ("x",),
    "chair": ("x", "facing"),
    "cushion": ("x", "y", "width", "height"),
    "block": ("x", "y", "width", "height"),
    "roller": ("x", "y", "r"),
    "strap": ("from", "to"),
}
CHAIR_SEAT = 46  # seat height above the floor
CHAIR_DEPTH = 22
CHAIR_BACK = 40  # the backrest's height above the seat

Point = tuple[float, float]
Joints = dict[str, Point]


# What the editor offers to start a new stretch's figure from: standing, arms by the sides.
_STANDING = {
    "alt": "Standing tall, arms by the sides.",
    "joints": {
        "hip": [100, 60.8], "back": [100, 46.8], "shoulder": [100, 30.8], "head": [100, 18.8],
        "near_elbow": [100.6, 48.8], "near_hand": [102.1, 65.8], "far_elbow": [99.4, 48.8],
        "far_hand": [97.9, 65.8], "near_knee": [100, 85.8], "near_ankle": [100, 107.8],
        "near_toe": [107.9, 109.2], "far_knee": [98.7, 85.8], "far_ankle": [98.7, 107.8],
        "far_toe": [106.6, 109.2],
    },
    "props": [{"kind": "floor"}],
}  # fmt: skip
STARTER: dict = {"facing": "right", "start": _STANDING, "held": _STANDING}


class FigureError(ValueError):
    """A figure that cannot be drawn, with every problem found, each in plain words."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


# Checking


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _one_of(value: Any, choices: Iterable[str]) -> bool:
    """Whether a value from JSON is one of some names (a list or an object never is)."""
    return isinstance(value, str) and value in choices


def _on_canvas(x: float, y: float) -> bool:
    return 0 <= x <= CANVAS_WIDTH and 0 <= y <= CANVAS_HEIGHT


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def figure_problems(figure: Any) -> list[str]:
    """Everything wrong with a figure, in words an editor can act on; [] when it can be drawn.

    Checks that both positions are there with a text alternative; that each gives every joint
    (and no other) a place on the canvas; that every bone has the body's length for it, within
    `LENGTH_TOLERANCE` (so limbs keep their lengths between positions); and that the props are
    ones the drawing knows, on the canvas, a strap tied to two joints.
    """
    if not isinstance(figure, Mapping):
        return ["A figure is a JSON object with a “start” and a “held” position."]
    problems: list[str] = []
    known = {"facing", "side", "worked", *POSITIONS}
    for key in figure:
        if key not in known:
            problems.append(f"“{key}” is not part of a figure; it may have: {', '.join(known)}.")
    if not _one_of(figure.get("facing", "right"), FACINGS):
        problems.append("“facing” must be “right”, “left” or “front”.")
    if figure.get("side") is not None and not _one_of(figure["side"], SIDES):
        problems.append("“side” must be “right”, “left” or null (a stretch done once).")
    worked = figure.get("worked", [])
    if not isinstance(worked, list) or not all(_one_of(limb, LIMBS) for limb in worked):
        problems.append(f"“worked” is a list of limbs from: {', '.join(LIMBS)}.")
    for position in POSITIONS:
        if position not in figure:
            problems.append(f"The “{position}” position is missing.")
        else:
            problems += _position_problems(position, figure[position])
    return problems


def _position_problems(position: str, data: Any) -> list[str]:
    where = f"In “{position}”"
    if not isinstance(data, Mapping):
        return [f"{where}: a position is an object with “alt”, “joints” and “props”."]
    problems: list[str] = []
    for key in data:
        if key not in ("alt", "joints", "props"):
            problems.append(f"{where}: “{key}” is not part of a position (alt, joints, props).")
    alt = data.get("alt")
    if not isinstance(alt, str) or not alt.strip():
        problems.append(
            f"{where}: “alt” must say in words what the body is doing, for people who "
            "cannot see the figure."
        )
    elif len(alt) > MAX_ALT_LENGTH:
        problems.append(f"{where}: “alt” is over {MAX_ALT_LENGTH} characters.")
    joints = data.get("joints")
    if not isinstance(joints, Mapping):
        problems.append(f"{where}: “joints” must be an object of joint: [x, y].")
        joints = {}
    places: Joints = {}
    for name, place in joints.items():
        if name not in JOINT_NAMES:
            problems.append(f"{where}: unknown joint “{name}”. Joints are: {', '.join(JOINTS)}.")
        elif not (isinstance(place, list | tuple) and len(place) == 2 and all(map(_number, place))):
            problems.append(f"{where}: joint “{name}” needs its place as [x, y], two numbers.")
        elif not _on_canvas(*place):
            problems.append(
                f"{where}: joint “{name}” is off the canvas at "
                f"({_fmt(place[0])}, {_fmt(place[1])}); x goes from 0 to {CANVAS_WIDTH} and y "
                f"from 0 to {CANVAS_HEIGHT}."
            )
        else:
            places[name] = (float(place[0]), float(place[1]))
    missing = [name for name in JOINTS if name not in joints]
    if missing:
        problems.append(
            f"{where}: missing joint{'s' if len(missing) > 1 else ''}: {', '.join(missing)}."
        )
    for bone in BONES:
        if bone.parent in places and bone.joint in places:
            length = distance(places[bone.parent], places[bone.joint])
            if abs(length - bone.length) > LENGTH_TOLERANCE:
                problems.append(
                    f"{where}: the {bone.name} ({JOINT_NAMES[bone.parent]} to "
                    f"{JOINT_NAMES[bone.joint]}) is {_fmt(length)} long; this body's is "
                    f"{_fmt(bone.length)}. Turn it about the {JOINT_NAMES[bone.parent]} "
                    "rather than stretch it."
                )
    props = data.get("props", [])
    if not isinstance(props, list):
        problems.append(f"{where}: “props” must be a list.")
        props = []
    if len(props) > MAX_PROPS:
        problems.append(f"{where}: at most {MAX_PROPS} props.")
    for prop in props:
        problems += [f"{where}: {problem}" for problem in _prop_problems(prop)]
    return problems


def _prop_problems(prop: Any) -> list[str]:
    if not isinstance(prop, Mapping) or not _one_of(prop.get("kind"), PROP_FIELDS):
        return [f"each prop is an object whose “kind” is one of: {', '.join(PROP_FIELDS)}."]
    kind = prop["kind"]
    fields = PROP_FIELDS[kind]
    extra = [key for key in prop if key not in ("kind", *fields)]
    missing = [key for key in fields if key not in prop]
    if extra or missing:
        wanted = ", ".join(fields) or "nothing but its kind"
        return [f"a {kind} takes {wanted}."]
    if kind == "strap":
        if not (_one_of(prop["from"], JOINT_NAMES) and _one_of(prop["to"], JOINT_NAMES)):
            return ["a strap goes from one joint to another (“from” and “to” name joints)."]
        return []
    if kind == "chair" and not _one_of(prop["facing"], SIDES):
        return ["a chair's “facing” is “right” or “left”."]
    numbers = [key for key in fields if key != "facing"]
    if not all(_number(prop[key]) for key in numbers):
        return [f"a {kind}'s {', '.join(numbers)} must be numbers."]
    if any(prop.get(key, 1) <= 0 for key in ("width", "height", "r")):
        return [f"a {kind}'s size must be more than 0."]
    box = _prop_box(prop)
    if not (_on_canvas(box[0], box[1]) and _on_canvas(box[2], box[3])):
        return [f"a {kind} is off the canvas."]
    return []


def _prop_box(prop: Mapping) -> tuple[float, float, float, float]:
    """The prop's bounding box: left, top, right, bottom."""
    kind = prop["kind"]
    if kind == "wall":
        return prop["x"], 0, prop["x"], FLOOR_Y
    if kind == "chair":
        back = -CHAIR_DEPTH if prop["facing"] == "right" else CHAIR_DEPTH
        left, right = sorted((prop["x"], prop["x"] + back))
        return left, FLOOR_Y - CHAIR_SEAT - CHAIR_BACK, right, FLOOR_Y
    if kind == "roller":
        return (
            prop["x"] - prop["r"],
            prop["y"] - prop["r"],
            prop["x"] + prop["r"],
            prop["y"] + prop["r"],
        )
    if kind in ("cushion", "block"):
        return prop["x"], prop["y"], prop["x"] + prop["width"], prop["y"] + prop["height"]
    return 0, FLOOR_Y, CANVAS_WIDTH, FLOOR_Y


def check_figure(figure: Any) -> None:
    """Raises FigureError with every problem when the figure cannot be drawn."""
    problems = figure_problems(figure)
    if problems:
        raise FigureError(problems)


# Geometry


def distance(a: Point, b: Point) -> float:
    return math.hypot(b[0] - a[0], b[1] - a[1])


def children_of(joint: str) -> list[str]:
    return [bone.joint for bone in BONES if bone.parent == joint]


def below(joint: str) -> list[str]:
    """The joint and every joint that hangs from it, each after its parent."""
    found = [joint]
    for name in found:
        found += children_of(name)
    return found


def turn(joints: Mapping[str, Point], joint: str, degrees: float) -> Joints:
    """The joints after turning `joint`'s bone about its parent joint by `degrees`
    (counter-clockwise as seen), everything below it following; each bone keeps the body's
    length. The root joint has no bone to turn: the joints come back unchanged.

    journal/static/journal/figure-editor.js does the same when an editor drags a joint.
    """
    moved = {name: (float(x), float(y)) for name, (x, y) in joints.items()}
    if joint not in BONE_TO:
        return moved
    # Seen on screen y grows downward, so counter-clockwise is a negative angle there.
    angle = -math.radians(degrees)
    cos, sin = math.cos(angle), math.sin(angle)
    # Each bone's new direction, then the bones laid out again from the pivot with the body's
    # lengths, so a bone that had drifted from its length (rounding) is put right as it turns.
    directions = {}
    for name in below(joint):
        (px, py), (x, y) = moved[BONE_TO[name].parent], moved[name]
        dx, dy = x - px, y - py
        directions[name] = (dx * cos - dy * sin, dx * sin + dy * cos)
    for name in below(joint):
        bone = BONE_TO[name]
        (px, py), (dx, dy) = moved[bone.parent], directions[name]
        scale = bone.length / (math.hypot(dx, dy) or 1.0)
        moved[name] = (px + dx * scale, py + dy * scale)
    return moved


def bone_lengths(joints: Mapping[str, Point]) -> dict[str, float]:
    """Each bone's length in a position, by the joint at its end."""
    return {bone.joint: distance(joints[bone.parent], joints[bone.joint]) for bone in BONES}


def side_label(figure: Mapping, side: str | None = None) -> str:
    """What an each-side figure shows, e.g. "Right leg shown; then switch sides", or what it
    shows turned the other way round when `side` is the other side; "" for a stretch done once.
    """
    shown = figure.get("side")
    if shown not in SIDES:
        return ""
    kinds = {limb.split("_")[1] for limb in figure.get("worked", [])}
    part = kinds.pop() if len(kinds) == 1 else "side"
    return f"{(side or shown).capitalize()} {part} shown; then switch sides"


def other_side_alt(alt: str) -> str:
    """A text alternative for the figure turned the other way round: right and left swapped.

    The guided session turns an each-side figure round for the other side's holds.
    """
    swap = {"right": "left", "left": "right", "Right": "Left", "Left": "Right"}
    return re.sub(r"\b(right|left|Right|Left)\b", lambda match: swap[match[0]], alt)


# Drawing


def _p(point: Point) -> str:
    return f"{_fmt(point[0])} {_fmt(point[1])}"


def _line(points: Iterable[Point]) -> str:
    points = list(points)
    return "M" + _p(points[0]) + "".join("L" + _p(point) for point in points[1:])


def _torso(joints: Joints) -> str:
    """A smooth spine through hip, back and shoulder: a quadratic curve whose control point
    puts its middle exactly on the back joint."""
    hip, back, shoulder = joints["hip"], joints["back"], joints["shoulder"]
    control = (2 * back[0] - (hip[0] + shoulder[0]) / 2, 2 * back[1] - (hip[1] + shoulder[1]) / 2)
    return f"M{_p(hip)}Q{_p(control)} {_p(shoulder)}"


def _nose(joints: Joints, facing: str) -> str:
    """A short stroke on the face side of the head, so a body lying face up reads apart from
    one lying face down. The face is square to the neck, on the side the body faces."""
    if facing == "front":
        return ""
    (sx, sy), (hx, hy) = joints["shoulder"], joints["head"]
    length = math.hypot(hx - sx, hy - sy) or 1.0
    ux, uy = (hx - sx) / length, (hy - sy) / length
    # Turning the neck's direction a quarter turn: clockwise on screen for a body facing right.
    fx, fy = (-uy, ux) if facing == "right" else (uy, -ux)
    # A little up the head from its middle, where a nose sits.
    cx, cy = hx + ux * 1.5, hy + uy * 1.5
    start = (cx + fx * (HEAD_RADIUS - 1), cy + fy * (HEAD_RADIUS - 1))
    end = (cx + fx * (HEAD_RADIUS + 2), cy + fy * (HEAD_RADIUS + 2))
    return f'<path d="{_line([start, end])}" stroke="{BODY}" stroke-width="3"/>'


def _prop(prop: Mapping, joints: Joints) -> str:
    kind = prop["kind"]
    if kind == "floor":
        # Wider than the canvas: a figure's frame may reach past its edges.
        return f'<path d="M-200 {FLOOR_Y + 1.5}H400" stroke="{PROP_LINE}" stroke-width="3"/>'
    if kind == "wall":
        x = _fmt(prop["x"])
        return f'<path d="M{x} 0V{FLOOR_Y}" stroke="{PROP_LINE}" stroke-width="4"/>'
    if kind == "chair":
        x = prop["x"]
        back = x - CHAIR_DEPTH if prop["facing"] == "right" else x + CHAIR_DEPTH
        seat = FLOOR_Y - CHAIR_SEAT
        d = (
            f"M{_fmt(x)} {FLOOR_Y}V{seat}H{_fmt(back)}V{FLOOR_Y}"
            f"M{_fmt(back)} {seat}V{seat - CHAIR_BACK}"
        )
        return f'<path d="{d}" stroke="{CHAIR}" stroke-width="3.5"/>'
    if kind in ("cushion", "block"):
        corner = ' rx="4"' if kind == "cushion" else ""
        return (
            f'<rect x="{_fmt(prop["x"])}" y="{_fmt(prop["y"])}" width="{_fmt(prop["width"])}" '
            f'height="{_fmt(prop["height"])}"{corner} fill="{PROP_FILL}" stroke="{PROP_LINE}" '
            'stroke-width="2"/>'
        )
    if kind == "roller":
        return (
            f'<circle cx="{_fmt(prop["x"])}" cy="{_fmt(prop["y"])}" r="{_fmt(prop["r"])}" '
            f'fill="{PROP_FILL}" stroke="{PROP_LINE}" stroke-width="2"/>'
        )
    # A strap (a towel, a belt): from one joint to another, over the body.
    d = _line([joints[prop["from"]], joints[prop["to"]]])
    return f'<path d="{d}" stroke="{STRAP}" stroke-width="2.5" stroke-dasharray="5 2"/>'


def _limb(joints: Joints, limb: str) -> list[Point]:
    return [joints[name] for name in LIMBS[limb]]


def pose_body(figure: Mapping, position: str) -> str:
    """The inside of a position's SVG: props, then the far limbs (lighter), the torso and
    head, the near limbs, and a strap over them, the worked limbs in amber."""
    data = figure[position]
    joints: Joints = {name: (float(x), float(y)) for name, (x, y) in data["joints"].items()}
    props = data.get("props", [])
    worked = set(figure.get("worked", []))
    facing = figure.get("facing", "right")
    parts = [_prop(p, joints) for p in props if p["kind"] != "strap"]

    def limbs(names: list[str], colour: str) -> None:
        plain = [name for name in names if name not in worked]
        if plain:
            d = "".join(_line(_limb(joints, name)) for name in plain)
            parts.append(f'<path d="{d}" stroke="{colour}" stroke-width="{LIMB_WIDTH}"/>')

    limbs(["far_leg", "far_arm"], FAR)
    parts.append(
        f'<path d="{_torso(joints)}{_line([joints["shoulder"], joints["head"]])}" stroke="{BODY}" '
        f'stroke-width="{TORSO_WIDTH}"/>'
    )
    hx, hy = joints["head"]
    parts.append(f'<circle cx="{_fmt(hx)}" cy="{_fmt(hy)}" r="{HEAD_RADIUS}" fill="{BODY}"/>')
    parts.append(_nose(joints, facing))
    limbs(["near_leg", "near_arm"], BODY)
    if worked:
        d = "".join(_line(_limb(joints, name)) for name in LIMBS if name in worked)
        parts.append(f'<path d="{d}" stroke="{WORKED}" stroke-width="{LIMB_WIDTH + 0.5}"/>')
    parts += [_prop(p, joints) for p in props if p["kind"] == "strap"]
    return "".join(parts)


FRAME_ASPECT = 2  # width to height of a figure shown on a page
FRAME_MARGIN = 9


def frame(figure: Mapping) -> tuple[float, float, float, float]:
    """The part of the canvas a figure's pages show: x, y, width, height.

    The smallest box with the same shape for every figure (`FRAME_ASPECT`) that holds the
    body and props of both positions with a margin, standing on the floor. Both positions
    share it, so the two frames line up when the page fades from one to the other.
    """
    xs: list[float] = []
    ys: list[float] = [FLOOR_Y + 3]
    for position in POSITIONS:
        for x, y in figure[position]["joints"].values():
            xs.append(x)
            ys.append(y)
        for prop in figure[position].get("props", []):
            if prop["kind"] not in ("floor", "strap", "wall"):
                left, top, right, bottom = _prop_box(prop)
                xs += [left, right]
                ys += [top, bottom]
    left, right = min(xs) - FRAME_MARGIN, max(xs) + FRAME_MARGIN
    top, bottom = min(ys) - FRAME_MARGIN, max(ys) + 2
    width, height = right - left, bottom - top
    if width < height * FRAME_ASPECT:
        left -= (height * FRAME_ASPECT - width) / 2
        width = height * FRAME_ASPECT
    else:
        height = width / FRAME_ASPECT
        top = bottom - height
    # A width in fifths keeps the height (half of it) to one decimal place too.
    width = math.ceil(width * 5) / 5
    return round(left, 1), round(top, 1), width, round(width / FRAME_ASPECT, 1)


def pose_svg(
    figure: Mapping,
    position: str = "held",
    *,
    css_class: str = "pose",
    labelled: bool = True,
    handles: bool = False,
) -> str:
    """One position of a figure as an inline SVG element.

    The figure must be valid (`check_figure`). `labelled` gives the SVG its text alternative
    (role="img" and aria-label); without it the SVG is hidden from screen readers, for a page
    that says the same in words beside it. `handles` adds the editor's overlay: a thin line a
    bone and a focusable handle a joint (journal/static/journal/figure-editor.js moves them).
    The width and height attributes give the element its shape before styles load, so nothing
    shifts as the page draws; CSS sets the size shown.
    """
    data = figure[position]
    # With handles it holds controls, which an image may not: a named group instead.
    role = "group" if handles else "img"
    label = (
        f' role="{role}" aria-label="{escape(data["alt"])}"' if labelled else ' aria-hidden="true"'
    )
    overlay = _handles(data["joints"]) if handles else ""
    # The editor shows the whole canvas, the room there is to move a joint in.
    box = (0, 0, CANVAS_WIDTH, CANVAS_HEIGHT) if handles else frame(figure)
    return (
        f'<svg class="{escape(css_class)}" viewBox="{" ".join(map(_fmt, box))}" '
        f'width="{_fmt(box[2] / box[3] * 100)}" height="100"{label}>'
        '<g fill="none" stroke-linecap="round" stroke-linejoin="round">'
        f"{pose_body(figure, position)}</g>{overlay}</svg>"
    )


def joint_angle(joints: Mapping[str, Point], joint: str) -> int:
    """The direction of `joint`'s bone from its parent, in whole degrees counter-clockwise
    from pointing right (0 to 359), as the editor's handles report it."""
    bone = BONE_TO[joint]
    (px, py), (x, y) = joints[bone.parent], joints[joint]
    return round(math.degrees(math.atan2(py - y, x - px))) % 360


def _handles(joints: Mapping[str, Any]) -> str:
    lines = "".join(
        f'<line data-bone="{bone.joint}" x1="{_fmt(joints[bone.parent][0])}" '
        f'y1="{_fmt(joints[bone.parent][1])}" x2="{_fmt(joints[bone.joint][0])}" '
        f'y2="{_fmt(joints[bone.joint][1])}"/>'
        for bone in BONES
    )
    dots = []
    for name in JOINTS:
        x, y = joints[name]
        if name == ROOT:
            value = f'aria-valuenow="{round(x)}" aria-valuetext="at {_fmt(x)}, {_fmt(y)}"'
        else:
            angle = joint_angle(joints, name)
            value = (
                f'aria-valuenow="{angle}" aria-valuemin="0" aria-valuemax="359" '
                f'aria-valuetext="{BONE_TO[name].name} at {angle} degrees"'
            )
        dots.append(
            f'<circle class="pose-handle" data-joint="{name}" cx="{_fmt(x)}" cy="{_fmt(y)}" '
            f'r="3.2" tabindex="0" role="slider" aria-label="{JOINT_NAMES[name].capitalize()}" '
            f"{value}/>"
        )
    return f'<g class="pose-bones">{lines}</g><g class="pose-handles">{"".join(dots)}</g>'


# Storing


def figure_json(figure: Mapping) -> str:
    """A figure as JSON an editor can read: one joint a line, positions and props spelt out."""

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{"]
    head = [key for key in figure if key not in POSITIONS]
    entries = [f"  {dump(key)}: {dump(figure[key])}" for key in head]
    for position in POSITIONS:
        if position not in figure:
            continue
        data = figure[position]
        if not isinstance(data, Mapping) or not isinstance(data.get("joints"), Mapping):
            entries.append(f"  {dump(position)}: {dump(data)}")
            continue
        inner = [
            f"    {dump(key)}: {dump(value)}" for key, value in data.items() if key != "joints"
        ]
        joints = ",\n".join(
            f"      {dump(name)}: {dump(place)}" for name, place in data["joints"].items()
        )
        inner.append(f'    "joints": {{\n{joints}\n    }}')
        entries.append(f"  {dump(position)}: {{\n" + ",\n".join(inner) + "\n  }")
    lines.append(",\n".join(entries))
    lines.append("}")
    return "\n".join(lines)


def rounded(joints: Mapping[str, Point]) -> dict[str, list[float]]:
    """Joints with one decimal place, as a figure stores them."""
    return {name: [round(x, 1), round(y, 1)] for name, (x, y) in joints.items()}
