// The guided session page: shows the session that timer.js works out, on each tap and tick,
// and at the end posts what was done to the session form. The routine comes from the page's
// "guided-plan" JSON (journal/views/guided.py).
import * as timer from "./timer.js";

const MUTE_KEY = "stretchlog-guided-muted";

const root = document.getElementById("guided");
const planData = document.getElementById("guided-plan");
if (root && planData) guide(root, JSON.parse(planData.textContent));

function guide(root, plan) {
  const $ = (id) => document.getElementById(id);

  let session = null; // from the tap on "Start"
  let tickTimer = null;
  let shownStretch = -1;
  let submitting = false;

  const isActive = () => session !== null && timer.isActive(session);

  // The clock

  function tick() {
    window.clearTimeout(tickTimer);
    if (!session || session.status !== "running") return;
    const now = performance.now();
    const before = session;
    const { session: after, holdsEnded } = timer.catchUp(session, now);
    session = after;
    if (holdsEnded) cue("end");
    if (session.status === "finished") {
      showSummary();
      return;
    }
    if (before.stretchIndex !== session.stretchIndex || before.phaseIndex !== session.phaseIndex) {
      if (timer.currentPhase(session).kind === "hold") cue("start");
      announce(timer.announcement(session));
    }
    render(now);
    schedule(now);
  }

  // Wakes at the next change of the whole seconds shown, or at the end of the phase.
  function schedule(now) {
    const delay = timer.nextTickIn(session, now);
    if (delay !== null) tickTimer = window.setTimeout(tick, delay);
  }

  // Display

  function showStretch() {
    const stretch = timer.currentStretch(session);
    shownStretch = session.stretchIndex;
    const word = document.createElement("span");
    word.className = "guided-progress-word";
    word.textContent = "Stretch ";
    $("guided-progress").replaceChildren(word, `${session.stretchIndex + 1} of ${plan.length}`);
    $("guided-stretch-name").textContent = stretch.name;
    $("guided-dose").textContent = stretch.dose.charAt(0).toUpperCase() + stretch.dose.slice(1);
    fillList($("guided-steps"), stretch.steps);
    for (const figure of root.querySelectorAll(".guided-figure")) {
      figure.hidden = Number(figure.dataset.stretch) !== session.stretchIndex;
    }
    const modifications = $("guided-modifications");
    modifications.hidden = stretch.modifications.length === 0;
    fillList(modifications.querySelector("ul"), stretch.modifications);
  }

  function fillList(list, items) {
    list.replaceChildren(
      ...items.map((text) => {
        const item = document.createElement("li");
        item.textContent = text;
        return item;
      }),
    );
  }

  // An each-side figure is drawn for one side; for the other side's holds it is turned round,
  // with its caption and text alternative saying so.
  function showSide() {
    const figure = root.querySelector(`.guided-figure[data-stretch="${session.stretchIndex}"]`);
    if (!figure || !figure.dataset.side) return;
    // Before a hold (getting ready, resting between sets), the side of the next one.
    const next = session.phases.slice(session.phaseIndex).find((phase) => phase.side);
    const side = next ? next.side : figure.dataset.side;
    const word = side === "left" ? "Left" : "Right";
    figure.classList.toggle("is-turned", side !== figure.dataset.side);
    figure.querySelector("figcaption").textContent = figure.dataset[`label${word}`];
    figure.querySelector("svg").setAttribute("aria-label", figure.dataset[`alt${word}`]);
  }

  function render(now) {
    if (shownStretch !== session.stretchIndex) showStretch();
    showSide();
    const shown = timer.display(session, now);
    $("guided-phase").textContent = shown.title;
    $("guided-detail").textContent = shown.detail;
    const clock = root.querySelector(".guided-clock");
    clock.dataset.kind = shown.kind;
    $("guided-count").textContent = String(shown.count);
    $("guided-unit").textContent = shown.unit;
    $("guided-paused").hidden = !shown.paused;
    clock.classList.toggle("is-paused", shown.paused);
    $("guided-primary").textContent = shown.primary;
  }

  function announce(text) {
    $("guided-status").textContent = text;
  }

  // Sound, vibration, screen

  let audio = null;
  let muted = false;
  try {
    muted = window.localStorage.getItem(MUTE_KEY) === "1";
  } catch {
    // Storage can be off (private modes); the toggle then lasts for this page only.
  }

  // Browsers only let a page make sound after a tap, so this runs on "Start".
  function unlockAudio() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (audio || !Context) return;
    try {
      audio = new Context();
    } catch {
      audio = null;
    }
  }

  function tone(frequency, start, length) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = "sine";
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.25, start + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + length);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(start);
    oscillator.stop(start + length + 0.05);
  }

  // A soft two-note chime and a short buzz when a hold ends; one quiet note when one begins.
  function cue(kind) {
    if (muted) return;
    if (audio) {
      if (audio.state === "suspended") audio.resume().catch(() => {});
      const now = audio.currentTime;
      if (kind === "end") {
        tone(660, now, 0.4);
        tone(523, now + 0.25, 0.6);
      } else {
        tone(784, now, 0.25);
      }
    }
    if (kind === "end" && typeof navigator.vibrate === "function") navigator.vibrate(200);
  }

  function showMuted() {
    for (const button of root.querySelectorAll(".guided-mute")) {
      button.setAttribute("aria-pressed", String(muted));
    }
  }

  function toggleMute() {
    muted = !muted;
    try {
      window.localStorage.setItem(MUTE_KEY, muted ? "1" : "0");
    } catch {
      // See above: not remembered, still muted for now.
    }
    showMuted();
  }

  let wakeLock = null;

  async function keepScreenOn() {
    if (wakeLock || !("wakeLock" in navigator) || document.visibilityState !== "visible") return;
    try {
      wakeLock = await navigator.wakeLock.request("screen");
      wakeLock.addEventListener("release", () => {
        wakeLock = null;
      });
    } catch {
      // Not allowed here (battery saver, an iframe): the screen may dim, the timer still works.
    }
  }

  function letScreenSleep() {
    if (wakeLock) wakeLock.release().catch(() => {});
    wakeLock = null;
  }

  // Controls

  function show(screen) {
    for (const id of ["guided-advice", "guided-start", "guided-run", "guided-summary"]) {
      const section = $(id);
      if (section) section.hidden = id !== screen;
    }
  }

  function start() {
    unlockAudio();
    show("guided-run");
    const now = performance.now();
    session = timer.startSession(plan, now);
    keepScreenOn();
    render(now);
    announce(timer.announcement(session));
    $("guided-stretch-name").focus();
    schedule(now);
  }

  function togglePause() {
    const now = performance.now();
    if (session.status === "running") {
      session = timer.pause(session, now);
      window.clearTimeout(tickTimer);
      announce("Paused.");
    } else if (session.status === "paused") {
      session = timer.resume(session, now);
      announce("Resumed.");
    } else {
      return;
    }
    render(now);
    schedule(now);
  }

  // Next, Skip and Back: `change` is timer.next, timer.skip or timer.back.
  function move(change) {
    if (!isActive()) return;
    const now = performance.now();
    const before = session;
    session = change(session, now);
    if (change === timer.skip) announce(`Skipped ${timer.currentStretch(before).name}.`);
    if (session.status === "finished") {
      showSummary();
      return;
    }
    window.clearTimeout(tickTimer);
    render(now);
    announce(timer.announcement(session));
    if (change !== timer.next) $("guided-stretch-name").focus();
    schedule(now);
  }

  const next = () => move(timer.next);

  function primary() {
    if (!isActive()) return;
    if (session.status === "waiting") next();
    else togglePause();
  }

  function endSession() {
    if (!session) return;
    session = timer.endSession(session, performance.now());
    showSummary();
  }

  function carryOn() {
    session = timer.carryOn(session);
    show("guided-run");
    keepScreenOn();
    render(performance.now());
    $("guided-primary").focus();
  }

  // Summary and saving

  function showSummary() {
    window.clearTimeout(tickTimer);
    letScreenSleep();
    const { finished, anything, lead, stretches } = timer.summary(session);
    $("guided-results").replaceChildren(
      ...stretches.map((stretch) => {
        const item = document.createElement("li");
        item.className = "guided-result card";
        item.dataset.stretch = stretch.slug;
        item.classList.toggle("is-not-done", !stretch.done);
        const name = document.createElement("strong");
        name.textContent = stretch.name;
        const what = document.createElement("p");
        what.textContent = stretch.text;
        item.append(name, what);
        if (stretch.done) item.append(painField(stretch));
        return item;
      }),
    );
    $("guided-summary-lead").textContent = lead;
    $("guided-save").disabled = !anything;
    $("guided-nothing").hidden = anything;
    $("guided-carry-on").hidden = finished;
    show("guided-summary");
    $("guided-summary-title").focus();
    announce(finished ? "Routine finished." : "Session ended.");
  }

  function painField(stretch) {
    const field = document.createElement("div");
    field.className = "guided-pain";
    const label = document.createElement("label");
    label.htmlFor = `guided-pain-${stretch.index}`;
    label.textContent = "Pain during (0–10)";
    const hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = `, ${stretch.name}`;
    label.append(hidden);
    const select = document.createElement("select");
    select.id = `guided-pain-${stretch.index}`;
    select.append(new Option("Not rated", ""));
    for (let n = 0; n <= 10; n++) select.append(new Option(String(n), String(n)));
    field.append(label, select);
    return field;
  }

  // The session form's fields, as journal.views.journal.session_create reads them.
  function fillForm() {
    const pains = plan.map((_, index) => $(`guided-pain-${index}`)?.value ?? "");
    const entries = timer.formEntries(session, pains);
    const inputs = [
      ["entries-TOTAL_FORMS", entries.length],
      // Every entry counts as shown, so each one is checked and saved even when unchanged.
      ["entries-INITIAL_FORMS", entries.length],
      ["entries-MIN_NUM_FORMS", 0],
      ["entries-MAX_NUM_FORMS", 50],
    ];
    entries.forEach((entry, n) => {
      for (const [name, value] of Object.entries(entry)) {
        inputs.push([`entries-${n}-${name}`, value]);
      }
    });
    $("guided-entries").replaceChildren(
      ...inputs.map(([name, value]) => {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = String(value);
        return input;
      }),
    );
    return entries.length;
  }

  function save(event) {
    if (submitting || fillForm() === 0) {
      event.preventDefault();
      return;
    }
    submitting = true;
    $("guided-save").disabled = true;
  }

  const unsaved = () => !submitting && session !== null && timer.hasUnsaved(session);

  // Keyboard: Space pauses or resumes, arrows move. Buttons and fields keep their own keys.
  function onKey(event) {
    if ($("guided-run").hidden || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target.closest("input, select, textarea")) return;
    if (event.key === " " && !target.closest("button, a, summary")) {
      event.preventDefault();
      if (!event.repeat) primary();
    } else if (event.key === "ArrowRight") {
      event.preventDefault();
      next();
    } else if (event.key === "ArrowLeft") {
      event.preventDefault();
      move(timer.back);
    }
  }

  // Wiring

  const goOn = $("guided-go-on");
  if (goOn) {
    goOn.hidden = false;
    goOn.addEventListener("click", start);
  }
  $("guided-start-button").hidden = false;
  $("guided-start-button").addEventListener("click", start);
  for (const button of root.querySelectorAll(".guided-mute")) {
    button.hidden = false;
    button.addEventListener("click", toggleMute);
  }
  showMuted();
  $("guided-primary").addEventListener("click", primary);
  $("guided-next").addEventListener("click", next);
  $("guided-skip").addEventListener("click", () => move(timer.skip));
  $("guided-back").addEventListener("click", () => move(timer.back));
  $("guided-end").addEventListener("click", endSession);
  $("guided-carry-on").addEventListener("click", carryOn);
  $("guided-form").addEventListener("submit", save);
  $("guided-discard").addEventListener("click", () => {
    submitting = true; // leaving on purpose: no "are you sure?"
  });
  document.addEventListener("keydown", onKey);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "visible") return;
    if (isActive()) keepScreenOn();
    tick();
  });
  window.addEventListener("beforeunload", (event) => {
    if (!unsaved()) return;
    event.preventDefault();
    event.returnValue = "";
  });
}
