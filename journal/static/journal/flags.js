// Red flags on the device, with no server to ask: which answers of a check-in report which red
// flag, the gravest tier among them, and a check-in in words. What each answer means, each
// flag's symptom and tier come from the page (journal.offline.red_flag_answers, made from
// journal/rules.py), passed in as `facts`; nothing here touches the page.
//
// `facts` = {
//   tiers: ["soon", "urgent", "emergency"],        // the least urgent first
//   flags: { fever: { symptom, tier }, ... },       // in the rule's order
//   answers: [["numbness_legs", "both", "numbness_both_legs"], ...],  // field, value, flag
//   implies: { numbness_both_legs: "numbness", ... },  // a flag that says another too
// }

function inOrder(facts, names) {
  const wanted = new Set(names);
  return Object.keys(facts.flags).filter((name) => wanted.has(name));
}

/** The red flags that a check-in's answers report: `fields` are [name, value] pairs, as a
 * form sends them (a chosen radio's value, "on" for a ticked box, a ticked "anything new?"). */
export function answeredFlags(facts, fields) {
  const found = [];
  for (const [name, value] of fields) {
    for (const [field, means, flag] of facts.answers) {
      if (field === name && means === value) found.push(flag);
    }
  }
  return inOrder(facts, found);
}

/** The red flags a saved check-in says yes to, from its shape (one true or false a flag). */
export function savedFlags(facts, shape) {
  return inOrder(
    facts,
    Object.keys(facts.flags).filter((name) => shape?.[name] === true),
  );
}

/** The flags as the person would name them: one that a graver one says too is left out (a
 * saved "both legs" is also "one leg"; weakness getting worse is also weakness). */
export function namedFlags(facts, flags) {
  const implied = new Set(flags.map((name) => facts.implies[name]).filter(Boolean));
  return flags.filter((name) => !implied.has(name));
}

/** The gravest tier among `flags`: "" when there is none. */
export function gravestTier(facts, flags) {
  let gravest = -1;
  for (const name of flags) {
    gravest = Math.max(gravest, facts.tiers.indexOf(facts.flags[name]?.tier));
  }
  return gravest < 0 ? "" : facts.tiers[gravest];
}

/** The symptoms `flags` report, in the notices' words, the gravest first. */
export function symptoms(facts, flags) {
  const named = namedFlags(facts, flags);
  const rank = (name) => facts.tiers.indexOf(facts.flags[name].tier);
  // A stable sort: within a tier, the rule's order.
  return [...named].sort((a, b) => rank(b) - rank(a)).map((name) => facts.flags[name].symptom);
}

/** A check-in's ratings in words: "Soreness 5/10, stiffness 3/10". */
export function ratings({ soreness, stiffness }) {
  let text = `Soreness ${soreness}/10`;
  if (stiffness !== null && stiffness !== undefined && stiffness !== "") {
    text += `, stiffness ${stiffness}/10`;
  }
  return text;
}

/** A check-in in words: its ratings, and the symptoms it reports as a list (none: said so). */
export function describeCheckin(facts, { soreness, stiffness, flags }) {
  const said = symptoms(facts, flags);
  const text = ratings({ soreness, stiffness });
  return said.length
    ? { text: `${text}, and:`, symptoms: said }
    : { text: `${text}, no red flags`, symptoms: [] };
}

/** A check-in kept on the device: its ratings and flags, from the fields it will send. */
export function deviceCheckin(facts, fields) {
  const field = (name) => fields.find(([key]) => key === name)?.[1];
  return {
    soreness: field("soreness"),
    stiffness: field("stiffness"),
    flags: answeredFlags(facts, fields),
  };
}

/** A check-in saved in the journal: its ratings and flags, from its shape. */
export function savedCheckin(facts, shape) {
  return { soreness: shape.soreness, stiffness: shape.stiffness, flags: savedFlags(facts, shape) };
}
