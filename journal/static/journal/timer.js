// The guided session's timer: the phases of each stretch, where the session is, and what
// was done, as plain values. Nothing here touches the page or reads a clock: a function
// that needs the time is given it (`now`, in milliseconds, from performance.now() on the
// page), and returns a new session rather than changing the one it was given. The page
// (guided.js) shows the session and calls these on each tap and tick.
//
// Time is always worked out from timestamps, never by counting ticks: a phase knows how
// much of it had run before the last pause and when it last started running, so a tab in
// the background or a throttled timer only makes the display late, never the times recorded.

// Seconds of the phases the guide does not time itself.
export const GET_READY = 5;
export const SWITCH_SIDES = 5;
export const RELEASE = 3;
export const REST_BETWEEN_SETS = 10;

const SECOND = 1000;
const SIDE_NAMES = { left: "Left", right: "Right" };

// Phases

/** The phases of one stretch of the plan (journal/views/guided.py), in order. */
export function phasesFor(stretch) {
  const list = [{ kind: "ready", seconds: GET_READY }];
  const sides = stretch.each_side ? ["left", "right"] : [null];
  const reps = repsPerSet(stretch);
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

// A stretch with a hold repeats the hold `reps` times; one without is a count of reps, done once.
const repsPerSet = (stretch) => (stretch.hold_seconds ? stretch.reps || 1 : 1);
const isTimed = (phase) => phase.kind !== "reps";
const lengthOf = (phase) => phase.seconds * SECOND;

// The session

/** A session at the first phase of the plan's first stretch, started at `now`. */
export function startSession(plan, now) {
  const session = {
    plan,
    stretchIndex: 0,
    phases: [],
    phaseIndex: 0,
    status: "idle", // then running, paused, waiting (for "Done") or finished
    elapsedBefore: 0, // ms the current phase ran before the last pause
    runningSince: now, // when it last started running
    // For each stretch: what was done ({side, set, rep, seconds|null, reps|null}) and if skipped.
    records: plan.map(() => ({ done: [], skipped: false })),
    unfinishedHold: null, // a hold cut short by "End session", kept only if saved
  };
  return enterStretch(session, 0, now);
}

export const currentStretch = (session) => session.plan[session.stretchIndex];
export const currentPhase = (session) => session.phases[session.phaseIndex];

/** Whether the session is under way: not finished, and not before the start. */
export const isActive = (session) => ["running", "paused", "waiting"].includes(session.status);

/** Milliseconds the current phase has run by `now`, leaving out the pauses. */
export function elapsed(session, now) {
  return session.elapsedBefore + (session.status === "running" ? now - session.runningSince : 0);
}

/** The whole seconds left of the current phase, as the clock shows them (rounded up). */
export function secondsLeft(session, now) {
  const remaining = Math.max(0, lengthOf(currentPhase(session)) - elapsed(session, now));
  return Math.max(0, Math.ceil(remaining / SECOND - 1e-9));
}

/** Milliseconds until the clock shows another number or the phase ends; null when stopped. */
export function nextTickIn(session, now) {
  if (session.status !== "running") return null;
  const remaining = lengthOf(currentPhase(session)) - elapsed(session, now);
  const toNextSecond = remaining % SECOND || SECOND;
  return Math.max(4, Math.min(remaining, toNextSecond) + 1);
}

function enterStretch(session, index, now, carried = 0) {
  // Coming to a stretch again (with Back) means doing it again.
  const records = session.records.map((r, i) => (i === index ? { done: [], skipped: false } : r));
  const phases = phasesFor(session.plan[index]);
  return enterPhase({ ...session, stretchIndex: index, phases, records }, 0, now, carried);
}

function enterPhase(session, index, now, carried = 0) {
  const status = isTimed(session.phases[index]) ? "running" : "waiting";
  return { ...session, phaseIndex: index, elapsedBefore: carried, runningSince: now, status };
}

const finish = (session) => ({ ...session, status: "finished", unfinishedHold: null });

// On one phase, or to the next stretch, or to the end of the routine.
function advance(session, now, carried) {
  if (session.phaseIndex + 1 < session.phases.length) {
    return enterPhase(session, session.phaseIndex + 1, now, carried);
  }
  if (session.stretchIndex + 1 < session.plan.length) {
    return enterStretch(session, session.stretchIndex + 1, now, carried);
  }
  return finish(session);
}

function record(session, phase, seconds) {
  const done = {
    side: phase.side,
    set: phase.set,
    rep: phase.rep,
    seconds: phase.kind === "hold" ? seconds : null,
    reps: phase.kind === "reps" ? currentStretch(session).reps : null,
  };
  const records = session.records.map((r, i) =>
    i === session.stretchIndex ? { ...r, done: [...r.done, done] } : r,
  );
  return { ...session, records };
}

// Moving through it

/**
 * The session at `now`: past every phase that has run its length since the last look
 * (several, after a long throttle), each hold that ran its course recorded at its full length.
 * Returns the session and how many holds ended on the way.
 */
export function catchUp(session, now) {
  let holdsEnded = 0;
  while (session.status === "running") {
    const phase = currentPhase(session);
    const overflow = elapsed(session, now) - lengthOf(phase);
    if (overflow < 0) break;
    if (phase.kind === "hold") {
      session = record(session, phase, phase.seconds);
      holdsEnded += 1;
    }
    session = advance(session, now, overflow);
  }
  return { session, holdsEnded };
}

export function pause(session, now) {
  if (session.status !== "running") return session;
  return { ...session, elapsedBefore: elapsed(session, now), status: "paused" };
}

export function resume(session, now) {
  if (session.status !== "paused") return session;
  return { ...session, runningSince: now, status: "running" };
}

/** Next step: a hold ends now (and counts as long as it lasted, from 1 s), a count is cut short. */
export function next(session, now) {
  if (!isActive(session)) return session;
  const phase = currentPhase(session);
  if (phase.kind === "hold") {
    const held = elapsed(session, now) / SECOND;
    if (held >= 1) session = record(session, phase, held);
  } else if (phase.kind === "reps") {
    session = record(session, phase, null);
  }
  return advance(session, now, 0);
}

/** Leaves the rest of this stretch out; what was done of it still counts. */
export function skip(session, now) {
  if (!isActive(session)) return session;
  const records = session.records.map((r, i) =>
    i === session.stretchIndex ? { ...r, skipped: true } : r,
  );
  session = { ...session, records };
  if (session.stretchIndex + 1 >= session.plan.length) return finish(session);
  return enterStretch(session, session.stretchIndex + 1, now);
}

/** To the start of the stretch before (or of the first one), to do it again. */
export function back(session, now) {
  if (!isActive(session)) return session;
  return enterStretch(session, Math.max(0, session.stretchIndex - 1), now);
}

/**
 * Ending halfway pauses first, so that carrying on picks up exactly where it stopped; a hold
 * of at least a second is kept as unfinished, to be saved with the rest if the person saves.
 */
export function endSession(session, now) {
  session = pause(session, now);
  const phase = currentPhase(session);
  const held = elapsed(session, now) / SECOND;
  let unfinishedHold = null;
  if (phase.kind === "hold" && held >= 1) {
    const { side, set, rep } = phase;
    unfinishedHold = { index: session.stretchIndex, side, set, rep, seconds: held, reps: null };
  }
  return { ...session, unfinishedHold };
}

export const carryOn = (session) => ({ ...session, unfinishedHold: null });

/** Whether anything done would be lost by leaving the page now. */
export function hasUnsaved(session) {
  return session.unfinishedHold !== null || session.records.some((r) => r.done.length > 0);
}

// Words

function sideText(session, phase) {
  const stretch = currentStretch(session);
  const parts = [];
  if (phase.side) parts.push(`${SIDE_NAMES[phase.side]} side`);
  if (stretch.sets > 1 && phase.set) parts.push(`set ${phase.set} of ${stretch.sets}`);
  const reps = repsPerSet(stretch);
  if (reps > 1 && phase.rep) parts.push(`rep ${phase.rep} of ${reps}`);
  return parts.join(", ");
}

const capitalised = (text) => text.charAt(0).toUpperCase() + text.slice(1);

// The next phase (from this one on) where something is done: a hold or a count of reps.
function nextHold(session) {
  const ahead = session.phases.slice(session.phaseIndex);
  return ahead.find((p) => p.kind === "hold" || p.kind === "reps") || {};
}

/** The clock's title and the line under it, for the current phase. */
export function phaseText(session) {
  const stretch = currentStretch(session);
  const phase = currentPhase(session);
  switch (phase.kind) {
    case "ready": {
      const first = sideText(session, nextHold(session));
      return ["Get ready", first ? `First: ${first}` : capitalised(stretch.dose)];
    }
    case "switch":
      return ["Switch sides", `Next: ${sideText(session, nextHold(session))}`];
    case "release":
      return ["Release", `Next: ${sideText(session, nextHold(session))}`];
    case "rest":
      return ["Rest", `Next: set ${phase.set} of ${stretch.sets}`];
    case "reps": {
      const title = `Do ${stretch.reps} rep${stretch.reps === 1 ? "" : "s"}`;
      return [title, capitalised(sideText(session, phase)) || "Tap Done when finished"];
    }
    default: {
      const title = stretch.moving ? "Keep going" : "Hold";
      return [title, capitalised(sideText(session, phase)) || "Breathe easily"];
    }
  }
}

/** What the running screen shows at `now`. */
export function display(session, now) {
  const phase = currentPhase(session);
  const [title, detail] = phaseText(session);
  const timed = isTimed(phase);
  const { status } = session;
  return {
    kind: phase.kind,
    title,
    detail,
    count: timed ? secondsLeft(session, now) : currentStretch(session).reps,
    unit: timed ? "s" : "reps",
    paused: status === "paused",
    primary: status === "waiting" ? "Done" : status === "paused" ? "Resume" : "Pause",
  };
}

/** What a screen reader hears on coming to a phase (the stretch's name with its first). */
export function announcement(session) {
  const [title, detail] = phaseText(session);
  const name = currentPhase(session).kind === "ready" ? `${currentStretch(session).name}. ` : "";
  return `${name}${title}. ${detail}.`;
}

// What was done

/**
 * What was done of one stretch, as one journal entry a side: the holds' average (whole
 * seconds, at least 1), the most reps in a set (with each set's count in a note when they
 * differ), and the number of sets with anything in them.
 */
export function entriesFor(session, index) {
  const stretch = session.plan[index];
  const done = [...session.records[index].done];
  const unfinished = session.unfinishedHold;
  if (unfinished && unfinished.index === index) done.push(unfinished);
  const sides = stretch.each_side ? ["left", "right"] : [null];
  return sides
    .map((side) => {
      const own = done.filter((d) => d.side === side);
      if (own.length === 0) return null;
      const holds = own.filter((d) => d.seconds !== null).map((d) => d.seconds);
      const setsDone = [...new Set(own.map((d) => d.set))];
      let reps = "";
      let note = "";
      if (stretch.reps) {
        const perSet = setsDone.map((set) =>
          own.filter((d) => d.set === set).reduce((n, d) => n + (d.reps || 1), 0),
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

/** One entry in words: "Left 2 sets, 3 reps, holds of 10 s". */
export function describe(entry) {
  const parts = [];
  if (entry.sets > 1) parts.push(`${entry.sets} sets`);
  if (entry.reps) parts.push(`${entry.reps} rep${entry.reps === 1 ? "" : "s"}`);
  if (entry.hold) parts.push(entry.holdsTimed > 1 ? `holds of ${entry.hold} s` : `${entry.hold} s`);
  const text = parts.join(", ") || "done";
  return entry.side === "na" ? text : `${SIDE_NAMES[entry.side]} ${text}`;
}

/**
 * The summary screen: a line for each stretch of the plan, and the lead above them. At the
 * end of the routine, or halfway (after endSession, so that "Carry on" can pick up again).
 */
export function summary(session) {
  const finished = session.status === "finished";
  const stretches = session.plan.map((stretch, index) => {
    const entries = entriesFor(session, index);
    const { skipped } = session.records[index];
    let text = skipped ? "Skipped" : "Not done";
    if (entries.length) {
      text = entries.map(describe).join(", ") + (skipped ? "; the rest skipped" : "");
    }
    return { index, slug: stretch.slug, name: stretch.name, text, done: entries.length > 0 };
  });
  const anything = stretches.some((s) => s.done);
  let lead = "You reached the end of the routine.";
  if (!finished) {
    lead = `You stopped at stretch ${session.stretchIndex + 1} of ${session.plan.length}.`;
  }
  if (anything) lead += " Add how much each stretch hurt if you like, then save.";
  else if (!finished) lead += " Carry on, or leave without saving.";
  return { finished, anything, lead, stretches };
}

/**
 * The session form's entries, as journal.views.journal.session_create reads them: one a side
 * of each stretch done, with the pain rated for that stretch (`pains[index]`, "" if not rated).
 */
export function formEntries(session, pains) {
  return session.plan.flatMap((stretch, index) =>
    entriesFor(session, index).map((entry) => ({
      stretch: stretch.stretch_id,
      hold_seconds: entry.hold,
      reps: entry.reps,
      sets: entry.sets,
      side: entry.side,
      pain_during: pains[index] ?? "",
      note: entry.note,
    })),
  );
}
