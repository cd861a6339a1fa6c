// The facilitator key arrives in the link's fragment (#key=…). It is kept on this device and
// removed from the address bar: the laptop's screen is often on the projector.
const storageKey = (slug: string) => `pitchboard.key.${slug}`;

export function takeFacilitatorKey(slug: string): string | undefined {
  const fromLink = new URLSearchParams(location.hash.slice(1)).get('key') ?? undefined;
  try {
    if (fromLink) {
      localStorage.setItem(storageKey(slug), fromLink);
      history.replaceState(null, '', location.pathname + location.search);
      return fromLink;
    }
    return localStorage.getItem(storageKey(slug)) ?? undefined;
  } catch {
    // No storage (private mode): the key stays in the link, which still works.
    return fromLink;
  }
}

export function rememberFacilitatorKey(slug: string, key: string): void {
  try {
    localStorage.setItem(storageKey(slug), key);
  } catch {
    // Not kept: the new link still works when opened again.
  }
}

export function forgetFacilitatorKey(slug: string): void {
  try {
    localStorage.removeItem(storageKey(slug));
  } catch {
    // Nothing stored, nothing to forget.
  }
}
