// "Mein Plan" as a calendar subscription that follows this phone's stars. The phone makes a
// random feed id once per event and keeps it; the calendar app subscribes to its feed once
// (…/my/:feedId.ics), and the phone tells the server its stars under that id (PUT …/my/:feedId):
// on the first look after the page opens, a moment after they change (a burst of taps is told
// once), and again when a try failed: as soon as the phone is back online, else a while later.
import { eventPaths } from '../../shared/links.ts';
import { ID_PATTERN } from '../../shared/patterns.ts';
import { base64url, FEED_ID, STAR_FEED_LIMITS } from '../../shared/star-feed.ts';

const storageKey = (slug: string) => `pitchboard.feed.${slug}`;
const SESSION_ID = new RegExp(ID_PATTERN);

/** How long after the last change of the stars the server is told. */
export const FOLLOW_DELAY_MS = 1000;
/** How long after a failed try (refused, or no answer) the next one goes, unless the phone comes back online first. */
export const RETRY_DELAY_MS = 30_000;
/** Browsers send a request that outlives its page only up to 64 KB (ids are ASCII: characters are bytes). */
const KEEPALIVE_MAX_BYTES = 60_000;

export interface MyFeedOptions {
  fetch?: typeof fetch;
  /** Calls back each time the phone is online again; returns how to stop. Default: the window's `online` event. */
  whenOnline?: (callback: () => void) => () => void;
  randomBytes?: (count: number) => Uint8Array;
}

function windowOnline(callback: () => void): () => void {
  if (typeof window === 'undefined') return () => {};
  window.addEventListener('online', callback);
  return () => window.removeEventListener('online', callback);
}

export class MyFeed {
  readonly #slug: string;
  readonly #fetch: typeof fetch;
  readonly #randomBytes: (count: number) => Uint8Array;
  readonly #stopListening: () => void;
  #id: string | null = null;
  /** The stars as the server last accepted them from this page (joined); null: not told yet. */
  #told: string | null = null;
  #wanted: string[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  #sending: Promise<void> | null = null;
  /** Whether the server has the stars as they are on the phone (for the page to say so, and for tests). */
  #inStep = $state(true);

  constructor(slug: string, options: MyFeedOptions = {}) {
    this.#slug = slug;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#randomBytes = options.randomBytes ?? ((count) => crypto.getRandomValues(new Uint8Array(count)));
    try {
      const stored = localStorage.getItem(storageKey(slug));
      if (stored && FEED_ID.test(stored)) this.#id = stored;
    } catch {
      // No storage (the server's render, private mode): an id for this page only, made when needed.
    }
    this.#stopListening = (options.whenOnline ?? windowOnline)(() => void this.flush());
  }

  /** This phone's feed id for the event: made, and kept on the phone, the first time it is needed. */
  get id(): string {
    if (!this.#id) {
      this.#id = base64url(this.#randomBytes(STAR_FEED_LIMITS.idBytes));
      try {
        localStorage.setItem(storageKey(this.#slug), this.#id);
      } catch {
        // Kept for this page only: a calendar subscribed now follows the stars while it is open.
      }
    }
    return this.#id;
  }

  /** The feed a calendar app subscribes to. */
  get path(): string {
    return eventPaths.myCalendar(this.#slug, this.id);
  }

  get inStep(): boolean {
    return this.#inStep;
  }

  /** The stars now: the server is told a moment later, unless it has them already. */
  follow(sessionIds: readonly string[]): void {
    const wanted = sessionIds.filter((id) => SESSION_ID.test(id)).slice(0, STAR_FEED_LIMITS.sessions);
    const same = wanted.join(',') === this.#wanted.join(',');
    this.#wanted = wanted;
    // Not read back from the state: the page calls this from an effect, which would then run again
    // whenever a try ends.
    const inStep = !this.#untold();
    this.#inStep = inStep;
    if (inStep) this.#schedule(null);
    // The same stars again (the page drew them again) keep a try that is waiting where it is: a retry is not brought forward.
    else if (!same || this.#timer === null) this.#schedule(FOLLOW_DELAY_MS);
  }

  /** Tells the server now what it does not have yet (before a calendar app fetches the feed). */
  async flush(): Promise<void> {
    this.#schedule(null);
    while (this.#sending) await this.#sending;
    if (!this.#untold()) return;
    this.#sending = this.#tell([...this.#wanted]).finally(() => (this.#sending = null));
    await this.#sending;
  }

  /** The page goes: no more tries from it. */
  close(): void {
    this.#schedule(null);
    this.#stopListening();
  }

  /** Whether there is something the server should hear: stars it does not have, on a phone that has (or needs) a feed. */
  #untold(): boolean {
    if (this.#wanted.join(',') === this.#told) return false;
    // No feed yet and nothing starred: there is nothing to keep.
    return this.#id !== null || this.#wanted.length > 0;
  }

  #schedule(delayMs: number | null): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = delayMs === null ? null : setTimeout(() => void this.flush(), delayMs);
  }

  async #tell(sessions: string[]): Promise<void> {
    let told = false;
    try {
      const body = JSON.stringify({ sessions });
      const response = await this.#fetch(eventPaths.myStars(this.#slug, this.id), {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body,
        // A last change just before the page closes still arrives (browsers take up to 64 KB so).
        keepalive: body.length < KEEPALIVE_MAX_BYTES,
      });
      told = response.ok;
    } catch {
      // Offline: told again when back.
    }
    if (told) this.#told = sessions.join(',');
    const inStep = !this.#untold();
    this.#inStep = inStep;
    // Changed again meanwhile: told after the usual moment; failed: later, or when back online.
    if (!inStep) this.#schedule(told ? FOLLOW_DELAY_MS : RETRY_DELAY_MS);
  }
}
