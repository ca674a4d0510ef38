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

const PERSON_KEY = "stretchlog-person";
const SEND_TO = { checkin: "/offline/checkins/", session: "/offline/sessions/" };
const RETRY_SECONDS = 20;

const $ = (id) => document.getElementById(id);
const records = createStore("stretchlog-waiting", "records");

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

function describeCheckin({ soreness, stiffness, flags }) {
  let text = `Soreness ${soreness}/10`;
  if (stiffness !== null && stiffness !== undefined && stiffness !== "") {
    text += `, stiffness ${stiffness}/10`;
  }
  text += flags ? `, ${count(flags, "red flag", "red flags")}` : ", no red flags";
  return text;
}

function element(tag, className, text) {
  const made = document.createElement(tag);
  if (className) made.className = className;
  if (text !== undefined) made.textContent = text;
  return made;
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
    const flags = record.fields.filter(([, value]) => value === "on").length;
    const here = { soreness: field(record, "soreness"), stiffness: field(record, "stiffness"), flags };
    // The saved one comes in its shape: a symptom in both legs is also its one-leg answer.
    const symptoms = ["numbness", "leg_weakness", "pain_down_legs", "bladder_bowel", "fever", "weakness_worsening"];
    const saved = { ...record.saved, flags: symptoms.filter((name) => record.saved[name]).length };
    const list = element("dl", "app-choice");
    for (const [label, values] of [
      ["Already in your journal", saved],
      ["Made on this device", here],
    ]) {
      list.append(element("dt", "", label), element("dd", "", describeCheckin(values)));
    }
    card.append(list);
    const keepSaved = element("button", "button button-secondary", "Keep the one in my journal");
    keepSaved.type = "button";
    keepSaved.addEventListener("click", () => forget(record));
    const useHere = element("button", "button", "Use the one from this device");
    useHere.type = "button";
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
    const drop = element("button", "button button-secondary", `Discard this ${what}`);
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

function emergencyAnswers() {
  const data = $("emergency-answers");
  return data ? JSON.parse(data.textContent) : [];
}

// An answer that is an emergency shows the notice at once, with no server to ask.
function showEmergency(form) {
  const notice = $("emergency-offline");
  if (!notice) return false;
  // Each answer is [field, value]: a ticked box ("on") or a chosen radio ("both").
  const urgent = emergencyAnswers().some(([name, value]) => {
    const input = form.elements[name];
    if (!input) return false;
    return input instanceof RadioNodeList ? input.value === value : input.checked;
  });
  notice.hidden = !urgent;
  return urgent;
}

function keptMessage(form, text, urgent) {
  const message = element("p", "kept", text);
  message.setAttribute("role", "status");
  message.tabIndex = -1;
  form.hidden = true;
  form.after(message);
  if (urgent) $("emergency-offline").focus();
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
  const urgent = showEmergency(form);
  // The notice lives in the form's panel; keep it in view when the form goes.
  const notice = $("emergency-offline");
  if (notice && form.contains(notice)) form.before(notice);
  await keep("checkin", fields);
  keptMessage(
    form,
    `Soreness ${field({ fields }, "soreness")}/10 is kept on this device. It goes to your journal when you are back online.`,
    urgent,
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
  if (form && (form.id === "offline-checkin" || !navigator.onLine)) showEmergency(form);
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
