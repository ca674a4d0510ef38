// The guided session: walk through a routine's stretches with a hold timer, then
// post what was done to the session form. The routine comes from the page's
// "guided-plan" JSON (journal/views/guided.py).
//
// Time is always worked out from timestamps (performance.now), never by counting
// ticks: a phase knows how much of it had run before the last pause and when it
// last started running, so a tab in the background or a throttled timer only
// makes the display late, never the times recorded.
"use strict";

(() => {
  const root = document.getElementById("guided");
  const planData = document.getElementById("guided-plan");
  if (!root || !planData) return;

  const plan = JSON.parse(planData.textContent);
  const $ = (id) => document.getElementById(id);

  // Seconds of the phases the guide does not time itself.
  const GET_READY = 5;
  const SWITCH_SIDES = 5;
  const RELEASE = 3;
  const REST_BETWEEN_SETS = 10;
  const SIDE_NAMES = { left: "Left", right: "Right" };
  const MUTE_KEY = "stretchlog-guided-muted";

  // ?speed=N (1 to 1000) runs every duration N times faster: for tests only.
  const speed = (() => {
    const value = Number(new URLSearchParams(window.location.search).get("speed"));
    return Number.isFinite(value) && value >= 1 && value <= 1000 ? value : 1;
  })();
  const toMs = (seconds) => (seconds * 1000) / speed;
  const toSeconds = (ms) => (ms * speed) / 1000;

  // Session state
  let stretchIndex = 0;
  let phases = [];
  let phaseIndex = 0;
  let status = "idle"; // idle, running, paused, waiting (for "Done"), finished
  let elapsedBefore = 0; // ms the current phase ran before the last pause
  let runningSince = 0; // performance.now() when it last started running
  let timer = null;
  let shownStretch = -1;
  let submitting = false;
  // For each stretch: what was done ({side, set, rep, seconds|null, reps|null}) and if skipped.
  const records = plan.map(() => ({ done: [], skipped: false }));
  let unfinishedHold = null; // a hold cut short by "End session", kept only if saved

  // Phases

  function phasesFor(stretch) {
    const list = [{ kind: "ready", seconds: GET_READY }];
    const sides = stretch.each_side ? ["left", "right"] : [null];
    const reps = stretch.hold_seconds ? stretch.reps || 1 : 1;
    for (let set = 1; set <= stretch.sets; set++) {
      if (set > 1) list.push({ kind: "rest", seconds: REST_BETWEEN_SETS, set });
      sides.forEach((side, n) => {
        if (n > 0) list.push({ kind: "switch", seconds: SWITCH_SIDES, side });
        if (!stretch.hold_seconds) {
          list.push({ kind: "reps", side, set, rep: 1 });
          return;
        }
        for (let rep = 1; rep <= reps; rep++) {
          if (rep > 1) list.push({ kind: "release", seconds: RELEASE, side });
          list.push({ kind: "hold", seconds: stretch.hold_seconds, side, set, rep });
        }
      });
    }
    return list;
  }

  const stretch = () => plan[stretchIndex];
  const phase = () => phases[phaseIndex];
  const isTimed = (p) => p.kind !== "reps";

  function elapsed(now) {
    return elapsedBefore + (status === "running" ? now - runningSince : 0);
  }

  function enterStretch(index, now) {
    stretchIndex = index;
    // Coming to a stretch again (with Back) means doing it again.
    records[index] = { done: [], skipped: false };
    phases = phasesFor(plan[index]);
    enterPhase(0, 0, now);
  }

  function enterPhase(index, carried, now) {
    phaseIndex = index;
    elapsedBefore = carried;
    runningSince = now;
    status = isTimed(phase()) ? "running" : "waiting";
  }

  // Moves on one phase, or to the next stretch; returns false at the end of the routine.
  function advance(carried, now) {
    if (phaseIndex + 1 < phases.length) {
      enterPhase(phaseIndex + 1, carried, now);
      return true;
    }
    if (stretchIndex + 1 < plan.length) {
      enterStretch(stretchIndex + 1, now);
      elapsedBefore = carried;
      return true;
    }
    return false;
  }

  function record(p, seconds) {
    const s = stretch();
    records[stretchIndex].done.push({
      side: p.side,
      set: p.set,
      rep: p.rep,
      seconds: p.kind === "hold" ? seconds : null,
      reps: p.kind === "reps" ? s.reps : null,
    });
  }

  // The clock

  function tick() {
    window.clearTimeout(timer);
    if (status !== "running") return;
    const now = performance.now();
    const startedOn = [stretchIndex, phaseIndex];
    let holdEnded = false;
    let finished = false;
    // Catch up on every phase that ended since the last tick (several, after a long throttle).
    while (status === "running" && elapsed(now) >= toMs(phase().seconds)) {
      const p = phase();
      const overflow = elapsed(now) - toMs(p.seconds);
      if (p.kind === "hold") {
        record(p, p.seconds);
        holdEnded = true;
      }
      if (!advance(overflow, now)) {
        finished = true;
        break;
      }
    }
    if (holdEnded) cue("end");
    if (finished) {
      showSummary(true);
      return;
    }
    if (startedOn[0] !== stretchIndex || startedOn[1] !== phaseIndex) {
      if (phase().kind === "hold") cue("start");
      announcePhase();
    }
    render(now);
    schedule(now);
  }

  // Wakes at the next change of the whole seconds shown, or at the end of the phase.
  function schedule(now) {
    if (status !== "running") return;
    const remaining = toMs(phase().seconds) - elapsed(now);
    const toNextSecond = remaining % toMs(1) || toMs(1);
    timer = window.setTimeout(tick, Math.max(4, Math.min(remaining, toNextSecond) + 1));
  }

  // Display

  function sideText(p) {
    const s = stretch();
    const parts = [];
    if (p.side) parts.push(`${SIDE_NAMES[p.side]} side`);
    if (s.sets > 1 && p.set) parts.push(`set ${p.set} of ${s.sets}`);
    const reps = s.hold_seconds ? s.reps || 1 : 1;
    if (reps > 1 && p.rep) parts.push(`rep ${p.rep} of ${reps}`);
    return parts.join(", ");
  }

  const capitalised = (text) => text.charAt(0).toUpperCase() + text.slice(1);

  function phaseText(p) {
    const s = stretch();
    switch (p.kind) {
      case "ready":
        return ["Get ready", nextHoldText()];
      case "switch":
        return ["Switch sides", `Next: ${sideText(nextHold())}`];
      case "release":
        return ["Release", `Next: ${sideText(nextHold())}`];
      case "rest":
        return ["Rest", `Next: set ${p.set} of ${s.sets}`];
      case "reps":
        return [`Do ${s.reps} rep${s.reps === 1 ? "" : "s"}`, capitalised(sideText(p)) || "Tap Done when finished"];
      default:
        return [s.moving ? "Keep going" : "Hold", capitalised(sideText(p)) || "Breathe easily"];
    }
  }

  function nextHold() {
    return phases.slice(phaseIndex).find((p) => p.kind === "hold" || p.kind === "reps") || {};
  }

  function nextHoldText() {
    const text = sideText(nextHold());
    return text ? `First: ${text}` : capitalised(stretch().dose);
  }

  function showStretch() {
    const s = stretch();
    shownStretch = stretchIndex;
    const word = document.createElement("span");
    word.className = "guided-progress-word";
    word.textContent = "Stretch ";
    $("guided-progress").replaceChildren(word, `${stretchIndex + 1} of ${plan.length}`);
    $("guided-stretch-name").textContent = s.name;
    $("guided-dose").textContent = capitalised(s.dose);
    fillList($("guided-steps"), s.steps);
    const modifications = $("guided-modifications");
    modifications.hidden = s.modifications.length === 0;
    fillList(modifications.querySelector("ul"), s.modifications);
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

  function render(now) {
    if (shownStretch !== stretchIndex) showStretch();
    const p = phase();
    const [title, detail] = phaseText(p);
    $("guided-phase").textContent = title;
    $("guided-detail").textContent = detail;
    const clock = root.querySelector(".guided-clock");
    clock.dataset.kind = p.kind;
    if (isTimed(p)) {
      const remaining = Math.max(0, toMs(p.seconds) - elapsed(now));
      $("guided-count").textContent = String(Math.ceil(toSeconds(remaining) - 1e-9));
      $("guided-unit").textContent = "s";
    } else {
      $("guided-count").textContent = String(stretch().reps);
      $("guided-unit").textContent = "reps";
    }
    const paused = status === "paused";
    $("guided-paused").hidden = !paused;
    clock.classList.toggle("is-paused", paused);
    $("guided-primary").textContent = status === "waiting" ? "Done" : paused ? "Resume" : "Pause";
  }

  function announce(text) {
    $("guided-status").textContent = text;
  }

  function announcePhase() {
    const [title, detail] = phaseText(phase());
    const name = phase().kind === "ready" ? `${stretch().name}. ` : "";
    announce(`${name}${title}. ${detail}.`);
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
    enterStretch(0, now);
    keepScreenOn();
    render(now);
    announcePhase();
    $("guided-stretch-name").focus();
    schedule(now);
  }

  function togglePause() {
    const now = performance.now();
    if (status === "running") {
      elapsedBefore = elapsed(now);
      status = "paused";
      window.clearTimeout(timer);
      announce("Paused.");
    } else if (status === "paused") {
      runningSince = now;
      status = "running";
      announce("Resumed.");
    } else {
      return;
    }
    render(now);
    schedule(now);
  }

  // Next step: a hold ends now (and counts as long as it lasted), a count is cut short.
  function next() {
    if (!["running", "paused", "waiting"].includes(status)) return;
    const now = performance.now();
    const p = phase();
    if (p.kind === "hold") {
      const held = toSeconds(elapsed(now));
      if (held >= 1) record(p, held);
    } else if (p.kind === "reps") {
      record(p, null);
    }
    if (!advance(0, now)) {
      showSummary(true);
      return;
    }
    moved(now);
  }

  function skip() {
    if (!["running", "paused", "waiting"].includes(status)) return;
    const now = performance.now();
    records[stretchIndex].skipped = true;
    announce(`Skipped ${stretch().name}.`);
    if (stretchIndex + 1 >= plan.length) {
      showSummary(true);
      return;
    }
    enterStretch(stretchIndex + 1, now);
    moved(now, true);
  }

  function back() {
    if (!["running", "paused", "waiting"].includes(status)) return;
    const now = performance.now();
    enterStretch(Math.max(0, stretchIndex - 1), now);
    moved(now, true);
  }

  function moved(now, newStretch = false) {
    window.clearTimeout(timer);
    render(now);
    announcePhase();
    if (newStretch) $("guided-stretch-name").focus();
    schedule(now);
  }

  function primary() {
    if (status === "waiting") next();
    else togglePause();
  }

  // Ending halfway pauses first, so "Carry on" picks up exactly where it stopped.
  function endSession() {
    if (status === "running") togglePause();
    const p = phase();
    unfinishedHold = null;
    if (p && p.kind === "hold" && toSeconds(elapsedBefore) >= 1) {
      unfinishedHold = { index: stretchIndex, side: p.side, set: p.set, rep: p.rep };
      unfinishedHold.seconds = toSeconds(elapsedBefore);
    }
    showSummary(false);
  }

  function carryOn() {
    unfinishedHold = null;
    show("guided-run");
    keepScreenOn();
    render(performance.now());
    $("guided-primary").focus();
  }

  // Summary and saving

  // What was done on each side of a stretch, as one journal entry a side.
  function entriesFor(index) {
    const s = plan[index];
    const done = [...records[index].done];
    if (unfinishedHold && unfinishedHold.index === index) done.push(unfinishedHold);
    const sides = s.each_side ? ["left", "right"] : [null];
    return sides
      .map((side) => {
        const own = done.filter((d) => d.side === side);
        if (own.length === 0) return null;
        const holds = own.filter((d) => d.seconds !== null).map((d) => d.seconds);
        const setsDone = [...new Set(own.map((d) => d.set))];
        let reps = "";
        let note = "";
        if (s.reps) {
          const perSet = setsDone.map(
            (set) => own.filter((d) => d.set === set).reduce((n, d) => n + (d.reps || 1), 0),
          );
          reps = Math.max(...perSet);
          if (perSet.some((n) => n !== reps)) note = `Reps per set: ${perSet.join(", ")}`;
        }
        const average = holds.reduce((a, b) => a + b, 0) / holds.length;
        return {
          side: side || "na",
          hold: holds.length ? Math.max(1, Math.round(average)) : "",
          holdsTimed: holds.length,
          reps,
          sets: setsDone.length,
          note,
        };
      })
      .filter(Boolean);
  }

  function describe(entry) {
    const parts = [];
    if (entry.sets > 1) parts.push(`${entry.sets} sets`);
    if (entry.reps) parts.push(`${entry.reps} rep${entry.reps === 1 ? "" : "s"}`);
    if (entry.hold) parts.push(entry.holdsTimed > 1 ? `holds of ${entry.hold} s` : `${entry.hold} s`);
    const text = parts.join(", ") || "done";
    return entry.side === "na" ? text : `${SIDE_NAMES[entry.side]} ${text}`;
  }

  // At the end of the routine, or halfway (paused, so that "Carry on" can pick up again).
  function showSummary(finished) {
    window.clearTimeout(timer);
    if (finished) {
      status = "finished";
      unfinishedHold = null;
    }
    letScreenSleep();
    const list = $("guided-results");
    list.replaceChildren();
    let anything = false;
    plan.forEach((s, index) => {
      const entries = entriesFor(index);
      const item = document.createElement("li");
      item.className = "guided-result card";
      item.dataset.stretch = s.slug;
      const name = document.createElement("strong");
      name.textContent = s.name;
      const what = document.createElement("p");
      if (entries.length) {
        anything = true;
        what.textContent = entries.map(describe).join(", ");
        if (records[index].skipped) what.textContent += "; the rest skipped";
      } else {
        what.textContent = records[index].skipped ? "Skipped" : "Not done";
        item.classList.add("is-not-done");
      }
      item.append(name, what);
      if (entries.length) item.append(painField(index, s));
      list.append(item);
    });
    let lead = "You reached the end of the routine.";
    if (!finished) lead = `You stopped at stretch ${stretchIndex + 1} of ${plan.length}.`;
    if (anything) lead += " Add how much each stretch hurt if you like, then save.";
    else if (!finished) lead += " Carry on, or leave without saving.";
    $("guided-summary-lead").textContent = lead;
    $("guided-save").disabled = !anything;
    $("guided-nothing").hidden = anything;
    $("guided-carry-on").hidden = finished;
    show("guided-summary");
    $("guided-summary-title").focus();
    announce(finished ? "Routine finished." : "Session ended.");
  }

  function painField(index, s) {
    const field = document.createElement("div");
    field.className = "guided-pain";
    const label = document.createElement("label");
    label.htmlFor = `guided-pain-${index}`;
    label.textContent = "Pain during (0–10)";
    const hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = `, ${s.name}`;
    label.append(hidden);
    const select = document.createElement("select");
    select.id = `guided-pain-${index}`;
    select.dataset.index = String(index);
    select.append(new Option("Not rated", ""));
    for (let n = 0; n <= 10; n++) select.append(new Option(String(n), String(n)));
    field.append(label, select);
    return field;
  }

  // The session form's fields, as journal.views.journal.session_create reads them.
  function fillForm() {
    const fields = [];
    plan.forEach((s, index) => {
      const pain = $(`guided-pain-${index}`);
      for (const entry of entriesFor(index)) {
        fields.push({
          stretch: s.stretch_id,
          hold_seconds: entry.hold,
          reps: entry.reps,
          sets: entry.sets,
          side: entry.side,
          pain_during: pain ? pain.value : "",
          note: entry.note,
        });
      }
    });
    const inputs = [
      ["entries-TOTAL_FORMS", fields.length],
      // Every entry counts as shown, so each one is checked and saved even when unchanged.
      ["entries-INITIAL_FORMS", fields.length],
      ["entries-MIN_NUM_FORMS", 0],
      ["entries-MAX_NUM_FORMS", 50],
    ];
    fields.forEach((field, n) => {
      for (const [name, value] of Object.entries(field)) inputs.push([`entries-${n}-${name}`, value]);
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
    return fields.length;
  }

  function save(event) {
    if (submitting || fillForm() === 0) {
      event.preventDefault();
      return;
    }
    submitting = true;
    $("guided-save").disabled = true;
  }

  const unsaved = () =>
    !submitting && (unfinishedHold !== null || records.some((r) => r.done.length > 0));

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
      back();
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
  $("guided-skip").addEventListener("click", skip);
  $("guided-back").addEventListener("click", back);
  $("guided-end").addEventListener("click", endSession);
  $("guided-carry-on").addEventListener("click", carryOn);
  $("guided-form").addEventListener("submit", save);
  $("guided-discard").addEventListener("click", () => {
    submitting = true; // leaving on purpose: no "are you sure?"
  });
  document.addEventListener("keydown", onKey);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState !== "visible") return;
    if (["running", "paused", "waiting"].includes(status)) keepScreenOn();
    tick();
  });
  window.addEventListener("beforeunload", (event) => {
    if (!unsaved()) return;
    event.preventDefault();
    event.returnValue = "";
  });
})();
