// The links people open. The facilitator key goes in the fragment: browsers never send it,
// so it cannot end up in a server or proxy log.
export function publicBaseUrl(port: number, host = '0.0.0.0'): string {
  if (process.env.PUBLIC_URL) return process.env.PUBLIC_URL.replace(/\/+$/, '');
  const listensEverywhere = host === '0.0.0.0' || host === '::';
  const name = listensEverywhere ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

export function facilitatorUrl(base: string, slug: string, key: string): string {
  return `${base}/e/${encodeURIComponent(slug)}/board#key=${encodeURIComponent(key)}`;
}

export function attendeeUrl(base: string, slug: string): string {
  return `${base}/e/${encodeURIComponent(slug)}`;
}
