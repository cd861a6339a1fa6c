// Undo, redo and the history, through the server: every screen follows, impossible undo is refused.
import { describe, expect, it } from 'vitest';
import type { HistoryPage } from '../../shared/protocol.ts';
import { syncedBoard } from '../helpers/server.ts';
import { serverPerFile, type EventOnServer } from '../helpers/server-per-file.ts';

const tests = serverPerFile();
const client = tests.client;
let server: EventOnServer;

describe('undo and redo', () => {
  it('takes back the last changes in order, redoes them, and every screen follows', async () => {
    server = tests.server;
    const boss = await client(server.key);
    const phone = await client();
    const b = boss.snapshot.board;
    const [s1, s2] = b.sessions;
    const cell = { roomId: b.rooms[0]!.id, slotId: b.slots[0]!.id };
    await boss.send('session:place', { sessionId: s1!.id, ...cell });
    await boss.send('room:add', { name: 'Dach' });
    const start = await syncedBoard(boss);

    expect(await boss.send('board:undo', {})).toMatchObject({ ok: true, version: 3 });
    expect((await syncedBoard(phone)).rooms.some((r) => r.name === 'Dach')).toBe(false);
    expect(await boss.send('board:undo', {})).toMatchObject({ ok: true, version: 4 });
    const undone = await syncedBoard(phone);
    expect(undone.placements).toEqual([]);
    expect(await boss.send('board:undo', {})).toMatchObject({ ok: false, error: { code: 'invalid', message: 'There is nothing to undo.' } });

    expect(await boss.send('board:redo', {})).toMatchObject({ ok: true });
    expect(await boss.send('board:redo', {})).toMatchObject({ ok: true });
    expect(await boss.send('board:redo', {})).toMatchObject({ ok: false, error: { message: 'There is nothing to redo.' } });
    const redone = await syncedBoard(phone);
    expect(redone.placements).toEqual(start.placements);
    expect(redone.rooms.map((r) => r.name)).toEqual(start.rooms.map((r) => r.name));
    await phone.waitForVersion(6);
    expect(phone.broadcasts.map((x) => x.version)).toEqual([1, 2, 3, 4, 5, 6]);

    // A new change clears what could be redone.
    await boss.send('board:undo', {});
    await boss.send('session:interest', { sessionId: s2!.id, interest: 4 });
    expect(await boss.send('board:redo', {})).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('refuses an undo that a later change made impossible, with the reason; a giver’s change is not the facilitator’s to undo', async () => {
    server = tests.server;
    const boss = await client(server.key);
    const b = boss.snapshot.board;
    const [s1] = b.sessions;
    const [roomA] = b.rooms;
    const [slot10, slot11] = b.slots;
    await boss.send('event:update', { claiming: 'open' });
    await boss.send('session:place', { sessionId: s1!.id, roomId: roomA!.id, slotId: slot10!.id });
    await boss.send('session:place', { sessionId: s1!.id, roomId: roomA!.id, slotId: slot11!.id });

    // Meanwhile a giver claims the cell s1 came from.
    const giver = await client();
    const submitted = await giver.send<{ sessionId: string; token: string }>('session:submit', { title: 'Schneller', host: 'G' });
    if (!submitted.ok) throw new Error('submit refused');
    const { sessionId, token } = submitted.data!;
    expect(await giver.send('session:claim', { sessionId, token, roomId: roomA!.id, slotId: slot10!.id })).toMatchObject({ ok: true });

    const before = await syncedBoard(boss);
    expect(await boss.send('board:undo', {})).toMatchObject({
      ok: false,
      error: {
        code: 'conflict',
        message: 'This cannot be undone: Raum A at 10:00 now holds "Schneller".',
        obstacle: { kind: 'taken', room: 'Raum A', time: '10:00', title: 'Schneller' },
      },
    });
    expect(await syncedBoard(boss)).toEqual(before);

    // Once the giver moves on, the same undo works.
    await giver.send('session:release', { sessionId, token });
    expect(await boss.send('board:undo', {})).toMatchObject({ ok: true });
    expect((await syncedBoard(boss)).placements).toEqual([{ sessionId: s1!.id, roomId: roomA!.id, slotId: slot10!.id }]);
  });

  it('the history lists every change newest first, in pages, for the facilitator only, and undo works after a restart', async () => {
    server = tests.server;
    const boss = await client(server.key);
    const phone = await client();
    const b = boss.snapshot.board;
    await boss.send('session:place', { sessionId: b.sessions[0]!.id, roomId: b.rooms[0]!.id, slotId: b.slots[0]!.id });
    await phone.send('session:submit', { title: 'Vom Handy', host: 'H' });
    await boss.send('room:add', { name: 'Dach' });
    await boss.send('board:undo', {});

    const page = await boss.send<HistoryPage>('board:history', { limit: 3 });
    expect(page.ok).toBe(true);
    if (!page.ok) return;
    expect(page.data!.entries.map((e) => [e.version, e.command, e.actor])).toEqual([
      [4, 'board:undo', 'facilitator'],
      [3, 'room:add', 'facilitator'],
      [2, 'session:submit', 'giver'],
    ]);
    expect(page.data!.entries[0]!.undoOf).toBe(3);
    expect(page.data!).toMatchObject({ more: true, canUndo: true, canRedo: true });
    const older = await boss.send<HistoryPage>('board:history', { before: 2, limit: 3 });
    expect(older.ok && older.data!.entries.map((e) => e.version)).toEqual([1]);
    expect(older.ok && older.data!.more).toBe(false);
    expect(await phone.send('board:history', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // The stacks come from the log: a fresh writer (as after a restart) redoes what was undone.
    const { CommandWriter } = await import('../../server/writer.ts');
    const writer = new CommandWriter(server.store);
    const eventId = (await server.store.findEvent(server.slug))!.id;
    const redo = await writer.execute({ eventId, isFacilitator: true }, 'board:redo', {});
    expect(redo.ack.ok).toBe(true);
    expect(redo.broadcast?.events.map((e) => e.type)).toEqual(['room.added']);
  });

  it('every broadcast carries what undo and redo can do, so no screen has to ask; a restart rebuilds it from the log', async () => {
    server = tests.server;
    const boss = await client(server.key);
    const phone = await client();
    expect(boss.snapshot.undo).toEqual({ canUndo: false, canRedo: false });
    const b = boss.snapshot.board;
    const undoAt = async (version: number) => (await phone.waitForVersion(version)).undo;

    await boss.send('session:place', { sessionId: b.sessions[0]!.id, roomId: b.rooms[0]!.id, slotId: b.slots[0]!.id });
    expect(await undoAt(1)).toEqual({ canUndo: true, canRedo: false });
    await boss.send('board:undo', {});
    expect(await undoAt(2)).toEqual({ canUndo: false, canRedo: true });
    // A phone's change is not the facilitator's to undo: the redo stays.
    await phone.send('session:submit', { title: 'Vom Handy', host: 'H' });
    expect(await undoAt(3)).toEqual({ canUndo: false, canRedo: true });
    await boss.send('board:redo', {});
    expect(await undoAt(4)).toEqual({ canUndo: true, canRedo: false });
    await boss.send('board:undo', {});
    expect(await undoAt(5)).toEqual({ canUndo: false, canRedo: true });
    // A new change clears the redo.
    await boss.send('room:add', { name: 'Dach' });
    expect(await undoAt(6)).toEqual({ canUndo: true, canRedo: false });
    await boss.send('board:undo', {});
    expect(await undoAt(7)).toEqual({ canUndo: false, canRedo: true });

    // The answer to a new connection, and a fresh writer reading the log, say the same.
    expect((await client(server.key)).snapshot.undo).toEqual({ canUndo: false, canRedo: true });
    const { CommandWriter } = await import('../../server/writer.ts');
    const eventId = (await server.store.findEvent(server.slug))!.id;
    expect((await new CommandWriter(server.store).snapshot(eventId)).undo).toEqual({ canUndo: false, canRedo: true });
  });
});
