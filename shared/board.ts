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

export interface Session {
  id: string;
  title: string;
  host: string;
  description: string;
  tags: string[];
  /** Hands raised during the pitch. */
  interest: number;
  /** Bumped by every text edit; an edit based on an older revision is a conflict. */
  revision: number;
  status: SessionStatus;
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
}

export interface Cell {
  roomId: string;
  slotId: string;
}

export function sameCell(a: Cell, b: Cell): boolean {
  return a.roomId === b.roomId && a.slotId === b.slotId;
}

export function placementAt(board: Board, cell: Cell): Placement | undefined {
  return board.placements.find((p) => sameCell(p, cell));
}

export function placementOf(board: Board, sessionId: string): Placement | undefined {
  return board.placements.find((p) => p.sessionId === sessionId);
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
  return board.slots.filter((s) => s.dayId === dayId).sort((a, b) => a.start.localeCompare(b.start));
}

/** Pitched sessions not placed anywhere: the tray. */
export function unplacedSessions(board: Board): Session[] {
  const placed = new Set(board.placements.map((p) => p.sessionId));
  return board.sessions.filter((s) => s.status === 'pitched' && !placed.has(s.id));
}
