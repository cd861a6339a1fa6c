// Undo for every kind of change: the inverse restores the board before it; and refusal when a
// later change made it impossible.
import { describe, expect, it } from 'vitest';
import { applyAll } from '../../shared/apply.ts';
import type { Board } from '../../shared/board.ts';
import type { Command } from '../../shared/commands.ts';
import { decide } from '../../shared/decide.ts';
import { invert, recordStep, replayable, UNDOABLE, undoStateOf, type UndoStacks, type UndoStep } from '../../shared/undo.ts';
import { countingIds, sampleBoard } from '../fixtures/board.ts';

function planned(): Board {
  const board = sampleBoard();
  return {
    ...board,
    slots: [...board.slots, { id: 't1b', dayId: 'd1', start: '11:00', end: '11:45', kind: 'session', label: '' }],
    placements: [
      { sessionId: 's1', roomId: 'rA', slotId: 't1' },
      { sessionId: 's2', roomId: 'rB', slotId: 't2' },
    ],
    blocked: [{ roomId: 'rB', slotId: 't1b' }],
  };
}

/** A second day (for removing it) and s2 as a double session (for shrinking it). */
function withDoubleAndSecondDay(board: Board): Board {
  return {
    ...board,
    days: [...board.days, { id: 'd2', date: '2026-05-10', label: '' }],
    slots: [
      ...board.slots,
      { id: 'u1', dayId: 'd2', start: '10:00', end: '10:45', kind: 'session', label: '' },
      { id: 't3', dayId: 'd1', start: '14:00', end: '14:45', kind: 'session', label: '' },
    ],
    placements: [...board.placements, { sessionId: 's2', roomId: 'rB', slotId: 't3' }, { sessionId: 's3', roomId: 'rA', slotId: 'u1' }],
    // A closed cell on the second day: undoing the day's removal must bring it back closed.
    blocked: [...board.blocked, { roomId: 'rB', slotId: 'u1' }],
  };
}

/** Sorts what order does not mean, so that boards compare by content. */
function normalized(board: Board) {
  const byKey = <T>(list: T[]) => [...list].map((x) => JSON.stringify(x)).sort();
  return {
    ...board,
    days: byKey(board.days),
    slots: byKey(board.slots),
    placements: byKey(board.placements),
    blocked: byKey(board.blocked),
    rooms: byKey(board.rooms),
    sessions: board.sessions.map((s) => ({ ...s, revision: 0 })),
  };
}

const commands: Command[] = [
  { type: 'session:submit', payload: { title: 'Neu', host: 'X' } },
  { type: 'session:update', payload: { sessionId: 's1', revision: 1, title: 'Anders', tags: ['a'] } },
  { type: 'session:withdraw', payload: { sessionId: 's1' } },
  { type: 'session:place', payload: { sessionId: 's1', roomId: 'rA', slotId: 't1b' } },
  { type: 'session:place', payload: { sessionId: 's3', roomId: 'rA', slotId: 't2' } },
  { type: 'session:unplace', payload: { sessionId: 's1' } },
  { type: 'session:interest', payload: { sessionId: 's1', interest: 9 } },
  { type: 'session:extend', payload: { sessionId: 's1' } },
  { type: 'session:shrink', payload: { sessionId: 's2' } },
  { type: 'day:remove', payload: { dayId: 'd2' } },
  { type: 'event:update', payload: { title: 'Neuer Titel', claiming: 'open' } },
  { type: 'day:add', payload: { date: '2026-05-11' } },
  { type: 'day:update', payload: { dayId: 'd1', label: 'Samstag' } },
  { type: 'room:add', payload: { name: 'Dach' } },
  { type: 'room:update', payload: { roomId: 'rA', name: 'Saal', capacity: null } },
  { type: 'room:move', payload: { roomId: 'rB', toIndex: 0 } },
  { type: 'room:remove', payload: { roomId: 'rB' } },
  { type: 'slot:add', payload: { dayId: 'd1', start: '15:00', end: '15:45', kind: 'session' } },
  { type: 'slot:update', payload: { slotId: 't1', start: '09:30', kind: 'break' } },
  { type: 'slot:remove', payload: { slotId: 't2' } },
  { type: 'cell:block', payload: { roomId: 'rA', slotId: 't1' } },
  { type: 'cell:unblock', payload: { roomId: 'rB', slotId: 't1b' } },
];

describe('invert', () => {
  it.each(commands.map((command) => [command.type, command] as const))('takes back %s', (_name, command) => {
    const before = withDoubleAndSecondDay(planned());
    const decision = decide(before, command, { role: 'facilitator' }, countingIds(undefined, 100));
    if (!decision.ok) throw new Error(decision.error.message);
    const after = applyAll(before, decision.events);
    const replay = replayable(after, invert(before, decision.events));
    if ('reason' in replay) throw new Error(replay.reason);
    const undone = applyAll(after, replay.events);
    if (command.type === 'session:submit') {
      // A session entered by mistake is withdrawn: it leaves the tray and the pitch queue.
      const added = after.sessions.at(-1)!;
      expect(undone.sessions.at(-1)).toMatchObject({ id: added.id, status: 'withdrawn' });
      expect(normalized({ ...undone, sessions: undone.sessions.slice(0, -1) })).toEqual(normalized(before));
    } else {
      expect(normalized(undone)).toEqual(normalized(before));
    }
  });

  it('covers every undoable command', () => {
    expect(new Set(commands.map((c) => c.type))).toEqual(UNDOABLE);
  });
});

describe('replayable', () => {
  it('refuses to put a session back where another one sits now, and says why', () => {
    const before = planned();
    const move = decide(before, { type: 'session:place', payload: { sessionId: 's1', roomId: 'rA', slotId: 't2' } }, { role: 'facilitator' }, countingIds());
    if (!move.ok) throw new Error('move refused');
    const moved = applyAll(before, move.events);
    const inverse = invert(before, move.events);
    const later = applyAll(moved, [{ type: 'session.placed', sessionId: 's3', roomId: 'rA', slotId: 't1' }]);
    expect(replayable(later, inverse)).toEqual({ reason: 'Room A at 10:00 now holds "Session s3"' });
  });

  it('refuses to remove a room again that got sessions since', () => {
    const before = planned();
    const add = decide(before, { type: 'room:add', payload: { name: 'Dach' } }, { role: 'facilitator' }, countingIds(undefined, 100));
    if (!add.ok) throw new Error('refused');
    const added = applyAll(before, add.events);
    const roomId = added.rooms.at(-1)!.id;
    const used = applyAll(added, [{ type: 'session.placed', sessionId: 's3', roomId, slotId: 't1' }]);
    expect(replayable(used, invert(before, add.events))).toEqual({ reason: '"Session s3" was placed there since' });
  });

  it('gives a text edit taken back the next revision', () => {
    const before = planned();
    const edit = decide(before, { type: 'session:update', payload: { sessionId: 's1', revision: 1, title: 'Neu' } }, { role: 'facilitator' }, countingIds());
    if (!edit.ok) throw new Error('refused');
    const edited = applyAll(before, edit.events);
    const replay = replayable(edited, invert(before, edit.events));
    expect('events' in replay && replay.events).toEqual([{ type: 'session.updated', sessionId: 's1', changes: { title: 'Session s1' }, revision: 3 }]);
  });
});

describe('the undo and redo stacks', () => {
  const step = (version: number, fields: Partial<UndoStep> = {}): UndoStep => ({ version, undoOf: null, redoOf: null, undoable: true, ...fields });
  function stacksAfter(steps: UndoStep[]): UndoStacks {
    const stacks: UndoStacks = { undoable: [], redoable: [] };
    steps.forEach((s) => recordStep(stacks, s));
    return stacks;
  }

  it('a change can be undone, an undo redone, a redo undone again; a new change clears the redo', () => {
    expect(stacksAfter([step(1), step(2)])).toEqual({ undoable: [1, 2], redoable: [] });
    expect(stacksAfter([step(1), step(2), step(3, { undoOf: 2 })])).toEqual({ undoable: [1], redoable: [3] });
    expect(stacksAfter([step(1), step(2), step(3, { undoOf: 2 }), step(4, { redoOf: 3 })])).toEqual({ undoable: [1, 4], redoable: [] });
    expect(stacksAfter([step(1), step(2, { undoOf: 1 }), step(3, { redoOf: 2 }), step(4, { undoOf: 3 })])).toEqual({
      undoable: [],
      redoable: [4],
    });
    expect(stacksAfter([step(1), step(2, { undoOf: 1 }), step(3)])).toEqual({ undoable: [3], redoable: [] });
  });

  it('a change without recorded inverse neither adds nor clears anything', () => {
    expect(stacksAfter([step(1), step(2, { undoOf: 1 }), step(3, { undoable: false })])).toEqual({ undoable: [], redoable: [2] });
    expect(undoStateOf({ undoable: [], redoable: [2] })).toEqual({ canUndo: false, canRedo: true });
    expect(undoStateOf({ undoable: [1], redoable: [] })).toEqual({ canUndo: true, canRedo: false });
  });
});
