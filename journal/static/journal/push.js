// Notifications on this device, on every signed-in page: the reminders page's button turns them
// on or off here (journal/views/push.py keeps the subscription for the person), and logging out
// turns them off first, so a shared device stops showing the previous person's reminders.
//
// Permission is asked on the button's tap only, never on a page load. The service worker
// (journal/static/journal/service-worker.js) shows what arrives.

const $ = (id) => document.getElementById(id);
// How long logging out waits for the device and the server before it goes ahead anyway.
const LOGOUT_WAIT_MS = 3000;

const supported =
  "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;

// Who turned notifications on here: the tag the server gives each signed-in page (the same one
// app.js files offline records under). Another person signed in on this device, without the
// first logging out, turns the first person's notifications off here.
const PUSH_PERSON_KEY = "stretchlog-push-person";
const personTag = document.querySelector('meta[name="stretchlog-person"]')?.content || "";

function remember(key, value) {
  try {
    if (value) window.localStorage.setItem(key, value);
    else window.localStorage.removeItem(key);
  } catch {
    // Storage can be off; the server still moves an endpoint to whoever subscribes last.
  }
}

function recalled(key) {
  try {
    return window.localStorage.getItem(key) || "";
  } catch {
    return "";
  }
}

// The CSRF header every page sets for htmx on <body>; the log-out form's token otherwise.
function csrfToken(form) {
  try {
    const token = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"];
    if (token) return token;
  } catch {
    // Fall through to the form's own token.
  }
  return form?.elements.csrfmiddlewaretoken?.value || "";
}

async function post(url, data, form) {
  return fetch(url, {
    method: "POST",
    body: JSON.stringify(data),
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(form) },
    credentials: "same-origin",
    keepalive: true,
  });
}

// The key the server signs with, as the bytes `subscribe` wants (base64url in the page).
function keyBytes(base64url) {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

function sameKey(subscription, key) {
  const theirs = subscription.options?.applicationServerKey;
  if (!theirs) return true; // not said: nothing to compare
  const bytes = new Uint8Array(theirs);
  return bytes.length === key.length && bytes.every((byte, i) => byte === key[i]);
}

// This device's subscription, without waiting for a service worker that may never come.
async function currentSubscription() {
  const registration = await navigator.serviceWorker.getRegistration("/");
  return registration ? registration.pushManager.getSubscription() : null;
}

// The reminders page's section

const section = $("push-device");
const button = $("push-toggle");

function say(text) {
  $("push-state").textContent = text;
}

function showState(on) {
  button.textContent = on ? "Turn off on this device" : "Turn on notifications on this device";
  button.dataset.on = on ? "yes" : "no";
}

async function turnOn() {
  const permission = await Notification.requestPermission();
  if (permission !== "granted") {
    say(
      permission === "denied"
        ? "Notifications are blocked for Stretchlog in this browser’s settings. Allow them there, then try again."
        : "Notifications were not allowed, so none will come to this device.",
    );
    return;
  }
  const key = keyBytes(section.dataset.publicKey);
  const registration = await navigator.serviceWorker.ready;
  let subscription = await registration.pushManager.getSubscription();
  if (subscription && !sameKey(subscription, key)) {
    await subscription.unsubscribe(); // made for an older key of the server's
    subscription = null;
  }
  subscription ||= await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: key,
  });
  const response = await post(section.dataset.subscribe, subscription.toJSON());
  if (!response.ok || response.redirected) {
    await subscription.unsubscribe();
    say("Stretchlog could not keep this device’s subscription. Please try again.");
    return;
  }
  remember(PUSH_PERSON_KEY, personTag);
  showState(true);
  say("Notifications are on for this device.");
}

async function turnOff() {
  const subscription = await currentSubscription();
  if (subscription) {
    await post(section.dataset.unsubscribe, { endpoint: subscription.endpoint });
    await subscription.unsubscribe();
  }
  remember(PUSH_PERSON_KEY, "");
  showState(false);
  say("Notifications are off for this device.");
}

async function setUpSection() {
  if (Notification.permission === "denied") {
    say("Notifications are blocked for Stretchlog in this browser’s settings.");
  }
  const subscription = await currentSubscription();
  showState(Boolean(subscription) && Notification.permission === "granted");
  $("push-unsupported").hidden = true;
  $("push-controls").hidden = false;
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      await (button.dataset.on === "yes" ? turnOff() : turnOn());
    } catch {
      say("This device could not change its notifications. Please try again.");
    } finally {
      button.disabled = false;
    }
  });
}

async function forgetSomeoneElses() {
  const owner = recalled(PUSH_PERSON_KEY);
  if (!owner || owner === personTag) return;
  const subscription = await currentSubscription();
  // Unsubscribed, its push service answers "gone" to the next reminder, and the server deletes
  // the first person's subscription then.
  if (subscription) await subscription.unsubscribe();
  remember(PUSH_PERSON_KEY, "");
}

const ready = supported && personTag ? forgetSomeoneElses().catch(() => {}) : Promise.resolve();
if (supported && section?.dataset.publicKey && button) ready.then(setUpSection);

// Logging out: this device stops showing the person's reminders, then the form goes ahead.

async function unsubscribeDevice(form) {
  const subscription = await currentSubscription();
  if (!subscription) return;
  try {
    await post(form.dataset.pushUnsubscribe, { endpoint: subscription.endpoint }, form);
  } finally {
    await subscription.unsubscribe();
    remember(PUSH_PERSON_KEY, "");
  }
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!supported || !form.dataset.pushUnsubscribe || form.dataset.pushDone) return;
  event.preventDefault();
  form.dataset.pushDone = "yes";
  const wait = new Promise((resolve) => window.setTimeout(resolve, LOGOUT_WAIT_MS));
  Promise.race([unsubscribeDevice(form).catch(() => {}), wait]).then(() => form.submit());
});
