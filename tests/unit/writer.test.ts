// The one writer, against a real SQLite database in memory: what a command leaves behind when it
// commits, when it fails halfway, and who may do what.
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Board } from '../../shared/board.ts';
import { openDatabase } from '../../db/open.ts';
import { Store } from '../../db/store.ts';
import { hashSecret } from '../../server/auth.ts';
import { CommandWriter, type Principal } from '../../server/commands.ts';
import { createEvent } from '../../server/create-event.ts';
import { TEST_EVENT } from '../helpers/server.ts';

let db: ReturnType<typeof openDatabase>;
let store: Store;
let writer: CommandWriter;
let facilitator: Principal;
let attendee: Principal;

beforeEach(() => {
  db = openDatabase(':memory:');
  store = new Store(db);
  const { slug } = createEvent(store, TEST_EVENT);
  const eventId = store.findEvent(slug)!.id;
  writer = new CommandWriter(store);
  facilitator = { eventId, isFacilitator: true };
  attendee = { eventId, isFacilitator: false };
});

const firstCell = () => {
  const { board } = writer.snapshot(facilitator.eventId);
  return { sessionId: board.sessions[0]!.id, roomId: board.rooms[0]!.id, slotId: board.slots[0]!.id };
};

/** Every text stored in the database, table by table: where a secret must never be. */
function everythingStored(): string {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
  return tables.map(({ name }) => JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())).join('\n');
}

describe('the writer', () => {
  it('serializes the board once per version for every screen that asks, and anew after a change', () => {
    const stringify = vi.spyOn(JSON, 'stringify');
    const boardsSerialized = () => stringify.mock.calls.filter(([value]) => (value as Partial<Board>)?.sessions !== undefined).length;
    const first = JSON.parse(writer.snapshotJson(facilitator.eventId));
    for (let i = 0; i < 50; i++) writer.snapshotJson(facilitator.eventId);
    expect(boardsSerialized()).toBe(1);
    const { serverTime: _time, ...snapshot } = writer.snapshot(facilitator.eventId);
    expect(first).toMatchObject(snapshot);
    expect(writer.execute(facilitator, 'session:place', firstCell()).ack.ok).toBe(true);
    const after = JSON.parse(writer.snapshotJson(facilitator.eventId));
    expect(boardsSerialized()).toBe(2);
    expect(after.version).toBe(1);
    expect(after.board).toEqual(writer.snapshot(facilitator.eventId).board);
    stringify.mockRestore();
  });

  it('writes the state and the log in one transaction: a failing log write leaves both as they were', () => {
    const before = store.loadBoard(facilitator.eventId);
    const appendLog = store.appendLog.bind(store);
    store.appendLog = () => {
      throw new Error('disk full');
    };
    expect(() => writer.execute(facilitator, 'session:place', firstCell())).toThrow('disk full');
    expect(store.loadBoard(facilitator.eventId)).toEqual(before);
    expect(store.logVersions(facilitator.eventId)).toEqual([]);
    // The board it serves did not move on either, and the next try lands as version 1.
    expect(writer.snapshot(facilitator.eventId).version).toBe(0);
    store.appendLog = appendLog;
    expect(writer.execute(facilitator, 'session:place', firstCell()).ack).toMatchObject({ ok: true, version: 1 });
    expect(store.loadBoard(facilitator.eventId).board.placements).toHaveLength(1);
  });

  it('lets only the facilitator undo, redo and place', () => {
    writer.execute(facilitator, 'session:place', firstCell());
    for (const name of ['board:undo', 'session:place', 'session:unplace']) {
      const payload = name === 'board:undo' ? {} : name === 'session:place' ? firstCell() : { sessionId: firstCell().sessionId };
      expect(writer.execute(attendee, name, payload).ack, name).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(writer.execute(facilitator, 'board:undo', {}).ack).toMatchObject({ ok: true });
    expect(writer.execute(attendee, 'board:redo', {}).ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(store.logVersions(facilitator.eventId)).toEqual([1, 2]);
  });

  it('undoes a room removal after a reorder into the old order, positions 0, 1, 2, … as a reload reads them', () => {
    const rooms = () => writer.snapshot(facilitator.eventId).board.rooms;
    const ordered = (list: Board['rooms']) => [...list].sort((a, b) => a.position - b.position).map((r) => `${r.name}@${r.position}`);
    const before = ordered(rooms());
    expect(before.length).toBeGreaterThanOrEqual(3);
    const [, second, third] = [...rooms()].sort((a, b) => a.position - b.position);
    const steps: Array<[string, object]> = [
      ['room:remove', { roomId: second!.id }],
      ['room:move', { roomId: third!.id, toIndex: 0 }],
      ['board:undo', {}],
      ['board:undo', {}],
    ];
    for (const [name, payload] of steps) {
      expect(writer.execute(facilitator, name, payload).ack, name).toMatchObject({ ok: true });
      const live = rooms();
      // Never two rooms on one position, and the file says the same as the writer's board.
      expect(new Set(live.map((r) => r.position)).size, name).toBe(live.length);
      expect(ordered(store.loadBoard(facilitator.eventId).board.rooms), name).toEqual(ordered(live));
    }
    expect(ordered(rooms())).toEqual(before);
  });

  it('refuses a live change that would break the frame, naming why, and changes nothing', () => {
    const before = writer.snapshot(facilitator.eventId);
    const sessionSlots = before.board.slots.filter((s) => s.kind === 'session');
    for (const slot of sessionSlots.slice(1)) expect(writer.execute(facilitator, 'slot:remove', { slotId: slot.id }).ack.ok).toBe(true);
    const last = writer.snapshot(facilitator.eventId);
    const refused = writer.execute(facilitator, 'slot:remove', { slotId: sessionSlots[0]!.id });
    expect(refused.ack).toEqual({ ok: false, error: { code: 'invalid', message: 'An event needs at least one session slot.' } });
    expect(refused.broadcast).toBeUndefined();
    expect(writer.execute(facilitator, 'slot:update', { slotId: sessionSlots[0]!.id, kind: 'break' }).ack).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(writer.snapshot(facilitator.eventId).board).toEqual(last.board);
    expect(store.loadBoard(facilitator.eventId).board).toEqual(last.board);
    expect(store.logVersions(facilitator.eventId)).toHaveLength(sessionSlots.length - 1);
  });

  it('keeps an event that an older version let in usable: only problems a change adds are refused', () => {
    // Two days on one date, as an import before the one check could leave them.
    const { slug } = createEvent(store, { ...TEST_EVENT, slug: 'twin-days', dates: ['2026-05-09', '2026-05-10'] });
    const eventId = store.findEvent(slug)!.id;
    db.prepare("UPDATE days SET date = '2026-05-09' WHERE event_id = ?").run(eventId);
    const old: Principal = { eventId, isFacilitator: true };
    const twin = new CommandWriter(store);
    expect(twin.snapshot(eventId).board.days.map((d) => d.date)).toEqual(['2026-05-09', '2026-05-09']);
    const { sessions, rooms, slots } = twin.snapshot(eventId).board;
    expect(twin.execute(old, 'session:place', { sessionId: sessions[0]!.id, roomId: rooms[0]!.id, slotId: slots[0]!.id }).ack.ok).toBe(true);
    const [kept, ...others] = slots.filter((s) => s.kind === 'session');
    for (const slot of others) expect(twin.execute(old, 'slot:remove', { slotId: slot.id }).ack.ok).toBe(true);
    expect(twin.execute(old, 'slot:remove', { slotId: kept!.id }).ack).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('keeps giver tokens and the facilitator key out of every table, storing only their hashes', () => {
    // The ids the secrets are derived from (for retries) are as secret: only their hashes stay.
    const submitId = randomBytes(16).toString('hex');
    const rotateId = randomBytes(16).toString('hex');
    const submitted = writer.execute(attendee, 'session:submit', { title: 'Geheim?', host: 'G', commandId: submitId }).ack;
    const token = submitted.ok ? (submitted.data as { token: string }).token : '';
    const rotated = writer.execute(facilitator, 'event:rotate-key', { commandId: rotateId }).ack;
    const key = rotated.ok ? (rotated.data as { key: string }).key : '';
    expect(token.length).toBeGreaterThanOrEqual(22);
    expect(key.length).toBeGreaterThanOrEqual(22);
    const stored = everythingStored();
    expect(stored).not.toContain(submitId);
    expect(stored).not.toContain(rotateId);
    for (const secret of [token, key]) {
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(Buffer.from(secret).toString('hex'));
      expect(stored).toContain(hashSecret(secret));
    }
    // The hash is a one-way digest, not an encoding of the secret.
    expect(hashSecret(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(token)).not.toBe(hashSecret(`${token}x`));
  });
});
