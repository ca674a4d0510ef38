// A figure's joints moved as an editor drags or turns them (journal/static/journal/figure-editor.js).
// Plain values in, plain values out: nothing here touches the page. `body` is the skeleton the
// page carries from journal/figures.py: {bones: [[parent, joint, length, name], ...], root: "hip"};
// `joints` maps each joint to [x, y] on the canvas (y grows downward).
//
// turn() is journal.figures.turn in JavaScript: a bone turns about its parent joint, everything
// below it follows, and each bone is laid out again with the body's length, so no drag or key
// press can stretch a limb.

const radians = (degrees) => (degrees * Math.PI) / 180;

/** The joint and every joint that hangs from it, each after its parent. */
export function below(body, joint) {
  const found = [joint];
  for (let i = 0; i < found.length; i++) {
    for (const [parent, child] of body.bones) if (parent === found[i]) found.push(child);
  }
  return found;
}

export function boneTo(body, joint) {
  return body.bones.find(([, child]) => child === joint) || null;
}

/** The direction from one point to another, in degrees counter-clockwise from pointing right. */
export function direction([x1, y1], [x2, y2]) {
  return (Math.atan2(y1 - y2, x2 - x1) * 180) / Math.PI;
}

/** A bone's direction from its parent as the editor's handles report it: whole degrees, 0 to 359. */
export function jointAngle(body, joints, joint) {
  const bone = boneTo(body, joint);
  if (!bone) return null;
  return (((Math.round(direction(joints[bone[0]], joints[joint])) % 360) + 360) % 360);
}

/** The joints after turning `joint`'s bone about its parent by `degrees`, counter-clockwise as
 * seen. The root has no bone: the joints come back as they were. */
export function turn(body, joints, joint, degrees) {
  const moved = Object.fromEntries(Object.entries(joints).map(([name, [x, y]]) => [name, [x, y]]));
  if (!boneTo(body, joint)) return moved;
  // On screen y grows downward, so counter-clockwise is a negative angle there.
  const angle = -radians(degrees);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const lower = below(body, joint);
  const directions = {};
  for (const name of lower) {
    const [px, py] = moved[boneTo(body, name)[0]];
    const [x, y] = moved[name];
    const dx = x - px;
    const dy = y - py;
    directions[name] = [dx * cos - dy * sin, dx * sin + dy * cos];
  }
  for (const name of lower) {
    const [parent, , length] = boneTo(body, name);
    const [px, py] = moved[parent];
    const [dx, dy] = directions[name];
    const scale = length / (Math.hypot(dx, dy) || 1);
    moved[name] = [px + dx * scale, py + dy * scale];
  }
  return moved;
}

/** The whole body moved by (dx, dy): what dragging the root joint does. */
export function moveBy(joints, dx, dy) {
  return Object.fromEntries(Object.entries(joints).map(([name, [x, y]]) => [name, [x + dx, y + dy]]));
}

/** The joints after dragging `joint` toward `point`: its bone turns to point there (the root
 * takes the whole body with it). */
export function dragTo(body, joints, joint, point) {
  const bone = boneTo(body, joint);
  if (!bone) return moveBy(joints, point[0] - joints[joint][0], point[1] - joints[joint][1]);
  const pivot = joints[bone[0]];
  return turn(body, joints, joint, direction(pivot, point) - direction(pivot, joints[joint]));
}

/** Joints with one decimal place, as a figure stores them. */
export function rounded(joints) {
  const round = (value) => Math.round(value * 10) / 10;
  return Object.fromEntries(Object.entries(joints).map(([name, [x, y]]) => [name, [round(x), round(y)]]));
}

function dump(value) {
  if (Array.isArray(value)) return `[${value.map(dump).join(", ")}]`;
  if (value && typeof value === "object") {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}: ${dump(item)}`)
      .join(", ")}}`;
  }
  return JSON.stringify(value);
}

/** A figure as JSON an editor can read, one joint a line: journal.figures.figure_json's layout. */
export function formatFigure(figure) {
  const entries = [];
  for (const [key, value] of Object.entries(figure)) {
    if ((key !== "start" && key !== "held") || !value || typeof value.joints !== "object") {
      entries.push(`  ${JSON.stringify(key)}: ${dump(value)}`);
      continue;
    }
    const inner = Object.entries(value)
      .filter(([name]) => name !== "joints")
      .map(([name, item]) => `    ${JSON.stringify(name)}: ${dump(item)}`);
    const joints = Object.entries(value.joints)
      .map(([name, place]) => `      ${JSON.stringify(name)}: ${dump(place)}`)
      .join(",\n");
    inner.push(`    "joints": {\n${joints}\n    }`);
    entries.push(`  ${JSON.stringify(key)}: {\n${inner.join(",\n")}\n  }`);
  }
  return `{\n${entries.join(",\n")}\n}`;
}
