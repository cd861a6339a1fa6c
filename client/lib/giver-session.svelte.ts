// One of a giver's own sessions on their phone (client/components/GiverSessionCard.svelte): where
// it stands, the free cells to claim (and the nearest ones when someone was faster), editing it
// with the revision it was opened at, giving a cell back and withdrawing. The card only shows it.
import {
  bookableCells,
  findSession,
  isBlocked,
  nearestFreeCells,
  placementAt,
  placementOf,
  NO_WISHES,
  slotsOfDay,
  type Board,
  type Cell,
  type Day,
  type Placement,
  type Session,
  type Slot,
} from '../../shared/board.ts';
import { fitsWishes, hasWishes } from '../../shared/wishes.ts';
import type { CommandPayload } from '../../shared/commands.ts';
import type { BoardStore } from './board.svelte.ts';
import { cellText } from './describe.ts';
import { t } from './i18n/i18n.svelte.ts';
import { refusalText, type Refused } from './refusal.ts';
import type { MySession } from './my-sessions.ts';

/** What a giver may change of their session's text. */
export type SessionText = Pick<CommandPayload<'session:update'>, 'title' | 'host' | 'description' | 'tags' | 'wishes'>;

export type GiverMode = 'view' | 'edit' | 'choose' | 'share' | 'withdraw';

/** A day's free cells to claim, slot by slot. */
export interface FreeDay {
  day: Day;
  slots: Array<{ slot: Slot; cells: Cell[] }>;
}

/** Cells grouped by slot, as days in date order with their slots in time order. */
function byDay(board: Board, bySlot: Map<string, Cell[]>): FreeDay[] {
  const days = [...board.days].sort((a, b) => a.date.localeCompare(b.date));
  return days
    .map((day) => ({
      day,
      slots: slotsOfDay(board, day.id)
        .filter((slot) => bySlot.has(slot.id))
        .map((slot) => ({ slot, cells: bySlot.get(slot.id)! })),
    }))
    .filter((free) => free.slots.length > 0);
}

export class GiverSession {
  readonly mine: MySession;
  /** Which panel of the card is open. */
  mode = $state<GiverMode>('view');
  /** What just happened, in the page's language. */
  message = $state('');
  /** A cell someone else took first: the card offers the nearest free ones. */
  lostCell = $state<Cell | null>(null);
  /** The server no longer knows this link (replaced or the session gone for good). */
  forbidden = $state(false);
  #editedRevision = 0;
  readonly #store: BoardStore;

  constructor(store: BoardStore, mine: MySession) {
    this.#store = store;
    this.mine = mine;
  }

  get #board() {
    return this.#store.board!;
  }

  get session(): Session | undefined {
    return findSession(this.#board, this.mine.sessionId);
  }

  get placement(): Placement | undefined {
    const { session } = this;
    return session ? placementOf(this.#board, session.id) : undefined;
  }

  get claimingOpen(): boolean {
    return this.#board.event.claiming === 'open';
  }

  /** Where the session stands: placed, pitching, waiting in the queue, withdrawn. */
  get status(): string {
    const { session, placement } = this;
    const board = this.#board;
    if (!session) return t('giver.status.unknown');
    if (session.status === 'withdrawn') return t('giver.status.withdrawn');
    if (placement) return t('giver.status.placed', cellText(board, placement));
    if (board.pitch.current === session.id) return t('giver.status.pitching');
    const position = board.pitch.queue.indexOf(session.id);
    return position >= 0 ? t('giver.status.waiting', { position: position + 1 }) : t('giver.status.pitched');
  }

  /**
   * The free cells to claim, by day and slot in time order: those that fit the session's wishes
   * (lunch, leaving time, projector) first, the others after them. Without wishes, all fit.
   */
  get choices(): { fitting: FreeDay[]; others: FreeDay[]; wished: boolean } {
    const board = this.#board;
    const session = this.session;
    const wishes = session?.wishes ?? NO_WISHES;
    const fitting = new Map<string, Cell[]>();
    const others = new Map<string, Cell[]>();
    const groupOf = (cell: Cell) => {
      const room = board.rooms.find((r) => r.id === cell.roomId)!;
      const slot = board.slots.find((s) => s.id === cell.slotId)!;
      return fitsWishes(board, wishes, room, slot) ? fitting : others;
    };
    for (const cell of bookableCells(board)) {
      if (placementAt(board, cell) || isBlocked(board, cell)) continue;
      const group = groupOf(cell);
      group.set(cell.slotId, [...(group.get(cell.slotId) ?? []), cell]);
    }
    // The slot of a cell just lost stays in the list, even full: its answer is shown there.
    const lost = this.lostCell;
    if (lost && board.slots.some((s) => s.id === lost.slotId) && !fitting.has(lost.slotId) && !others.has(lost.slotId)) groupOf(lost).set(lost.slotId, []);
    return { fitting: byDay(board, fitting), others: byDay(board, others), wished: hasWishes(board, wishes) };
  }

  /** The free cells nearest to the one just lost. */
  get nearby(): Cell[] {
    return this.lostCell ? nearestFreeCells(this.#board, this.lostCell) : [];
  }

  /** Opens a panel, or closes it when it is open; an edit starts from the session as it is now. */
  show(next: GiverMode): void {
    this.mode = this.mode === next ? 'view' : next;
    this.message = '';
    this.lostCell = null;
    if (next === 'edit' && this.session) this.#editedRevision = this.session.revision;
  }

  /**
   * Saves an edit. Someone changed the session meanwhile: nothing is saved, the card says so and
   * hands back the session as it is now (`fresh`), for the form to start from.
   */
  async save(values: SessionText): Promise<{ saved: boolean; fresh?: Session }> {
    const { sessionId, token } = this.mine;
    const result = await this.#store.send('session:update', { sessionId, token, revision: this.#editedRevision, ...values });
    if (result.ok) {
      this.mode = 'view';
      this.message = t('giver.saved');
      return { saved: true };
    }
    if (result.code !== 'conflict') {
      this.#refused(result);
      return { saved: false };
    }
    await this.#store.resync();
    const fresh = this.session;
    if (fresh) this.#editedRevision = fresh.revision;
    this.message = t('giver.conflict');
    return { saved: false, fresh };
  }

  /** Takes a free cell for the session; when someone was faster, the nearest free ones are offered. */
  async claim(cell: Cell): Promise<void> {
    const { sessionId, token } = this.mine;
    const result = await this.#store.send('session:claim', { sessionId, token, ...cell }, { moves: { sessionId, to: cell } });
    if (result.ok) {
      await this.#store.whenVersion(result.version);
      this.mode = 'view';
      this.lostCell = null;
      this.message = t('giver.claimed', cellText(this.#board, cell));
    } else if (result.code === 'cell_taken') {
      this.lostCell = cell;
      this.message = t('giver.lost', cellText(this.#board, cell));
    } else this.#refused(result);
  }

  /** Gives the cell back: the session waits in the tray again. */
  async release(): Promise<void> {
    const { sessionId, token } = this.mine;
    const result = await this.#store.send('session:release', { sessionId, token }, { moves: { sessionId, to: 'tray' } });
    if (result.ok) this.message = t('giver.released');
    else this.#refused(result);
  }

  async withdraw(): Promise<void> {
    const { sessionId, token } = this.mine;
    const result = await this.#store.send('session:withdraw', { sessionId, token });
    this.mode = 'view';
    if (!result.ok) this.#refused(result);
  }

  #refused(refused: Refused): void {
    if (refused.code === 'forbidden') this.forbidden = true;
    this.message = refusalText(refused);
  }
}
