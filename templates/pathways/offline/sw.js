{% autoescape off %}// Rehabkartan's service worker: keeps the maps a person opened (pathways/views/offline.py).
// Nothing personal: it only ever stores the public map page, the offline page and static files,
// never a response marked no-store (a signed-in staff member's map is one), and its scope is the
// maps' (/karta/), so a patient-link page never passes through it.
const MAP_PATH = {{ map_path }};
const OFFLINE_URL = {{ offline_url }};
const STATIC_PREFIX = {{ static_prefix }};
const FILES = {{ files }};
const MAPS = "rehabkartan-maps";
const FILES_CACHE = "rehabkartan-files";
const KEEP_MAPS = 20;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(FILES_CACHE).then((cache) => cache.addAll([OFFLINE_URL, ...FILES])).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

function storable(response) {
  const cacheControl = response.headers.get("Cache-Control") || "";
  return response.status === 200 && response.type === "basic" && !cacheControl.includes("no-store");
}

async function keepMap(url, response) {
  if (new URL(url).pathname !== MAP_PATH || !storable(response)) return;
  const cache = await caches.open(MAPS);
  await cache.delete(url, { ignoreVary: true });
  await cache.put(url, response);
  const keys = await cache.keys();
  await Promise.all(keys.slice(0, Math.max(0, keys.length - KEEP_MAPS)).map((key) => cache.delete(key)));
}

// The saved copy, with its "Sparad 2 december – kan ha ändrats" line shown.
async function savedCopy(saved) {
  const html = (await saved.text()).replace(" data-saved-line hidden>", " data-saved-line>");
  const headers = new Headers(saved.headers);
  headers.delete("Content-Length");
  headers.delete("Content-Encoding");
  return new Response(html, { status: 200, headers });
}

async function offlinePage() {
  return (await caches.match(OFFLINE_URL)) || new Response("", { status: 503 });
}

async function mapPage(event) {
  try {
    const response = await fetch(event.request);
    event.waitUntil(keepMap(event.request.url, response.clone()));
    return response;
  } catch (error) {
    const saved = await caches.match(event.request.url, { cacheName: MAPS, ignoreVary: true });
    return saved ? savedCopy(saved) : offlinePage();
  }
}

async function staticFile(request) {
  const cached = await caches.match(request, { cacheName: FILES_CACHE, ignoreVary: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (storable(response)) {
    const cache = await caches.open(FILES_CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    if (url.pathname === MAP_PATH) event.respondWith(mapPage(event));
    // Another page in the scope (the PDF): the network's answer, or offline the offline page.
    else event.respondWith(fetch(request).catch(offlinePage));
  } else if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(staticFile(request));
  }
});

// The first map a person opens arrives before the worker runs: the page asks for it to be kept.
self.addEventListener("message", (event) => {
  const url = event.data && event.data.keep;
  if (typeof url === "string" && new URL(url).origin === self.location.origin) {
    event.waitUntil(fetch(url).then((response) => keepMap(url, response)));
  }
});
{% endautoescape %}
