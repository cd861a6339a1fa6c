// The facilitator's board without its markup: which card is carried and to which cell, what a
// drop or a key sends, undo and redo, the day shown, and what is said aloud or shown as an alert.
// BoardView and PlanGrid are views over it; its tests run against a fake socket, without a browser.
import { tick } from 'svelte';
import {
  dayGrid,
  sessionSlotsOfDay,
  findSession,
  placementAt,
  placementOf,
  sameCell,
  unplacedSessions,
  cellKey,
  type Board,
  type Cell,
  type Day,
  type Placement,
  type Room,
  type Session,
  type Slot,
} from '../../shared/board.ts';
import type { CommandPayload } from '../../shared/commands.ts';
import { suggestCells, whyNoOffer, type Suggestion } from '../../shared/suggest.ts';
import { boardWarnings, type Warning } from '../../shared/warnings.ts';
import { LIMITS } from '../../shared/limits.ts';
import type { BoardStore } from './board.svelte.ts';
import { cellText } from './describe.ts';
import { PointerDrag, type DropTarget } from './drag.svelte.ts';
import { i18n, t } from './i18n/i18n.svelte.ts';
import { refusalText, type Failed, type Refused } from './refusal.ts';

/** What the frame dialog edits: an existing room, slot or day, or a new one. */
export type FrameTarget = { kind: 'room'; room?: Room } | { kind: 'slot'; dayId: string; slot?: Slot } | { kind: 'day'; day?: Day };

export type MoveResult = { ok: true } | Failed;

/** What the session dialog may change of a session's text. */
export type SessionChanges = Omit<CommandPayload<'session:update'>, 'commandId' | 'sessionId' | 'revision' | 'token'>;

const outcome = (result: { ok: true } | Failed): MoveResult => (result.ok ? { ok: true } : result);

/** The keys of a key press that the board reacts to (a KeyboardEvent has them). */
export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  shiftKey?: boolean;
  /** Whether the key was pressed in a text field, which has its own undo. */
  inTextField?: boolean;
}

export interface BoardControllerOptions {
  /** The facilitator key the page was opened with (none: the board only shows the plan). */
  facilitatorKey?: string;
  /** Where the "whole day" choice is kept on this computer. */
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
  /** Moves focus to a grid cell (by its cell key) or to a card's grab handle: the view has the elements. */
  focusCell?: (key: string) => void;
  focusCard?: (sessionId: string) => void;
  /** Scrolls a card into view (a session just typed in). */
  revealCard?: (sessionId: string) => void;
}

const ARROWS: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
const WHOLE_DAY_KEY = 'pitchboard:whole-day';
const ALERT_MS = 6000;
/** An undo that could not be done says why; that takes longer to read. */
const UNDO_ALERT_MS = 8000;
const JUST_ADDED_MS = 4000;
/** Hands typed for the session at the microphone go out this long after the last digit. */
const HANDS_LIVE_MS = 400;

export class BoardController {
  readonly store: BoardStore;
  readonly drag: PointerDrag;
  readonly facilitatorKey: string | undefined;
  /** The card carried by keyboard or tap, and the cell (its key) it would land in. */
  picked = $state<string | null>(null);
  keyboardTarget = $state<string | null>(null);
  /** The session whose dialog is open, the frame part being edited, whether the history shows. */
  dialogSessionId = $state<string | null>(null);
  frameTarget = $state<FrameTarget | null>(null);
  historyOpen = $state(false);
  /** Read aloud by screen readers (a polite live region), and the alert shown for a moment. */
  announcement = $state('');
  alertText = $state('');
  /** The card of the session just added by quick entry, highlighted for a moment. */
  justAdded = $state<string | null>(null);
  /** Sessions with a title like the one just added by quick entry: one topic pitched twice? */
  similar = $state<{ sessionId: string; to: Array<{ sessionId: string; title: string }> } | null>(null);
  /** Where auto-fill would put the sessions of the tray, shown until accepted or discarded. */
  autofillPreview = $state<Placement[] | null>(null);
  /**
   * The pitch loop (quick entry): the session just typed in, waiting for its hands and its place
   * (see `loopSession`), and the hands typed for it, as typed.
   */
  #entered = $state<string | null>(null);
  #hands = $state<{ sessionId: string; digits: string } | null>(null);
  /** The session at the microphone that the facilitator let go with Esc: the loop leaves it. */
  #dismissed = $state<string | null>(null);
  #chosenDayId = $state<string | null>(null);
  #wholeDayChoice = $state<boolean | null>(null);
  readonly #options: BoardControllerOptions;
  #alertTimer: ReturnType<typeof setTimeout> | undefined;
  #justAddedTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(store: BoardStore, options: BoardControllerOptions = {}) {
    this.store = store;
    this.facilitatorKey = options.facilitatorKey;
    this.#options = options;
    const stored = options.storage?.getItem(WHOLE_DAY_KEY);
    this.#wholeDayChoice = stored === null || stored === undefined ? null : stored === '1';
    this.drag = new PointerDrag((sessionId, target) => void this.dropOn(sessionId, target));
  }

  get board(): Board | null {
    return this.store.board;
  }

  /** Only with an accepted facilitator key does the board show its editing controls. */
  get editable(): boolean {
    return this.facilitatorKey !== undefined && this.store.refusal !== 'unauthorized';
  }

  /** The day shown: the one chosen while it exists, else the first. */
  get dayId(): string {
    const days = this.board?.days ?? [];
    return (this.#chosenDayId && days.some((d) => d.id === this.#chosenDayId) ? this.#chosenDayId : days[0]?.id) ?? '';
  }

  chooseDay(dayId: string): void {
    this.#chosenDayId = dayId;
  }

  /** Every clash on the plan, from the board as it is (the server answers the same to board:warnings). */
  readonly warnings: Warning[] = $derived(this.board ? boardWarnings(this.board) : []);

  /**
   * What a card says about a host who is somewhere else at the same time. (Seats and wishes the
   * card shows itself; a topic shared in parallel is a soft hint, listed with the others.)
   */
  clashOf(sessionId: string): string | undefined {
    const clash = this.warnings.find((w) => w.kind === 'host_parallel' && w.sessionIds.includes(sessionId));
    return clash && t('warning.card.host_parallel', { subject: clash.subject ?? '' });
  }

  /** Newest first: a session just typed in appears right under the entry field. */
  readonly tray: Session[] = $derived(this.board ? unplacedSessions(this.board).reverse() : []);

  /**
   * "Whole day": the day's grid and the tray fit the screen at once, cards in short form. The
   * facilitator's choice is kept on this computer; until then, big camps start with it.
   */
  get wholeDay(): boolean {
    return this.#wholeDayChoice ?? (this.board ? this.board.rooms.length > 6 : false);
  }

  toggleWholeDay(): void {
    this.#wholeDayChoice = !this.wholeDay;
    this.#options.storage?.setItem(WHOLE_DAY_KEY, this.#wholeDayChoice ? '1' : '0');
  }

  /** A move of this session waits on its card while the line is down. */
  isPending(sessionId: string): boolean {
    return this.store.connection !== 'live' && this.store.pendingMoves.has(sessionId);
  }

  announce(text: string): void {
    // Setting the same text again would not be read again: clear first.
    this.announcement = '';
    void tick().then(() => (this.announcement = text));
  }

  showAlert(text: string, forMs = ALERT_MS): void {
    this.alertText = text;
    clearTimeout(this.#alertTimer);
    this.#alertTimer = setTimeout(() => (this.alertText = ''), forMs);
  }

  /** A refusal said as an alert, in the screen's language. */
  showError(refused: Refused): void {
    this.showAlert(refusalText(refused));
  }

  /** The bookable cells of the day shown, as rows (slots) of cells (rooms). */
  gridCells(): Cell[][] {
    if (!this.board) return [];
    const bySlot = dayGrid(this.board, this.dayId);
    return this.roomsAsRows ? (bySlot[0] ?? []).map((_, room) => bySlot.map((row) => row[room]!)) : bySlot;
  }

  /**
   * The grid is turned (rooms as rows, slots as columns) when the day has more rooms than
   * session slots: 12 rooms and 6 slots give each card about three times the width, and a title
   * reads in whole lines instead of syllables.
   */
  get roomsAsRows(): boolean {
    return this.board !== null && this.board.rooms.length > sessionSlotsOfDay(this.board, this.dayId).length;
  }

  /**
   * Moves a session to a cell (swapping with what is there, as the server decides) or back to the
   * tray, and says what happened once the board shows it.
   */
  async moveTo(sessionId: string, target: Cell | 'tray'): Promise<MoveResult> {
    const board = this.board;
    const session = board && findSession(board, sessionId);
    if (!session) return { ok: false, code: board ? 'not_found' : 'internal' };
    const origin = placementOf(board, sessionId);
    if (target === 'tray') {
      if (!origin) return { ok: true };
      const result = await this.store.send('session:unplace', { sessionId }, { moves: { sessionId, to: 'tray' } });
      if (!result.ok) return result;
      await this.store.whenVersion(result.version);
      this.announce(t('board.returned', { title: session.title }));
      return { ok: true };
    }
    if (origin && sameCell(origin, target)) return { ok: true };
    const occupantId = placementAt(board, target)?.sessionId ?? null;
    // What the facilitator saw in the cell: if someone else changed it meanwhile, the server refuses.
    const result = await this.store.send(
      'session:place',
      { sessionId, roomId: target.roomId, slotId: target.slotId, expectedOccupant: occupantId },
      { moves: { sessionId, to: { roomId: target.roomId, slotId: target.slotId } } },
    );
    if (!result.ok) return result;
    // Let the board show the move before it is said and focus follows the card.
    await this.store.whenVersion(result.version);
    const after = this.board ?? board;
    const where = cellText(after, target);
    const occupant = occupantId ? findSession(after, occupantId) : undefined;
    if (!occupant) this.announce(t('board.placed', { title: session.title, ...where }));
    else if (placementOf(after, occupant.id)) this.announce(t('board.swapped', { title: session.title, other: occupant.title, ...where }));
    else this.announce(t('board.swappedToTray', { title: session.title, other: occupant.title, ...where }));
    return { ok: true };
  }

  async dropOn(sessionId: string, target: DropTarget): Promise<void> {
    const result = await this.moveTo(sessionId, target.kind === 'tray' ? 'tray' : { roomId: target.roomId, slotId: target.slotId });
    if (!result.ok) this.showError(result);
  }

  /**
   * A tap or Enter on a card: picks it up (its own cell, or the first free one, becomes the
   * keyboard target), puts it down again, or — while carrying another — drops onto its cell.
   */
  pick(sessionId: string): void {
    if (this.drag.consumeClick()) return;
    const board = this.board;
    if (!board) return;
    if (this.picked === sessionId) return this.cancelPick();
    const targetPlacement = this.picked ? placementOf(board, sessionId) : undefined;
    if (targetPlacement) return void this.dropPicked({ roomId: targetPlacement.roomId, slotId: targetPlacement.slotId });
    const session = findSession(board, sessionId);
    if (!session) return;
    const cells = this.gridCells().flat();
    const origin = placementOf(board, sessionId);
    const start = (origin && cells.find((c) => sameCell(c, origin))) ?? cells.find((c) => !placementAt(board, c)) ?? cells[0];
    this.picked = sessionId;
    this.keyboardTarget = start ? cellKey(start) : null;
    this.announce(t('board.pickedUp', { title: session.title }));
    if (this.keyboardTarget) this.#focusCell(this.keyboardTarget);
  }

  cancelPick(): void {
    const sessionId = this.picked;
    this.picked = null;
    this.keyboardTarget = null;
    this.announce(t('board.cancelled'));
    if (sessionId) this.#focusCard(sessionId);
  }

  /** Puts the carried card down in a cell or in the tray; focus stays with the card. */
  async dropPicked(target: Cell | 'tray'): Promise<void> {
    const sessionId = this.picked;
    if (!sessionId) return;
    this.picked = null;
    this.keyboardTarget = null;
    const result = await this.moveTo(sessionId, target);
    if (!result.ok) this.showError(result);
    this.#focusCard(sessionId);
  }

  /** A key on a grid cell while a card is carried: arrows move the target, Enter drops, Escape cancels. True when handled. */
  keyOnCell(press: KeyPress, cell: Cell): boolean {
    if (!this.picked) return false;
    const rows = this.gridCells();
    const row = rows.findIndex((r) => r.some((c) => sameCell(c, cell)));
    const col = row >= 0 ? rows[row]!.findIndex((c) => sameCell(c, cell)) : -1;
    if (row < 0 || col < 0) return false;
    const move = ARROWS[press.key];
    if (move) {
      const nextRow = Math.min(rows.length - 1, Math.max(0, row + move[0]));
      const nextCol = Math.min(rows[nextRow]!.length - 1, Math.max(0, col + move[1]));
      this.keyboardTarget = cellKey(rows[nextRow]![nextCol]!);
      this.#focusCell(this.keyboardTarget);
      return true;
    }
    if (press.key === 'Enter' || press.key === ' ') {
      void this.dropPicked(cell);
      return true;
    }
    if (press.key === 'Escape') {
      this.cancelPick();
      return true;
    }
    return false;
  }

  /**
   * A key anywhere on the page: Escape puts a carried card down; Ctrl+Z undoes, Ctrl+Shift+Z and
   * Ctrl+Y redo — except in text fields and dialogs, which have their own. True when handled.
   */
  keyOnPage(press: KeyPress): boolean {
    if (press.key === 'Escape' && this.picked && !this.dialogSessionId) {
      this.cancelPick();
      return false;
    }
    if (!(press.ctrlKey || press.metaKey) || press.inTextField || this.dialogSessionId || this.frameTarget || this.historyOpen) return false;
    const key = press.key.toLowerCase();
    if (key !== 'z' && key !== 'y') return false;
    void this.undoRedo(key === 'y' || Boolean(press.shiftKey));
    return true;
  }

  async undoRedo(redo: boolean): Promise<void> {
    const result = await this.store.send(redo ? 'board:redo' : 'board:undo', {});
    if (result.ok) {
      await this.store.whenVersion(result.version);
      this.announce(t(redo ? 'undo.redone' : 'undo.undone'));
    } else {
      // What took the old place meanwhile, or that there is nothing left to take back.
      this.showAlert(refusalText(result), UNDO_ALERT_MS);
    }
  }

  /** Sets the raised hands. Refused, the field it was typed in shows the count the board has again. */
  async setInterest(sessionId: string, interest: number | null, field?: { value: string }): Promise<void> {
    const result = await this.store.setInterest(sessionId, interest);
    if (result.ok) return;
    const session = this.board && findSession(this.board, sessionId);
    if (field && session) field.value = session.interest === null ? '' : String(session.interest);
    this.showError(result);
  }

  /**
   * Quick entry: a session typed in right after its pitch (the host may be left out). It shows at
   * the top of the tray and becomes the loop's session: its offer shows at once, the hands typed
   * next size it, and Enter puts it there (`acceptOffer`).
   */
  async quickAdd(title: string, host: string): Promise<boolean> {
    const result = await this.store.send('session:submit', { title, ...(host.trim() ? { host } : {}) });
    if (!result.ok) {
      this.showError(result);
      return false;
    }
    if (!result.data) return true;
    const { sessionId } = result.data;
    this.similar = result.data.similar?.length ? { sessionId, to: result.data.similar } : null;
    this.justAdded = sessionId;
    this.#entered = sessionId;
    this.#hands = null;
    clearTimeout(this.#justAddedTimer);
    this.#justAddedTimer = setTimeout(() => (this.justAdded = null), JUST_ADDED_MS);
    await this.store.whenVersion(result.version);
    const best = this.offered;
    const where = best && this.board ? cellText(this.board, best) : undefined;
    this.announce(where ? t('board.quickAddedSuggested', { title: title.trim(), ...where }) : t('board.quickAdded', { title: title.trim() }));
    // The offer shown above the tray moves the card down: into view again.
    await tick();
    this.#options.revealCard?.(sessionId);
    return true;
  }

  /**
   * The session the loop works on: the one just typed in while it waits in the tray, else the
   * one at the microphone (unless it is placed already, or was let go with Esc).
   */
  get loopSession(): Session | null {
    const board = this.board;
    if (!board) return null;
    const waiting = (id: string | null) => {
      const session = id ? findSession(board, id) : undefined;
      return session && session.status === 'pitched' && !placementOf(board, session.id) ? session : null;
    };
    const current = board.pitch.current;
    return waiting(this.#entered) ?? (current !== this.#dismissed ? waiting(current) : null);
  }

  /** Whether the loop works on the session at the microphone (Enter then also calls the next pitch). */
  get loopAtMicrophone(): boolean {
    const session = this.loopSession;
    return session !== null && session.id === this.board?.pitch.current && session.id !== this.#entered;
  }

  /** The hands typed for the loop's session, as typed ('' when none). */
  get hands(): string {
    const session = this.loopSession;
    return session && this.#hands?.sessionId === session.id ? this.#hands.digits : '';
  }

  /**
   * Digits typed as the loop session's hands (anything else is dropped); the offer follows at
   * once. At the microphone the count also goes out a moment after the last digit, so that the
   * projector and the pitch bar show it while the pitch goes on (one undo step with the rest).
   */
  typeHands(text: string): void {
    const session = this.loopSession;
    if (!session) return;
    const digits = text.replace(/\D/g, '').slice(0, String(LIMITS.interest).length);
    this.#hands = { sessionId: session.id, digits };
    clearTimeout(this.#handsTimer);
    if (this.loopAtMicrophone && digits !== '') this.#handsTimer = setTimeout(() => void this.#saveHands(session.id), HANDS_LIVE_MS);
  }
  #handsTimer: ReturnType<typeof setTimeout> | undefined;

  /** The hands typed for a session, as a count (null: none typed, the count the board has stands). */
  #typedHandsOf(sessionId: string): number | null {
    const digits = this.#hands?.sessionId === sessionId ? this.#hands.digits : '';
    return digits === '' ? null : Math.min(Number(digits), LIMITS.interest);
  }

  /**
   * The place offered for the loop's session: worked out here, on this board, with the hands as
   * typed so far (or, none typed, the count it has: hands, else the phones' taps), in a slot not
   * yet begun. The same rule as the server's `session:suggest`.
   */
  readonly offered: (Suggestion & { sessionId: string }) | null = $derived.by(() => {
    const session = this.loopSession;
    const board = this.board;
    if (!session || !board) return null;
    const typed = this.#typedHandsOf(session.id);
    const sized = typed === null ? board : { ...board, sessions: board.sessions.map((s) => (s.id === session.id ? { ...s, interest: typed } : s)) };
    const [best] = suggestCells(sized, session.id, 1, this.store.serverNow());
    return best ? { ...best, sessionId: session.id } : null;
  });

  /** The offered place and why it was chosen, in the page's language. */
  get offerText(): { place: string; why: string } | null {
    const offer = this.offered;
    if (!offer || !this.board) return null;
    const board = this.board;
    const room = board.rooms.find((r) => r.id === offer.roomId);
    const seats = room?.capacity === null || room === undefined ? '' : ` (${t('board.seats', { seats: room.capacity })})`;
    // On a camp of several days the time alone does not say when.
    const dayId = board.slots.find((s) => s.id === offer.slotId)?.dayId;
    const day = board.days.length > 1 ? board.days.find((d) => d.id === dayId) : undefined;
    const where = cellText(board, offer);
    return {
      place: t('board.offer', { ...where, start: day ? `${day.label || i18n.shortDate(day.date)}, ${where.start}` : where.start }) + seats,
      why: offer.reasons
        .map((reason) => t(`suggest.reason.${reason}`, { seats: offer.seats ?? 0, interest: offer.interest ?? 0, tag: offer.tag ?? '' }))
        .join(' · '),
    };
  }

  /** Why the loop's session has no offer, in the page's language (null while it has one). */
  get noOfferText(): string | null {
    const session = this.loopSession;
    const board = this.board;
    if (!session || !board || this.offered) return null;
    const why = whyNoOffer(board, session.id, this.store.serverNow());
    if (!why) return null;
    const names = why.kind === 'host' ? new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(why.names) : '';
    return `${t(`board.offerNone.${why.kind}`, { names })} ${t('board.offerNoneNext')}`;
  }

  /**
   * Enter in the loop: the hands typed become the session's count, and it goes where offered; a
   * session at the microphone makes way for the next pitch. False when nothing is offered.
   */
  async acceptOffer(): Promise<boolean> {
    const offer = this.offered;
    const atMicrophone = this.loopAtMicrophone;
    if (!offer) {
      // Nowhere to put it: Enter still moves the loop on (the hands kept, the next pitch called).
      const session = this.loopSession;
      if (session) await this.leaveInTray();
      if (session && atMicrophone) await this.#callNextPitch(session.id);
      return false;
    }
    if (!(await this.#saveHands(offer.sessionId))) return false;
    const result = await this.moveTo(offer.sessionId, { roomId: offer.roomId, slotId: offer.slotId });
    if (!result.ok) {
      this.showError(result);
      return false;
    }
    if (this.#entered === offer.sessionId) this.#entered = null;
    this.#hands = null;
    // Placed on a day not shown: the grid goes there, so that the card is seen landing.
    const dayId = this.board?.slots.find((s) => s.id === offer.slotId)?.dayId;
    if (dayId && dayId !== this.dayId) this.chooseDay(dayId);
    if (atMicrophone) await this.#callNextPitch(offer.sessionId);
    return true;
  }

  /** The next pitch, if the session is still the one at the microphone. */
  async #callNextPitch(sessionId: string): Promise<void> {
    if (this.board?.pitch.current !== sessionId) return;
    const next = await this.store.send('pitch:next', {});
    if (next.ok) await this.store.whenVersion(next.version);
    else this.showError(next);
  }

  /** Esc in the loop: the session stays in the tray (with the hands typed), and the loop lets go of it. */
  async leaveInTray(): Promise<void> {
    const session = this.loopSession;
    if (!session) return;
    if (!(await this.#saveHands(session.id))) return;
    if (session.id === this.#entered) this.#entered = null;
    else this.#dismissed = session.id;
    if (this.similar?.sessionId === session.id) this.similar = null;
    this.#hands = null;
    this.announce(t('board.leftInTray', { title: session.title }));
  }

  /** Sends the hands typed for a session, if they differ from its count. False when refused. */
  async #saveHands(sessionId: string): Promise<boolean> {
    clearTimeout(this.#handsTimer);
    const typed = this.#typedHandsOf(sessionId);
    const session = this.board && findSession(this.board, sessionId);
    if (typed === null || !session || this.store.interestOf(session) === typed) return true;
    const result = await this.store.setInterest(sessionId, typed);
    if (!result.ok) this.showError(result);
    return result.ok;
  }

  /** Merges the session just added into a similar one: one session with both hosts. */
  async mergeInto(intoSessionId: string): Promise<boolean> {
    const added = this.similar;
    if (!added) return false;
    const into = added.to.find((s) => s.sessionId === intoSessionId);
    const result = await this.store.send('session:merge', { sessionId: added.sessionId, intoSessionId });
    if (!result.ok) {
      this.showError(result);
      return false;
    }
    this.similar = null;
    if (this.#entered === added.sessionId) this.#entered = null;
    this.announce(t('board.merged', { title: into?.title ?? '' }));
    return true;
  }

  /** Asks where auto-fill would put every session of the tray; nothing changes yet. */
  async previewAutofill(): Promise<void> {
    const result = await this.store.send('board:autofill', { dryRun: true });
    if (!result.ok) return this.showError(result);
    const placements = result.data?.placements ?? [];
    this.autofillPreview = placements.length > 0 ? placements : null;
    this.announce(placements.length > 0 ? t('autofill.preview', { count: placements.length }) : t('autofill.nothing'));
  }

  /** Fills the plan as previewed (decided anew on the board as it is now): one change, one undo. */
  async acceptAutofill(): Promise<void> {
    this.autofillPreview = null;
    const result = await this.store.send('board:autofill', { dryRun: false });
    if (!result.ok) return this.showError(result);
    await this.store.whenVersion(result.version);
    this.announce(t('autofill.done', { count: result.data?.placements.length ?? 0 }));
  }

  discardAutofill(): void {
    this.autofillPreview = null;
  }

  /** The session auto-fill would put in a cell, while its preview shows. */
  previewedIn(cell: Cell): Session | undefined {
    const placement = this.autofillPreview?.find((p) => sameCell(p, cell));
    return placement && this.board ? findSession(this.board, placement.sessionId) : undefined;
  }

  async moveRoom(roomId: string, toIndex: number): Promise<void> {
    const result = await this.store.send('room:move', { roomId, toIndex });
    if (!result.ok) this.showError(result);
  }

  async withdraw(sessionId: string): Promise<MoveResult> {
    const title = this.board && findSession(this.board, sessionId)?.title;
    const result = await this.store.send('session:withdraw', { sessionId });
    if (result.ok) this.announce(t('board.withdrawn', { title: title ?? '' }));
    return outcome(result);
  }

  /** A text edit from the session dialog, based on the revision the dialog showed. */
  async saveSession(sessionId: string, changes: SessionChanges, revision: number): Promise<MoveResult> {
    return outcome(await this.store.send('session:update', { sessionId, revision, ...changes }));
  }

  /** A double session (extend) or a single one again (shrink). */
  async resize(sessionId: string, extend: boolean): Promise<MoveResult> {
    return outcome(await this.store.send(extend ? 'session:extend' : 'session:shrink', { sessionId }));
  }

  /** A new secret link for the giver; the old one stops working. */
  async reissue(sessionId: string): Promise<{ ok: true; token: string } | Failed> {
    const result = await this.store.send('session:reissue', { sessionId });
    if (!result.ok) return result;
    return result.data ? { ok: true, token: result.data.token } : { ok: false, code: 'internal' };
  }

  async letThrough(network: string): Promise<void> {
    if (!(await this.store.letThrough(network))) this.showAlert(t('limits.letThroughFailed'));
  }

  /** Closes the session dialog; focus goes back to the card it was opened from. */
  closeDialog(): void {
    const sessionId = this.dialogSessionId;
    this.dialogSessionId = null;
    if (sessionId) this.#focusCard(sessionId);
  }

  dispose(): void {
    clearTimeout(this.#handsTimer);
    clearTimeout(this.#alertTimer);
    clearTimeout(this.#justAddedTimer);
  }

  #focusCell(key: string): void {
    void tick().then(() => this.#options.focusCell?.(key));
  }

  #focusCard(sessionId: string): void {
    void tick().then(() => this.#options.focusCard?.(sessionId));
  }
}
