// The figure editor's geometry (journal/static/journal/figure-geometry.js) against the same turns
// journal/figures.py works out (tests/js/figure-cases.json, checked by tests/test_figures.py).
// Run with `node --test tests/js/` (part of `make test`).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe as group, test } from "node:test";

import * as geometry from "../../journal/static/journal/figure-geometry.js";

const cases = JSON.parse(readFileSync(new URL("./figure-cases.json", import.meta.url)));
const { body, figure } = cases;
const joints = figure.held.joints;

const near = (actual, expected, what) => {
  for (const [name, [x, y]] of Object.entries(expected)) {
    assert.ok(Math.abs(actual[name][0] - x) < 1e-6 && Math.abs(actual[name][1] - y) < 1e-6,
      `${what}: ${name} is at ${actual[name]}, not ${[x, y]}`);
  }
};
const length = (points, [parent, joint]) =>
  Math.hypot(points[joint][0] - points[parent][0], points[joint][1] - points[parent][1]);

group("turning a joint", () => {
  for (const { joint, degrees, joints: expected } of cases.turns) {
    test(`${joint} by ${degrees} degrees lands where the renderer's turn puts it`, () => {
      near(geometry.turn(body, joints, joint, degrees), expected, joint);
    });
  }

  test("keeps every bone below the joint at the body's length", () => {
    const turned = geometry.turn(body, joints, "near_knee", 73);
    for (const bone of body.bones.filter(([, joint]) => geometry.below(body, "near_knee").includes(joint))) {
      assert.ok(Math.abs(length(turned, bone) - bone[2]) < 1e-9, bone[3]);
    }
  });

  test("does not change the joints it was given", () => {
    const copy = JSON.parse(JSON.stringify(joints));
    geometry.turn(body, joints, "near_knee", 40);
    assert.deepEqual(joints, copy);
  });
});

group("dragging a joint", () => {
  test("turns its bone to point at the pointer, its parent staying put", () => {
    const hip = joints.hip;
    const dragged = geometry.dragTo(body, joints, "near_knee", [hip[0] + 10, hip[1] - 40]);
    assert.deepEqual(dragged.hip, hip);
    assert.equal(Math.round(geometry.direction(hip, dragged.near_knee)), Math.round(geometry.direction(hip, [hip[0] + 10, hip[1] - 40])));
    assert.ok(Math.abs(length(dragged, ["hip", "near_knee"]) - 25) < 1e-9);
  });

  test("the hips take the whole body with them", () => {
    const [x, y] = joints.hip;
    const moved = geometry.dragTo(body, joints, "hip", [x + 5, y - 3]);
    for (const name of Object.keys(joints)) {
      assert.ok(Math.abs(moved[name][0] - joints[name][0] - 5) < 1e-9);
      assert.ok(Math.abs(moved[name][1] - joints[name][1] + 3) < 1e-9);
    }
  });
});

group("the data", () => {
  test("a joint's angle is whole degrees counter-clockwise from pointing right", () => {
    const turned = geometry.turn(body, joints, "near_knee", 15);
    const before = geometry.jointAngle(body, joints, "near_knee");
    assert.equal(geometry.jointAngle(body, turned, "near_knee"), (before + 15) % 360);
    assert.equal(geometry.jointAngle(body, joints, "hip"), null);
  });

  test("joints are stored to one decimal place", () => {
    assert.deepEqual(geometry.rounded({ hip: [1.26, 2.94] }), { hip: [1.3, 2.9] });
  });

  test("a figure is written out as the renderer writes it, one joint a line", () => {
    assert.equal(geometry.formatFigure(figure), cases.formatted);
  });
});
