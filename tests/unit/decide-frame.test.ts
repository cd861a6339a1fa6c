// Reshaping the frame live (shared/commands/frame.ts): days, rooms, slots, closed cells and double
// sessions, through decide as a client sends them and command by command with the exact events
// or the exact refusal: what counts as a change, what a client is told, which sessions go back
// to the tray.
import { describe, expect, it } from 'vitest';
import { applyAll } from '../../shared/apply.ts';
import { cellsOf, type Board } from '../../shared/board.ts';
import type { Command } from '../../shared/commands.ts';
import { decide, type Actor, type Decision } from '../../shared/decide.ts';
import { commandError, type RefusalDetails, type RefusalReason } from '../../shared/errors.ts';
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
/** The facilitator's command decided: its events, or the refusal. */
const decideOn = (board: Board, command: Command) => {
  const decision = decide(board, command, { role: 'facilitator' }, { newId: (prefix) => `${prefix}-new`, now: 0 });
  return decision.ok ? decision.events : decision.error;
};
const invalid = (reason: RefusalReason, message: string, details?: RefusalDetails) => commandError('invalid', reason, message, details);

/** The sample board with a second day (its own slot), s1 in room A at 10:00, s2 and s3 on day two. */
function twoDays(): Board {
  const board = sampleBoard();
  return {
    ...board,
    days: [...board.days, { id: 'd2', date: '2026-05-10', label: 'Sonntag' }],
    slots: [...board.slots, { id: 'u1', dayId: 'd2', start: '09:30', end: '10:15', kind: 'session', label: 'Früh' }],
    placements: [
      { sessionId: 's1', roomId: 'rA', slotId: 't1' },
      { sessionId: 's2', roomId: 'rB', slotId: 'u1' },
      { sessionId: 's3', roomId: 'rA', slotId: 'u1' },
    ],
    blocked: [
      { roomId: 'rB', slotId: 't1' },
      { roomId: 'rA', slotId: 't2' },
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

  it('adds a named room after the last position, with no capacity and no projector unless told', () => {
    const board = { ...sampleBoard(), rooms: sampleBoard().rooms.map((r) => ({ ...r, position: r.position * 5 })) };
    expect(decideOn(board, { type: 'room:add', payload: { name: '   ' } })).toEqual(invalid('empty', 'The room needs a name.', { field: 'name' }));
    expect(decideOn(board, { type: 'room:add', payload: { name: ' Dachterrasse ' } })).toEqual([
      { type: 'room.added', room: { id: 'r-new', name: 'Dachterrasse', capacity: null, projector: false, position: 6 } },
    ]);
    const oneRoom = { ...board, rooms: [{ ...board.rooms[0]!, position: 0 }] };
    expect(decideOn(oneRoom, { type: 'room:add', payload: { name: 'Foyer' } })).toMatchObject([{ room: { position: 1 } }]);
    expect(decideOn(board, { type: 'room:add', payload: { name: 'Aula', capacity: 200, projector: true } })).toEqual([
      { type: 'room.added', room: { id: 'r-new', name: 'Aula', capacity: 200, projector: true, position: 6 } },
    ]);
  });

  it('updates only what changed, and refuses an empty name and a room that does not exist', () => {
    const board = sampleBoard();
    const update = (payload: Partial<{ name: string; capacity: number | null; projector: boolean }>) =>
      decideOn(board, { type: 'room:update', payload: { roomId: 'rA', ...payload } });
    expect(decideOn(board, { type: 'room:update', payload: { roomId: 'nope', name: 'x' } })).toEqual(
      commandError('not_found', 'no_such', 'There is no such room.', { field: 'roomId' }),
    );
    expect(update({ name: ' ' })).toEqual(invalid('empty', 'The room needs a name.', { field: 'name' }));
    expect(update({ name: ' Room A ', capacity: 40, projector: false })).toEqual([]);
    expect(update({ name: ' Raum A ' })).toEqual([{ type: 'room.updated', roomId: 'rA', changes: { name: 'Raum A' } }]);
    expect(update({ capacity: null })).toEqual([{ type: 'room.updated', roomId: 'rA', changes: { capacity: null } }]);
    expect(update({ projector: true })).toEqual([{ type: 'room.updated', roomId: 'rA', changes: { projector: true } }]);
  });

  it('moves a room at most to the end, and not at all onto its own place', () => {
    const board = sampleBoard();
    expect(decideOn(board, { type: 'room:move', payload: { roomId: 'nope', toIndex: 0 } })).toEqual(
      commandError('not_found', 'no_such', 'There is no such room.', { field: 'roomId' }),
    );
    expect(decideOn(board, { type: 'room:move', payload: { roomId: 'rA', toIndex: 99 } })).toEqual([{ type: 'room.moved', roomId: 'rA', toIndex: 1 }]);
    expect(decideOn(board, { type: 'room:move', payload: { roomId: 'rB', toIndex: 99 } })).toEqual([]);
    expect(decideOn(board, { type: 'room:move', payload: { roomId: 'rA', toIndex: 0 } })).toEqual([]);
  });

  it('removes a room with its sessions going back to the tray, but never the last one', () => {
    const board = twoDays();
    expect(decideOn(board, { type: 'room:remove', payload: { roomId: 'nope' } })).toEqual(
      commandError('not_found', 'no_such', 'There is no such room.', { field: 'roomId' }),
    );
    expect(decideOn(board, { type: 'room:remove', payload: { roomId: 'rB' } })).toEqual([
      { type: 'session.unplaced', sessionId: 's2' },
      { type: 'room.removed', roomId: 'rB' },
    ]);
    const oneRoom = { ...board, rooms: [board.rooms[0]!] };
    expect(decideOn(oneRoom, { type: 'room:remove', payload: { roomId: 'rA' } })).toEqual(invalid('last_room', 'An event needs at least one room.'));
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

  it('adds a slot with a trimmed label, refusing a day that does not exist, times backwards and overlaps', () => {
    const board = sampleBoard();
    const add = (start: string, end: string, label?: string) =>
      decideOn(board, { type: 'slot:add', payload: { dayId: 'd1', start, end, kind: 'session', label } });
    expect(decideOn(board, { type: 'slot:add', payload: { dayId: 'nope', start: '15:00', end: '15:45', kind: 'session' } })).toEqual(
      commandError('not_found', 'no_such', 'There is no such day.', { field: 'dayId' }),
    );
    expect(add('15:00', '15:00')).toEqual(invalid('slot_backwards', 'The slot must end after it starts (15:00–15:00).', { field: 'end', line: '15:00-15:00' }));
    expect(add('10:30', '11:00')).toEqual(
      invalid('overlap', '10:30–11:00 overlaps the slot 10:00–10:45.', { line: '10:30-11:00', obstacle: { kind: 'overlap', start: '10:00', end: '10:45' } }),
    );
    expect(add('10:45', '12:00')).toEqual([
      { type: 'slot.added', slot: { id: 't-new', dayId: 'd1', start: '10:45', end: '12:00', kind: 'session', label: '' } },
    ]);
    expect(add('14:00', '14:45', ' Kaffee ')).toEqual([
      { type: 'slot.added', slot: { id: 't-new', dayId: 'd1', start: '14:00', end: '14:45', kind: 'session', label: 'Kaffee' } },
    ]);
  });

  it('updates only what changed; a slot that becomes a break gives back its sessions and its closed cells', () => {
    const board = twoDays();
    const update = (payload: Record<string, unknown>) => decideOn(board, { type: 'slot:update', payload: { slotId: 't1', ...payload } } as Command);
    expect(decideOn(board, { type: 'slot:update', payload: { slotId: 'nope', label: 'x' } })).toEqual(
      commandError('not_found', 'no_such', 'There is no such time slot.', { field: 'slotId' }),
    );
    expect(update({ start: '10:00', end: '10:45', kind: 'session', label: ' ' })).toEqual([]);
    expect(update({ end: '12:30' })).toEqual(
      invalid('overlap', '10:00–12:30 overlaps the slot 12:00–13:00.', { line: '10:00-12:30', obstacle: { kind: 'overlap', start: '12:00', end: '13:00' } }),
    );
    expect(update({ start: '09:00' })).toEqual([{ type: 'slot.updated', slotId: 't1', changes: { start: '09:00' } }]);
    expect(update({ end: '11:00', label: ' Früh ' })).toEqual([{ type: 'slot.updated', slotId: 't1', changes: { end: '11:00', label: 'Früh' } }]);
    expect(update({ kind: 'break' })).toEqual([
      { type: 'session.unplaced', sessionId: 's1' },
      { type: 'cell.unblocked', roomId: 'rB', slotId: 't1' },
      { type: 'slot.updated', slotId: 't1', changes: { kind: 'break' } },
    ]);
  });

  it('removes a slot with its sessions going back to the tray', () => {
    const board = twoDays();
    expect(decideOn(board, { type: 'slot:remove', payload: { slotId: 'nope' } })).toEqual(
      commandError('not_found', 'no_such', 'There is no such time slot.', { field: 'slotId' }),
    );
    expect(decideOn(board, { type: 'slot:remove', payload: { slotId: 't1' } })).toEqual([
      { type: 'session.unplaced', sessionId: 's1' },
      { type: 'slot.removed', slotId: 't1' },
    ]);
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

  it('updates only what changed, trimmed, and refuses a date that is not one or is taken', () => {
    const board = twoDays();
    const update = (payload: Partial<{ date: string; label: string }>) => decideOn(board, { type: 'day:update', payload: { dayId: 'd1', ...payload } });
    expect(decideOn(board, { type: 'day:update', payload: { dayId: 'nope', label: 'x' } })).toEqual(
      commandError('not_found', 'no_such', 'There is no such day.', { field: 'dayId' }),
    );
    expect(update({ date: '2026-02-30' })).toEqual(
      invalid('not_a_date', 'The date "2026-02-30" must be a day of the calendar, written YYYY-MM-DD.', { field: 'date' }),
    );
    expect(update({ date: '2026-05-10' })).toEqual(
      invalid('date_taken', 'There is a day on 2026-05-10 already.', { field: 'date', obstacle: { kind: 'date_taken', date: '2026-05-10' } }),
    );
    expect(update({ date: '2026-05-09', label: '' })).toEqual([]);
    expect(update({ label: '  ' })).toEqual([]);
    expect(update({ label: ' Samstag ' })).toEqual([{ type: 'day.updated', dayId: 'd1', changes: { label: 'Samstag' } }]);
    expect(update({ date: '2026-05-08' })).toEqual([{ type: 'day.updated', dayId: 'd1', changes: { date: '2026-05-08' } }]);
  });

  it('removes a day with its sessions going back to the tray, but never the last one', () => {
    const board = twoDays();
    expect(decideOn(board, { type: 'day:remove', payload: { dayId: 'nope' } })).toEqual(
      commandError('not_found', 'no_such', 'There is no such day.', { field: 'dayId' }),
    );
    expect(decideOn(board, { type: 'day:remove', payload: { dayId: 'd2' } })).toEqual([
      { type: 'session.unplaced', sessionId: 's2' },
      { type: 'session.unplaced', sessionId: 's3' },
      { type: 'day.removed', dayId: 'd2' },
    ]);
    expect(decideOn(sampleBoard(), { type: 'day:remove', payload: { dayId: 'd1' } })).toEqual(invalid('last_day', 'An event needs at least one day.'));
  });

  it("adds a day with the latest day's slots, or those of the day named, and a trimmed label", () => {
    const board = twoDays();
    expect(decideOn(board, { type: 'day:add', payload: { date: '2026-13-01' } })).toEqual(
      invalid('not_a_date', 'The date "2026-13-01" must be a day of the calendar, written YYYY-MM-DD.', { field: 'date' }),
    );
    expect(decideOn(board, { type: 'day:add', payload: { date: '2026-05-10' } })).toEqual(
      invalid('date_taken', 'There is a day on 2026-05-10 already.', { field: 'date', obstacle: { kind: 'date_taken', date: '2026-05-10' } }),
    );
    expect(decideOn(board, { type: 'day:add', payload: { date: '2026-05-11', copySlotsFrom: 'nope' } })).toEqual(
      commandError('not_found', 'no_such', 'There is no such day to copy the slots from.', { field: 'copySlotsFrom' }),
    );
    // The days out of date order: the latest by date is the template, not the last in the list.
    const unordered = { ...board, days: [board.days[1]!, board.days[0]!] };
    expect(decideOn(unordered, { type: 'day:add', payload: { date: '2026-05-11', label: ' Montag ' } })).toEqual([
      {
        type: 'day.added',
        day: { id: 'd-new', date: '2026-05-11', label: 'Montag' },
        slots: [{ id: 't-new', dayId: 'd-new', start: '09:30', end: '10:15', kind: 'session', label: 'Früh' }],
      },
    ]);
    const copied = decideOn(board, { type: 'day:add', payload: { date: '2026-05-11', copySlotsFrom: 'd1' } });
    expect(Array.isArray(copied) && copied[0]!.type === 'day.added' && copied[0]!.slots.map((s) => s.start)).toEqual(['10:00', '12:00', '13:00']);
    expect(Array.isArray(copied) && copied[0]!.type === 'day.added' && copied[0]!.day.label).toBe('');
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

  it('closes a cell, sending back only the session in that cell, and not twice', () => {
    const board = twoDays();
    const block = (roomId: string, slotId: string) => decideOn(board, { type: 'cell:block', payload: { roomId, slotId } });
    expect(block('nope', 't1')).toEqual(commandError('not_found', 'no_such', 'There is no such room.', { field: 'roomId' }));
    expect(block('rA', 'nope')).toEqual(commandError('not_found', 'no_such', 'There is no such time slot.', { field: 'slotId' }));
    expect(block('rA', 'tL')).toEqual(
      commandError('not_bookable', 'in_a_break', 'Mittagspause takes no session.', { obstacle: { kind: 'break', time: '12:00' } }),
    );
    const unnamedBreak = { ...board, slots: board.slots.map((s) => (s.id === 'tL' ? { ...s, label: '' } : s)) };
    expect(decideOn(unnamedBreak, { type: 'cell:block', payload: { roomId: 'rA', slotId: 'tL' } })).toEqual(
      commandError('not_bookable', 'in_a_break', 'A break takes no session.', { obstacle: { kind: 'break', time: '12:00' } }),
    );
    expect(block('rB', 't1')).toEqual([]);
    expect(block('rA', 't1')).toEqual([
      { type: 'session.unplaced', sessionId: 's1' },
      { type: 'cell.blocked', roomId: 'rA', slotId: 't1' },
    ]);
    expect(block('rB', 'u1')).toEqual([
      { type: 'session.unplaced', sessionId: 's2' },
      { type: 'cell.blocked', roomId: 'rB', slotId: 'u1' },
    ]);
  });

  it('opens only a closed cell', () => {
    const board = twoDays();
    expect(decideOn(board, { type: 'cell:unblock', payload: { roomId: 'rA', slotId: 'tL' } })).toEqual(
      commandError('not_bookable', 'in_a_break', 'Mittagspause takes no session.', { obstacle: { kind: 'break', time: '12:00' } }),
    );
    expect(decideOn(board, { type: 'cell:unblock', payload: { roomId: 'rA', slotId: 't1' } })).toEqual([]);
    expect(decideOn(board, { type: 'cell:unblock', payload: { roomId: 'rB', slotId: 't1' } })).toEqual([
      { type: 'cell.unblocked', roomId: 'rB', slotId: 't1' },
    ]);
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

  /** Two session slots in a row (10:00, 10:45) before the lunch break. */
  function rowOfSlots(): Board {
    const board = sampleBoard();
    return {
      ...board,
      slots: [...board.slots, { id: 't1b', dayId: 'd1', start: '10:45', end: '11:30', kind: 'session', label: '' }],
      placements: [{ sessionId: 's1', roomId: 'rA', slotId: 't1' }],
    };
  }

  it('takes the next slot in the same room, and says why not when it cannot', () => {
    const board = rowOfSlots();
    const extend = (b: Board, sessionId: string) => decideOn(b, { type: 'session:extend', payload: { sessionId } });
    expect(extend(board, 'nope')).toEqual(commandError('not_found', 'no_such', 'There is no such session.', { field: 'sessionId' }));
    expect(extend(board, 's2')).toEqual(invalid('not_placed', 'Place the session first; then it can take a second slot.'));
    expect(extend(board, 's1')).toEqual([{ type: 'session.extended', sessionId: 's1', roomId: 'rA', slotId: 't1b' }]);
    const double = { ...board, placements: [...board.placements, { sessionId: 's1', roomId: 'rA', slotId: 't1b' }] };
    expect(extend(double, 's1')).toEqual(invalid('already_double', 'This is a double session already.'));
    const beforeLunch = { ...board, placements: [{ sessionId: 's1', roomId: 'rA', slotId: 't1b' }] };
    expect(extend(beforeLunch, 's1')).toEqual(
      commandError('not_bookable', 'no_next_slot', 'There is no session slot right after this one (a break or the end of the day).'),
    );
    const closedBelow = { ...board, blocked: [{ roomId: 'rA', slotId: 't1b' }] };
    expect(extend(closedBelow, 's1')).toEqual(commandError('not_bookable', 'next_slot_blocked', 'The room is not available in the next slot.'));
    const takenBelow = { ...board, placements: [...board.placements, { sessionId: 's2', roomId: 'rA', slotId: 't1b' }] };
    expect(extend(takenBelow, 's1')).toEqual(
      commandError('cell_taken', 'next_slot_taken', 'The next slot in this room holds "Session s2".', {
        obstacle: { kind: 'placed_since', title: 'Session s2' },
      }),
    );
  });

  it('gives back the last cell of a double session only', () => {
    const board = rowOfSlots();
    const shrink = (b: Board, sessionId: string) => decideOn(b, { type: 'session:shrink', payload: { sessionId } });
    expect(shrink(board, 'nope')).toEqual(commandError('not_found', 'no_such', 'There is no such session.', { field: 'sessionId' }));
    expect(shrink(board, 's1')).toEqual(invalid('not_double', 'This is not a double session.'));
    const double = { ...board, placements: [...board.placements, { sessionId: 's1', roomId: 'rA', slotId: 't1b' }] };
    expect(shrink(double, 's1')).toEqual([{ type: 'session.shrunk', sessionId: 's1', roomId: 'rA', slotId: 't1b' }]);
  });
});
