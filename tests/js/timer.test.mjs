// The guided session's timer (journal/static/journal/timer.js), on made-up timestamps.
// Run with `node --test tests/js/` (part of `make test`).
import assert from "node:assert/strict";
import { describe as group, test } from "node:test";

import * as timer from "../../journal/static/journal/timer.js";

const S = 1000; // timestamps are in milliseconds, as performance.now() gives them

// Stretches as journal/views/guided.py puts them in the page's plan.
function stretch(fields) {
  return {
    slug: fields.name.toLowerCase().replaceAll(" ", "-"),
    dose: "as the routine says",
    steps: ["Lie on your back."],
    modifications: [],
    stretch_id: 1,
    hold_seconds: null,
    reps: null,
    sets: 1,
    each_side: false,
    moving: false,
    ...fields,
  };
}
const KNEE = stretch({ name: "Knee to chest", stretch_id: 11, hold_seconds: 10, each_side: true });
const CIRCLES = stretch({
  name: "Hip circles",
  stretch_id: 12,
  reps: 3,
  each_side: true,
  moving: true,
});
const SPHINX = stretch({
  name: "Sphinx",
  stretch_id: 13,
  hold_seconds: 8,
  dose: "hold 8 to 20 seconds",
});
const TILT = stretch({ name: "Pelvic tilt", stretch_id: 14, hold_seconds: 5, reps: 3, sets: 2 });

// Every function must leave the session it is given as it was: a frozen one throws if changed.
function frozen(value) {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    Object.values(value).forEach(frozen);
  }
  return value;
}

function start(plan, now = 0) {
  return frozen(timer.startSession(plan, now));
}

function catchUp(session, now) {
  const result = timer.catchUp(session, now);
  frozen(result.session);
  return result;
}

const where = (session) => [session.stretchIndex, timer.currentPhase(session).kind, session.status];
const done = (session, index) => session.records[index].done;

group("phasesFor", () => {
  test("a hold on one side: get ready, then the hold", () => {
    assert.deepEqual(timer.phasesFor(SPHINX), [
      { kind: "ready", seconds: timer.GET_READY },
      { kind: "hold", seconds: 8, side: null, set: 1, rep: 1 },
    ]);
  });

  test("a hold on each side: left, switch sides, right", () => {
    assert.deepEqual(timer.phasesFor(KNEE), [
      { kind: "ready", seconds: 5 },
      { kind: "hold", seconds: 10, side: "left", set: 1, rep: 1 },
      { kind: "switch", seconds: timer.SWITCH_SIDES, side: "right" },
      { kind: "hold", seconds: 10, side: "right", set: 1, rep: 1 },
    ]);
  });

  test("reps without a hold: one untimed count a side", () => {
    assert.deepEqual(timer.phasesFor(CIRCLES), [
      { kind: "ready", seconds: 5 },
      { kind: "reps", side: "left", set: 1, rep: 1 },
      { kind: "switch", seconds: 5, side: "right" },
      { kind: "reps", side: "right", set: 1, rep: 1 },
    ]);
  });

  test("sets of held reps: a release between reps, a rest between sets", () => {
    const phases = timer.phasesFor(TILT);
    assert.deepEqual(
      phases.map((p) => [p.kind, p.set, p.rep]),
      [
        ["ready", undefined, undefined],
        ["hold", 1, 1],
        ["release", undefined, undefined],
        ["hold", 1, 2],
        ["release", undefined, undefined],
        ["hold", 1, 3],
        ["rest", 2, undefined],
        ["hold", 2, 1],
        ["release", undefined, undefined],
        ["hold", 2, 2],
        ["release", undefined, undefined],
        ["hold", 2, 3],
      ],
    );
    assert.equal(phases.find((p) => p.kind === "release").seconds, timer.RELEASE);
    assert.equal(phases.find((p) => p.kind === "rest").seconds, timer.REST_BETWEEN_SETS);
  });

  test("a hold with no reps given is held once", () => {
    const phases = timer.phasesFor({ ...SPHINX, reps: null, sets: 2 });
    assert.deepEqual(
      phases.map((p) => p.kind),
      ["ready", "hold", "rest", "hold"],
    );
  });
});

group("the clock", () => {
  test("it starts in the get-ready count, running", () => {
    const session = start([SPHINX], 1234);
    assert.deepEqual(where(session), [0, "ready", "running"]);
    assert.equal(timer.elapsed(session, 1234), 0);
    assert.equal(timer.secondsLeft(session, 1234), 5);
  });

  test("the seconds shown round up, so 0 shows only at the very end", () => {
    const session = start([SPHINX]);
    assert.equal(timer.secondsLeft(session, 1), 5);
    assert.equal(timer.secondsLeft(session, 1 * S), 4);
    assert.equal(timer.secondsLeft(session, 4.999 * S), 1);
    assert.equal(timer.secondsLeft(session, 5 * S), 0);
    assert.equal(timer.secondsLeft(session, 9 * S), 0);
  });

  test("the next tick comes when the number shown changes, or the phase ends", () => {
    const session = start([SPHINX]);
    assert.equal(timer.nextTickIn(session, 0), S + 1);
    assert.equal(timer.nextTickIn(session, 300), 701);
    assert.equal(timer.nextTickIn(session, 4.7 * S), 301);
    assert.equal(timer.nextTickIn(session, 5 * S), 4); // late: at once, without spinning
    assert.equal(timer.nextTickIn(timer.pause(session, 300), 300), null);
  });

  test("catching up before a phase ends changes nothing", () => {
    const session = start([SPHINX]);
    const { session: after, holdsEnded } = catchUp(session, 4.9 * S);
    assert.deepEqual(where(after), [0, "ready", "running"]);
    assert.equal(holdsEnded, 0);
  });

  test("a phase that ran its length gives way to the next, carrying the time over", () => {
    const { session } = catchUp(start([SPHINX]), 5.5 * S);
    assert.deepEqual(where(session), [0, "hold", "running"]);
    assert.equal(timer.elapsed(session, 5.5 * S), 0.5 * S);
    assert.equal(timer.secondsLeft(session, 5.5 * S), 8);
    assert.equal(timer.secondsLeft(session, 6 * S), 7);
  });

  test("a hold that runs its course is recorded at its planned length", () => {
    const { session, holdsEnded } = catchUp(start([KNEE]), (5 + 10) * S);
    assert.deepEqual(where(session), [0, "switch", "running"]);
    assert.equal(holdsEnded, 1);
    assert.deepEqual(done(session, 0), [{ side: "left", set: 1, rep: 1, seconds: 10, reps: null }]);
  });

  test("pause and resume keep the time run, and leave out the pause", () => {
    let session = start([SPHINX]);
    session = timer.pause(session, 2 * S);
    assert.equal(session.status, "paused");
    assert.equal(timer.elapsed(session, 60 * S), 2 * S);
    assert.equal(catchUp(session, 600 * S).session, session, "a paused clock does not move");
    session = timer.resume(session, 60 * S);
    assert.equal(timer.elapsed(session, 61 * S), 3 * S);
    assert.equal(timer.secondsLeft(session, 61 * S), 2);
    assert.deepEqual(where(catchUp(session, 62.9 * S).session), [0, "ready", "running"]);
    assert.deepEqual(where(catchUp(session, 63 * S).session), [0, "hold", "running"]);
  });

  test("pausing twice or resuming a running clock changes nothing", () => {
    const running = start([SPHINX]);
    assert.equal(timer.resume(running, S), running);
    const paused = timer.pause(running, S);
    assert.equal(timer.pause(paused, 2 * S), paused);
  });

  test("a long gap (a tab in the background) loses no time: every phase is caught up", () => {
    // Knee to chest: ready 5, left 10, switch 5, right 10; then the sphinx: ready 5, 3 s in.
    const now = (5 + 10 + 5 + 10 + 5 + 3) * S;
    const { session, holdsEnded } = catchUp(start([KNEE, SPHINX]), now);
    assert.deepEqual(where(session), [1, "hold", "running"]);
    assert.equal(timer.elapsed(session, now), 3 * S);
    assert.equal(holdsEnded, 2);
    assert.deepEqual(
      done(session, 0).map((d) => [d.side, d.seconds]),
      [
        ["left", 10],
        ["right", 10],
      ],
    );
  });

  test("a gap past the end finishes the routine with every hold in full", () => {
    const { session, holdsEnded } = catchUp(start([KNEE, SPHINX]), 3600 * S);
    assert.equal(session.status, "finished");
    assert.equal(holdsEnded, 3);
    const entries = [0, 1].map((i) => timer.entriesFor(session, i));
    assert.deepEqual(
      entries.flat().map((e) => [e.side, e.hold]),
      [
        ["left", 10],
        ["right", 10],
        ["na", 8],
      ],
    );
  });

  test("a count of reps waits for Done, however long it takes", () => {
    const { session } = catchUp(start([CIRCLES]), 5 * S);
    assert.deepEqual(where(session), [0, "reps", "waiting"]);
    assert.equal(catchUp(session, 500 * S).session, session);
    assert.equal(timer.nextTickIn(session, 500 * S), null);
  });
});

group("next, skip and back", () => {
  test("next cuts a count short and starts the following phase at once", () => {
    const session = timer.next(start([KNEE]), 2 * S);
    assert.deepEqual(where(session), [0, "hold", "running"]);
    assert.equal(timer.elapsed(session, 2 * S), 0);
    assert.deepEqual(done(session, 0), []);
  });

  test("next ends a hold now, counted as long as it lasted", () => {
    let session = timer.next(start([KNEE]), 0); // into the left hold at 0
    session = timer.next(session, 3.4 * S);
    assert.deepEqual(where(session), [0, "switch", "running"]);
    assert.deepEqual(done(session, 0), [{ side: "left", set: 1, rep: 1, seconds: 3.4, reps: null }]);
  });

  test("a hold ended in under a second is not counted", () => {
    let session = timer.next(start([KNEE]), 0);
    session = timer.next(session, 0.9 * S);
    assert.deepEqual(done(session, 0), []);
  });

  test("next on a paused hold counts the time before the pause and runs on", () => {
    let session = timer.next(start([KNEE]), 0);
    session = timer.pause(session, 4 * S);
    session = timer.next(session, 90 * S);
    assert.equal(done(session, 0)[0].seconds, 4);
    assert.deepEqual(where(session), [0, "switch", "running"]);
  });

  test("Done on a count of reps records the reps and moves on", () => {
    let session = catchUp(start([CIRCLES, SPHINX]), 5 * S).session;
    session = timer.next(session, 20 * S);
    assert.deepEqual(done(session, 0), [{ side: "left", set: 1, rep: 1, seconds: null, reps: 3 }]);
    assert.deepEqual(where(session), [0, "switch", "running"]);
  });

  test("next past the last phase finishes the routine", () => {
    let session = timer.next(start([SPHINX]), 0);
    session = timer.next(session, 8 * S);
    assert.equal(session.status, "finished");
    assert.deepEqual(timer.entriesFor(session, 0), [
      { side: "na", hold: 8, holdsTimed: 1, reps: "", sets: 1, note: "" },
    ]);
  });

  test("skip leaves the rest of a stretch out and keeps what was done of it", () => {
    let session = catchUp(start([KNEE, SPHINX]), 15 * S).session; // the left hold done
    session = timer.skip(session, 16 * S);
    assert.deepEqual(where(session), [1, "ready", "running"]);
    assert.equal(timer.elapsed(session, 16 * S), 0);
    assert.equal(session.records[0].skipped, true);
    assert.equal(timer.summary(session).stretches[0].text, "Left 10 s; the rest skipped");
  });

  test("skipping the last stretch finishes the routine", () => {
    const session = timer.skip(start([SPHINX]), 0);
    assert.equal(session.status, "finished");
    assert.equal(timer.summary(session).stretches[0].text, "Skipped");
  });

  test("back does the stretch before again, and does not count it twice", () => {
    let session = catchUp(start([KNEE, SPHINX]), 32 * S).session; // in the sphinx's count
    assert.equal(done(session, 0).length, 2);
    session = timer.back(session, 33 * S);
    assert.deepEqual(where(session), [0, "ready", "running"]);
    assert.deepEqual(done(session, 0), []);
    session = catchUp(session, (33 + 30) * S).session;
    assert.deepEqual(where(session), [1, "ready", "running"]);
    assert.equal(done(session, 0).length, 2);
  });

  test("back on the first stretch starts it over", () => {
    let session = catchUp(start([KNEE]), 15 * S).session;
    session = timer.back(session, 16 * S);
    assert.deepEqual(where(session), [0, "ready", "running"]);
    assert.deepEqual(done(session, 0), []);
  });

  test("nothing moves once the routine is finished", () => {
    const finished = timer.skip(start([SPHINX]), 0);
    for (const change of [timer.next, timer.skip, timer.back]) {
      assert.equal(change(finished, S), finished);
    }
  });
});

group("ending halfway", () => {
  test("it pauses, and keeps a hold cut short as unfinished", () => {
    let session = timer.next(start([KNEE, SPHINX]), 0);
    session = timer.endSession(session, 6.6 * S);
    assert.equal(session.status, "paused");
    assert.equal(session.unfinishedHold.seconds, 6.6);
    assert.deepEqual(done(session, 0), []);
    assert.equal(timer.hasUnsaved(session), true);
    const { finished, lead, stretches } = timer.summary(session);
    assert.equal(finished, false);
    assert.equal(
      lead,
      "You stopped at stretch 1 of 2. Add how much each stretch hurt if you like, then save.",
    );
    assert.equal(stretches[0].text, "Left 7 s");
    assert.equal(stretches[1].text, "Not done");
  });

  test("carrying on drops the unfinished hold and picks up where it stopped", () => {
    let session = timer.next(start([KNEE]), 0);
    session = timer.endSession(session, 6 * S);
    session = timer.carryOn(session);
    assert.equal(session.unfinishedHold, null);
    assert.deepEqual(timer.entriesFor(session, 0), []);
    assert.equal(timer.secondsLeft(session, 100 * S), 4);
    session = timer.resume(session, 100 * S);
    session = catchUp(session, 104 * S).session;
    assert.deepEqual(done(session, 0), [{ side: "left", set: 1, rep: 1, seconds: 10, reps: null }]);
  });

  test("a hold under a second, or a count, is not kept", () => {
    const hold = timer.endSession(timer.next(start([KNEE]), 0), 0.5 * S);
    assert.equal(hold.unfinishedHold, null);
    const ready = timer.endSession(start([KNEE]), 3 * S);
    assert.equal(ready.unfinishedHold, null);
    assert.equal(timer.hasUnsaved(ready), false);
    const { anything, lead } = timer.summary(ready);
    assert.equal(anything, false);
    assert.equal(lead, "You stopped at stretch 1 of 1. Carry on, or leave without saving.");
  });

  test("ending a paused hold counts the time before the pause", () => {
    let session = timer.next(start([SPHINX]), 0);
    session = timer.pause(session, 5 * S);
    session = timer.endSession(session, 50 * S);
    assert.equal(session.unfinishedHold.seconds, 5);
  });
});

group("what was done", () => {
  test("each side of a stretch is one entry; the holds' average is rounded", () => {
    let session = timer.next(start([TILT]), 0);
    session = timer.next(session, 4.4 * S); // set 1 rep 1: 4.4 s
    session = timer.next(session, 4.4 * S); // the release
    session = timer.next(session, 6.2 * S); // rep 2: 1.8 s
    const [entry] = timer.entriesFor(session, 0);
    assert.deepEqual(entry, { side: "na", hold: 3, holdsTimed: 2, reps: 2, sets: 1, note: "" });
    assert.equal(timer.describe(entry), "2 reps, holds of 3 s");
  });

  test("sets with different numbers of reps give the most, and each set's in a note", () => {
    // Set 1 in full (3 holds of 5 s), set 2's first rep, then 2 s of its second before ending.
    const secondRep = (5 + 5 + 3 + 5 + 3 + 5 + 10 + 5 + 3) * S;
    let session = catchUp(start([TILT]), secondRep).session;
    assert.deepEqual(where(session), [0, "hold", "running"]);
    session = timer.endSession(session, secondRep + 2 * S);
    assert.deepEqual(timer.entriesFor(session, 0), [
      { side: "na", hold: 4, holdsTimed: 5, reps: 3, sets: 2, note: "Reps per set: 3, 2" },
    ]);
    assert.equal(timer.describe(timer.entriesFor(session, 0)[0]), "2 sets, 3 reps, holds of 4 s");
  });

  test("describe says the sets, reps and hold, with the side", () => {
    const entry = { side: "left", hold: 30, holdsTimed: 1, reps: "", sets: 1, note: "" };
    assert.equal(timer.describe(entry), "Left 30 s");
    const counted = { ...entry, side: "right", reps: 1, hold: "", holdsTimed: 0 };
    assert.equal(timer.describe(counted), "Right 1 rep");
    const sets = { ...entry, side: "na", sets: 3, reps: 3, hold: 5, holdsTimed: 9 };
    assert.equal(timer.describe(sets), "3 sets, 3 reps, holds of 5 s");
  });

  test("the routine's end: a lead for it, and the form's entries with each stretch's pain", () => {
    let session = start([KNEE, CIRCLES, SPHINX]);
    session = catchUp(session, 30 * S).session; // the knee to chest, both sides
    session = timer.skip(session, 31 * S); // hip circles
    session = catchUp(session, (31 + 5 + 8) * S).session;
    const { finished, anything, lead, stretches } = timer.summary(session);
    assert.equal(finished, true);
    assert.equal(anything, true);
    assert.equal(
      lead,
      "You reached the end of the routine. Add how much each stretch hurt if you like, then save.",
    );
    assert.deepEqual(
      stretches.map((s) => [s.slug, s.text, s.done]),
      [
        ["knee-to-chest", "Left 10 s, Right 10 s", true],
        ["hip-circles", "Skipped", false],
        ["sphinx", "8 s", true],
      ],
    );
    assert.deepEqual(timer.formEntries(session, ["4", undefined, ""]), [
      { stretch: 11, hold_seconds: 10, reps: "", sets: 1, side: "left", pain_during: "4", note: "" },
      { stretch: 11, hold_seconds: 10, reps: "", sets: 1, side: "right", pain_during: "4", note: "" },
      { stretch: 13, hold_seconds: 8, reps: "", sets: 1, side: "na", pain_during: "", note: "" },
    ]);
  });

  test("nothing done is nothing to save", () => {
    const session = start([KNEE]);
    assert.equal(timer.hasUnsaved(session), false);
    assert.deepEqual(timer.formEntries(session, []), []);
  });
});

group("what the screen shows", () => {
  test("get ready names the first side, or the dose when there is none", () => {
    assert.deepEqual(timer.phaseText(start([KNEE])), ["Get ready", "First: Left side"]);
    assert.deepEqual(timer.phaseText(start([SPHINX])), ["Get ready", "Hold 8 to 20 seconds"]);
    assert.equal(timer.announcement(start([SPHINX])), "Sphinx. Get ready. Hold 8 to 20 seconds.");
  });

  test("each phase says what it is and what comes next", () => {
    const at = (plan, seconds) => timer.phaseText(catchUp(start(plan), seconds * S).session);
    assert.deepEqual(at([KNEE], 5), ["Hold", "Left side"]);
    assert.deepEqual(at([KNEE], 15), ["Switch sides", "Next: Right side"]);
    assert.deepEqual(at([SPHINX], 5), ["Hold", "Breathe easily"]);
    assert.deepEqual(at([CIRCLES], 5), ["Do 3 reps", "Left side"]);
    const oneRep = { ...CIRCLES, each_side: false, reps: 1 };
    assert.deepEqual(at([oneRep], 5), ["Do 1 rep", "Tap Done when finished"]);
    assert.deepEqual(at([{ ...KNEE, moving: true }], 5), ["Keep going", "Left side"]);
    assert.deepEqual(at([TILT], 5), ["Hold", "Set 1 of 2, rep 1 of 3"]);
    assert.deepEqual(at([TILT], 10), ["Release", "Next: set 1 of 2, rep 2 of 3"]);
    assert.deepEqual(at([TILT], 5 + 5 + 3 + 5 + 3 + 5), ["Rest", "Next: set 2 of 2"]);
  });

  test("the clock shows seconds left, or the reps to do, and the main button's word", () => {
    const session = start([KNEE, CIRCLES]);
    assert.deepEqual(timer.display(session, 2.5 * S), {
      kind: "ready",
      title: "Get ready",
      detail: "First: Left side",
      count: 3,
      unit: "s",
      paused: false,
      primary: "Pause",
    });
    const paused = timer.display(timer.pause(session, S), 9 * S);
    assert.deepEqual([paused.count, paused.paused, paused.primary], [4, true, "Resume"]);
    const waiting = catchUp(timer.skip(session, 0), 5 * S).session;
    const shown = timer.display(waiting, 5 * S);
    assert.deepEqual([shown.kind, shown.count, shown.unit, shown.primary], ["reps", 3, "reps", "Done"]);
  });
});
