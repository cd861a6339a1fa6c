// Whatever a facilitator does live, the event's frame stays whole and its export imports again
// (issue 11): random runs of frame and placement commands through the one writer, each run ending
// with an export that must come back as an equal event.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { Store } from '../../db/store.ts';
import { CommandWriter, type Principal } from '../../server/commands.ts';
import { createEvent, importEvent } from '../../server/create-event.ts';
import type { Board } from '../../shared/board.ts';
import { exportBoard } from '../../shared/export.ts';
import { frameProblems } from '../../shared/frame-check.ts';
import { TEST_EVENT } from '../helpers/server.ts';

const KINDS = [
  'session:place',
  'session:unplace',
  'session:extend',
  'session:shrink',
  'session:withdraw',
  'cell:block',
  'cell:unblock',
  'room:add',
  'room:remove',
  'room:move',
  'slot:add',
  'slot:update',
  'slot:remove',
  'day:add',
  'day:remove',
  'board:undo',
  'board:redo',
] as const;

type Step = { kind: (typeof KINDS)[number]; a: number; b: number; c: number };

const pick = <T>(items: readonly T[], n: number): T | undefined => items[n % Math.max(1, items.length)];
const time = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** A payload for the step against the board as it is now: ids picked from it, times made up. */
function payloadOf(board: Board, { kind, a, b, c }: Step): Record<string, unknown> {
  const sessionId = pick(board.sessions, a)?.id;
  const roomId = pick(board.rooms, b)?.id;
  const slotId = pick(board.slots, c)?.id;
  const start = 8 * 60 + (a % 48) * 15;
  const times = { start: time(start), end: time(Math.min(start + 15 + (b % 6) * 15, 23 * 60 + 59)) };
  switch (kind) {
    case 'session:place':
    case 'cell:block':
    case 'cell:unblock':
      return { sessionId, roomId, slotId };
    case 'room:add':
      return { name: `Raum ${a}`, capacity: c % 3 === 0 ? null : 1 + (c % 200), projector: b % 2 === 0 };
    case 'room:remove':
      return { roomId };
    case 'room:move':
      return { roomId, toIndex: c % 5 };
    case 'slot:add':
      return { dayId: pick(board.days, b)?.id, ...times, kind: c % 3 === 0 ? 'break' : 'session' };
    case 'slot:update':
      return { slotId, ...(c % 2 ? times : {}), ...(a % 3 === 0 ? { kind: c % 4 === 0 ? 'break' : 'session' } : {}) };
    case 'slot:remove':
      return { slotId };
    case 'day:add':
      return { date: `2026-05-${String(10 + (a % 18)).padStart(2, '0')}` };
    case 'day:remove':
      return { dayId: pick(board.days, a)?.id };
    case 'board:undo':
    case 'board:redo':
      return {};
    default:
      return { sessionId };
  }
}

describe('live changes and the export', () => {
  it('no run of facilitator commands leaves a frame that the one check refuses or an export that does not import', () => {
    let runs = 0;
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind: fc.constantFrom(...KINDS), a: fc.nat(1000), b: fc.nat(1000), c: fc.nat(1000) }), { minLength: 5, maxLength: 40 }),
        (steps) => {
          const store = new Store(openDatabase(':memory:'));
          const { slug } = createEvent(store, TEST_EVENT);
          const facilitator: Principal = { eventId: store.findEvent(slug)!.id, isFacilitator: true };
          const writer = new CommandWriter(store);
          for (const step of steps) {
            writer.execute(facilitator, step.kind, payloadOf(writer.snapshot(facilitator.eventId).board, step));
            expect(frameProblems(writer.snapshot(facilitator.eventId).board, new Date())).toEqual([]);
          }
          const board = writer.snapshot(facilitator.eventId).board;
          const copy = importEvent(store, exportBoard(board), { slug: 'copy' });
          const imported = new CommandWriter(store).snapshot(store.findEvent(copy.slug)!.id).board;
          expect(exportBoard(imported)).toEqual(exportBoard(board));
          runs++;
        },
      ),
      { numRuns: 150 },
    );
    expect(runs).toBe(150);
  });

  it('imports an export made before rooms knew about projectors: none has one', () => {
    const store = new Store(openDatabase(':memory:'));
    const { slug } = createEvent(store, TEST_EVENT);
    const board = new CommandWriter(store).snapshot(store.findEvent(slug)!.id).board;
    const old = exportBoard(board);
    // What the import route's schema reads first, to know the file.
    expect(old).toMatchObject({ format: 'pitchboard-event', formatVersion: 1 });
    const withoutProjector = { ...old, rooms: old.rooms.map(({ projector: _projector, ...room }) => room) };
    const copy = importEvent(store, withoutProjector, { slug: 'old-copy' });
    const imported = new CommandWriter(store).snapshot(store.findEvent(copy.slug)!.id).board;
    expect(imported.rooms.map((r) => r.projector)).toEqual(board.rooms.map(() => false));
    expect(imported.rooms.map((r) => r.name)).toEqual(board.rooms.map((r) => r.name));
  });
});
