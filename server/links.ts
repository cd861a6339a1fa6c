// The links people open. The facilitator key goes in the fragment: browsers never send it,
// so it cannot end up in a server or proxy log.
export function publicBaseUrl(port: number): string {
  return (process.env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
}

export function facilitatorUrl(base: string, slug: string, key: string): string {
  return `${base}/e/${encodeURIComponent(slug)}/board#key=${encodeURIComponent(key)}`;
}

export function attendeeUrl(base: string, slug: string): string {
  return `${base}/e/${encodeURIComponent(slug)}`;
}
