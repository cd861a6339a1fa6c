// Notes links: where a session's notes are written (a pad per session, a wiki page). The event
// holds a template, a session may hold its own link instead, and every session in the board
// carries the link that results (`notesUrl`). Its fault has the shape of a FieldFault (shared/fields.ts
// checks it as the format `notes-link`). One home for the rule and for resolving it, so that
// phones, door signs, the printed plan, the feeds and the schedules show the same address.
import type { EventInfo, Session } from './board.ts';
import type { RefusalReason } from './errors.ts';
import { LIMITS } from './limits.ts';

/** The placeholders a template may hold, each replaced by its value, URL-encoded. */
export const NOTES_PLACEHOLDERS = ['{slug}', '{session}', '{title}'] as const;

const PLACEHOLDER = /\{(slug|session|title)\}/g;
/** Spaces and control characters: an address typed with them is a typo, not a link. */
const NOT_IN_A_LINK = /[\s\p{Cc}]/u;

/**
 * Why a notes link (or template) cannot be kept, or undefined. "" is fine: it clears the link.
 * Only http: and https: links: a `javascript:` link would run on every phone that taps it.
 */
export function notesLinkFault(link: string): { reason: RefusalReason; limit?: number; words: string } | undefined {
  if (link === '') return undefined;
  if ([...link].length > LIMITS.notesLink) return { reason: 'too_long', limit: LIMITS.notesLink, words: `must have at most ${LIMITS.notesLink} characters` };
  const words = 'must be an http: or https: link (or empty)';
  if (NOT_IN_A_LINK.test(link)) return { reason: 'not_a_link', words };
  let url: URL;
  try {
    // With sample values in place: "{title}" is only a placeholder, not part of the address.
    url = new URL(link.replace(PLACEHOLDER, 'x'));
  } catch {
    return { reason: 'not_a_link', words };
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return { reason: 'not_a_link', words };
  return undefined;
}

/** A template with the session's values in place, each URL-encoded (the template's own text stays as typed). */
export function fillNotesLink(template: string, values: { slug: string; session: string; title: string }): string {
  return template.replace(PLACEHOLDER, (_, name: keyof typeof values) => encodeURIComponent(values[name]));
}

/**
 * Where a session's notes are: its own link if it has one, else the event's template filled in
 * for it; "" when neither is set. Both may hold placeholders.
 */
export function notesUrlOf(event: Pick<EventInfo, 'slug' | 'notesLink'>, session: Pick<Session, 'id' | 'title' | 'notesLink'>): string {
  const link = session.notesLink || event.notesLink;
  return link ? fillNotesLink(link, { slug: event.slug, session: session.id, title: session.title }) : '';
}

/** The session with its `notesUrl` as the event says now (the same object when it is already so). */
export function withNotesUrl(event: Pick<EventInfo, 'slug' | 'notesLink'>, session: Session): Session {
  const notesUrl = notesUrlOf(event, session);
  return session.notesUrl === notesUrl ? session : { ...session, notesUrl };
}

/** A notes address as paper and door signs print it: without "https://", which nobody types. */
export function printedNotesUrl(url: string): string {
  return url.replace(/^https?:\/\//, '');
}
