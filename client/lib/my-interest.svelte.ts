// "Interested" on this phone: which sessions it tapped, kept on the phone, and the tap sent to
// the server, which counts each phone once. The button shows the change at once; refused, it
// goes back and says why.
import type { BoardStore } from './board.svelte.ts';

const storageKey = (slug: string) => `pitchboard.interested.${slug}`;

type Send = BoardStore['interested'];

export class MyInterest {
  #marked = $state<Record<string, true>>({});
  #sending = $state.raw<ReadonlySet<string>>(new Set());
  /** The code of the last refusal, for the page to say in its language (null: none). */
  problem = $state<string | null>(null);
  readonly #slug: string;
  readonly #send: Send;

  constructor(slug: string, send: Send) {
    this.#slug = slug;
    this.#send = send;
    try {
      const stored: unknown = JSON.parse(localStorage.getItem(storageKey(slug)) ?? '{}');
      if (stored && typeof stored === 'object' && !Array.isArray(stored)) this.#marked = stored as Record<string, true>;
    } catch {
      // Nothing stored (or no storage, as on the server's render).
    }
  }

  has(sessionId: string): boolean {
    return sessionId in this.#marked;
  }

  /** Whether a tap of this session is on its way. */
  sending(sessionId: string): boolean {
    return this.#sending.has(sessionId);
  }

  /** Taps "Interested" (or takes it back): shown at once, undone when the server refuses. */
  async toggle(sessionId: string): Promise<void> {
    if (this.sending(sessionId)) return;
    const interested = !this.has(sessionId);
    this.#mark(sessionId, interested);
    this.problem = null;
    this.#sending = new Set([...this.#sending, sessionId]);
    const result = await this.#send(sessionId, interested);
    const rest = new Set(this.#sending);
    rest.delete(sessionId);
    this.#sending = rest;
    if (!result.ok) {
      this.#mark(sessionId, !interested);
      this.problem = result.code;
    }
  }

  #mark(sessionId: string, interested: boolean): void {
    if (interested) this.#marked = { ...this.#marked, [sessionId]: true };
    else {
      const { [sessionId]: _gone, ...rest } = this.#marked;
      this.#marked = rest;
    }
    try {
      localStorage.setItem(storageKey(this.#slug), JSON.stringify(this.#marked));
    } catch {
      // Not remembered beyond this page; the server still counts the tap.
    }
  }
}
