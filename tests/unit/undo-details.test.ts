// What takes a change back, event by event, and when a recorded change no longer fits (written
// from the mutation run's survivors in shared/undo.ts).
import { describe, expect, it } from 'vitest';
import type { Board } from '../../shared/board.ts';
import { invert, replayable } from '../../shared/undo.ts';
import { sampleBoard } from '../fixtures/board.ts';

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
