// Reshaping the frame live: days, rooms, slots, blocked cells, double sessions.
import { describe, expect, it } from 'vitest';
import { applyAll } from '../../shared/apply.ts';
import { cellsOf, type Board } from '../../shared/board.ts';
import type { Command } from '../../shared/commands.ts';
import { decide, type Actor, type Decision } from '../../shared/decide.ts';
import { countingIds, sampleBoard } from '../fixtures/board.ts';

const facilitator: Actor = { role: 'facilitator' };

function run(board: Board, command: Command, actor: Actor = facilitator): Decision {
  // New ids from 100 on, so that they never collide with the fixture's d1, t1, s1.
  return decide(board, command, actor, countingIds(undefined, 100));
}
function after(board: Board, command: Command): Board {
  const decision = run(board, command);
  if (!decision.ok) throw new Error(`${decision.error.code}: ${decision.error.message}`);
  return applyAll(board, decision.events);
}
function refusal(board: Board, command: Command, actor: Actor = facilitator) {
  const decision = run(board, command, actor);
  return decision.ok ? undefined : decision.error;
}
function planned(): Board {
  return {
    ...sampleBoard(),
    placements: [
      { sessionId: 's1', roomId: 'rA', slotId: 't1' },
      { sessionId: 's2', roomId: 'rB', slotId: 't2' },
    ],
  };
}

describe('rooms', () => {
  it('adds, renames, sets capacity and reorders', () => {
    let board = after(sampleBoard(), { type: 'room:add', payload: { name: ' Dachterrasse ', capacity: 12 } });
    const added = board.rooms.at(-1)!;
    expect(added).toMatchObject({ name: 'Dachterrasse', capacity: 12, position: 2 });
    board = after(board, { type: 'room:update', payload: { roomId: added.id, name: 'Terrasse', capacity: null } });
    expect(board.rooms.at(-1)).toMatchObject({ name: 'Terrasse', capacity: null });
    board = after(board, { type: 'room:move', payload: { roomId: added.id, toIndex: 0 } });
    expect([...board.rooms].sort((a, b) => a.position - b.position).map((r) => r.id)).toEqual([added.id, 'rA', 'rB']);
  });

  it('removing a room sends its sessions back to the tray, and keeps at least one room', () => {
    const board = after(planned(), { type: 'room:remove', payload: { roomId: 'rA' } });
    expect(board.rooms.map((r) => r.id)).toEqual(['rB']);
    expect(board.placements).toEqual([{ sessionId: 's2', roomId: 'rB', slotId: 't2' }]);
    expect(board.sessions.find((s) => s.id === 's1')!.status).toBe('pitched');
    expect(refusal(board, { type: 'room:remove', payload: { roomId: 'rB' } })?.code).toBe('invalid');
  });

  it('is for the facilitator only', () => {
    expect(refusal(sampleBoard(), { type: 'room:add', payload: { name: 'X' } }, { role: 'public' })?.code).toBe('forbidden');
    expect(refusal(sampleBoard(), { type: 'room:remove', payload: { roomId: 'rA' } }, { role: 'giver', sessionId: 's1' })?.code).toBe('forbidden');
  });
});

describe('slots', () => {
  it('adds a slot, refuses overlaps with a clear message', () => {
    const board = after(sampleBoard(), { type: 'slot:add', payload: { dayId: 'd1', start: '14:00', end: '14:45', kind: 'session' } });
    expect(board.slots.filter((s) => s.dayId === 'd1').map((s) => s.start)).toEqual(['10:00', '12:00', '13:00', '14:00']);
    const overlap = refusal(board, { type: 'slot:add', payload: { dayId: 'd1', start: '13:30', end: '14:15', kind: 'session' } });
    expect(overlap).toMatchObject({ code: 'invalid', message: '13:30–14:15 overlaps the slot 13:00–13:45.' });
    // Back to back is no overlap: a slot may start when another ends, and end when the next starts.
    const between = after(board, { type: 'slot:add', payload: { dayId: 'd1', start: '13:45', end: '14:00', kind: 'break' } });
    expect(between.slots.filter((s) => s.dayId === 'd1').map((s) => `${s.start}-${s.end}`)).toContain('13:45-14:00');
    expect(refusal(board, { type: 'slot:update', payload: { slotId: 't1', end: '12:30' } })?.code).toBe('invalid');
    expect(refusal(board, { type: 'slot:update', payload: { slotId: 't1', start: '11:00', end: '10:30' } })?.message).toMatch(/end after/);
  });

  it('changes times and label; turning a slot into a break sends its sessions to the tray', () => {
    let board = after(planned(), { type: 'slot:update', payload: { slotId: 't1', start: '09:30', label: 'Frühstart' } });
    expect(board.slots.find((s) => s.id === 't1')).toMatchObject({ start: '09:30', end: '10:45', label: 'Frühstart' });
    board = after(board, { type: 'slot:update', payload: { slotId: 't1', kind: 'break' } });
    expect(board.placements.map((p) => p.sessionId)).toEqual(['s2']);
  });

  it('removing a slot sends its sessions to the tray', () => {
    const board = after(planned(), { type: 'slot:remove', payload: { slotId: 't2' } });
    expect(board.slots.map((s) => s.id)).toEqual(['t1', 'tL']);
    expect(board.placements).toEqual([{ sessionId: 's1', roomId: 'rA', slotId: 't1' }]);
  });
});

describe('days', () => {
  it('adds a day with the slots of the last day, renames it, and removes it with its sessions', () => {
    let board = after(sampleBoard(), { type: 'day:add', payload: { date: '2026-05-10', label: 'Tag 2' } });
    const day2 = board.days.find((d) => d.date === '2026-05-10')!;
    expect(board.slots.filter((s) => s.dayId === day2.id).map((s) => `${s.kind}:${s.start}`)).toEqual(['session:10:00', 'break:12:00', 'session:13:00']);
    board = after(board, { type: 'day:update', payload: { dayId: day2.id, label: 'Sonntag' } });
    const slot = board.slots.find((s) => s.dayId === day2.id && s.kind === 'session')!;
    board = after(board, { type: 'session:place', payload: { sessionId: 's3', roomId: 'rA', slotId: slot.id } });
    board = after(board, { type: 'day:remove', payload: { dayId: day2.id } });
    expect(board.days.map((d) => d.id)).toEqual(['d1']);
    expect(board.slots.some((s) => s.dayId === day2.id)).toBe(false);
    expect(board.placements.some((p) => p.sessionId === 's3')).toBe(false);
    expect(refusal(board, { type: 'day:remove', payload: { dayId: 'd1' } })?.code).toBe('invalid');
    expect(refusal(board, { type: 'day:add', payload: { date: '2026-05-09' } })?.message).toMatch(/already/);
    expect(refusal(board, { type: 'day:add', payload: { date: '2026-02-30' } })?.code).toBe('invalid');
  });
});

describe('blocked cells', () => {
  it('take no session; blocking an occupied cell sends its session to the tray', () => {
    let board = after(planned(), { type: 'cell:block', payload: { roomId: 'rA', slotId: 't1' } });
    expect(board.blocked).toEqual([{ roomId: 'rA', slotId: 't1' }]);
    expect(board.placements.map((p) => p.sessionId)).toEqual(['s2']);
    expect(refusal(board, { type: 'session:place', payload: { sessionId: 's1', roomId: 'rA', slotId: 't1' } })?.code).toBe('not_bookable');
    const open = { ...board, event: { ...board.event, claiming: 'open' as const } };
    expect(
      refusal(open, { type: 'session:claim', payload: { sessionId: 's1', roomId: 'rA', slotId: 't1', token: 't' } }, { role: 'giver', sessionId: 's1' })?.code,
    ).toBe('not_bookable');
    board = after(board, { type: 'cell:unblock', payload: { roomId: 'rA', slotId: 't1' } });
    expect(board.blocked).toEqual([]);
    expect(refusal(board, { type: 'cell:block', payload: { roomId: 'rA', slotId: 'tL' } })?.code).toBe('not_bookable');
  });
});

describe('double sessions', () => {
  function withTwoMorningSlots(): Board {
    const board = sampleBoard();
    return {
      ...board,
      slots: [...board.slots, { id: 't1b', dayId: 'd1', start: '11:00', end: '11:45', kind: 'session', label: '' }],
      placements: [{ sessionId: 's1', roomId: 'rA', slotId: 't1' }],
    };
  }

  it('extends into the next slot of the same room, and shrinks back', () => {
    let board = after(withTwoMorningSlots(), { type: 'session:extend', payload: { sessionId: 's1' } });
    expect(cellsOf(board, 's1').map((c) => c.slotId)).toEqual(['t1', 't1b']);
    expect(refusal(board, { type: 'session:extend', payload: { sessionId: 's1' } })?.code).toBe('invalid');
    board = after(board, { type: 'session:shrink', payload: { sessionId: 's1' } });
    expect(cellsOf(board, 's1').map((c) => c.slotId)).toEqual(['t1']);
  });

  it('cannot extend across a break, into a taken or blocked cell, or when not placed', () => {
    const lunchNext = { ...sampleBoard(), placements: [{ sessionId: 's1', roomId: 'rA', slotId: 't1' }] };
    expect(refusal(lunchNext, { type: 'session:extend', payload: { sessionId: 's1' } })?.code).toBe('not_bookable');
    const taken = { ...withTwoMorningSlots(), placements: [...withTwoMorningSlots().placements, { sessionId: 's2', roomId: 'rA', slotId: 't1b' }] };
    expect(refusal(taken, { type: 'session:extend', payload: { sessionId: 's1' } })).toMatchObject({
      code: 'cell_taken',
      message: expect.stringContaining('Session s2'),
    });
    const blocked = { ...withTwoMorningSlots(), blocked: [{ roomId: 'rA', slotId: 't1b' }] };
    expect(refusal(blocked, { type: 'session:extend', payload: { sessionId: 's1' } })?.code).toBe('not_bookable');
    expect(refusal(sampleBoard(), { type: 'session:extend', payload: { sessionId: 's1' } })?.code).toBe('invalid');
  });

  it('moves as a double where it fits, refuses to be swapped away, and holds both cells against placing', () => {
    const board = after(withTwoMorningSlots(), { type: 'session:extend', payload: { sessionId: 's1' } });
    const moved = after(board, { type: 'session:place', payload: { sessionId: 's1', roomId: 'rB', slotId: 't1' } });
    expect(cellsOf(moved, 's1')).toEqual([
      { sessionId: 's1', roomId: 'rB', slotId: 't1' },
      { sessionId: 's1', roomId: 'rB', slotId: 't1b' },
    ]);
    expect(refusal(moved, { type: 'session:place', payload: { sessionId: 's2', roomId: 'rB', slotId: 't1b' } })?.code).toBe('cell_taken');
    const unplaced = after(moved, { type: 'session:unplace', payload: { sessionId: 's1' } });
    expect(cellsOf(unplaced, 's1')).toEqual([]);
  });
});
