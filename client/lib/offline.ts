// Registers the service worker that lets the plan open without a network (see public/sw.js).
// Browsers allow it on https and on localhost; on a plain-http LAN address it is skipped and
// the page still keeps the last plan while it stays open.
export async function keepAvailableOffline(): Promise<void> {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  try {
    const registration = await navigator.serviceWorker.register('/sw.js');
    await navigator.serviceWorker.ready;
    const urls = [location.href, ...performance.getEntriesByType('resource').map((entry) => entry.name)];
    (registration.active ?? navigator.serviceWorker.controller)?.postMessage({ type: 'cache', urls });
  } catch {
    // Without a worker the page works as before; only offline opening is lost.
  }
}
