// Undo for every kind of change: the inverse restores the board before it, event by event; refusal
// when a later change made it impossible; the undo and redo stacks; hands counted in a row.
import { describe, expect, it } from 'vitest';
import { applyAll } from '../../shared/apply.ts';
import type { Board } from '../../shared/board.ts';
import type { DomainEvent } from '../../shared/events.ts';
import type { Command } from '../../shared/commands.ts';
import { decide } from '../../shared/decide.ts';
import { UNDOABLE } from '../../shared/commands.ts';
import {
  continuesCount,
  invert,
  ONE_COUNT_MS,
  recordStep,
  replayable,
  undoObstacleText,
  undoStateOf,
  type UndoObstacle,
  type UndoStacks,
  type UndoStep,
} from '../../shared/undo.ts';
import { countingIds, NOW, sampleBoard } from '../fixtures/board.ts';

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
  { type: 'board:autofill', payload: { dryRun: false } },
  { type: 'session:merge', payload: { sessionId: 's1', intoSessionId: 's2' } },
];

/** The sample board with closed cells in both rooms and both session slots. */
function withBlocks(): Board {
  return {
    ...sampleBoard(),
    blocked: [
      { roomId: 'rA', slotId: 't1' },
      { roomId: 'rB', slotId: 't2' },
    ],
  };
}

describe('invert', () => {
  it.each(commands.map((command) => [command.type, command] as const))('takes back %s', (_name, command) => {
    const before = withDoubleAndSecondDay(planned());
    const decision = decide(before, command, { role: 'facilitator' }, countingIds(undefined, 100));
    if (!decision.ok) throw new Error(decision.error.message);
    const after = applyAll(before, decision.events);
    const replay = replayable(after, invert(before, decision.events));
    if ('obstacle' in replay) throw new Error(undoObstacleText(replay.obstacle));
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

  it('takes a count of hands back to not counted (null), not to 0', () => {
    const board = sampleBoard();
    const uncounted = { ...board, sessions: board.sessions.map((s) => (s.id === 's1' ? { ...s, interest: null } : s)) };
    const counted: DomainEvent[] = [{ type: 'session.interest_set', sessionId: 's1', interest: 9 }];
    expect(invert(uncounted, counted)).toEqual([{ type: 'session.interest_set', sessionId: 's1', interest: null }]);
    expect(invert(board, counted)).toEqual([{ type: 'session.interest_set', sessionId: 's1', interest: 0 }]);
  });

  it('covers every undoable command', () => {
    expect(new Set(commands.map((c) => c.type))).toEqual(UNDOABLE);
  });

  it('puts a withdrawn session back where it waited, or in no place in the queue', () => {
    const board = sampleBoard();
    expect(invert(board, [{ type: 'session.withdrawn', sessionId: 's2' }])).toEqual([{ type: 'session.restored', sessionId: 's2', queueIndex: 1 }]);
    const pitched = { ...board, pitch: { ...board.pitch, queue: ['s1', 's3'] } };
    expect(invert(pitched, [{ type: 'session.withdrawn', sessionId: 's2' }])).toEqual([{ type: 'session.restored', sessionId: 's2', queueIndex: null }]);
    expect(invert(board, [{ type: 'session.restored', sessionId: 'sW', queueIndex: null }])).toEqual([{ type: 'session.withdrawn', sessionId: 'sW' }]);
  });

  it('gives back the hands counted before', () => {
    const board = { ...sampleBoard(), sessions: sampleBoard().sessions.map((s) => (s.id === 's1' ? { ...s, interest: 17 } : s)) };
    expect(invert(board, [{ type: 'session.interest_set', sessionId: 's1', interest: 3 }])).toEqual([
      { type: 'session.interest_set', sessionId: 's1', interest: 17 },
    ]);
  });

  it('brings back a removed room or slot with its own closed cells only', () => {
    const board = withBlocks();
    expect(invert(board, [{ type: 'room.removed', roomId: 'rA' }])).toEqual([
      { type: 'room.added', room: board.rooms[0] },
      { type: 'cell.blocked', roomId: 'rA', slotId: 't1' },
    ]);
    expect(invert(board, [{ type: 'slot.removed', slotId: 't2' }])).toEqual([
      { type: 'slot.added', slot: board.slots[2] },
      { type: 'cell.blocked', roomId: 'rB', slotId: 't2' },
    ]);
  });

  it('has nothing to take back for the pitch, a new key or a new link', () => {
    const board = sampleBoard();
    expect(invert(board, [{ type: 'pitch.updated', pitch: { ...board.pitch, current: 's1' } }])).toEqual([]);
    expect(invert(board, [{ type: 'event.key_rotated' }])).toEqual([]);
    expect(invert(board, [{ type: 'session.token_reissued', sessionId: 's1' }])).toEqual([]);
  });
});

describe('replayable', () => {
  // planned(): s1 in Room A at 10:00, s2 in Room B at 13:00, Room B closed at 11:00; a lunch break.
  const day = { id: 'd9', date: '2026-05-09', label: '' };
  const slot = (id: string, dayId: string, start: string, end: string) => ({ id, dayId, start, end, kind: 'session' as const, label: '' });
  it.each([
    ['a session that is gone', { type: 'session.placed', sessionId: 'nope', roomId: 'rA', slotId: 't2' }, { kind: 'session_gone' }],
    ['a withdrawn session that is gone', { type: 'session.restored', sessionId: 'nope', queueIndex: null }, { kind: 'session_gone' }],
    ['a room or slot that is gone', { type: 'session.placed', sessionId: 's3', roomId: 'rA', slotId: 'gone' }, { kind: 'cell_gone' }],
    ['a slot that became a break', { type: 'session.placed', sessionId: 's3', roomId: 'rA', slotId: 'tL' }, { kind: 'break', time: '12:00' }],
    ['a closed cell', { type: 'session.placed', sessionId: 's3', roomId: 'rB', slotId: 't1b' }, { kind: 'closed', room: 'Room B', time: '11:00' }],
    [
      'a taken cell for a double session',
      { type: 'session.extended', sessionId: 's3', roomId: 'rA', slotId: 't1' },
      { kind: 'taken', room: 'Room A', time: '10:00', title: 'Session s1' },
    ],
    ['a room with a session in it now', { type: 'room.removed', roomId: 'rA' }, { kind: 'placed_since', title: 'Session s1' }],
    ['a slot with a session in it now', { type: 'slot.removed', slotId: 't2' }, { kind: 'placed_since', title: 'Session s2' }],
    ['a day with a session in it now', { type: 'day.removed', dayId: 'd1' }, { kind: 'placed_since', title: 'Session s1' }],
    ['a room that exists', { type: 'room.added', room: { id: 'rA', name: 'Room A', capacity: null, position: 0 } }, { kind: 'room_exists' }],
    ['a slot on a day that is gone', { type: 'slot.added', slot: slot('tx', 'gone', '16:00', '16:45') }, { kind: 'day_gone' }],
    ['a slot that would overlap', { type: 'slot.added', slot: slot('tx', 'd1', '10:30', '11:15') }, { kind: 'overlap', start: '10:00', end: '10:45' }],
    ['a day on a date that is taken', { type: 'day.added', day, slots: [] }, { kind: 'date_taken', date: '2026-05-09' }],
    ['a slot that is gone', { type: 'slot.updated', slotId: 'gone', changes: { start: '09:00' } }, { kind: 'slot_gone' }],
    ['a room that is gone (renamed)', { type: 'room.updated', roomId: 'gone', changes: { name: 'X' } }, { kind: 'room_gone' }],
    ['a room that is gone (moved)', { type: 'room.moved', roomId: 'gone', toIndex: 0 }, { kind: 'room_gone' }],
    ['a day that is gone', { type: 'day.updated', dayId: 'gone', changes: { label: 'X' } }, { kind: 'day_gone' }],
    ['a cell whose room is gone', { type: 'cell.blocked', roomId: 'gone', slotId: 't1' }, { kind: 'cell_gone' }],
    ['a cell whose slot is gone', { type: 'cell.unblocked', roomId: 'rA', slotId: 'gone' }, { kind: 'cell_gone' }],
  ] as Array<[string, DomainEvent, UndoObstacle]>)('refuses to bring back %s', (_name, event, obstacle) => {
    expect(replayable(planned(), [event])).toEqual({ obstacle });
  });

  it.each([
    [{ kind: 'session_gone' }, 'the session does not exist any more'],
    [{ kind: 'cell_gone' }, 'its room or time slot was removed since'],
    [{ kind: 'break', time: '12:00' }, '12:00 is a break now'],
    [{ kind: 'closed', room: 'Room B', time: '11:00' }, 'Room B is not available at 11:00 now'],
    [{ kind: 'taken', room: 'Room A', time: '10:00', title: 'Session s1' }, 'Room A at 10:00 now holds "Session s1"'],
    [{ kind: 'placed_since', title: 'Session s1' }, '"Session s1" was placed there since'],
    [{ kind: 'room_exists' }, 'the room exists already'],
    [{ kind: 'room_gone' }, 'the room was removed since'],
    [{ kind: 'slot_gone' }, 'the time slot was removed since'],
    [{ kind: 'day_gone' }, 'the day was removed since'],
    [{ kind: 'overlap', start: '10:00', end: '10:45' }, 'it would overlap 10:00–10:45, added since'],
    [{ kind: 'date_taken', date: '2026-05-09' }, 'there is a day on 2026-05-09 now'],
  ] as Array<[UndoObstacle, string]>)('says %j in English as the server’s message', (obstacle, sentence) => {
    expect(undoObstacleText(obstacle)).toBe(sentence);
  });

  it('lets through what still fits, an edit with the revision the session has now', () => {
    const board = planned();
    const events: DomainEvent[] = [
      { type: 'session.updated', sessionId: 's1', changes: { title: 'Alt' }, revision: 0 },
      { type: 'room.removed', roomId: 'rB' },
      { type: 'slot.added', slot: slot('tx', 'd1', '10:45', '11:00') },
      { type: 'day.added', day: { ...day, date: '2026-05-10' }, slots: [] },
      { type: 'cell.unblocked', roomId: 'rA', slotId: 't1' },
    ];
    const board2 = { ...board, placements: board.placements.filter((p) => p.roomId !== 'rB') };
    expect(replayable(board2, events)).toEqual({ events: [{ ...events[0], revision: 2 }, ...events.slice(1)] });
  });

  it('refuses to put a session back where another one sits now, and says why', () => {
    const before = planned();
    const move = decide(before, { type: 'session:place', payload: { sessionId: 's1', roomId: 'rA', slotId: 't2' } }, { role: 'facilitator' }, countingIds());
    if (!move.ok) throw new Error('move refused');
    const moved = applyAll(before, move.events);
    const inverse = invert(before, move.events);
    const later = applyAll(moved, [{ type: 'session.placed', sessionId: 's3', roomId: 'rA', slotId: 't1' }]);
    expect(replayable(later, inverse)).toEqual({ obstacle: { kind: 'taken', room: 'Room A', time: '10:00', title: 'Session s3' } });
  });

  it('board:undo and board:redo refuse a step that no longer fits with conflict, saying which of the two and why', () => {
    const board = { ...sampleBoard(), placements: [{ sessionId: 's1', roomId: 'rA', slotId: 't1' }] };
    // The step on top of either stack would put s2 where s1 sits now.
    const log = {
      stacks: { undoable: [4], redoable: [5] },
      inverseOf: (): DomainEvent[] => [{ type: 'session.placed', sessionId: 's2', roomId: 'rA', slotId: 't1' }],
    };
    const obstacle: UndoObstacle = { kind: 'taken', room: 'Room A', time: '10:00', title: 'Session s1' };
    const replay = (type: 'board:undo' | 'board:redo') => decide(board, { type, payload: {} }, { role: 'facilitator' }, { ...countingIds(), log });
    for (const [type, reason, words] of [
      ['board:undo', 'cannot_undo', 'This cannot be undone'],
      ['board:redo', 'cannot_redo', 'This cannot be redone'],
    ] as const) {
      expect(replay(type)).toEqual({ ok: false, error: { code: 'conflict', reason, message: `${words}: ${undoObstacleText(obstacle)}.`, obstacle } });
    }
  });

  it('refuses to remove a room again that got sessions since', () => {
    const before = planned();
    const add = decide(before, { type: 'room:add', payload: { name: 'Dach' } }, { role: 'facilitator' }, countingIds(undefined, 100));
    if (!add.ok) throw new Error('refused');
    const added = applyAll(before, add.events);
    const roomId = added.rooms.at(-1)!.id;
    const used = applyAll(added, [{ type: 'session.placed', sessionId: 's3', roomId, slotId: 't1' }]);
    expect(replayable(used, invert(before, add.events))).toEqual({ obstacle: { kind: 'placed_since', title: 'Session s3' } });
  });

  it('gives a text edit taken back the next revision', () => {
    const before = planned();
    const edit = decide(before, { type: 'session:update', payload: { sessionId: 's1', revision: 1, title: 'Neu' } }, { role: 'facilitator' }, countingIds());
    if (!edit.ok) throw new Error('refused');
    const edited = applyAll(before, edit.events);
    const replay = replayable(edited, invert(before, edit.events));
    expect('events' in replay && replay.events).toEqual([{ type: 'session.updated', sessionId: 's1', changes: { title: 'Session s1' }, revision: 3 }]);
  });

  it("puts a session back into a cell it still holds (its own double session's), not into another's", () => {
    const board = { ...sampleBoard(), placements: [{ sessionId: 's1', roomId: 'rA', slotId: 't1' }] };
    expect(replayable(board, [{ type: 'session.placed', sessionId: 's1', roomId: 'rA', slotId: 't1' }])).toEqual({
      events: [{ type: 'session.placed', sessionId: 's1', roomId: 'rA', slotId: 't1' }],
    });
    expect(replayable(board, [{ type: 'session.placed', sessionId: 's2', roomId: 'rA', slotId: 't1' }])).toEqual({
      obstacle: { kind: 'taken', room: 'Room A', time: '10:00', title: 'Session s1' },
    });
  });

  it('adds a slot back where nothing overlaps it, and a day back on a date nobody took', () => {
    const board = sampleBoard();
    const slot = { id: 't9', dayId: 'd1', start: '14:00', end: '14:45', kind: 'session' as const, label: '' };
    expect(replayable(board, [{ type: 'slot.added', slot }])).toEqual({ events: [{ type: 'slot.added', slot }] });
    expect(replayable(board, [{ type: 'slot.added', slot: { ...slot, start: '13:30' } }])).toEqual({
      obstacle: { kind: 'overlap', start: '13:00', end: '13:45' },
    });
    const twoDays = { ...board, days: [...board.days, { id: 'd2', date: '2026-05-10', label: '' }] };
    const day = { id: 'd3', date: '2026-05-10', label: '' };
    expect(replayable(twoDays, [{ type: 'day.added', day, slots: [] }])).toEqual({ obstacle: { kind: 'date_taken', date: '2026-05-10' } });
    expect(replayable(twoDays, [{ type: 'day.added', day: { ...day, date: '2026-05-11' }, slots: [] }])).toEqual({
      events: [{ type: 'day.added', day: { ...day, date: '2026-05-11' }, slots: [] }],
    });
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

  it('a change that continues the one before takes its place: one undo for both, the redo cleared', () => {
    expect(stacksAfter([step(1), step(2, { amends: 1 })])).toEqual({ undoable: [2], redoable: [] });
    expect(stacksAfter([step(1), step(2), step(3, { amends: 2 }), step(4, { amends: 3 })])).toEqual({ undoable: [1, 4], redoable: [] });
    expect(stacksAfter([step(1), step(2, { undoOf: 1 }), step(3), step(4, { amends: 3 })])).toEqual({ undoable: [4], redoable: [] });
    // Undone and redone: the step of the run is undone as one again.
    expect(stacksAfter([step(1), step(2, { amends: 1 }), step(3, { undoOf: 2 }), step(4, { redoOf: 3 })])).toEqual({ undoable: [4], redoable: [] });
  });

  it('a change without recorded inverse neither adds nor clears anything', () => {
    expect(stacksAfter([step(1), step(2, { undoOf: 1 }), step(3, { undoable: false })])).toEqual({ undoable: [], redoable: [2] });
    expect(undoStateOf({ undoable: [], redoable: [2] })).toEqual({ canUndo: false, canRedo: true });
    expect(undoStateOf({ undoable: [1], redoable: [] })).toEqual({ canUndo: true, canRedo: false });
  });
});

describe('continuesCount: hands counted in a row are one step', () => {
  const counted = (sessionId: string, at: number) => ({
    events: [{ type: 'session.interest_set', sessionId, interest: 3 }] as DomainEvent[],
    at: new Date(at).toISOString(),
  });
  const board = sampleBoard();
  const atMicrophone = (sessionId: string): Board => ({ ...board, pitch: { ...board.pitch, current: sessionId } });

  it('continues a count of the same session at most 10 s before', () => {
    expect(ONE_COUNT_MS).toBe(10_000);
    expect(continuesCount(counted('s1', NOW), board, 's1', NOW + 1)).toBe(true);
    expect(continuesCount(counted('s1', NOW), board, 's1', NOW + 10_000)).toBe(true);
    expect(continuesCount(counted('s1', NOW), board, 's1', NOW + 10_001)).toBe(false);
  });

  it('does not continue a count of another session, or a change that counted nothing', () => {
    expect(continuesCount(counted('s2', NOW), board, 's1', NOW + 1)).toBe(false);
    const placed = {
      ...counted('s1', NOW),
      events: [{ type: 'session.placed', sessionId: 's1', roomId: 'rA', slotId: 't1' }] as DomainEvent[],
    };
    expect(continuesCount(placed, board, 's1', NOW + 1)).toBe(false);
    expect(continuesCount({ ...counted('s1', NOW), events: [] }, board, 's1', NOW + 1)).toBe(false);
  });

  it('continues however long the count takes while that session is at the microphone, only that one', () => {
    expect(continuesCount(counted('s1', NOW), atMicrophone('s1'), 's1', NOW + 5 * 60_000)).toBe(true);
    expect(continuesCount(counted('s1', NOW), atMicrophone('s2'), 's1', NOW + 5 * 60_000)).toBe(false);
    expect(continuesCount(counted('s2', NOW), atMicrophone('s1'), 's1', NOW + 1)).toBe(false);
  });
});
