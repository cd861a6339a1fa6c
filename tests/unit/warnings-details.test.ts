// Warnings in the details the mutation run found untested: how names and tags are compared, the
// exact sentences, the order of the sessions named, withdrawn sessions left on a board, and one
// warning for two double sessions side by side.
import { describe, expect, it } from 'vitest';
import { applyAll } from '../../shared/apply.ts';
import { NO_WISHES, type Board } from '../../shared/board.ts';
import { boardWarnings, hostNames, hostsOf, samePerson, sameTag } from '../../shared/warnings.ts';
import { campBoard, session } from '../fixtures/board.ts';

const place = (board: Board, sessionId: string, roomId: string, slotId: string) => applyAll(board, [{ type: 'session.placed', sessionId, roomId, slotId }]);
const kinds = (board: Board) => boardWarnings(board).map((w) => `${w.kind}:${w.sessionIds.join('+')}`);

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
    expect(kinds(board)).toEqual(['host_parallel:a+b']);
  });
});

describe('sessions that do not count', () => {
  it('leaves out a withdrawn session still on the board: no seats, no wishes', () => {
    const withdrawn = session('w', { status: 'withdrawn', interest: 99, wishes: { ...NO_WISHES, timing: 'after_lunch' } });
    const board: Board = { ...campBoard([withdrawn]), placements: [{ sessionId: 'w', roomId: 'r0', slotId: 't10' }] };
    expect(boardWarnings(board)).toEqual([]);
    expect(kinds({ ...board, sessions: [{ ...withdrawn, status: 'pitched' }] })).toEqual(['over_capacity:w', 'wish:w']);
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
    expect(kinds(board)).toEqual(['host_parallel:a+b', 'tag_parallel:a+b']);
  });
});
