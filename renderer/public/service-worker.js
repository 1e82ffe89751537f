/**
 * Browser host only: keeps the app shell (index.html, built assets, config.json) available
 * when the network or the host is down, so a reload during an outage still opens the
 * workstation and its encrypted cache. Same-origin GETs only: FHIR servers are other origins
 * and are never cached here (records live in the encrypted IndexedDB cache, not in this one).
 * Network first, cache as fallback, so an update is picked up whenever the host is reachable.
 */
const CACHE = 'cw-shell-v1';

async function precacheShell() {
  const cache = await caches.open(CACHE);
  const index = await fetch('./index.html', { cache: 'no-store' });
  if (!index.ok) return;
  const html = await index.clone().text();
  await cache.put('./index.html', index);
  const assets = [...html.matchAll(/(?:src|href)="(\.?\/assets\/[^"]+)"/g)].map((m) => m[1]);
  await cache.addAll(['./config.json', ...assets]);
}

self.addEventListener('install', (event) => {
  event.waitUntil(precacheShell().then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

/**
 * The cache key for a request, or undefined when it is not part of the shell. Navigations all
 * map to index.html: their query (e.g. a SMART redirect's `code` and `state`) is never stored.
 */
function shellKey(request, url) {
  if (request.mode === 'navigate') return './index.html';
  const scope = new URL(self.registration.scope);
  const path = url.pathname.slice(scope.pathname.length);
  if (path === 'config.json' || path.startsWith('assets/')) return `./${path}`;
  return undefined;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const key = shellKey(request, url);
  if (key === undefined) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        const response = await fetch(request);
        if (response.ok) await cache.put(key, response.clone());
        return response;
      } catch (error) {
        const cached = await cache.match(key);
        if (cached) return cached;
        throw error;
      }
    })(),
  );
});
