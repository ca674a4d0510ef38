// Red flags on the device (journal/static/journal/flags.js), with facts shaped as the page
// gives them (journal.offline.red_flag_answers; tests/test_offline.py checks the real ones).
// Run with `node --test tests/js/` (part of `make test`).
import assert from "node:assert/strict";
import { describe as group, test } from "node:test";

import * as flags from "../../journal/static/journal/flags.js";

const FACTS = {
  tiers: ["soon", "urgent", "emergency"],
  flags: {
    bladder_bowel: { symptom: "Bladder or bowel trouble", tier: "emergency" },
    numbness_both_legs: { symptom: "Numbness or tingling in both legs", tier: "emergency" },
    weakness_both_legs: { symptom: "Weakness in both legs", tier: "emergency" },
    weakness_worsening: { symptom: "Leg weakness that is getting worse", tier: "emergency" },
    leg_weakness: { symptom: "Weakness in one leg", tier: "urgent" },
    fever: { symptom: "A fever", tier: "urgent" },
    numbness: { symptom: "Numbness or tingling in one leg", tier: "soon" },
    trauma: { symptom: "After a fall", tier: "urgent" },
    age_new_pain: { symptom: "New pain under 20 or over 50", tier: "soon" },
  },
  answers: [
    ["bladder_bowel", "on", "bladder_bowel"],
    ["numbness_legs", "both", "numbness_both_legs"],
    ["weakness_legs", "both", "weakness_both_legs"],
    ["weakness_worsening", "on", "weakness_worsening"],
    ["weakness_legs", "one", "leg_weakness"],
    ["fever", "on", "fever"],
    ["numbness_legs", "one", "numbness"],
    ["new_flags", "trauma", "trauma"],
    ["new_flags", "age_new_pain", "age_new_pain"],
  ],
  implies: {
    numbness_both_legs: "numbness",
    weakness_both_legs: "leg_weakness",
    weakness_worsening: "leg_weakness",
  },
};

// What a check-in form sends: soreness, the leg radios chosen, "on" for each ticked box.
const sent = (...pairs) => [["soreness", "5"], ["date", "2025-03-04"], ...pairs];

group("answeredFlags", () => {
  test("reads each kind of answer: a leg radio, a box, a box of anything new", () => {
    const fields = sent(["numbness_legs", "one"], ["fever", "on"], ["new_flags", "trauma"]);
    assert.deepEqual(flags.answeredFlags(FACTS, fields), ["fever", "numbness", "trauma"]);
  });

  test("both legs is the both-legs flag, not the one-leg one", () => {
    assert.deepEqual(flags.answeredFlags(FACTS, sent(["numbness_legs", "both"])), [
      "numbness_both_legs",
    ]);
  });

  test("a leg question answered no, or other fields, report nothing", () => {
    const fields = sent(["numbness_legs", ""], ["note", "on"], ["stiffness", "3"]);
    assert.deepEqual(flags.answeredFlags(FACTS, fields), []);
  });

  test("a value that means no flag is not guessed at", () => {
    assert.deepEqual(flags.answeredFlags(FACTS, sent(["new_flags", "made_up"])), []);
  });
});

group("gravestTier", () => {
  const tierOf = (...pairs) => flags.gravestTier(FACTS, flags.answeredFlags(FACTS, sent(...pairs)));

  test("each tier from its answers", () => {
    assert.equal(tierOf(), "");
    assert.equal(tierOf(["numbness_legs", "one"]), "soon");
    assert.equal(tierOf(["fever", "on"]), "urgent");
    assert.equal(tierOf(["numbness_legs", "both"]), "emergency");
    assert.equal(tierOf(["new_flags", "age_new_pain"]), "soon");
    assert.equal(tierOf(["new_flags", "trauma"]), "urgent");
  });

  test("weakness getting worse is an emergency without a leg answer", () => {
    assert.equal(tierOf(["weakness_worsening", "on"]), "emergency");
  });

  test("the gravest wins whatever the order", () => {
    assert.equal(tierOf(["numbness_legs", "one"], ["fever", "on"]), "urgent");
    assert.equal(tierOf(["fever", "on"], ["numbness_legs", "one"]), "urgent");
    assert.equal(tierOf(["new_flags", "age_new_pain"], ["bladder_bowel", "on"]), "emergency");
  });
});

group("savedFlags", () => {
  test("reads the shape's true fields only, in the rule's order", () => {
    const shape = { soreness: 7, fever: true, numbness: false, bladder_bowel: true, note: "x" };
    assert.deepEqual(flags.savedFlags(FACTS, shape), ["bladder_bowel", "fever"]);
  });

  test("an older shape without some fields reads them as no", () => {
    assert.deepEqual(flags.savedFlags(FACTS, { soreness: 2 }), []);
  });
});

group("symptoms", () => {
  test("a saved both-legs answer is named once, not also as one leg", () => {
    const shape = { numbness: true, numbness_both_legs: true };
    const named = flags.symptoms(FACTS, flags.savedFlags(FACTS, shape));
    assert.deepEqual(named, ["Numbness or tingling in both legs"]);
  });

  test("weakness getting worse is named once, saved or sent", () => {
    const saved = flags.savedFlags(FACTS, { leg_weakness: true, weakness_worsening: true });
    const here = flags.answeredFlags(FACTS, sent(["weakness_worsening", "on"]));
    const expected = ["Leg weakness that is getting worse"];
    assert.deepEqual(flags.symptoms(FACTS, saved), expected);
    assert.deepEqual(flags.symptoms(FACTS, here), expected);
  });

  test("the gravest first, then the rule's order", () => {
    const here = flags.answeredFlags(
      FACTS,
      sent(["new_flags", "age_new_pain"], ["fever", "on"], ["new_flags", "trauma"]),
    );
    assert.deepEqual(flags.symptoms(FACTS, here), [
      "A fever",
      "After a fall",
      "New pain under 20 or over 50",
    ]);
  });
});

group("describeCheckin", () => {
  test("ratings and each symptom, legs included, for either copy", () => {
    const saved = flags.savedCheckin(FACTS, {
      soreness: 5,
      stiffness: 3,
      numbness: true,
      numbness_both_legs: true,
      fever: true,
    });
    const here = flags.deviceCheckin(
      FACTS,
      sent(["stiffness", "3"], ["numbness_legs", "both"], ["fever", "on"]),
    );
    for (const checkin of [saved, here]) {
      assert.deepEqual(flags.describeCheckin(FACTS, checkin), {
        text: "Soreness 5/10, stiffness 3/10, and:",
        symptoms: ["Numbness or tingling in both legs", "A fever"],
      });
    }
  });

  test("no stiffness, no red flags: said so", () => {
    const saved = flags.savedCheckin(FACTS, { soreness: 7, stiffness: null, fever: false });
    assert.deepEqual(flags.describeCheckin(FACTS, saved), {
      text: "Soreness 7/10, no red flags",
      symptoms: [],
    });
    const here = flags.deviceCheckin(FACTS, [["soreness", "0"], ["stiffness", ""]]);
    assert.equal(flags.describeCheckin(FACTS, here).text, "Soreness 0/10, no red flags");
  });
});
