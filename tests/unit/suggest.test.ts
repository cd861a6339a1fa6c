// Suggestions (where a session could go, shared/suggest.ts): which cells come first and why, none
// that adds a clash, what to say when every free cell has one, and auto-fill.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyAll } from '../../shared/apply.ts';
import { bookableCells, isBlocked, NO_WISHES, placementAt, type Board, type Session } from '../../shared/board.ts';
import { autofill, suggestCells, whyNoOffer } from '../../shared/suggest.ts';
import { boardWarnings, type Warning } from '../../shared/warnings.ts';
import { campBoard, sampleBoard, session } from '../fixtures/board.ts';

const place = (board: Board, sessionId: string, roomId: string, slotId: string) => applyAll(board, [{ type: 'session.placed', sessionId, roomId, slotId }]);
const kinds = (warnings: Warning[]) => warnings.map((w) => `${w.kind}:${w.sessionIds.join('+')}`);
const cells = (board: Board, sessionId: string, limit = 3) => suggestCells(board, sessionId, limit).map((s) => `${s.roomId}@${s.slotId}`);

describe('suggestions', () => {
  it('the earliest free time, in the smallest room that seats everyone interested', () => {
    const board = place(campBoard([session('a', { interest: 20 }), session('x')]), 'x', 'r1', 't10');
    const [best, second] = suggestCells(board, 'a');
    // Raum 1 (25) is taken at 10:00: Raum 2 (60); Raum 0 (10) is too small.
    expect(best).toEqual({ roomId: 'r2', slotId: 't10', reasons: ['seats_fit'] });
    expect(second).toEqual({ roomId: 'r3', slotId: 't10', reasons: ['seats_unknown'] });
  });

  it('never a break, a blocked or a taken cell, never beside the same host, and as the giver wished', () => {
    let board = campBoard([session('a', { host: 'Anna', wishes: { ...NO_WISHES, timing: 'after_lunch', leaveBy: '14:00' } }), session('b', { host: 'anna' })]);
    board = place(board, 'b', 'r0', 't13');
    expect(suggestCells(board, 'a', 20)).toEqual([]);
    board = place(board, 'b', 'r0', 't10');
    board = { ...board, blocked: [{ roomId: 'r1', slotId: 't13' }] };
    expect(suggestCells(board, 'a', 20)).toEqual([
      { roomId: 'r0', slotId: 't13', reasons: ['seats_fit', 'after_lunch', 'leaves_in_time'] },
      { roomId: 'r2', slotId: 't13', reasons: ['seats_fit', 'after_lunch', 'leaves_in_time'] },
      { roomId: 'r3', slotId: 't13', reasons: ['seats_unknown', 'after_lunch', 'leaves_in_time'] },
    ]);
  });

  it('a session that needs a projector only where there is one, once the rooms say which have one', () => {
    const needs = session('p', { interest: 5, wishes: { ...NO_WISHES, needsProjector: true } });
    expect(suggestCells(campBoard([needs]), 'p', 1)).toEqual([{ roomId: 'r0', slotId: 't10', reasons: ['seats_fit'] }]);
    expect(suggestCells(campBoard([needs], undefined, [false, false, true, true]), 'p', 2)).toEqual([
      { roomId: 'r2', slotId: 't10', reasons: ['seats_fit', 'has_projector'] },
      { roomId: 'r3', slotId: 't10', reasons: ['seats_unknown', 'has_projector'] },
    ]);
    // Who needs none still gets the smallest room.
    const other = session('o', { interest: 5 });
    expect(suggestCells(campBoard([other], undefined, [false, false, true, true]), 'o', 1)).toEqual([{ roomId: 'r0', slotId: 't10', reasons: ['seats_fit'] }]);
  });

  it('none for an unknown or withdrawn session', () => {
    const board = sampleBoard();
    expect(suggestCells(board, 'nobody')).toEqual([]);
    expect(suggestCells(board, 'sW')).toEqual([]);
  });

  it('placing a session where it is offered never raises a warning while a warning-free cell exists (random camps and hands)', () => {
    const hosts = ['Anna', 'anna ', 'Ben', 'Cem & Anna', 'Dana'];
    const tags = ['KI', 'ki', 'Verwaltung', 'Bildung'];
    const sessionArb = fc.record({
      host: fc.constantFrom(...hosts),
      tags: fc.subarray(tags, { maxLength: 2 }),
      interest: fc.nat({ max: 80 }),
      timing: fc.constantFrom('any', 'before_lunch', 'after_lunch') as fc.Arbitrary<Session['wishes']['timing']>,
      leaveBy: fc.option(fc.constantFrom('10:45', '11:30', '13:45', '15:00'), { nil: null }),
      needsProjector: fc.boolean(),
    });
    const campArb = fc.record({
      capacities: fc.array(fc.option(fc.integer({ min: 5, max: 80 }), { nil: null }), { minLength: 1, maxLength: 5 }),
      projectors: fc.array(fc.boolean(), { maxLength: 5 }),
      sessions: fc.array(sessionArb, { minLength: 1, maxLength: 14 }),
      placedCount: fc.nat({ max: 14 }),
      cellShuffle: fc.array(fc.nat(), { minLength: 30, maxLength: 30 }),
      blockedEvery: fc.integer({ min: 3, max: 9 }),
    });
    let suggestionsChecked = 0;
    fc.assert(
      fc.property(campArb, ({ capacities, projectors, sessions, placedCount, cellShuffle, blockedEvery }) => {
        let board = campBoard(
          sessions.map((s, i) =>
            session(`s${i}`, {
              host: s.host,
              tags: s.tags,
              interest: s.interest,
              wishes: { timing: s.timing, leaveBy: s.leaveBy, needsProjector: s.needsProjector },
            }),
          ),
          capacities,
          projectors,
        );
        const cells = bookableCells(board)
          .map((cell, i) => ({ cell, key: cellShuffle[i % cellShuffle.length]! * 100 + i }))
          .sort((a, b) => a.key - b.key)
          .map(({ cell }) => cell);
        board = { ...board, blocked: cells.filter((_, i) => i % blockedEvery === 0) };
        const free = cells.filter((c) => !isBlocked(board, c));
        board.sessions.slice(0, Math.min(placedCount, free.length)).forEach((s, i) => (board = place(board, s.id, free[i]!.roomId, free[i]!.slotId)));
        const before = new Set(kinds(boardWarnings(board)));
        const raisedAt = (sessionId: string, cell: { roomId: string; slotId: string }) =>
          kinds(boardWarnings(place(board, sessionId, cell.roomId, cell.slotId))).filter((w) => !before.has(w));
        for (const s of board.sessions.filter((x) => !board.placements.some((p) => p.sessionId === x.id))) {
          const freeCells = bookableCells(board).filter((c) => !isBlocked(board, c) && !placementAt(board, c));
          const warningFree = freeCells.filter((c) => raisedAt(s.id, c).length === 0);
          for (const [rank, suggestion] of suggestCells(board, s.id, 50).entries()) {
            const slot = board.slots.find((t) => t.id === suggestion.slotId)!;
            expect(slot.kind).toBe('session');
            expect(isBlocked(board, suggestion)).toBe(false);
            expect(placementAt(board, suggestion)).toBeUndefined();
            const raised = raisedAt(s.id, suggestion);
            // A topic in parallel (a soft clash) only where every cell allowed has one.
            const sharedTag = suggestion.reasons.includes('shared_tag');
            if (sharedTag) {
              expect(warningFree).toEqual([]);
              expect(raised.filter((w) => !w.startsWith('tag_parallel:') && !w.startsWith('over_capacity:'))).toEqual([]);
              expect(raised.some((w) => w.startsWith('tag_parallel:') && w.includes(s.id))).toBe(true);
              // Not even a cell that is only too small was free.
              expect(freeCells.filter((c) => raisedAt(s.id, c).every((w) => w.startsWith('over_capacity:')))).toEqual([]);
            } else if (suggestion.reasons.includes('biggest_free')) {
              // No free room holds them all: too few seats is the one warning, and only when no cell is without one.
              expect(warningFree, JSON.stringify({ session: s, suggestion })).toEqual([]);
              expect(raised).toEqual([`over_capacity:${s.id}`]);
              const room = board.rooms.find((r) => r.id === suggestion.roomId)!;
              expect(suggestion.seats).toBe(room.capacity);
              expect(suggestion.interest).toBe(s.interest);
              // The offer (the first) is the biggest of the rooms it could have without any other warning.
              const fallbacks = freeCells.filter((c) => raisedAt(s.id, c).join() === `over_capacity:${s.id}`);
              const biggest = Math.max(...fallbacks.map((c) => board.rooms.find((r) => r.id === c.roomId)!.capacity!));
              if (rank === 0) expect(room.capacity).toBe(biggest);
            } else {
              expect(raised, JSON.stringify({ session: s, suggestion })).toEqual([]);
            }
            suggestionsChecked++;
          }
        }
      }),
      { numRuns: 300 },
    );
    // The generator makes camps where something can be suggested, or the property says little.
    expect(suggestionsChecked).toBeGreaterThan(300);
  });
});

describe('which cells come first', () => {
  it('the earliest time, in it the smallest room that seats everyone, then the room order among equals', () => {
    const board = campBoard([session('a', { interest: 5 })], [60, 10, 25]);
    expect(cells(board, 'a', 4)).toEqual(['r1@t10', 'r2@t10', 'r0@t10', 'r1@t11']);
    const equal = campBoard([session('a', { interest: 5 })], [25, 25]);
    expect(cells(equal, 'a', 3)).toEqual(['r0@t10', 'r1@t10', 'r0@t11']);
  });

  it('a room as big as the hands raised fits', () => {
    expect(cells(campBoard([session('a', { interest: 10 })], [10, 25]), 'a', 1)).toEqual(['r0@t10']);
    expect(cells(campBoard([session('a', { interest: 11 })], [10, 25]), 'a', 1)).toEqual(['r1@t10']);
  });
});

describe('a session already on the plan', () => {
  it('may stay in its own cell, and does not clash with itself or with a withdrawn session left on the board', () => {
    let board = campBoard([session('a', { host: 'Anna', tags: ['KI'] }), session('w', { host: 'Anna', tags: ['KI'], status: 'withdrawn' })], [25, 10]);
    board = {
      ...board,
      placements: [
        { sessionId: 'a', roomId: 'r0', slotId: 't10' },
        { sessionId: 'w', roomId: 'r0', slotId: 't11' },
      ],
    };
    expect(cells(board, 'a', 4)).toEqual(['r1@t10', 'r0@t10', 'r1@t11', 'r1@t13']);
  });
});

describe('the reasons given', () => {
  it('names each wish kept and a tag nobody shares', () => {
    const wishes = { ...NO_WISHES, timing: 'before_lunch' as const, leaveBy: '12:00' };
    const board = campBoard([session('a', { tags: ['KI'], wishes })], [25]);
    expect(suggestCells(board, 'a', 1)).toEqual([{ roomId: 'r0', slotId: 't10', reasons: ['seats_fit', 'before_lunch', 'leaves_in_time', 'no_shared_tag'] }]);
  });
});

describe('when every free cell has a clash', () => {
  /** One room, two slots free: `others` fill the rest of the day. */
  function oneRoomCamp(sessions: Session[], others: Array<[id: string, slotId: string]>) {
    let board = campBoard(sessions, [30]);
    for (const [id, slotId] of others) board = place(board, id, 'r0', slotId);
    return board;
  }

  it('offers a cell where only a topic of the session runs in parallel, naming it; never one beside the same host', () => {
    const board = place(campBoard([session('a', { tags: ['KI'] }), session('x', { tags: ['ki'] })], [30, 30]), 'x', 'r0', 't10');
    // Beside a KI session only r1 at 10:00; the other slots are free of it: those first.
    expect(suggestCells(board, 'a', 1)).toEqual([{ roomId: 'r0', slotId: 't11', reasons: ['seats_fit', 'no_shared_tag'] }]);
    const full = ['t11', 't13', 't14'].reduce((b, slotId, i) => place(b, `y${i}`, 'r0', slotId), {
      ...board,
      sessions: [...board.sessions, ...[0, 1, 2].map((i) => session(`y${i}`, { tags: ['KI'] }))],
    });
    const blocked = { ...full, blocked: ['t11', 't13', 't14'].map((slotId) => ({ roomId: 'r1', slotId })) };
    expect(suggestCells(blocked, 'a', 2)).toEqual([{ roomId: 'r1', slotId: 't10', reasons: ['seats_fit', 'shared_tag'], tag: 'ki' }]);
    expect(whyNoOffer(blocked, 'a')).toBeUndefined();
    // The same host instead: no offer, and the reason names the person as written.
    const sameHost = {
      ...blocked,
      sessions: blocked.sessions.map((s) => (s.id === 'x' ? { ...s, host: 'ANNA ' } : s.id === 'a' ? { ...s, host: 'Anna, Ben' } : s)),
    };
    expect(suggestCells(sameHost, 'a')).toEqual([]);
    expect(whyNoOffer(sameHost, 'a')).toEqual({ kind: 'host', names: ['ANNA'] });
  });

  it('says why there is no offer: nothing free, only slots that have begun, or the wishes', () => {
    const full = oneRoomCamp(
      [session('a'), ...[0, 1, 2, 3].map((i) => session(`o${i}`))],
      [
        ['o0', 't10'],
        ['o1', 't11'],
        ['o2', 't13'],
        ['o3', 't14'],
      ],
    );
    expect(whyNoOffer(full, 'a')).toEqual({ kind: 'no_free_cell' });
    const early = oneRoomCamp(
      [session('a'), ...[0, 1].map((i) => session(`o${i}`))],
      [
        ['o0', 't13'],
        ['o1', 't14'],
      ],
    );
    // 12:30 in Berlin: 10:00 and 11:00 have begun, the free ones.
    const midday = Date.parse('2026-05-09T10:30:00Z');
    expect(suggestCells(early, 'a', 3, midday)).toEqual([]);
    expect(whyNoOffer(early, 'a', midday)).toEqual({ kind: 'all_begun' });
    expect(whyNoOffer(early, 'a')).toBeUndefined();
    const late = { ...early, sessions: early.sessions.map((s) => (s.id === 'a' ? { ...s, wishes: { ...NO_WISHES, timing: 'after_lunch' as const } } : s)) };
    expect(whyNoOffer(late, 'a')).toEqual({ kind: 'wish' });
    expect(whyNoOffer(late, 'nobody')).toBeUndefined();
  });
});

describe('auto-fill', () => {
  it('gives the most interested the big rooms first; who fits no room gets the biggest one there is', () => {
    const board = campBoard(
      [session('small', { interest: 5 }), session('big', { interest: 50 }), session('huge', { interest: 500 }), session('mid', { interest: 20 })],
      [10, 25, 60],
    );
    expect(autofill(board)).toEqual([
      { sessionId: 'huge', roomId: 'r2', slotId: 't10' },
      { sessionId: 'big', roomId: 'r2', slotId: 't11' },
      { sessionId: 'mid', roomId: 'r1', slotId: 't10' },
      { sessionId: 'small', roomId: 'r0', slotId: 't10' },
    ]);
  });

  it('leaves in the tray who finds no free cell', () => {
    const board = campBoard(
      [1, 2, 3, 4, 5].map((hands) => session(`s${hands}`, { interest: hands })),
      [10],
    );
    // One room, four session slots: the least interested waits for the facilitator.
    expect(autofill(board).map((p) => `${p.sessionId}@${p.slotId}`)).toEqual(['s5@t10', 's4@t11', 's3@t13', 's2@t14']);
  });

  it('fills random camps raising no warning but too few seats or a shared topic where nothing better was free', () => {
    const camp = fc.record({
      capacities: fc.array(fc.option(fc.integer({ min: 5, max: 80 }), { nil: null }), { minLength: 1, maxLength: 5 }),
      sessions: fc.array(
        fc.record({
          host: fc.constantFrom('Anna', 'ANNA', 'Ben', 'Cem, Anna'),
          tag: fc.constantFrom('KI', 'ki', 'Bildung', ''),
          interest: fc.nat({ max: 90 }),
          late: fc.boolean(),
          needsProjector: fc.boolean(),
        }),
        { minLength: 1, maxLength: 25 },
      ),
      projectors: fc.array(fc.boolean(), { maxLength: 5 }),
    });
    fc.assert(
      fc.property(camp, ({ capacities, projectors, sessions }) => {
        const board = campBoard(
          sessions.map((s, i) =>
            session(`s${i}`, {
              host: s.host,
              tags: s.tag ? [s.tag] : [],
              interest: s.interest,
              wishes: { ...NO_WISHES, timing: s.late ? 'after_lunch' : 'any', needsProjector: s.needsProjector },
            }),
          ),
          capacities,
          projectors,
        );
        const placements = autofill(board);
        const filled = applyAll(
          board,
          placements.map((p) => ({ type: 'session.placed' as const, ...p })),
        );
        // Only too few seats, and a topic in parallel where nothing else was free; never a host in two places or a wish.
        expect(boardWarnings(filled).filter((w) => w.kind !== 'over_capacity' && w.kind !== 'tag_parallel')).toEqual([]);
        // Each session at most once, each cell at most once.
        expect(new Set(placements.map((p) => p.sessionId)).size).toBe(placements.length);
        expect(new Set(placements.map((p) => `${p.roomId}|${p.slotId}`)).size).toBe(placements.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('auto-fill among equals', () => {
  it('gives the best cell to the session pitched first when as many hands were raised', () => {
    const board = campBoard([session('b', { host: 'Ben', interest: 5 }), session('a', { host: 'Anna', interest: 5 })], [10, 25]);
    expect(autofill(board)).toEqual([
      { sessionId: 'b', roomId: 'r0', slotId: 't10' },
      { sessionId: 'a', roomId: 'r1', slotId: 't10' },
    ]);
  });
});
