// Stretchlog's service worker, loaded by /sw.js (journal/views/offline.py) after Workbox and
// the settings in `self.STRETCHLOG`: which files to keep, which pages, the offline page.
//
// - Static files are precached under the names the pages use (hashed in production) and
//   replaced together when a new release is installed; the page offers to reload for it.
// - Pages are always fetched from the network first. The library's pages and the guided
//   sessions are also kept, for the person they were made for only (named by the page's
//   person header), and shown from the device when there is no connection. Any other page
//   falls back to the offline page. A different person forgets the previous person's pages.
// - Pictures uploaded for the library are kept for anyone, with the library's pages, and served
//   from the device first: their names change with their content, so a kept one is never stale.
/* global workbox */

const settings = self.STRETCHLOG;
const { core, precaching, routing } = workbox;

const PAGES = "stretchlog-pages-";
const PICTURES = "stretchlog-pictures";
const DEVICE = "stretchlog-device";
const VISITOR = "visitor";

core.setCacheNameDetails({ prefix: "stretchlog" });
precaching.precacheAndRoute(settings.precache);
precaching.cleanupOutdatedCaches();
// The first release takes charge of the open page at once, so it works offline after one visit.
core.clientsClaim();

const keptPaths = new Set([...settings.pages, ...settings.personal]);
const keptPictures = new Set(settings.pictures || []);

// What the device remembers between runs of this worker: who it last served, and whether
// their pages have been fetched for this release.
async function remembered(name) {
  const response = await (await caches.open(DEVICE)).match(`/device/${name}`);
  return response ? response.text() : null;
}

async function remember(name, value) {
  await (await caches.open(DEVICE)).put(`/device/${name}`, new Response(value));
}

const pagesOf = (person) => PAGES + (person || VISITOR);

// Every page kept for anyone else goes when another person (or a visitor) uses the device.
async function meet(person) {
  if ((await remembered("person")) === person) return false;
  for (const name of await caches.keys()) {
    if (name.startsWith(PAGES) && name !== pagesOf(person)) await caches.delete(name);
  }
  await remember("person", person);
  return true;
}

async function keepPage(person, url, response) {
  if ((await remembered("person")) !== person) return;
  await (await caches.open(pagesOf(person))).put(url, response);
}

// The library's pictures: the ones its pages show now are fetched once; any others are dropped.
async function keepPictures() {
  const cache = await caches.open(PICTURES);
  for (const request of await cache.keys()) {
    if (!keptPictures.has(new URL(request.url).pathname)) await cache.delete(request);
  }
  for (const url of keptPictures) {
    if (await cache.match(url)) continue;
    const response = await fetch(url, { credentials: "same-origin" });
    if (response.ok) await cache.put(url, response);
  }
}

// After the first visit, and once a release, fetch every page the person may want offline.
async function fetchKeptPages(person) {
  await meet(person);
  const release = `${person}:${settings.version}`;
  if ((await remembered("fetched")) === release) return;
  const urls = person ? [...settings.pages, ...settings.personal] : settings.pages;
  try {
    for (const url of urls) {
      const response = await fetch(url, { credentials: "same-origin" });
      const madeFor = response.headers.get(settings.personHeader) || "";
      if (response.ok && madeFor === person) await keepPage(person, url, response);
    }
    await keepPictures();
  } catch {
    return; // offline again: try at the next visit
  }
  await remember("fetched", release);
}

async function tellPages(message) {
  const pages = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  for (const client of pages) {
    client.postMessage(message);
  }
}

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "SKIP_WAITING") {
    self.skipWaiting();
  } else if (message.type === "person" && typeof message.person === "string") {
    event.waitUntil(
      fetchKeptPages(message.person).then(() =>
        tellPages({ type: "kept-offline", person: message.person }),
      ),
    );
  }
});

async function fromDevice(request) {
  const url = new URL(request.url);
  if (url.search === "" && keptPaths.has(url.pathname)) {
    const person = await remembered("person");
    if (person !== null) {
      const cache = await caches.open(pagesOf(person));
      const kept = await cache.match(url.pathname, { ignoreVary: true });
      if (kept) return kept;
    }
  }
  return (await precaching.matchPrecache(settings.offline)) || Response.error();
}

routing.registerRoute(
  ({ request }) => request.mode === "navigate",
  async ({ request, event }) => {
    let response;
    try {
      response = await fetch(request);
    } catch {
      return fromDevice(request);
    }
    const url = new URL(request.url);
    if (response.ok && url.search === "" && keptPaths.has(url.pathname)) {
      const person = response.headers.get(settings.personHeader) || "";
      const copy = response.clone();
      event.waitUntil(meet(person).then(() => keepPage(person, url.pathname, copy)));
    }
    return response;
  },
);

routing.registerRoute(
  ({ url }) => url.origin === self.location.origin && keptPictures.has(url.pathname),
  new workbox.strategies.CacheFirst({ cacheName: PICTURES }),
);

// Reminders (journal/reminders/push.py): each push is shown as a notification, as promised
// when the page subscribed with `userVisibleOnly`. Tapping it opens the page it names;
// "Stop reminders" turns them all off through the stop link every reminder carries.

self.addEventListener("push", (event) => {
  let reminder = {};
  try {
    reminder = event.data ? event.data.json() : {};
  } catch {
    // Not ours, or damaged on the way: still a notification, as the browser requires.
  }
  event.waitUntil(
    self.registration.showNotification(reminder.title || "Stretchlog", {
      body: reminder.body || "",
      tag: reminder.tag || "stretchlog-reminder",
      renotify: true,
      icon: settings.icon,
      data: { url: reminder.url || "/", stop: reminder.stop || null },
      actions: reminder.stop ? [{ action: "stop", title: "Stop reminders" }] : [],
    }),
  );
});

// Another of the app's windows is brought forward and sent to the page; else a new one opens.
async function openApp(url) {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const ours = windows.find((client) => new URL(client.url).origin === self.location.origin);
  if (ours) {
    const focused = await ours.focus();
    try {
      return await focused.navigate(url);
    } catch {
      return focused; // not under this worker yet: it stays on its page
    }
  }
  return self.clients.openWindow(url);
}

// The stop link answers a POST without a sign-in (journal/views/reminders.py). When it cannot
// be reached, its page opens so the person can stop them there.
async function stopReminders(stop) {
  try {
    const response = await fetch(stop, { method: "POST", credentials: "omit" });
    if (response.ok) {
      await self.registration.showNotification("Reminders stopped", {
        body: "Stretchlog will not remind you again. Turn reminders on again in its settings.",
        tag: "stretchlog-reminder",
        icon: settings.icon,
        data: { url: settings.reminders },
      });
      return;
    }
  } catch {
    // Offline: the page below says what to do.
  }
  await self.clients.openWindow(stop);
}

self.addEventListener("notificationclick", (event) => {
  const { url, stop } = event.notification.data || {};
  event.notification.close();
  if (event.action === "stop" && stop) {
    event.waitUntil(stopReminders(stop));
  } else {
    event.waitUntil(openApp(url || "/"));
  }
});
