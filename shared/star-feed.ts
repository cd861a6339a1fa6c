// A phone's own calendar feed ("Mein Plan" subscribed): the phone makes a random id for it, keeps
// it, and tells the server its stars under it (PUT /api/events/:slug/my/:feedId); the feed
// (GET …/my/:feedId.ics) shows the starred sessions that are in the plan, whatever was starred
// after the calendar subscribed. The id is the feed's only key: whoever knows it reads the
// stars, so it is never logged and the server keeps only its hash.
import { LIMITS } from './limits.ts';

/** 22 to 64 of A–Z, a–z, 0–9, "_" and "-": at least 132 random bits in base64url. */
export const FEED_ID_PATTERN = '^[A-Za-z0-9_-]{22,64}$';
export const FEED_ID = new RegExp(FEED_ID_PATTERN);

export const STAR_FEED_LIMITS = {
  /** Random bytes of a new feed id: 24 characters of base64url. */
  idBytes: 18,
  /** Stars one feed holds at most: every session an event may have. */
  sessions: LIMITS.sessions,
  /** Feeds one event keeps: far more phones than a barcamp has; past it a new feed is refused, the others go on. */
  feedsPerEvent: 10_000,
} as const;

/** `PUT /api/events/:slug/my/:feedId` is answered with the stars the feed now holds: the sessions of the event among those sent, each once. */
export interface StarFeedAnswer {
  sessions: string[];
}

/** The bytes as base64url without padding, as a feed id is written. */
export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
