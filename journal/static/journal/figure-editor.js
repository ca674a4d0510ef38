// The figure field in the staff editor (journal/widgets.py). The JSON in the textarea is the
// figure; the preview beside it is drawn by the server (the admin's figure-preview URL, with
// journal/figures.py, the renderer of the public pages), so there is one drawing, not two.
// Between two drawings the script moves only the preview's handles and bone lines, at once,
// as an editor drags a joint or turns it with the arrow keys, and writes the JSON.
import * as geometry from "./figure-geometry.js";

const KEY_STEP = 5; // degrees an arrow key turns a limb; 1 with Shift
const MOVE_STEP = 2; // canvas units an arrow key moves the whole body (the hips' handle)
const REDRAW_AFTER = 150; // ms of quiet before the server draws the figure again

for (const editor of document.querySelectorAll("[data-figure-editor]")) setUp(editor);

function setUp(editor) {
  const body = JSON.parse(document.getElementById(editor.dataset.body).textContent);
  const textarea = editor.querySelector("textarea");
  const preview = editor.querySelector("[data-figure-preview]");
  const problems = editor.querySelector("[data-figure-problems]");
  const jointHelp = editor.querySelector("[data-figure-joint]");
  const starter = editor.querySelector("[data-figure-starter]");
  const form = editor.closest("form");
  const csrf = form ? form.querySelector("[name=csrfmiddlewaretoken]").value : "";
  const defaultHelp = jointHelp.textContent;
  let position = "held";
  let dragging = null; // {joint, pointer} while a handle is held
  let timer = null;
  let asked = 0; // the number of the latest drawing asked for, so an older answer is dropped

  const figure = () => {
    try {
      return JSON.parse(textarea.value);
    } catch {
      return null;
    }
  };
  const jointsOf = (data) => data && data[position] && data[position].joints;
  const svg = () => preview.querySelector("svg");
  const nameOf = (joint) => body.names[joint].charAt(0).toUpperCase() + body.names[joint].slice(1);

  // What the editor sees at once: the handles and bone lines where the joints now are.
  function moveHandles(joints) {
    const drawing = svg();
    if (!drawing) return;
    for (const handle of drawing.querySelectorAll("[data-joint]")) {
      const joint = handle.dataset.joint;
      const [x, y] = joints[joint];
      handle.setAttribute("cx", x.toFixed(1));
      handle.setAttribute("cy", y.toFixed(1));
      const angle = geometry.jointAngle(body, joints, joint);
      if (angle !== null) {
        handle.setAttribute("aria-valuenow", String(angle));
        handle.setAttribute("aria-valuetext", `${boneName(joint)} at ${angle} degrees`);
      } else {
        handle.setAttribute("aria-valuenow", String(Math.round(x)));
        handle.setAttribute("aria-valuetext", `at ${x.toFixed(1)}, ${y.toFixed(1)}`);
      }
    }
    for (const line of drawing.querySelectorAll("[data-bone]")) {
      const [parent] = geometry.boneTo(body, line.dataset.bone);
      line.setAttribute("x1", joints[parent][0].toFixed(1));
      line.setAttribute("y1", joints[parent][1].toFixed(1));
      line.setAttribute("x2", joints[line.dataset.bone][0].toFixed(1));
      line.setAttribute("y2", joints[line.dataset.bone][1].toFixed(1));
    }
  }

  const boneName = (joint) => geometry.boneTo(body, joint)[3];

  // The data follows: the moved position's joints written back into the JSON.
  function write(joints) {
    const data = figure();
    if (!data || !data[position]) return;
    data[position].joints = geometry.rounded(joints);
    textarea.value = geometry.formatFigure(data);
  }

  function redrawSoon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(redraw, REDRAW_AFTER);
  }

  // The server draws the figure from the JSON, or says what is wrong with it.
  async function redraw() {
    window.clearTimeout(timer);
    const number = ++asked;
    if (!textarea.value.trim()) {
      // No figure: nothing to draw, and nothing wrong.
      preview.replaceChildren();
      showProblems([]);
      return;
    }
    const focused = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.joint
      : undefined;
    const data = new FormData();
    data.append("figure", textarea.value);
    data.append("position", position);
    let answer;
    try {
      const response = await fetch(editor.dataset.previewUrl, {
        method: "POST",
        body: data,
        headers: { "X-CSRFToken": csrf },
        credentials: "same-origin",
      });
      answer = await response.json();
    } catch {
      answer = { problems: ["The preview could not be drawn just now; the data is unchanged."] };
    }
    if (number !== asked) return;
    showProblems(answer.problems || []);
    if (answer.svg && !dragging) {
      preview.innerHTML = answer.svg;
      if (focused) {
        const handle = preview.querySelector(`[data-joint="${focused}"]`);
        if (handle) handle.focus();
      }
    }
    editor.dataset.drawn = String(number);
  }

  function showProblems(list) {
    problems.replaceChildren(
      ...list.map((text) => {
        const item = document.createElement("p");
        item.className = "errornote";
        item.textContent = text;
        return item;
      }),
    );
    editor.classList.toggle("has-problems", list.length > 0);
  }

  // Dragging a joint

  function canvasPoint(event) {
    const matrix = svg().getScreenCTM();
    if (!matrix) return null;
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    return [point.x, point.y];
  }

  preview.addEventListener("pointerdown", (event) => {
    const handle = event.target.closest("[data-joint]");
    const joints = jointsOf(figure());
    if (!handle || !joints) return;
    event.preventDefault();
    handle.focus();
    preview.setPointerCapture(event.pointerId);
    dragging = { joint: handle.dataset.joint, joints };
    showJoint(handle.dataset.joint);
  });

  preview.addEventListener("pointermove", (event) => {
    if (!dragging) return;
    const point = canvasPoint(event);
    if (!point) return;
    dragging.joints = geometry.dragTo(body, dragging.joints, dragging.joint, point);
    moveHandles(dragging.joints);
    write(dragging.joints);
  });

  function endDrag() {
    if (!dragging) return;
    dragging = null;
    redraw();
  }
  preview.addEventListener("pointerup", endDrag);
  preview.addEventListener("pointercancel", endDrag);

  // Turning a joint with the keyboard

  preview.addEventListener("keydown", (event) => {
    const handle = event.target.closest("[data-joint]");
    const turns = { ArrowUp: 1, ArrowRight: 1, ArrowDown: -1, ArrowLeft: -1 };
    if (!handle || !(event.key in turns)) return;
    const joints = jointsOf(figure());
    if (!joints) return;
    event.preventDefault();
    const joint = handle.dataset.joint;
    let moved;
    if (joint === body.root) {
      const step = event.shiftKey ? 1 : MOVE_STEP;
      const [dx, dy] = {
        ArrowUp: [0, -step],
        ArrowDown: [0, step],
        ArrowLeft: [-step, 0],
        ArrowRight: [step, 0],
      }[event.key];
      moved = geometry.moveBy(joints, dx, dy);
    } else {
      moved = geometry.turn(body, joints, joint, turns[event.key] * (event.shiftKey ? 1 : KEY_STEP));
    }
    moveHandles(moved);
    write(moved);
    redrawSoon();
  });

  // The label naming the joint in hand, and what its keys do.
  function showJoint(joint) {
    if (joint === body.root) {
      jointHelp.textContent = `${nameOf(joint)}: the arrow keys move the whole body.`;
      return;
    }
    const [parent] = geometry.boneTo(body, joint);
    jointHelp.textContent = `${nameOf(joint)}: the arrow keys turn the ${boneName(joint)} about the ${body.names[parent]}.`;
  }
  preview.addEventListener("focusin", (event) => {
    const handle = event.target.closest("[data-joint]");
    if (handle) showJoint(handle.dataset.joint);
  });
  preview.addEventListener("focusout", () => {
    if (!dragging) jointHelp.textContent = defaultHelp;
  });

  // Start or hold, the JSON typed by hand, a figure to start from

  for (const radio of editor.querySelectorAll("[name$='-position']")) {
    radio.addEventListener("change", () => {
      position = radio.value;
      redraw();
    });
  }
  textarea.addEventListener("input", () => {
    starter.hidden = textarea.value.trim() !== "";
    redrawSoon();
  });
  starter.addEventListener("click", () => {
    textarea.value = body.starter;
    starter.hidden = true;
    redraw();
  });
}
