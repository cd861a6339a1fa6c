// "My sessions" on this phone: each session a giver submitted (or opened by their personal
// link) with its secret token. Kept in localStorage; the token never goes into a URL the
// browser sends: personal links carry it in the fragment.
import { eventPaths } from '../../shared/links.ts';

export interface MySession {
  sessionId: string;
  token: string;
}

const storageKey = (slug: string) => `pitchboard.mine.${slug}`;

export function loadMySessions(slug: string): MySession[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey(slug)) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((m): m is MySession => typeof m?.sessionId === 'string' && typeof m?.token === 'string') : [];
  } catch {
    return [];
  }
}

export function saveMySessions(slug: string, sessions: MySession[]): void {
  try {
    localStorage.setItem(storageKey(slug), JSON.stringify(sessions));
  } catch {
    // Storage full or off: the session still works until the page is closed.
  }
}

/** Adds or updates one session (a newer token replaces an older one). */
export function rememberSession(slug: string, mine: MySession[], session: MySession): MySession[] {
  const next = [...mine.filter((m) => m.sessionId !== session.sessionId), session];
  saveMySessions(slug, next);
  return next;
}

export function personalLink(slug: string, session: MySession): string {
  const fragment = new URLSearchParams({ session: session.sessionId, token: session.token });
  return `${location.origin}${eventPaths.pitch(slug, fragment.toString())}`;
}

/** A personal link opened on this device: remembered, then taken out of the address bar. */
export function takeSessionFromLink(): MySession | undefined {
  const params = new URLSearchParams(location.hash.slice(1));
  const sessionId = params.get('session');
  const token = params.get('token');
  if (!sessionId || !token) return undefined;
  history.replaceState(null, '', location.pathname + location.search);
  return { sessionId, token };
}
