// Notes links: where a session's notes are written (a pad per session, a wiki page). The event
// holds a template, a session may hold its own link instead, and every session in the board
// carries the link that results (`notesUrl`). One home for resolving it, so that phones, door
// signs, the printed plan, the feeds and the schedules show the same address. Which links may be
// kept is a field's rule (notesLinkFault, shared/fields.ts): phones need only this file.
import type { EventInfo, Session } from './board.ts';

/** A placeholder of a template: {slug}, {session} or {title}. */
export const PLACEHOLDER = /\{(slug|session|title)\}/g;

/**
 * Where a session's notes are: its own link if it has one, else the event's template; in it each
 * placeholder is replaced by the session's value, URL-encoded (the rest stays as typed). "" when
 * neither is set.
 */
export function notesUrlOf(event: Pick<EventInfo, 'slug' | 'notesLink'>, session: Pick<Session, 'id' | 'title' | 'notesLink'>): string {
  const values = { slug: event.slug, session: session.id, title: session.title };
  return (session.notesLink || event.notesLink).replace(PLACEHOLDER, (_, name: keyof typeof values) => encodeURIComponent(values[name]));
}

/** The session with its `notesUrl` as the event says now (the same object when it is already so). */
export function withNotesUrl(event: Pick<EventInfo, 'slug' | 'notesLink'>, session: Session): Session {
  const notesUrl = notesUrlOf(event, session);
  return session.notesUrl === notesUrl ? session : { ...session, notesUrl };
}
