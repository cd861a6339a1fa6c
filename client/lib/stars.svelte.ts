// Starred sessions on this phone, and where each was when the attendee last looked: a starred
// session that moved or was withdrawn since then is flagged until it is seen.
import { cellKey, placementOf, findSession, type Board } from '../../shared/board.ts';

export type StarChange = 'moved' | 'withdrawn';

const storageKey = (slug: string) => `pitchboard.stars.${slug}`;

/** Where a session is: its cell, or the tray, or withdrawn. */
function whereIs(board: Board, sessionId: string): string {
  const session = findSession(board, sessionId);
  if (!session || session.status === 'withdrawn') return 'withdrawn';
  const placement = placementOf(board, sessionId);
  return placement ? cellKey(placement) : 'unplaced';
}

export class Stars {
  /** Session id → where it was when last seen. */
  #seen = $state<Record<string, string>>({});
  readonly #slug: string;

  constructor(slug: string) {
    this.#slug = slug;
    try {
      const stored: unknown = JSON.parse(localStorage.getItem(storageKey(slug)) ?? '{}');
      if (stored && typeof stored === 'object') this.#seen = stored as Record<string, string>;
    } catch {
      // Nothing stored.
    }
  }

  get ids(): string[] {
    return Object.keys(this.#seen);
  }

  has(sessionId: string): boolean {
    return sessionId in this.#seen;
  }

  toggle(board: Board, sessionId: string): void {
    if (this.has(sessionId)) {
      const { [sessionId]: _removed, ...rest } = this.#seen;
      this.#seen = rest;
    } else {
      this.#seen = { ...this.#seen, [sessionId]: whereIs(board, sessionId) };
    }
    this.#save();
  }

  /** What happened to a starred session since the attendee last looked. */
  change(board: Board, sessionId: string): StarChange | null {
    const then = this.#seen[sessionId];
    if (then === undefined) return null;
    const now = whereIs(board, sessionId);
    if (now === then) return null;
    return now === 'withdrawn' ? 'withdrawn' : 'moved';
  }

  /** The attendee has seen the change: stop flagging it. */
  acknowledge(board: Board, sessionId: string): void {
    if (!this.has(sessionId)) return;
    this.#seen = { ...this.#seen, [sessionId]: whereIs(board, sessionId) };
    this.#save();
  }

  #save(): void {
    try {
      localStorage.setItem(storageKey(this.#slug), JSON.stringify(this.#seen));
    } catch {
      // Not remembered beyond this page.
    }
  }
}
