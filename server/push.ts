// Web Push to phones whose starred sessions change (RFC 8030, encrypted as RFC 8291 aes128gcm,
// signed with VAPID RFC 8292): a phone subscribes with its feed (POST …/my/:feedId/push); when a
// change moves, retimes, retitles or withdraws a session it starred, it hears one push per change,
// in its language, that opens the session when tapped. Pushes go out beside the writer, after the
// ack and the broadcast, never holding either up. The message is made by web-push
// (generateRequestDetails) and sent with fetch, so that a test's receiver may be plain http.
import webpush from 'web-push';
import type { PushTarget, Store } from '../db/store.ts';
import type { Board } from '../shared/board.ts';
import type { Language } from '../shared/language.ts';
import { eventPaths } from '../shared/links.ts';
import { sessionNotices, type SessionNotice } from '../shared/plan-rows.ts';
import { publicHost } from './outside-address.ts';

export const PUSH_LIMITS = {
  /** Subscriptions one event keeps: one per phone's feed. */
  perEvent: 10_000,
  /** How long a push service may take to answer before the push is given up. */
  answerMs: 10_000,
  /** How long a push service keeps a push for a phone that is off (seconds): a change hours old is old news. */
  ttlSeconds: 3 * 60 * 60,
} as const;

/** What a push says: shown by the phone's service worker (client/public/sw.js). */
export interface PushMessage {
  title: string;
  body: string;
  /** The session's page (a path: the service worker opens it on its own origin) when the push is tapped. */
  url: string;
  /** One notice per session on the phone: a newer one replaces it. */
  tag: string;
}

const WORDS: Record<Language, { now: string; unplaced: string; withdrawn: string; retitled: string }> = {
  de: {
    now: 'Jetzt: {room}, {day}, {start}–{end}',
    unplaced: 'Nicht mehr im Plan.',
    withdrawn: 'Abgesagt: Die Session wurde zurückgezogen.',
    retitled: 'Neuer Titel.',
  },
  en: {
    now: 'Now: {room}, {day}, {start}–{end}',
    unplaced: 'No longer in the plan.',
    withdrawn: 'Cancelled: the session was withdrawn.',
    retitled: 'New title.',
  },
};

/** A change said in the phone's language: the session's (new) title, its new room and time. */
export function pushMessage(board: Board, notice: SessionNotice, lang: Language): PushMessage {
  const words = WORDS[lang];
  const { row, changes } = notice;
  const said: string[] = [];
  if (changes.includes('withdrawn')) said.push(words.withdrawn);
  else {
    if (changes.includes('retitled')) said.push(words.retitled);
    if (changes.includes('unplaced')) said.push(words.unplaced);
    else if (row.place) {
      const day = new Intl.DateTimeFormat(lang, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
        new Date(`${row.place.date}T12:00:00Z`),
      );
      said.push(words.now.replace('{room}', row.place.room.name).replace('{day}', day).replace('{start}', row.place.start).replace('{end}', row.place.end));
    }
  }
  return { title: row.session.title, body: said.join(' '), url: eventPaths.session(board.event.slug, row.session.id), tag: row.session.id };
}

export interface PushDeps {
  store: Store;
  /** Whether http and local endpoints are taken (PITCHBOARD_PUSH_ALLOW_HTTP=1: tests only). */
  allowHttp: boolean;
  /** Who runs the server, for push services (VAPID `sub`): a mailto: or https address. */
  contact: string;
  /** A push that failed, for the log: never its endpoint or keys. */
  failed(error: unknown): void;
}

export class PushNotifier {
  readonly #deps: PushDeps;
  /** Pushes on their way, for tests and a clean shutdown. */
  readonly #sending = new Set<Promise<void>>();

  constructor(deps: PushDeps) {
    this.#deps = deps;
  }

  /** Whether http and local endpoints are taken (tests only). */
  get allowsHttp(): boolean {
    return this.#deps.allowHttp;
  }

  /** A change was committed and broadcast: tells the phones whose starred sessions it changed, later. */
  changed(eventId: number, before: Board, after: Board): void {
    const sending = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.#deliver(eventId, before, after))
      .catch((error: unknown) => this.#deps.failed(error));
    this.#sending.add(sending);
    void sending.finally(() => this.#sending.delete(sending));
  }

  /** Resolves once every push under way has gone out (or failed). */
  async settled(): Promise<void> {
    while (this.#sending.size > 0) await Promise.all(this.#sending);
  }

  async #deliver(eventId: number, before: Board, after: Board): Promise<void> {
    const targets = await this.#deps.store.pushTargets(eventId);
    await Promise.all(
      targets.map(async (target) => {
        for (const notice of sessionNotices(before, after, target.sessions)) {
          const message = pushMessage(after, notice, target.lang);
          await this.#send(eventId, target, message);
        }
      }),
    );
  }

  async #send(eventId: number, target: PushTarget, message: PushMessage): Promise<void> {
    const { store, allowHttp, contact } = this.#deps;
    if (!allowHttp && !(await publicHost(target.endpoint))) {
      await store.deletePushEndpoint(eventId, target.endpoint);
      return;
    }
    const keys = store.pushKeys();
    const request = webpush.generateRequestDetails({ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } }, JSON.stringify(message), {
      vapidDetails: { subject: contact, publicKey: keys.publicKey, privateKey: keys.privateKey },
      TTL: PUSH_LIMITS.ttlSeconds,
      urgency: 'high',
      contentEncoding: 'aes128gcm',
    });
    const headers = Object.fromEntries(
      Object.entries(request.headers)
        .filter(([name]) => name.toLowerCase() !== 'content-length')
        .map(([name, value]) => [name, String(value)]),
    );
    const response = await fetch(request.endpoint, {
      method: request.method,
      headers,
      body: request.body ? new Uint8Array(request.body) : undefined,
      redirect: 'error',
      signal: AbortSignal.timeout(PUSH_LIMITS.answerMs),
    });
    // The push service has ended this subscription (the phone unsubscribed or went away).
    if (response.status === 404 || response.status === 410) await store.deletePushEndpoint(eventId, target.endpoint);
    await response.body?.cancel();
  }
}
