// Reshaping the frame live reaches every screen; what a removal unplaces is back in the tray.
import { describe, expect, it } from 'vitest';
import { unplacedSessions } from '../../shared/board.ts';
import { syncedBoard } from '../helpers/server.ts';
import { serverPerFile, type EventOnServer } from '../helpers/server-per-file.ts';

const tests = serverPerFile();
const client = tests.client;
let server: EventOnServer;

describe('reshaping the frame', () => {
  it('rooms, slots, days, blocks and double sessions reach other clients and survive a reload', async () => {
    server = tests.server;
    const boss = await client(server.key);
    const phone = await client();
    const board = boss.snapshot.board;
    const [first, second] = board.sessions;
    const [roomA] = board.rooms;
    const [slot10, slot11] = board.slots;

    const steps: Array<[string, object]> = [
      ['room:add', { name: 'Dachterrasse', capacity: 12 }],
      ['slot:add', { dayId: board.days[0]!.id, start: '14:00', end: '14:45', kind: 'session', label: '' }],
      ['day:add', { date: '2026-05-10', label: 'Tag 2' }],
      ['session:place', { sessionId: first!.id, roomId: roomA!.id, slotId: slot10!.id }],
      ['session:extend', { sessionId: first!.id }],
      ['cell:block', { roomId: board.rooms[1]!.id, slotId: slot10!.id }],
      ['slot:update', { slotId: slot11!.id, label: 'Open Space' }],
    ];
    for (const [name, payload] of steps) expect(await boss.send(name, payload), name).toMatchObject({ ok: true });
    await phone.waitForVersion(steps.length);
    expect(phone.broadcasts.map((b) => b.version)).toEqual(steps.map((_, i) => i + 1));

    const seen = await syncedBoard(phone);
    expect(seen.rooms.map((r) => r.name)).toContain('Dachterrasse');
    expect(seen.days.map((d) => d.date)).toEqual(['2026-05-09', '2026-05-10']);
    expect(seen.placements.filter((p) => p.sessionId === first!.id).map((p) => p.slotId)).toEqual([slot10!.id, slot11!.id]);
    expect(seen.blocked).toEqual([{ roomId: board.rooms[1]!.id, slotId: slot10!.id }]);
    expect(await boss.send('session:place', { sessionId: second!.id, roomId: board.rooms[1]!.id, slotId: slot10!.id })).toMatchObject({
      ok: false,
      error: { code: 'not_bookable' },
    });

    // A restart reads the same board from the tables.
    const event = (await server.store.findEvent(server.slug))!;
    expect((await server.store.loadBoard(event.id)).board).toEqual(await syncedBoard(boss));
  });

  it('a removed room’s sessions are back in the tray on every screen; overlapping slots are refused with a clear message', async () => {
    server = tests.server;
    const boss = await client(server.key);
    const phone = await client();
    const board = boss.snapshot.board;
    const [first, second] = board.sessions;
    const roomA = board.rooms[0]!;
    await boss.send('session:place', { sessionId: first!.id, roomId: roomA.id, slotId: board.slots[0]!.id });
    await boss.send('session:place', { sessionId: second!.id, roomId: roomA.id, slotId: board.slots[1]!.id });
    const removed = await boss.send('room:remove', { roomId: roomA.id });
    expect(removed.ok).toBe(true);
    const broadcast = await phone.waitForVersion(removed.ok ? removed.version : 0);
    expect(broadcast.events.map((e) => e.type)).toEqual(['session.unplaced', 'session.unplaced', 'room.removed']);
    const seen = await syncedBoard(phone);
    expect(seen.rooms.some((r) => r.id === roomA.id)).toBe(false);
    expect(unplacedSessions(seen).map((s) => s.id)).toEqual(expect.arrayContaining([first!.id, second!.id]));

    const overlap = await boss.send('slot:add', { dayId: board.days[0]!.id, start: '10:30', end: '11:15', kind: 'session' });
    expect(overlap).toMatchObject({ ok: false, error: { code: 'invalid', message: '10:30–11:15 overlaps the slot 10:00–10:45.' } });
    expect(await phone.send('room:add', { name: 'Heimlich' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
