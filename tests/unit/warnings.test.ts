// Warnings (every clash on the board at once, shared/warnings.ts): how hosts and tags are
// compared, the exact sentences, the order of the sessions named, and what does not count.
import { describe, expect, it } from 'vitest';
import { applyAll } from '../../shared/apply.ts';
import { NO_WISHES, type Board } from '../../shared/board.ts';
import { boardWarnings, hostNames, hostsOf, samePerson, sameTag, warningsOf, type Warning } from '../../shared/warnings.ts';
import { campBoard, session } from '../fixtures/board.ts';

const place = (board: Board, sessionId: string, roomId: string, slotId: string) => applyAll(board, [{ type: 'session.placed', sessionId, roomId, slotId }]);
const kinds = (warnings: Warning[]) => warnings.map((w) => `${w.kind}:${w.sessionIds.join('+')}`);

describe('warnings', () => {
  it('names every clash at once: a host in two rooms, too many for the seats, a wish, a shared tag', () => {
    let board = campBoard([
      session('a', { host: 'Anna & Ben', tags: ['KI'] }),
      session('b', { host: ' anna ', tags: ['ki', 'Verwaltung'] }),
      session('c', { host: 'Cem', interest: 40 }),
      session('d', { host: 'Dana', wishes: { ...NO_WISHES, timing: 'before_lunch' } }),
      session('e', { host: 'Eva', wishes: { ...NO_WISHES, leaveBy: '11:30' } }),
    ]);
    expect(boardWarnings(board)).toEqual([]);
    board = place(board, 'a', 'r0', 't10');
    board = place(board, 'b', 'r1', 't10');
    board = place(board, 'c', 'r1', 't11');
    board = place(board, 'd', 'r2', 't13');
    board = place(board, 'e', 'r3', 't11');
    expect(kinds(boardWarnings(board))).toEqual(['host_parallel:a+b', 'over_capacity:c', 'wish:d', 'wish:e', 'tag_parallel:a+b']);
    const [host, seats, wish] = boardWarnings(board);
    expect(host!.message).toBe('Anna gives "Session a", "Session b" at the same time.');
    expect(seats!.message).toBe('"Session c" has 40 interested and Raum 1 seats 25.');
    expect(wish!.message).toBe('The giver of "Session d" wants to be before lunch.');
    expect(kinds(warningsOf(board, 'e'))).toEqual(['wish:e']);
  });

  it('a session that needs a projector in a room without one, once the rooms say which have one', () => {
    const needs = session('p', { host: 'Pia', wishes: { ...NO_WISHES, needsProjector: true } });
    const unknown = place(campBoard([needs]), 'p', 'r1', 't10');
    // No room says it has a projector: nobody knows, so nothing is against the wish.
    expect(boardWarnings(unknown)).toEqual([]);
    const told = place(campBoard([needs], undefined, [false, false, true]), 'p', 'r1', 't10');
    expect(boardWarnings(told)).toEqual([{ kind: 'wish', sessionIds: ['p'], message: 'The giver of "Session p" needs a projector, and the room has none.' }]);
    expect(boardWarnings(place(told, 'p', 'r2', 't10'))).toEqual([]);
    // A double session stays in its room: its second cell is fine too.
    const extended = applyAll(place(told, 'p', 'r2', 't10'), [{ type: 'session.extended', sessionId: 'p', roomId: 'r2', slotId: 't11' }]);
    expect(boardWarnings(extended)).toEqual([]);
  });

  it('counts a double session once, also where its second slot meets a clash', () => {
    let board = campBoard([session('a', { host: 'Anna' }), session('b', { host: 'Anna' })]);
    board = place(board, 'a', 'r0', 't10');
    board = applyAll(board, [{ type: 'session.extended', sessionId: 'a', roomId: 'r0', slotId: 't11' }]);
    board = place(board, 'b', 'r1', 't11');
    expect(kinds(boardWarnings(board))).toEqual(['host_parallel:a+b']);
    // Leaving at 11:30 clashes with the end of the second slot, not the first.
    board = { ...board, sessions: board.sessions.map((s) => (s.id === 'a' ? { ...s, host: 'Alex', wishes: { ...NO_WISHES, leaveBy: '11:00' } } : s)) };
    expect(kinds(boardWarnings(board))).toEqual(['wish:a']);
  });

  it('reads hosts as people: separators, spaces and case do not matter', () => {
    expect(hostsOf({ host: 'Anna Schmidt, Ben / Cem und Dana and Eva + Fritz' })).toEqual(['anna schmidt', 'ben', 'cem', 'dana', 'eva', 'fritz']);
    expect(hostsOf({ host: '  ANNA ' })).toEqual(['anna']);
  });

  it('sees no host in two places where nobody is named: an empty host, or "N. N." and the like', () => {
    let board = campBoard([session('a', { host: '' }), session('b', { host: '' }), session('c', { host: 'N. N.' }), session('d', { host: 'n. n., tba' })]);
    board = place(board, 'a', 'r0', 't10');
    board = place(board, 'b', 'r1', 't10');
    board = place(board, 'c', 'r2', 't10');
    board = place(board, 'd', 'r3', 't10');
    expect(kinds(boardWarnings(board)).filter((kind) => kind.startsWith('host'))).toEqual([]);
    expect(hostNames({ host: 'N. N., Anna' })).toEqual(['Anna']);
  });

  it('leaves withdrawn sessions out', () => {
    let board = campBoard([session('a', { host: 'Anna' }), session('b', { host: 'Anna' })]);
    board = place(place(board, 'a', 'r0', 't10'), 'b', 'r1', 't10');
    board = applyAll(board, [{ type: 'session.withdrawn', sessionId: 'b' }]);
    expect(boardWarnings(board)).toEqual([]);
  });
});

describe('names and tags as compared', () => {
  it('splits hosts with or without spaces around the separator, trims them and drops empty ones', () => {
    expect(hostNames({ host: ' Anna,Ben&Cem , ' })).toEqual(['Anna', 'Ben', 'Cem']);
    expect(hostsOf({ host: 'Anna,,Ben' })).toEqual(['anna', 'ben']);
    expect(samePerson(' Anna ')).toBe('anna');
    expect(sameTag(' KI ')).toBe('ki');
  });
});

describe('what the warnings say', () => {
  it('names the host as the matching session writes it, and the tag as compared', () => {
    let board = campBoard([session('a', { host: 'Ben & Anna', tags: ['KI'] }), session('b', { host: 'anna', tags: ['ki '] })]);
    board = place(place(board, 'a', 'r0', 't10'), 'b', 'r1', 't10');
    const [host, tag] = boardWarnings(board);
    expect(host).toEqual({ kind: 'host_parallel', sessionIds: ['a', 'b'], subject: 'Anna', message: 'Anna gives "Session a", "Session b" at the same time.' });
    expect(tag).toEqual({
      kind: 'tag_parallel',
      sessionIds: ['a', 'b'],
      subject: 'ki',
      message: '"Session a", "Session b" share the tag "ki" and run at the same time.',
    });
  });

  it('gives a shared tag as the tag, even when a host has that name', () => {
    let board = campBoard([session('a', { host: 'KI', tags: ['ki'] }), session('b', { host: 'Ben', tags: ['ki'] })]);
    board = place(place(board, 'a', 'r0', 't10'), 'b', 'r1', 't10');
    expect(boardWarnings(board).map((w) => [w.kind, w.subject])).toEqual([['tag_parallel', 'ki']]);
  });

  it('says each wish against the plan, joined', () => {
    let board = campBoard([
      session('a', { host: 'Anna', wishes: { ...NO_WISHES, timing: 'after_lunch', leaveBy: '10:30' } }),
      session('b', { host: 'Ben', wishes: { ...NO_WISHES, leaveBy: '13:30' } }),
    ]);
    board = place(place(board, 'a', 'r0', 't10'), 'b', 'r0', 't13');
    expect(boardWarnings(board).map((w) => w.message)).toEqual([
      'The giver of "Session a" wants to be after lunch and has to leave at 10:30.',
      'The giver of "Session b" has to leave at 13:30.',
    ]);
  });

  it('names the sessions in the board’s order, whichever was placed first', () => {
    let board = campBoard([session('a', { host: 'Anna' }), session('b', { host: 'Anna' })]);
    board = place(place(board, 'b', 'r0', 't10'), 'a', 'r1', 't10');
    expect(kinds(boardWarnings(board))).toEqual(['host_parallel:a+b']);
  });
});

describe('sessions that do not count', () => {
  it('leaves out a withdrawn session still on the board: no seats, no wishes', () => {
    const withdrawn = session('w', { status: 'withdrawn', interest: 99, wishes: { ...NO_WISHES, timing: 'after_lunch' } });
    const board: Board = { ...campBoard([withdrawn]), placements: [{ sessionId: 'w', roomId: 'r0', slotId: 't10' }] };
    expect(boardWarnings(board)).toEqual([]);
    expect(kinds(boardWarnings({ ...board, sessions: [{ ...withdrawn, status: 'pitched' }] }))).toEqual(['over_capacity:w', 'wish:w']);
  });
});

describe('double sessions side by side', () => {
  it('give one warning where they meet in both slots', () => {
    let board = campBoard([session('a', { host: 'Anna', tags: ['KI'] }), session('b', { host: 'Anna', tags: ['KI'] })]);
    board = place(place(board, 'a', 'r0', 't10'), 'b', 'r1', 't10');
    board = applyAll(board, [
      { type: 'session.extended', sessionId: 'a', roomId: 'r0', slotId: 't11' },
      { type: 'session.extended', sessionId: 'b', roomId: 'r1', slotId: 't11' },
    ]);
    expect(kinds(boardWarnings(board))).toEqual(['host_parallel:a+b', 'tag_parallel:a+b']);
  });
});
