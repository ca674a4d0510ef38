// Stretchlog as an app on the device, on every page: registers the service worker (and offers
// to reload for a new release), keeps check-ins and guided sessions made offline, sends them
// when the connection returns, and shows what waits or needs a choice.
//
// Every record gets an id here, when it is made, and stays on the device (IndexedDB) until
// the server has answered for it; the server stores each id once (journal/views/sync.py), so
// a send repeated after a lost reply does no harm. Records carry the tag of the person who
// made them (journal.views.offline.person_tag) and are only shown to and sent for them.
import { Workbox } from "../vendor/workbox/workbox-window.prod.mjs";
import { createStore, del, set, values } from "../vendor/idb-keyval/index.js";
import * as flags from "./flags.js";

const PERSON_KEY = "stretchlog-person";
const SEND_TO = { checkin: "/offline/checkins/", session: "/offline/sessions/" };
const RETRY_SECONDS = 20;

const $ = (id) => document.getElementById(id);
const records = createStore("stretchlog-waiting", "records");

// Which answer is which red flag, and their names (journal.offline.red_flag_answers).
const facts = (() => {
  const data = $("red-flag-answers");
  return data ? JSON.parse(data.textContent) : { tiers: [], flags: {}, answers: [], implies: {} };
})();
// A page kept on the device by an older release may lack them: then nothing is said of red
// flags rather than "no red flags".
const knowsFlags = facts.answers.length > 0;

// Who this page is for: the server says so on every page it makes; the offline page, made for
// nobody, goes by the last page this device had from the server.
const personMeta = document.querySelector('meta[name="stretchlog-person"]');
function person() {
  if (personMeta) return personMeta.content;
  try {
    return window.localStorage.getItem(PERSON_KEY) || "";
  } catch {
    return "";
  }
}
if (personMeta) {
  try {
    window.localStorage.setItem(PERSON_KEY, personMeta.content);
  } catch {
    // Storage can be off; the offline page then offers no check-in.
  }
}

// The service worker, and a new release waiting to take over.

function offerReload(workbox) {
  const bar = $("app-update");
  if (!bar) return;
  bar.hidden = false;
  showStatus();
  $("app-reload").addEventListener(
    "click",
    () => {
      workbox.addEventListener("controlling", () => window.location.reload());
      workbox.messageSkipWaiting();
    },
    { once: true },
  );
}

if ("serviceWorker" in navigator) {
  const workbox = new Workbox("/sw.js");
  workbox.addEventListener("waiting", () => offerReload(workbox));
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data?.type === "kept-offline" && event.data.person === person()) {
      document.documentElement.dataset.keptOffline = "yes";
    }
  });
  workbox.register().then(async () => {
    const registration = await navigator.serviceWorker.ready;
    registration.active?.postMessage({ type: "person", person: person() });
  });
}

// Records waiting to be sent

async function mine() {
  const me = person();
  return (await values(records)).filter((record) => record.person === me);
}

function formFields(form, submitter) {
  return [...new FormData(form, submitter).entries()].filter(
    ([name, value]) => name !== "csrfmiddlewaretoken" && typeof value === "string",
  );
}

async function keep(kind, fields) {
  const record = {
    id: crypto.randomUUID(),
    person: person(),
    kind,
    fields,
    made: new Date().toISOString(),
    state: "waiting",
  };
  await set(record.id, record, records);
  await showWaiting();
  sendWaiting();
  return record;
}

let sending = null;
let retry = null;

function sendWaiting() {
  if (!navigator.onLine) return Promise.resolve();
  if (!sending) {
    const run = navigator.locks ? navigator.locks.request("stretchlog-send", send) : send();
    sending = run.finally(() => {
      sending = null;
      showWaiting();
    });
  }
  return sending;
}

function retryLater() {
  window.clearTimeout(retry);
  retry = window.setTimeout(sendWaiting, RETRY_SECONDS * 1000);
}

async function send() {
  const waiting = (await mine()).filter((record) => record.state === "waiting");
  if (waiting.length === 0) return;
  let server;
  try {
    const response = await fetch("/offline/who/", { cache: "no-store" });
    server = await response.json();
  } catch {
    retryLater();
    return;
  }
  // Signed out, or someone else is signed in now: the records wait for their own person.
  if (server.person !== person()) return;
  for (const record of waiting) {
    const body = new URLSearchParams(record.fields);
    body.set("client_id", record.id);
    body.set("person", record.person);
    if (record.replace) body.set("replace", "1");
    let reply;
    try {
      const response = await fetch(SEND_TO[record.kind], {
        method: "POST",
        body,
        headers: { "X-CSRFToken": server.csrfToken },
      });
      reply = await response.json();
    } catch {
      retryLater(); // the connection dropped, maybe after the server stored it: sent again later
      return;
    }
    await settle(record, reply);
  }
}

async function settle(record, reply) {
  if (reply.result === "saved" || reply.result === "already-saved") {
    await del(record.id, records);
    announce(`${record.kind === "checkin" ? "Check-in" : "Session"} sent to your journal.`);
  } else if (reply.result === "conflict") {
    await set(record.id, { ...record, state: "conflict", saved: reply.saved }, records);
  } else if (reply.result === "refused") {
    await set(record.id, { ...record, state: "refused", errors: reply.errors }, records);
  }
  // Anything else ("signed-out", "other-person"): it stays, waiting.
}

// What waits, and what needs the person's choice

// Made on the first news only, so that a page has no empty live region of its own.
function announce(text) {
  let status = $("app-said");
  if (!status) {
    status = element("p", "visually-hidden");
    status.id = "app-said";
    status.setAttribute("role", "status");
    document.body.append(status);
  }
  status.textContent = text;
}

function showStatus() {
  const status = $("app-status");
  if (!status) return;
  const parts = [$("app-update"), $("app-waiting"), $("app-problems")];
  status.hidden = parts.every((part) => part.hidden || part.childElementCount === 0);
}

function count(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

const field = (record, name) => record.fields.find(([key]) => key === name)?.[1];

function dayName(iso) {
  const [year, month, day] = iso.split("-").map(Number);
  return new Date(year, month - 1, day).toLocaleDateString("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
  });
}

function element(tag, className, text) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
}

function symptomList(said) {
  const list = element("ul", "flag-list");
  list.append(...said.map((symptom) => element("li", "", symptom)));
  return list;
}

// A check-in in words, with the symptoms it reports as a list.
function described(checkin) {
  if (!knowsFlags) return [element("p", "", flags.ratings(checkin))];
  const { text, symptoms } = flags.describeCheckin(facts, checkin);
  const words = [element("p", "", text)];
  if (symptoms.length) words.push(symptomList(symptoms));
  return words;
}

function choice(label, detail, className) {
  const button = element("button", className, label);
  button.type = "button";
  button.append(" ", element("span", "button-detail", detail));
  return button;
}

function problemCard(record) {
  const card = element("section", "card app-problem");
  card.dataset.record = record.id;
  const day = dayName(field(record, "date") || record.made.slice(0, 10));
  const actions = element("p", "actions");
  if (record.state === "conflict") {
    card.append(element("h2", "", `Two check-ins for ${day}`));
    card.append(
      element("p", "", "Your journal already has one for that day, from another device or tab. Which one should it keep?"),
    );
    // The saved one comes in its shape, the one made here as the form's fields.
    const saved = flags.savedCheckin(facts, record.saved);
    const here = flags.deviceCheckin(facts, record.fields);
    const list = element("dl", "app-choice");
    for (const [label, checkin] of [
      ["Already in your journal", saved],
      ["Made on this device", here],
    ]) {
      const answers = element("dd");
      answers.append(...described(checkin));
      list.append(element("dt", "", label), answers);
    }
    card.append(list);
    // The server kept the symptoms of the one made here as red flags when it met the saved
    // one (journal/views/sync.py): neither choice drops a symptom, so say so.
    const anySymptoms = saved.flags.length + here.flags.length > 0 || !knowsFlags;
    if (anySymptoms) {
      const bothKept =
        "Whichever you keep, the symptoms of both stay in your journal as red flags, open " +
        "until you say what happened.";
      card.append(element("p", "flag-text", bothKept));
    }
    const kept = (checkin) =>
      `Soreness ${checkin.soreness}/10${anySymptoms ? ", with the symptoms of both" : ""}`;
    const keepSaved = choice("Keep the one in my journal", kept(saved), "button button-secondary");
    keepSaved.addEventListener("click", () => forget(record));
    const useHere = choice("Use the one from this device", kept(here), "button");
    useHere.addEventListener("click", () => replaceWith(record));
    actions.append(keepSaved, useHere);
  } else {
    const what = record.kind === "checkin" ? "check-in" : "guided session";
    card.append(element("h2", "", `A ${what} for ${day} was not saved`));
    const reasons = element("ul");
    for (const errors of Object.values(record.errors || {})) {
      for (const error of errors) reasons.append(element("li", "", error.message));
    }
    card.append(reasons);
    // Its red flags were kept as reports when it was refused (journal/views/sync.py).
    const said =
      record.kind === "checkin" ? flags.symptoms(facts, flags.answeredFlags(facts, record.fields)) : [];
    if (said.length) {
      const stay =
        "The symptoms it reported stay in your journal as red flags, even if you discard the rest:";
      card.append(element("p", "flag-text", stay), symptomList(said));
    }
    const drop = element(
      "button",
      "button button-secondary",
      said.length ? `Discard the rest of this ${what}` : `Discard this ${what}`,
    );
    drop.type = "button";
    drop.addEventListener("click", () => forget(record));
    actions.append(drop);
  }
  card.append(actions);
  return card;
}

async function forget(record) {
  await del(record.id, records);
  await showWaiting();
}

async function replaceWith(record) {
  await set(record.id, { ...record, state: "waiting", replace: true }, records);
  await showWaiting();
  await sendWaiting();
}

async function showWaiting() {
  const bar = $("app-waiting");
  if (!bar) return;
  const all = await mine();
  const waiting = all.filter((record) => record.state === "waiting");
  const checkins = waiting.filter((record) => record.kind === "checkin").length;
  const sessions = waiting.length - checkins;
  const what = [];
  if (checkins) what.push(count(checkins, "check-in", "check-ins"));
  if (sessions) what.push(count(sessions, "guided session", "guided sessions"));
  $("app-waiting-count").textContent = String(waiting.length);
  $("app-waiting-count").setAttribute("aria-hidden", "true");
  $("app-waiting-text").textContent = navigator.onLine
    ? `${what.join(" and ")} waiting to be sent.`
    : `${what.join(" and ")} kept on this device, to be sent when you are back online.`;
  $("app-send").hidden = !navigator.onLine;
  bar.hidden = waiting.length === 0;
  $("app-problems").replaceChildren(
    ...all.filter((record) => record.state !== "waiting").map(problemCard),
  );
  document.documentElement.dataset.waiting = String(waiting.length);
  showStatus();
}

// Making records offline

// The notice for the gravest answer ticked shows at once, with no server to ask; it lists what
// was ticked, as the advice's notice lists the open flags. "" when none is ticked.
function showNotices(form) {
  const notices = $("offline-notices");
  if (!notices) return "";
  const ticked = flags.answeredFlags(facts, formFields(form));
  const tier = flags.gravestTier(facts, ticked);
  for (const notice of notices.querySelectorAll(".offline-notice")) {
    notice.hidden = notice.dataset.tier !== tier;
    notice.querySelector(".flag-list")?.remove();
    if (!notice.hidden) notice.firstElementChild.append(symptomList(flags.symptoms(facts, ticked)));
  }
  return tier;
}

function keptMessage(form, text, tier) {
  const message = element("p", "kept", text);
  message.setAttribute("role", "status");
  message.tabIndex = -1;
  form.hidden = true;
  form.after(message);
  if (tier) $(`offline-notice-${tier}`).focus();
  else message.focus();
}

function localToday() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

async function keepCheckin(form, submitter) {
  const fields = formFields(form, submitter);
  if (!fields.some(([name]) => name === "date")) fields.push(["date", localToday()]);
  const tier = showNotices(form);
  // The notices live in the form's panel; keep them in view when the form goes.
  const notices = $("offline-notices");
  if (notices && form.contains(notices)) form.before(notices);
  await keep("checkin", fields);
  keptMessage(
    form,
    `Soreness ${field({ fields }, "soreness")}/10 is kept on this device. It goes to your journal when you are back online.`,
    tier,
  );
}

async function keepSession(form) {
  const record = await keep("session", formFields(form));
  const save = $("guided-save");
  if (save) save.hidden = true;
  const carryOn = $("guided-carry-on");
  if (carryOn) carryOn.hidden = true;
  const message = element(
    "p",
    "kept",
    "Your session is kept on this device. It goes to your journal when you are back online.",
  );
  message.setAttribute("role", "status");
  message.dataset.record = record.id;
  form.querySelector(".actions").before(message);
}

document.addEventListener(
  "submit",
  (event) => {
    const form = event.target;
    const offlineForm = form.id === "offline-checkin";
    const todayOffline = form.id === "checkin-form" && !navigator.onLine && !form.action.includes("/edit/");
    if (!offlineForm && !todayOffline) return;
    // Before htmx sees it: there is nobody to send it to now.
    event.preventDefault();
    event.stopPropagation();
    keepCheckin(form, event.submitter);
  },
  true,
);

document.addEventListener("submit", (event) => {
  // After guided.js has written the session's entries into the form.
  const form = event.target;
  if (form.id !== "guided-form" || event.defaultPrevented || navigator.onLine) return;
  event.preventDefault();
  keepSession(form);
});

document.addEventListener("change", (event) => {
  const form = event.target.closest("#offline-checkin, #checkin-form");
  if (form && (form.id === "offline-checkin" || !navigator.onLine)) showNotices(form);
});

// The offline page offers a check-in to whoever last used Stretchlog signed in here.
const offlinePanel = $("offline-checkin-panel");
if (offlinePanel) {
  offlinePanel.hidden = person() === "";
  $("offline-signed-out").hidden = person() !== "";
}

$("app-send")?.addEventListener("click", () => sendWaiting());
window.addEventListener("online", () => sendWaiting());
window.addEventListener("offline", () => showWaiting());
showWaiting().then(() => sendWaiting());
