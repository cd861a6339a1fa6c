// Pitchboard's service worker: the plan must open on a phone whose venue wifi is gone.
// Pages: network first, the cached page when offline. Hashed assets: cache first (they never
// change). The live data comes over the socket; the page keeps the last plan in localStorage.
const CACHE = 'pitchboard-v1';
const SHELL = '/__shell';

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== CACHE) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

// The page tells which files it loaded before this worker was in control.
self.addEventListener('message', (event) => {
  if (event.data?.type !== 'cache' || !Array.isArray(event.data.urls)) return;
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      for (const url of event.data.urls) {
        const { origin, pathname } = new URL(url, self.location.origin);
        if (origin !== self.location.origin || pathname.startsWith('/socket.io')) continue;
        try {
          const response = await fetch(url);
          if (response.ok) await cache.put(pathname.startsWith('/assets/') ? pathname : SHELL, response);
        } catch {
          // Offline already: nothing to add now.
        }
      }
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(
      (async () => {
        try {
          const response = await fetch(request);
          // Unknown events answer 404 with the page: cache only real pages.
          if (response.ok) (await caches.open(CACHE)).put(SHELL, response.clone());
          return response;
        } catch {
          return (await caches.match(SHELL)) ?? Response.error();
        }
      })(),
    );
  } else if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      (async () => {
        const cached = await caches.match(url.pathname);
        if (cached) return cached;
        const response = await fetch(request);
        if (response.ok) (await caches.open(CACHE)).put(url.pathname, response.clone());
        return response;
      })(),
    );
  }
});
