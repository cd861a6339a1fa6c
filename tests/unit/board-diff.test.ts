// What the store writes for a change: the rows boardDiff finds. One write too many only costs
// time, one too few loses a change, so both directions are checked on the function itself.
import { describe, expect, it } from 'vitest';
import { boardDiff, emptyBoard } from '../../db/board-diff.ts';
import { session as fixtureSession } from '../fixtures/board.ts';
import { type Board, type EventInfo, type Placement, type Session } from '../../shared/board.ts';

const event: EventInfo = { slug: 'camp', title: 'Camp', timezone: 'Europe/Berlin', locale: 'de', claiming: 'closed', pitchSeconds: 60, notesLink: '' };

/** A session as the fixture makes it, with the title given (host and texts do not matter here). */
const session = (id: string, title = `Session ${id}`): Session => fixtureSession(id, { title });

function board(): Board {
  return {
    ...emptyBoard(event),
    days: [{ id: 'd1', date: '2026-11-28', label: 'Samstag' }],
    rooms: [
      { id: 'r1', name: 'Raum A', capacity: null, projector: false, position: 0 },
      { id: 'r2', name: 'Raum B', capacity: 20, projector: true, position: 1 },
    ],
    slots: [{ id: 's1', dayId: 'd1', start: '10:00', end: '10:45', kind: 'session', label: '' }],
    sessions: [session('a'), session('b'), session('c')],
    placements: [
      { sessionId: 'a', roomId: 'r1', slotId: 's1' },
      { sessionId: 'b', roomId: 'r2', slotId: 's1' },
    ],
    blocked: [],
  };
}

const nothing = { removed: [], inserted: [], updated: [] };

describe('boardDiff', () => {
  it('finds nothing between a board and itself, nor between equal copies of its rows', () => {
    const before = board();
    expect(boardDiff(before, before)).toEqual({
      event: undefined,
      pitch: undefined,
      days: nothing,
      rooms: nothing,
      slots: nothing,
      sessions: nothing,
      placements: nothing,
      blocked: nothing,
    });
    const copied = structuredClone(before);
    copied.placements = before.placements;
    const diff = boardDiff(before, copied);
    expect(diff.event).toBeUndefined();
    expect(diff.pitch).toBeUndefined();
    expect(diff.sessions).toEqual(nothing);
    expect(diff.rooms).toEqual(nothing);
  });

  it('updates only the row whose content changed, keyed by id', () => {
    const before = board();
    const after = { ...before, sessions: [before.sessions[0]!, { ...before.sessions[1]!, title: 'Neu' }, before.sessions[2]!] };
    expect(boardDiff(before, after).sessions).toEqual({ removed: [], inserted: [], updated: [after.sessions[1]!] });
  });

  it('inserts new rows in the order of the board after and removes the gone ones', () => {
    const before = board();
    const after = { ...before, sessions: [before.sessions[1]!, session('d'), session('e')] };
    expect(boardDiff(before, after).sessions).toEqual({
      removed: [before.sessions[0]!, before.sessions[2]!],
      inserted: [session('d'), session('e')],
      updated: [],
    });
  });

  it('names a changed setting and a changed pitch, and nothing when only copies', () => {
    const before = board();
    const after = { ...before, event: { ...event, title: 'Anders' }, pitch: { ...before.pitch, queue: ['c'] } };
    const diff = boardDiff(before, after);
    expect(diff.event).toEqual(after.event);
    expect(diff.pitch).toEqual(after.pitch);
  });

  describe('rows that are all key (placements, blocked cells)', () => {
    it('deletes the gone rows and inserts the appended ones when the kept ones stay in order', () => {
      const before = board();
      const moved: Placement = { sessionId: 'c', roomId: 'r1', slotId: 's1' };
      const after = { ...before, placements: [before.placements[1]!, moved] };
      expect(boardDiff(before, after).placements).toEqual({ removed: [before.placements[0]!], inserted: [moved], updated: [] });
    });

    it('rewrites all rows when a kept row comes after a new one, so a reload reads the same order', () => {
      const before = board();
      const added: Placement = { sessionId: 'c', roomId: 'r1', slotId: 's1' };
      const after = { ...before, placements: [added, ...before.placements] };
      expect(boardDiff(before, after).placements).toEqual({ removed: before.placements, inserted: after.placements, updated: [] });
    });

    it('rewrites all rows when two kept rows swap places', () => {
      const before = board();
      const after = { ...before, placements: [before.placements[1]!, before.placements[0]!] };
      expect(boardDiff(before, after).placements).toEqual({ removed: before.placements, inserted: after.placements, updated: [] });
    });

    it('keeps rows in order after a gap, and counts an equal but new object as new', () => {
      const before = {
        ...board(),
        blocked: [
          { roomId: 'r1', slotId: 's1' },
          { roomId: 'r2', slotId: 's1' },
          { roomId: 'r3', slotId: 's1' },
        ],
      };
      const again = { ...before.blocked[1]! };
      const after = { ...before, blocked: [before.blocked[0]!, before.blocked[2]!] };
      expect(boardDiff(before, after).blocked).toEqual({ removed: [before.blocked[1]!], inserted: [], updated: [] });
      const renewed = { ...before, blocked: [before.blocked[0]!, before.blocked[2]!, again] };
      expect(boardDiff(before, renewed).blocked).toEqual({ removed: [before.blocked[1]!], inserted: [again], updated: [] });
    });
  });
});

describe('emptyBoard', () => {
  it('is the event with no rows and an idle pitch, so a first write inserts every row', () => {
    const empty = emptyBoard(event);
    expect(empty).toEqual({
      event,
      days: [],
      rooms: [],
      slots: [],
      sessions: [],
      placements: [],
      blocked: [],
      pitch: { queue: [], current: null, timer: { durationMs: 0, remainingMs: 0, runningSince: null } },
    });
    const first = boardDiff(empty, board());
    expect(first.sessions.inserted).toHaveLength(3);
    expect(first.placements.inserted).toEqual(board().placements);
  });
});
