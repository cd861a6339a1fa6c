/** The attendee page of an event, as a full URL and as the short text shown beside a QR code. */
export function attendeeLink(slug: string): { url: string; short: string } {
  const path = `/e/${encodeURIComponent(slug)}`;
  return { url: `${location.origin}${path}`, short: `${location.host}${path}` };
}
