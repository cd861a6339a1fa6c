// What a change did to the tables, found by comparing the board before and after it row by row.
// `apply` (shared/apply.ts) alone says what an event means; the store writes down the difference,
// so a new kind of event needs nothing here.
import {
  idleTimer,
  type Board,
  type Cell,
  type Day,
  type EventInfo,
  type PitchState,
  type Placement,
  type Room,
  type Session,
  type Slot,
} from '../shared/board.ts';

export interface RowChanges<Row> {
  removed: Row[];
  /** In the order of the board after: the order of insertion is the order a reload reads. */
  inserted: Row[];
  updated: Row[];
}

export interface BoardDiff {
  /** The event's settings, when one of them changed. */
  event?: EventInfo;
  pitch?: PitchState;
  days: RowChanges<Day>;
  rooms: RowChanges<Room>;
  slots: RowChanges<Slot>;
  sessions: RowChanges<Session>;
  placements: RowChanges<Placement>;
  blocked: RowChanges<Cell>;
}

/**
 * Equal as stored. Rows that did not change are the same objects (apply copies only what it
 * changes), so the comparison of text runs for the few that did. Two texts that differ only in
 * key order count as a change: one write too many, never one too few.
 */
function sameRow(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function changesById<Row>(before: readonly Row[], after: readonly Row[], key: (row: Row) => string): RowChanges<Row> {
  const changes: RowChanges<Row> = { removed: [], inserted: [], updated: [] };
  if (before === after) return changes;
  const old = new Map(before.map((row) => [key(row), row]));
  for (const row of after) {
    const was = old.get(key(row));
    old.delete(key(row));
    if (was === undefined) changes.inserted.push(row);
    else if (!sameRow(was, row)) changes.updated.push(row);
  }
  changes.removed = [...old.values()];
  return changes;
}

/**
 * Rows that are all key (a placement, a block) are there or not, never changed in place; they
 * are read back in the order they were written. Apply keeps the rows it does not touch in their
 * order and appends the new ones (new objects, also for a cell a session had already): then the
 * gone rows are deleted and the new ones inserted. Any other order rewrites the event's rows.
 */
function changesOfKeyRows<Row extends object>(before: readonly Row[], after: readonly Row[]): RowChanges<Row> {
  const changes: RowChanges<Row> = { removed: [], inserted: [], updated: [] };
  if (before === after) return changes;
  const gone = new Map(before.map((row, index) => [row, index]));
  let lastKept = -1;
  for (const row of after) {
    const index = gone.get(row);
    if (index === undefined) {
      changes.inserted.push(row);
    } else if (changes.inserted.length > 0 || index < lastKept) {
      return { removed: [...before], inserted: [...after], updated: [] };
    } else {
      lastKept = index;
      gone.delete(row);
    }
  }
  changes.removed = [...gone.keys()];
  return changes;
}

const byId = (row: { id: string }) => row.id;

export function boardDiff(before: Board, after: Board): BoardDiff {
  return {
    event: sameRow(before.event, after.event) ? undefined : after.event,
    pitch: sameRow(before.pitch, after.pitch) ? undefined : after.pitch,
    days: changesById(before.days, after.days, byId),
    rooms: changesById(before.rooms, after.rooms, byId),
    slots: changesById(before.slots, after.slots, byId),
    sessions: changesById(before.sessions, after.sessions, byId),
    placements: changesOfKeyRows(before.placements, after.placements),
    blocked: changesOfKeyRows(before.blocked, after.blocked),
  };
}

/** A board with nothing in it yet: what an event's first write is compared against. */
export function emptyBoard(event: EventInfo): Board {
  return {
    event,
    days: [],
    rooms: [],
    slots: [],
    sessions: [],
    placements: [],
    blocked: [],
    pitch: { queue: [], current: null, timer: idleTimer(0) },
  };
}

/** The rows each table's writes carry: a day with its position (its index on the board it is on). */
export interface TableRows {
  event: EventInfo;
  pitch: PitchState;
  days: Day & { position: number };
  rooms: Room;
  slots: Slot;
  sessions: Session;
  placements: Placement;
  blocked: Cell;
}

/** One row to write: a store runs its statement for `table` and `op` with `row`. */
export type RowWrite = { [Table in keyof TableRows]: { table: Table; op: 'delete' | 'insert' | 'update'; row: TableRows[Table] } }[keyof TableRows];

/**
 * What a change did, as the writes a store runs one after the other (both stores, in this order).
 * Rows go children first (placements and blocks before the slots, days and rooms they sit in),
 * then come parents first, so that the foreign keys hold at every statement. The event's settings
 * and its pitch state are one `update` each (the pitch is small and changes as a whole). Rows that
 * are all key (placements, blocks) are never updated in place: boardDiff finds none.
 */
export function orderedWrites(before: Board, after: Board): RowWrite[] {
  const diff = boardDiff(before, after);
  const writes: RowWrite[] = [];
  // Days are read by date; their position is kept for whoever reads the table itself.
  const positionIn = (board: Board) => new Map(board.days.map((day, index) => [day.id, index]));
  const positionBefore = positionIn(before);
  const positionAfter = positionIn(after);
  const days = {
    removed: diff.days.removed.map((day) => ({ ...day, position: positionBefore.get(day.id)! })),
    inserted: diff.days.inserted.map((day) => ({ ...day, position: positionAfter.get(day.id)! })),
    updated: diff.days.updated.map((day) => ({ ...day, position: positionAfter.get(day.id)! })),
  };
  const remove = <Table extends keyof TableRows>(table: Table, changes: RowChanges<TableRows[Table]>) => {
    for (const row of changes.removed) writes.push({ table, op: 'delete', row } as RowWrite);
  };
  const write = <Table extends keyof TableRows>(table: Table, changes: RowChanges<TableRows[Table]>) => {
    for (const row of changes.inserted) writes.push({ table, op: 'insert', row } as RowWrite);
    for (const row of changes.updated) writes.push({ table, op: 'update', row } as RowWrite);
  };
  remove('placements', diff.placements);
  remove('blocked', diff.blocked);
  remove('slots', diff.slots);
  remove('days', days);
  remove('rooms', diff.rooms);
  remove('sessions', diff.sessions);
  if (diff.event) writes.push({ table: 'event', op: 'update', row: diff.event });
  if (diff.pitch) writes.push({ table: 'pitch', op: 'update', row: diff.pitch });
  write('days', days);
  write('rooms', diff.rooms);
  write('sessions', diff.sessions);
  write('slots', diff.slots);
  write('placements', diff.placements);
  write('blocked', diff.blocked);
  return writes;
}
