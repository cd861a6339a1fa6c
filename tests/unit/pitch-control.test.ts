// The pitch bar's control (client/lib/pitch-control.svelte.ts) without a browser, against the real
// writer: a round of pitches, the raised hands typed as digits, the queue's order, claiming.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BoardStore } from '../../client/lib/board.svelte.ts';
import { DIGITS_MS, PitchControl } from '../../client/lib/pitch-control.svelte.ts';
import { findSession } from '../../shared/board.ts';
import { LIMITS } from '../../shared/limits.ts';
import { openDatabase } from '../../db/open.ts';
import { CommandWriter, type Principal } from '../../server/writer.ts';
import type { FakeSocket } from '../helpers/fake-socket.ts';
import { eventInMemory } from '../helpers/in-memory.ts';
import { liveStore } from '../helpers/live-store.ts';

let db: ReturnType<typeof openDatabase>;
let writer: CommandWriter;
let facilitator: Principal;
let store: BoardStore;
let socket: FakeSocket;
let refused: string[];
let pitch: PitchControl;
/** How far the writer's clock is ahead of the real one: a test moves it on instead of waiting. */
let ahead: number;

beforeEach(async () => {
  ahead = 0;
  ({ db, writer, facilitator } = await eventInMemory({ clock: () => new Date(Date.now() + ahead) }));
  ({ store, socket } = await liveStore(writer, facilitator));
  refused = [];
  pitch = new PitchControl(store, (refusal) => refused.push(refusal.code));
});

afterEach(() => {
  store.disconnect();
  db.close();
});

const serverBoard = async () => (await writer.snapshot(facilitator.eventId)).board;
/** The store has every change the server made. */
const synced = async () => store.whenVersion(await writer.version(facilitator.eventId));
const sentNames = () => socket.sent.map((m) => m.name);

describe('the pitch control', () => {
  it('runs a round: start, pause and resume, skip, next, end; a refusal is told by its code', async () => {
    const waiting = pitch.queue.map((s) => s.title);
    expect(waiting).toEqual(['Erste Session', 'Zweite Session', 'Dritte Session']);
    expect(pitch.current).toBeUndefined();

    await pitch.start();
    await synced();
    expect([pitch.current?.title, pitch.running, pitch.paused]).toEqual(['Erste Session', true, false]);
    expect(pitch.queue.map((s) => s.title)).toEqual(['Zweite Session', 'Dritte Session']);
    // Some of the countdown passes, so that the pause leaves it part-way.
    ahead += 30;
    await pitch.pause();
    await synced();
    expect([pitch.running, pitch.paused]).toEqual([false, true]);
    await pitch.start();
    await synced();
    expect([pitch.current?.title, pitch.running]).toEqual(['Erste Session', true]);

    // Skipped: to the end of the queue, the next one steps up with a fresh countdown.
    await pitch.skip();
    await synced();
    expect([pitch.current?.title, pitch.running, pitch.paused]).toEqual(['Zweite Session', false, false]);
    expect(pitch.queue.map((s) => s.title)).toEqual(['Dritte Session', 'Erste Session']);
    await pitch.next();
    await synced();
    expect([pitch.current?.title, pitch.running]).toEqual(['Dritte Session', true]);
    await pitch.end();
    await synced();
    expect(pitch.current).toBeUndefined();
    expect(refused).toEqual([]);

    await pitch.skip();
    expect(refused).toEqual(['invalid']);
    expect(sentNames()).toEqual(['pitch:start', 'pitch:pause', 'pitch:start', 'pitch:skip', 'pitch:next', 'pitch:end', 'pitch:skip']);
  });

  it('counts raised hands: digits typed in a row make one number, + and − add and take one', async () => {
    const typed = (key: string, timeStamp: number, more: { inField?: boolean; ctrlKey?: boolean; altKey?: boolean; metaKey?: boolean } = {}) =>
      pitch.key({ key, timeStamp, inField: false, ...more });
    const hands = async () => findSession(await serverBoard(), pitch.current!.id)!.interest;
    // Nobody at the microphone: the keys are not taken.
    expect(typed('5', 0)).toBe(false);
    await pitch.start();
    await synced();

    expect(typed('1', 1000)).toBe(true);
    expect(typed('2', 1000 + DIGITS_MS - 1)).toBe(true);
    await vi.waitFor(async () => expect(await hands()).toBe(12));
    expect(pitch.interest).toBe(12);
    // A pause as long as DIGITS_MS starts a new number.
    expect(typed('3', 1000 + 2 * DIGITS_MS - 1)).toBe(true);
    await vi.waitFor(async () => expect(await hands()).toBe(3));
    for (const [key, expected] of [
      ['+', 4],
      ['=', 5],
      ['-', 4],
      ['−', 3],
    ] as const) {
      expect(typed(key, 10_000)).toBe(true);
      await vi.waitFor(async () => expect(await hands()).toBe(expected));
    }

    // In a text field the field takes the digits; with a modifier they are a shortcut; letters are not counted.
    expect(typed('7', 20_000, { inField: true })).toBe(false);
    expect(typed('7', 20_000, { ctrlKey: true })).toBe(false);
    expect(typed('7', 20_000, { altKey: true })).toBe(false);
    expect(typed('7', 20_000, { metaKey: true })).toBe(false);
    expect(typed('a', 20_000)).toBe(false);
    expect(await hands()).toBe(3);
  });

  it('sends nothing for a count that is out of range or unchanged', async () => {
    await pitch.start();
    await synced();
    const before = socket.sent.length;
    await pitch.setInterest(-1);
    await pitch.setInterest(LIMITS.interest + 1);
    expect(socket.sent.length).toBe(before);
    // Not counted yet (null): a count of 0 is news, the same count again is not.
    expect(pitch.interest).toBeNull();
    await pitch.setInterest(0);
    await synced();
    expect(socket.sent.length).toBe(before + 1);
    await pitch.setInterest(0);
    expect(socket.sent.length).toBe(before + 1);
    await pitch.setInterest(LIMITS.interest);
    expect(findSession(await serverBoard(), pitch.current!.id)!.interest).toBe(LIMITS.interest);
  });

  it('moves a waiting session in the queue, and opens and closes claiming', async () => {
    const [first, , third] = pitch.queue;
    await pitch.moveInQueue(third!.id, 0);
    await synced();
    expect(pitch.queue.map((s) => s.title)).toEqual(['Dritte Session', 'Erste Session', 'Zweite Session']);
    await pitch.moveInQueue(first!.id, 2);
    await synced();
    expect(pitch.queue.map((s) => s.title)).toEqual(['Dritte Session', 'Zweite Session', 'Erste Session']);

    expect(pitch.claimingOpen).toBe(false);
    await pitch.toggleClaiming();
    await synced();
    expect([pitch.claimingOpen, (await serverBoard()).event.claiming]).toEqual([true, 'open']);
    await pitch.toggleClaiming();
    await synced();
    expect((await serverBoard()).event.claiming).toBe('closed');
    expect(refused).toEqual([]);
  });
});
