// What the pitch bar above the board (client/components/PitchPanel.svelte) does: who pitches now,
// who waits, the raised hands typed as digits, the timer and the queue's order. The bar only shows it.
import { findSession, type Session } from '../../shared/board.ts';
import { LIMITS } from '../../shared/limits.ts';
import type { BoardStore } from './board.svelte.ts';
import type { Failed, Refused } from './refusal.ts';

/** Digits typed one after another within this time make one number ("1", "2" → 12). */
export const DIGITS_MS = 1500;

/** A key pressed while the focus is in the current pitch. */
export interface PitchKey {
  key: string;
  timeStamp: number;
  /** In a text field, which takes digits itself. */
  inField: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

type Sent = Promise<{ ok: true } | Failed>;

export class PitchControl {
  readonly #store: BoardStore;
  readonly #onerror: (refused: Refused) => void;
  #typed = '';
  #typedAt = -Infinity;

  /** `onerror` hears a refused command. */
  constructor(store: BoardStore, onerror: (refused: Refused) => void) {
    this.#store = store;
    this.#onerror = onerror;
  }

  get #pitch() {
    return this.#store.board!.pitch;
  }

  /** The session at the microphone now. */
  get current(): Session | undefined {
    const id = this.#pitch.current;
    return id ? findSession(this.#store.board!, id) : undefined;
  }

  /** Who waits to pitch, in order. */
  get queue(): Session[] {
    return this.#pitch.queue.flatMap((id) => findSession(this.#store.board!, id) ?? []);
  }

  get running(): boolean {
    return this.#pitch.timer.runningSince !== null;
  }

  /** The timer was stopped part-way through the current pitch: starting it again resumes. */
  get paused(): boolean {
    const { timer } = this.#pitch;
    return this.current !== undefined && timer.remainingMs > 0 && timer.remainingMs < timer.durationMs;
  }

  /** Raised hands for the current pitch (what this laptop typed last, before the server has it); null: not counted. */
  get interest(): number | null {
    const { current } = this;
    return current ? this.#store.interestOf(current) : null;
  }

  /** Phones that tapped "Interested" in the current pitch. */
  get taps(): number {
    return this.current?.taps ?? 0;
  }

  get claimingOpen(): boolean {
    return this.#store.board!.event.claiming === 'open';
  }

  /** Sets the raised hands of the current pitch; a count out of range or unchanged sends nothing. */
  async setInterest(next: number | null): Promise<void> {
    const { current } = this;
    if (!current || (next !== null && (next < 0 || next > LIMITS.interest)) || next === this.interest) return;
    await this.#run(this.#store.setInterest(current.id, next));
  }

  /** Digits set the hands counted (outside text fields), + and − change them by one. True when the key was taken. */
  key(press: PitchKey): boolean {
    if (!this.current) return false;
    if (/^[0-9]$/.test(press.key) && !press.inField && !press.ctrlKey && !press.metaKey && !press.altKey) {
      this.#typed = press.timeStamp - this.#typedAt < DIGITS_MS ? (this.#typed + press.key).slice(-4) : press.key;
      this.#typedAt = press.timeStamp;
      void this.setInterest(Number(this.#typed));
      return true;
    }
    if (press.key === '+' || press.key === '=') {
      void this.setInterest((this.interest ?? 0) + 1);
      return true;
    }
    if (press.key === '-' || press.key === '−') {
      void this.setInterest((this.interest ?? 0) - 1);
      return true;
    }
    return false;
  }

  start = (): Promise<void> => this.#run(this.#store.send('pitch:start', {}));
  pause = (): Promise<void> => this.#run(this.#store.send('pitch:pause', {}));
  next = (): Promise<void> => this.#run(this.#store.send('pitch:next', {}));
  skip = (): Promise<void> => this.#run(this.#store.send('pitch:skip', {}));
  end = (): Promise<void> => this.#run(this.#store.send('pitch:end', {}));

  /** Moves a waiting session to another place in the queue. */
  moveInQueue(sessionId: string, toIndex: number): Promise<void> {
    return this.#run(this.#store.send('pitch:reorder', { sessionId, toIndex }));
  }

  /** Opens claiming slots for givers, or closes it. */
  toggleClaiming(): Promise<void> {
    return this.#run(this.#store.send('event:update', { claiming: this.claimingOpen ? 'closed' : 'open' }));
  }

  async #run(sent: Sent): Promise<void> {
    const outcome = await sent;
    if (!outcome.ok) this.#onerror(outcome);
  }
}
