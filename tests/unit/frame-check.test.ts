// The one check of an event's frame and plan (shared/frame-check.ts): every kind of broken file
// an attacker tried as an import, each on an otherwise sound plan, is named; a sound plan passes.
import { describe, expect, it } from 'vitest';
import type { Board } from '../../shared/board.ts';
import { frameFaults } from '../../shared/frame-check.ts';
import { LIMITS } from '../../shared/limits.ts';
import { NOW, sampleBoard, session } from '../fixtures/board.ts';

/** The sample board with a second session slot before lunch, s1 placed and a blocked cell. */
function sound(): Board {
  const board = sampleBoard();
  board.slots.push({ id: 't0', dayId: 'd1', start: '11:00', end: '11:45', kind: 'session', label: '' });
  board.placements.push({ sessionId: 's1', roomId: 'rA', slotId: 't1' });
  board.blocked.push({ roomId: 'rB', slotId: 't2' });
  return board;
}

function broken(change: (board: Board) => void): string[] {
  const board = sound();
  change(board);
  return frameFaults(board, new Date(NOW)).map((fault) => fault.message);
}

describe('frameFaults', () => {
  it('finds nothing in a sound plan, a double session across two neighbouring slots included', () => {
    expect(frameFaults(sound(), new Date(NOW)).map((fault) => fault.message)).toEqual([]);
    expect(broken((b) => b.placements.push({ sessionId: 's1', roomId: 'rA', slotId: 't0' }))).toEqual([]);
  });

  it.each<[string, (board: Board) => void, RegExp]>([
    ['a day dated 2026-99-99', (b) => (b.days[0]!.date = '2026-99-99'), /The date "2026-99-99" must be a day of the calendar/],
    ['a day dated 2026-02-31', (b) => (b.days[0]!.date = '2026-02-31'), /The date "2026-02-31" must be a day of the calendar/],
    ['a day more than two years ahead', (b) => (b.days[0]!.date = '2028-05-10'), /The date "2028-05-10" must not lie more than two years ahead/],
    ['two days on one date', (b) => b.days.push({ id: 'd2', date: '2026-05-09', label: '' }), /Two days have the same date \(2026-05-09\)/],
    ['no day', (b) => ((b.days = []), (b.slots = [])), /at least one day/],
    ['no room', (b) => ((b.rooms = []), (b.placements = []), (b.blocked = [])), /at least one room/],
    ['a slot that ends before it starts', (b) => (b.slots[0]!.end = '09:00'), /10:00–09:00 ends before it starts/],
    ['a slot that ends as it starts', (b) => (b.slots[0]!.end = '10:00'), /ends before it starts/],
    ['a slot at 25:00', (b) => (b.slots[0]!.start = '25:00'), /not a time of day/],
    ['overlapping slots', (b) => (b.slots[0]!.end = '11:30'), /10:00–11:30 overlaps 11:00–11:45/],
    ['a slot of no day', (b) => (b.slots[1]!.dayId = 'nowhere'), /belongs to no day/],
    ['no session slot', (b) => ((b.slots = b.slots.filter((s) => s.kind === 'break')), (b.placements = []), (b.blocked = [])), /at least one session slot/],
    ['a withdrawn session placed', (b) => b.placements.push({ sessionId: 'sW', roomId: 'rB', slotId: 't1' }), /"Session sW" is withdrawn but placed/],
    ['one session in two rooms', (b) => b.placements.push({ sessionId: 's1', roomId: 'rB', slotId: 't0' }), /"Session s1" is placed more than once/],
    ['one session twice in one room, not neighbouring', (b) => b.placements.push({ sessionId: 's1', roomId: 'rA', slotId: 't2' }), /placed more than once/],
    [
      'one session in three cells',
      (b) => b.placements.push({ sessionId: 's1', roomId: 'rA', slotId: 't0' }, { sessionId: 's1', roomId: 'rA', slotId: 't2' }),
      /placed more than once/,
    ],
    [
      'a double session across lunch',
      (b) => b.placements.push({ sessionId: 's2', roomId: 'rA', slotId: 't0' }, { sessionId: 's2', roomId: 'rA', slotId: 't2' }),
      /"Session s2" is placed more than once/,
    ],
    ['two sessions in one cell', (b) => b.placements.push({ sessionId: 's2', roomId: 'rA', slotId: 't1' }), /Two sessions share one cell/],
    ['a placement in a blocked cell', (b) => b.placements.push({ sessionId: 's2', roomId: 'rB', slotId: 't2' }), /"Session s2" is placed in a blocked cell/],
    ['a placement in a break', (b) => b.placements.push({ sessionId: 's2', roomId: 'rA', slotId: 'tL' }), /"Session s2" is placed in the break 12:00–13:00/],
    [
      'a placement pointing nowhere',
      (b) => b.placements.push({ sessionId: 's2', roomId: 'nope', slotId: 't0' }),
      /points to a session, room or slot that does not exist/,
    ],
    ['a blocked cell in a break', (b) => b.blocked.push({ roomId: 'rA', slotId: 'tL' }), /A cell in the break 12:00–13:00 is blocked/],
    ['a blocked cell pointing nowhere', (b) => b.blocked.push({ roomId: 'rA', slotId: 'nope' }), /blocked cell points to a room or slot that does not exist/],
    ['a cell blocked twice', (b) => b.blocked.push({ roomId: 'rB', slotId: 't2' }), /blocked twice/],
    ['capacity 2^53+2', (b) => (b.rooms[0]!.capacity = 2 ** 53 + 2), /"Room A" has a capacity of 9007199254740994/],
    ['capacity 0', (b) => (b.rooms[0]!.capacity = 0), /holds 1 to/],
    ['capacity 1.5', (b) => (b.rooms[0]!.capacity = 1.5), /holds 1 to/],
    ['two rooms on one position', (b) => (b.rooms[1]!.position = 0), /same position/],
    ['a room id used twice', (b) => (b.rooms[1]!.id = 'rA'), /room id is used twice/],
    ['a session id used twice', (b) => b.sessions.push(session('s1')), /session id is used twice/],
    [
      'too many rooms',
      (b) =>
        b.rooms.push(...Array.from({ length: LIMITS.rooms }, (_, i) => ({ id: `x${i}`, name: `X${i}`, capacity: null, projector: false, position: i + 10 }))),
      /at most 100 rooms/,
    ],
    [
      'too many days',
      (b) =>
        b.days.push(...Array.from({ length: LIMITS.days }, (_, i) => ({ id: `d${i + 10}`, date: `2026-06-${String(i + 1).padStart(2, '0')}`, label: '' }))),
      /at most 14 days/,
    ],
    ['too many sessions', (b) => b.sessions.push(...Array.from({ length: LIMITS.sessions }, (_, i) => session(`n${i}`))), /at most 2000 sessions/],
    [
      'too many slots on a day',
      (b) =>
        b.slots.push(
          ...Array.from({ length: LIMITS.slotsPerDay }, (_, i) => ({
            id: `n${i}`,
            dayId: 'd1',
            start: `${String(14 + Math.floor(i / 6)).padStart(2, '0')}:${String((i % 6) * 10).padStart(2, '0')}`,
            end: `${String(14 + Math.floor(i / 6)).padStart(2, '0')}:${String((i % 6) * 10 + 5).padStart(2, '0')}`,
            kind: 'session' as const,
            label: '',
          })),
        ),
      /A day has at most 40 slots \(2026-05-09 has 44\)/,
    ],
  ])('names %s', (_name, change, pattern) => {
    const problems = broken(change);
    expect(problems.length, problems.join('\n')).toBeGreaterThan(0);
    expect(problems.join('\n')).toMatch(pattern);
  });

  it('takes every limit at its boundary: the most days, rooms, sessions and slots, the smallest and largest room, the last day allowed', () => {
    const at = (count: number, make: (i: number) => string) => Array.from({ length: count }, (_, i) => make(i));
    const full = sound();
    full.days = at(LIMITS.days, (i) => `2026-06-${String(i + 1).padStart(2, '0')}`).map((date, i) => ({ id: i === 0 ? 'd1' : `d${i + 1}`, date, label: '' }));
    full.rooms = at(LIMITS.rooms, (i) => (i === 0 ? 'rA' : i === 1 ? 'rB' : `r${i}`)).map((id, position) => ({
      id,
      name: `Raum ${position}`,
      capacity: position === 0 ? 1 : position === 1 ? LIMITS.capacity : null,
      projector: false,
      position,
    }));
    full.sessions = at(LIMITS.sessions, (i) => `s${i + 1}`).map((id) => session(id));
    const minutes = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    full.slots = at(LIMITS.slotsPerDay, (i) => (i === 0 ? 't1' : i === 1 ? 't0' : i === 2 ? 't2' : `t${i + 1}`)).map((id, i) => ({
      id,
      dayId: 'd1',
      start: minutes(360 + i * 20),
      end: minutes(375 + i * 20),
      kind: 'session' as const,
      label: '',
    }));
    full.pitch.queue = [];
    expect(frameFaults(full, new Date(NOW)).map((fault) => fault.message)).toEqual([]);
    // Two years ahead to the day is still allowed.
    expect(broken((b) => (b.days[0]!.date = '2028-05-09'))).toEqual([]);
  });

  it('reads a double session by time, whichever cell the file lists first', () => {
    expect(
      broken((b) => {
        b.placements = [
          { sessionId: 's1', roomId: 'rA', slotId: 't0' },
          { sessionId: 's1', roomId: 'rA', slotId: 't1' },
        ];
      }),
    ).toEqual([]);
  });
});
