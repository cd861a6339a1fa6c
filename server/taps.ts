// "Interested" tapped on phones: a crowd taps within seconds of a pitch, while the facilitator
// keeps placing. Taps are written in batches (one commit for all that came in a few
// milliseconds), each acked only after its batch committed, and the counts are told to the
// event's screens at most every ANNOUNCE_EVERY_MS, not once per tap.
import type { Ack } from '../shared/protocol.ts';
import { commandError } from '../shared/errors.ts';
import type { Tap } from './writer.ts';

/** How long the first tap of a batch waits for others to share its commit. */
export const BATCH_WAIT_MS = 15;
/** The screens of an event hear new counts at most this often… */
export const ANNOUNCE_EVERY_MS = 250;
/**
 * …and a crowd's screens less often: telling 2,000 phones holds the event loop for tens of
 * milliseconds, in which a facilitator's command waits (bench:taps). A quarter of a millisecond
 * per screen, at most 750 ms, so that every phone still shows a count within a second.
 */
export function announceEveryMs(screens: number, leastMs = ANNOUNCE_EVERY_MS): number {
  return Math.max(leastMs, Math.min(750, screens / 4));
}

type TapAck = (response: Ack<{ taps: Record<string, number> }>) => void;

export interface TapWriter {
  /** Records a batch in one transaction; the counts after it, per event, of the sessions tapped. */
  recordTaps(taps: readonly Tap[]): Promise<Map<number, Map<string, number>>>;
  version(eventId: number): Promise<number>;
}

export class TapQueue {
  readonly #writer: TapWriter;
  readonly #announce: (eventId: number, counts: ReadonlyMap<string, number>) => void;
  readonly #failed: (error: unknown) => void;
  #waiting: Array<{ tap: Tap; ack: TapAck }> = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(writer: TapWriter, announce: (eventId: number, counts: ReadonlyMap<string, number>) => void, failed: (error: unknown) => void) {
    this.#writer = writer;
    this.#announce = announce;
    this.#failed = failed;
  }

  add(tap: Tap, ack: TapAck): void {
    this.#waiting.push({ tap, ack });
    this.#timer ??= setTimeout(() => void this.flush(), BATCH_WAIT_MS);
  }

  /** Writes what waits, then acks each tap and announces the counts. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#waiting;
    this.#waiting = [];
    if (batch.length === 0) return;
    let counts: Map<number, Map<string, number>>;
    try {
      counts = await this.#writer.recordTaps(batch.map(({ tap }) => tap));
    } catch (error) {
      this.#failed(error);
      for (const { ack } of batch) ack({ ok: false, error: commandError('internal', 'server_error', 'Something went wrong on the server. Please try again.') });
      return;
    }
    const versions = new Map<number, number>();
    for (const eventId of counts.keys()) versions.set(eventId, await this.#writer.version(eventId));
    for (const { tap, ack } of batch) {
      const count = counts.get(tap.eventId)?.get(tap.sessionId) ?? 0;
      ack({ ok: true, version: versions.get(tap.eventId)!, data: { taps: { [tap.sessionId]: count } } });
    }
    for (const [eventId, changed] of counts) this.#announce(eventId, changed);
  }

  /** Writes what still waits (the server is closing). */
  close(): Promise<void> {
    return this.flush();
  }
}

/**
 * Tells each event's screens the newest counts, at most once per `everyMs` of the event; when a
 * change of the plan goes out meanwhile, the counts ride along with it (`take`) instead.
 */
export class TapAnnouncer {
  readonly #emit: (eventId: number, taps: Record<string, number>) => void;
  readonly #everyMs: (eventId: number) => number;
  readonly #pending = new Map<number, Map<string, number>>();
  readonly #lastAt = new Map<number, number>();
  readonly #timers = new Map<number, ReturnType<typeof setTimeout>>();

  constructor(emit: (eventId: number, taps: Record<string, number>) => void, everyMs: (eventId: number) => number = () => ANNOUNCE_EVERY_MS) {
    this.#emit = emit;
    this.#everyMs = everyMs;
  }

  changed(eventId: number, counts: ReadonlyMap<string, number>): void {
    const pending = this.#pending.get(eventId) ?? new Map<string, number>();
    for (const [sessionId, count] of counts) pending.set(sessionId, count);
    this.#pending.set(eventId, pending);
    if (this.#timers.has(eventId)) return;
    const wait = Math.max(0, (this.#lastAt.get(eventId) ?? -Infinity) + this.#everyMs(eventId) - Date.now());
    const timer = setTimeout(() => this.#send(eventId), wait);
    timer.unref();
    this.#timers.set(eventId, timer);
  }

  #send(eventId: number): void {
    const taps = this.take(eventId);
    if (taps) this.#emit(eventId, taps);
  }

  /**
   * The counts waiting to be told, for a message that goes to the event's screens anyway (a
   * change's `board:events`): they count as told, and the next announcement waits its interval.
   */
  take(eventId: number): Record<string, number> | undefined {
    clearTimeout(this.#timers.get(eventId));
    this.#timers.delete(eventId);
    const pending = this.#pending.get(eventId);
    this.#pending.delete(eventId);
    if (!pending?.size) return undefined;
    this.#lastAt.set(eventId, Date.now());
    return Object.fromEntries(pending);
  }

  close(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}
