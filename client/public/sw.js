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

// A push from the server (server/push.ts): a starred session changed. Shown whether a page of the
// event is open or not; one notice per session (its tag), a newer one replaces it.
self.addEventListener('push', (event) => {
  let message;
  try {
    message = event.data?.json();
  } catch {
    return;
  }
  if (!message?.title) return;
  event.waitUntil(self.registration.showNotification(message.title, { body: message.body, tag: message.tag, renotify: true, data: { url: message.url } }));
});

// Tapped: the session on the attendee page, in a window of it that is open, or a new one.
self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.url ?? '/', self.location.origin);
  if (url.origin !== self.location.origin) return;
  event.waitUntil(
    (async () => {
      for (const client of await self.clients.matchAll({ type: 'window' })) {
        if (new URL(client.url).pathname === url.pathname && 'navigate' in client) {
          await client.navigate(url.href);
          return client.focus();
        }
      }
      return self.clients.openWindow(url.href);
    })(),
  );
});
