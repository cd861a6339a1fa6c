// The board: everything every screen may see. Secrets never live here.

export type Claiming = 'closed' | 'open';
export type SlotKind = 'session' | 'break';
export type SessionStatus = 'pitched' | 'withdrawn';

export interface EventInfo {
  slug: string;
  title: string;
  /** IANA zone, e.g. Europe/Berlin; slot times are wall-clock times in this zone. */
  timezone: string;
  locale: 'de' | 'en';
  claiming: Claiming;
  pitchSeconds: number;
  /**
   * Where each session's notes are (shared/notes-link.ts): an http(s) address in which {slug},
   * {session} and {title} are replaced, URL-encoded; "" for none.
   */
  notesLink: string;
}

export interface Day {
  id: string;
  /** YYYY-MM-DD */
  date: string;
  label: string;
}

export interface Room {
  id: string;
  name: string;
  capacity: number | null;
  /** Whether the room has a projector; only counts once a room of the event says it has one. */
  projector: boolean;
  position: number;
}

export interface Slot {
  id: string;
  dayId: string;
  /** HH:MM */
  start: string;
  end: string;
  kind: SlotKind;
  label: string;
}

/** What a session giver asks for when submitting; the facilitator sees it on the card. */
export interface SessionWishes {
  timing: 'any' | 'before_lunch' | 'after_lunch';
  /** HH:MM: the giver has to leave at this time. */
  leaveBy: string | null;
  needsProjector: boolean;
}

export const NO_WISHES: SessionWishes = { timing: 'any', leaveBy: null, needsProjector: false };

export interface Session {
  id: string;
  title: string;
  host: string;
  description: string;
  tags: string[];
  /** Hands raised during the pitch, as the facilitator counted them; null: not counted. */
  interest: number | null;
  /**
   * Phones that tapped "Interested" (one per device). Not a board change: no version, no log;
   * sent in every snapshot and as `session:taps` while it changes.
   */
  taps: number;
  /** Bumped by every text edit; an edit based on an older revision is a conflict. */
  revision: number;
  status: SessionStatus;
  wishes: SessionWishes;
  /** The facilitator's link for this session's notes instead of the event's template; "" for none. */
  notesLink: string;
  /**
   * Where this session's notes are: its own `notesLink`, else the event's template, filled in
   * (shared/notes-link.ts); "" when neither is set. Kept up to date by apply, never sent in a command.
   */
  notesUrl: string;
}

/**
 * The pitch countdown. While running, what is left at server time t is
 * remainingMs - (t - runningSince); paused or stopped, it is remainingMs.
 */
export interface PitchTimer {
  durationMs: number;
  remainingMs: number;
  runningSince: number | null;
}

/** The morning pitch: who is pitching now, who waits, and the countdown. */
export interface PitchState {
  /** Sessions waiting to pitch, in order. */
  queue: string[];
  current: string | null;
  timer: PitchTimer;
}

export interface Placement {
  sessionId: string;
  roomId: string;
  slotId: string;
}

export interface Board {
  event: EventInfo;
  days: Day[];
  rooms: Room[];
  slots: Slot[];
  sessions: Session[];
  placements: Placement[];
  /** Cells that take no session (a room not available in a slot). */
  blocked: Cell[];
  pitch: PitchState;
}

export interface Cell {
  roomId: string;
  slotId: string;
}

/** A cell as one string, to key sets and maps of cells (and Svelte's keyed lists). */
export function cellKey(cell: Cell): string {
  return `${cell.roomId}|${cell.slotId}`;
}

export function sameCell(a: Cell, b: Cell): boolean {
  return a.roomId === b.roomId && a.slotId === b.slotId;
}

export function placementAt(board: Board, cell: Cell): Placement | undefined {
  return board.placements.find((p) => sameCell(p, cell));
}

/** Where a session starts (a double session also holds the cell below, see cellsOf). */
export function placementOf(board: Board, sessionId: string): Placement | undefined {
  return cellsOf(board, sessionId)[0];
}

/**
 * The order of text written to sort (ISO dates, "HH:MM" times): character by character. Not
 * localeCompare: these are not words, and its first call starts Intl, a tenth of a second on a
 * slow phone before the first plan.
 */
export function sortableOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every cell a session holds, in time order: one, or two for a double session. */
export function cellsOf(board: Board, sessionId: string): Placement[] {
  const order = new Map(board.slots.map((s) => [s.id, `${s.dayId}|${s.start}`]));
  return board.placements.filter((p) => p.sessionId === sessionId).sort((a, b) => sortableOrder(order.get(a.slotId) ?? '', order.get(b.slotId) ?? ''));
}

export function isBlocked(board: Board, cell: Cell): boolean {
  return board.blocked.some((b) => sameCell(b, cell));
}

/** The session slot right after `slotId` on the same day, if nothing lies between them. */
export function nextSlotOf(board: Board, slotId: string): Slot | undefined {
  const slot = board.slots.find((s) => s.id === slotId);
  if (!slot) return undefined;
  const day = slotsOfDay(board, slot.dayId);
  const next = day[day.findIndex((s) => s.id === slotId) + 1];
  return next?.kind === 'session' ? next : undefined;
}

export function findSession(board: Board, sessionId: string): Session | undefined {
  return board.sessions.find((s) => s.id === sessionId);
}

/** Rooms in display order. */
export function orderedRooms(board: Board): Room[] {
  return [...board.rooms].sort((a, b) => a.position - b.position);
}

/** Slots of one day in time order. */
export function slotsOfDay(board: Board, dayId: string): Slot[] {
  return board.slots.filter((s) => s.dayId === dayId).sort((a, b) => sortableOrder(a.start, b.start));
}

/**
 * The interest a session is planned with: the hands the facilitator counted, or, until they are
 * counted, the phones that tapped "Interested". Offers, auto-fill and the seats warning use it.
 */
export function plannedInterest(session: Pick<Session, 'interest' | 'taps'>): number {
  return session.interest ?? session.taps;
}

/** Pitched sessions not placed anywhere: the tray. */
export function unplacedSessions(board: Board): Session[] {
  const placed = new Set(board.placements.map((p) => p.sessionId));
  return board.sessions.filter((s) => s.status === 'pitched' && !placed.has(s.id));
}

export function idleTimer(pitchSeconds: number): PitchTimer {
  return { durationMs: pitchSeconds * 1000, remainingMs: pitchSeconds * 1000, runningSince: null };
}

/** Milliseconds left on the countdown at server time `now`. */
export function timerRemaining(timer: PitchTimer, now: number): number {
  if (timer.runningSince === null) return timer.remainingMs;
  return Math.max(0, timer.remainingMs - (now - timer.runningSince));
}

/** The slots of one day that take sessions (no breaks), in time order. */
export function sessionSlotsOfDay(board: Board, dayId: string): Slot[] {
  return slotsOfDay(board, dayId).filter((slot) => slot.kind === 'session');
}

/** The grid of one day: a row per session slot, in each a cell per room in display order. */
export function dayGrid(board: Board, dayId: string): Cell[][] {
  const rooms = orderedRooms(board);
  return sessionSlotsOfDay(board, dayId).map((slot) => rooms.map((room) => ({ roomId: room.id, slotId: slot.id })));
}

/** Every cell that can take a session: day by day, slot by slot, room by room. */
export function bookableCells(board: Board): Cell[] {
  return board.days.flatMap((day) => dayGrid(board, day.id).flat());
}

/** A part of the frame: a room, a time slot or a whole day. */
export type FramePart = { roomId: string } | { slotId: string } | { dayId: string };

/** Whether a cell lies in a room, a slot or a day. */
export function cellIn(board: Board, part: FramePart): (cell: Cell) => boolean {
  if ('roomId' in part) return (cell) => cell.roomId === part.roomId;
  if ('slotId' in part) return (cell) => cell.slotId === part.slotId;
  const slotsOfTheDay = new Set(board.slots.filter((s) => s.dayId === part.dayId).map((s) => s.id));
  return (cell) => slotsOfTheDay.has(cell.slotId);
}

/** The placements in a room, a slot or a day. */
export function placementsIn(board: Board, part: FramePart): Placement[] {
  return board.placements.filter(cellIn(board, part));
}

/**
 * Free session cells ordered by closeness to `cell`: the same slot in other rooms first, then
 * the neighbouring slots of the same day, then the rest. Offered to a giver who lost a claim.
 */
export function nearestFreeCells(board: Board, cell: Cell, limit = 3): Cell[] {
  const slot = board.slots.find((s) => s.id === cell.slotId);
  const rooms = orderedRooms(board);
  const roomIndex = Math.max(
    0,
    rooms.findIndex((r) => r.id === cell.roomId),
  );
  const dayOrder = new Map(board.days.map((d, i) => [d.id, i]));
  const slotOrder = new Map(board.days.flatMap((day) => slotsOfDay(board, day.id).map((s, i) => [s.id, (dayOrder.get(day.id) ?? 0) * 1000 + i] as const)));
  const target = slot ? (slotOrder.get(slot.id) ?? 0) : 0;
  const taken = new Set([...board.placements, ...board.blocked].map(cellKey));
  return bookableCells(board)
    .filter((c) => !taken.has(cellKey(c)) && !sameCell(c, cell))
    .map((c) => {
      const slotDistance = Math.abs((slotOrder.get(c.slotId) ?? 0) - target);
      const roomDistance = Math.abs(rooms.findIndex((r) => r.id === c.roomId) - roomIndex);
      return { c, score: slotDistance * 100 + roomDistance };
    })
    .sort((a, b) => a.score - b.score)
    .slice(0, limit)
    .map(({ c }) => c);
}
