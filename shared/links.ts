// Which address to put in a QR code so that phones in the room can open it. A page opened as
// http://localhost on the laptop that runs the server must not hand out "localhost".
import type { Language } from './language.ts';

/** An event's short name in its addresses (/e/<slug>): lower-case letters, digits and "-". */
export const SLUG_PATTERN = '^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$';

/**
 * A text as words of an address: lower-case a–z and 0–9 joined by "-", umlauts spelt out
 * ("Größe" is "groesse"), at most `maxLength` characters, no "-" at either end ("" when nothing is left).
 */
export function slugWords(text: string, maxLength: number): string {
  return (
    text
      .toLowerCase()
      .replace(/ä/g, 'ae')
      .replace(/ö/g, 'oe')
      .replace(/ü/g, 'ue')
      .replace(/ß/g, 'ss')
      // Other accents come off ("é" is "e" and a combining mark, which must not become a dash).
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, maxLength)
      .replace(/-+$/, '')
  );
}

/** What the server knows about how it can be reached (GET /api/addresses). */
export interface ServerAddresses {
  /** PUBLIC_URL, when the operator set one (e.g. behind a TLS proxy). */
  publicUrl: string | null;
  /** http://<LAN address>:<port> for each network interface, when listening on all of them. */
  lanUrls: string[];
}

export interface ShareBase {
  /** Origin for links people open on other devices, without a trailing slash. */
  base: string;
  /** True when no other device can reach `base` (only a loopback address was found). */
  local: boolean;
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host) || host === '0.0.0.0';
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** PUBLIC_URL first; else the address this page was opened by, unless it is a loopback one; else a LAN address. */
export function shareBase(pageOrigin: string, addresses: ServerAddresses | undefined): ShareBase {
  const publicUrl = addresses?.publicUrl?.replace(/\/+$/, '');
  if (publicUrl) return { base: publicUrl, local: isLoopbackHost(hostOf(publicUrl)) };
  if (!isLoopbackHost(hostOf(pageOrigin))) return { base: pageOrigin, local: false };
  const lan = addresses?.lanUrls[0];
  if (lan) return { base: lan, local: false };
  return { base: pageOrigin, local: true };
}

/** The paths of an event's pages and data (client/lib/routes.ts reads the pages back): every link is made here. */
export const eventPaths = {
  attendee: (slug: string) => `/e/${encodeURIComponent(slug)}`,
  /** The facilitator's board; the key goes in the fragment, which no server and no log sees. */
  board: (slug: string, key?: string) => `${eventPaths.attendee(slug)}/board${key === undefined ? '' : `#key=${encodeURIComponent(key)}`}`,
  beamer: (slug: string) => `${eventPaths.attendee(slug)}/beamer`,
  /** The session givers' page; the fragment carries a giver's own links. */
  pitch: (slug: string, fragment?: string) => `${eventPaths.attendee(slug)}/pitch${fragment === undefined ? '' : `#${fragment}`}`,
  room: (slug: string, roomId: string) => `${eventPaths.attendee(slug)}/room/${encodeURIComponent(roomId)}`,
  /** The plan to print: one A4 landscape page per day. */
  print: (slug: string) => `${eventPaths.attendee(slug)}/print`,
  /** Door sheets to print: one A4 portrait page per room and day, with a QR code to the room's live page. */
  printDoors: (slug: string) => `${eventPaths.attendee(slug)}/print/doors`,
  boardData: (slug: string) => `/api/events/${encodeURIComponent(slug)}/board`,
  exportData: (slug: string) => `/api/events/${encodeURIComponent(slug)}/export.json`,
  /** The calendar feed of the whole plan, or of the sessions given (a phone's stars). */
  planCalendar: (slug: string, sessionIds?: readonly string[]) =>
    `/api/events/${encodeURIComponent(slug)}/plan.ics${sessionIds ? `?sessions=${sessionIds.map(encodeURIComponent).join(',')}` : ''}`,
  roomCalendar: (slug: string, roomId: string) => `/api/events/${encodeURIComponent(slug)}/rooms/${encodeURIComponent(roomId)}.ics`,
  /** Every session as a spreadsheet: headers (and the CSV's separator) in the language given, else the event's. */
  sessionsCsv: (slug: string, language?: Language) => `/api/events/${encodeURIComponent(slug)}/sessions.csv${language ? `?lang=${language}` : ''}`,
  sessionsXlsx: (slug: string, language?: Language) => `/api/events/${encodeURIComponent(slug)}/sessions.xlsx${language ? `?lang=${language}` : ''}`,
  /** The plan for conference apps (shared/conference-schedule.ts): c3voc JSON and frab XML. */
  scheduleJson: (slug: string) => `/api/events/${encodeURIComponent(slug)}/schedule.json`,
  scheduleXml: (slug: string) => `/api/events/${encodeURIComponent(slug)}/schedule.xml`,
  /** A phone's own calendar, that follows its stars (shared/star-feed.ts). */
  myCalendar: (slug: string, feedId: string) => `/api/events/${encodeURIComponent(slug)}/my/${encodeURIComponent(feedId)}.ics`,
  /** Where a phone's feed subscribes to pushes (POST) and ends them (DELETE). */
  myPush: (slug: string, feedId: string) => `/api/events/${encodeURIComponent(slug)}/my/${encodeURIComponent(feedId)}/push`,
  /** Where a phone tells its own calendar its stars (PUT). */
  myStars: (slug: string, feedId: string) => `/api/events/${encodeURIComponent(slug)}/my/${encodeURIComponent(feedId)}`,
  /** A session on the attendee page: the plan opens at it (calendar entries link here). */
  session: (slug: string, sessionId: string) => `${eventPaths.attendee(slug)}#session=${encodeURIComponent(sessionId)}`,
};

/** The address a calendar app subscribes to (webcal:), for a feed at an http(s) address. */
export function subscribeUrl(feedUrl: string): string {
  return feedUrl.replace(/^https?:/, 'webcal:');
}

/** An address as paper and signs print it: without "https://", which nobody types. */
export function withoutScheme(url: string): string {
  return url.replace(/^https?:\/\//, '');
}

/** The attendee page of an event as a full URL and as the short text printed beside its QR code. */
export function attendeePageLink(base: string, slug: string): { url: string; short: string } {
  const path = eventPaths.attendee(slug);
  return { url: `${base}${path}`, short: withoutScheme(`${base}${path}`) };
}
