// session:suggest, board:warnings, board:autofill and similar topics over the socket: anyone may ask, nothing changes, and a
// wrong question gets a clear code.
import { beforeEach, describe, expect, it } from 'vitest';
import { isBlocked, placementAt } from '../../shared/board.ts';
import type { TestClient } from '../helpers/server.ts';
import { serverPerFile, type EventOnServer } from '../helpers/server-per-file.ts';

const file = serverPerFile();
let server: EventOnServer;
let boss: TestClient;
let phone: TestClient;
beforeEach(async () => {
  server = file.server;
  boss = await file.client(server.key);
  phone = await file.client();
});

const storedBoard = async () => server.store.loadBoard((await server.store.findEvent(server.slug))!.id);

describe('session:suggest', () => {
  it('answers free cells for a session, best first, to a phone too, and changes nothing', async () => {
    const board = boss.snapshot.board;
    const [first, second] = board.sessions;
    const placed = await boss.send('session:place', { sessionId: first!.id, roomId: board.rooms[0]!.id, slotId: board.slots[0]!.id });
    expect(placed.ok).toBe(true);
    const before = await storedBoard();
    const answer = await phone.send('session:suggest', { sessionId: second!.id });
    expect(answer).toMatchObject({ ok: true, version: 1 });
    const { suggestions } = (answer as { data: { suggestions: Array<{ roomId: string; slotId: string; reasons: string[] }> } }).data;
    expect(suggestions.length).toBeGreaterThan(0);
    for (const cell of suggestions) {
      expect(placementAt(before.board, cell)).toBeUndefined();
      expect(isBlocked(before.board, cell)).toBe(false);
      expect(before.board.slots.find((s) => s.id === cell.slotId)!.kind).toBe('session');
    }
    // The earliest slot first: the first room of the first slot is taken, so the next one there.
    expect(suggestions[0]).toMatchObject({ slotId: board.slots[0]!.id });
    expect(await storedBoard()).toEqual(before);
  });

  it('sends a session that needs a projector only to rooms that have one, once a room says so', async () => {
    const submitted = await boss.send('session:submit', { title: 'Live-Demo mit Folien', wishes: { needsProjector: true } });
    const { sessionId } = (submitted as { data: { sessionId: string } }).data;
    const suggest = async () =>
      ((await phone.send('session:suggest', { sessionId })) as { data: { suggestions: Array<{ roomId: string; reasons: string[] }> } }).data.suggestions;
    // No room says whether it has a projector: any room will do.
    expect((await suggest()).length).toBeGreaterThan(1);
    const [, withProjector] = boss.snapshot.board.rooms;
    expect(await phone.send('room:update', { roomId: withProjector!.id, projector: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await boss.send('room:update', { roomId: withProjector!.id, projector: 'yes' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await boss.send('room:update', { roomId: withProjector!.id, projector: true })).toMatchObject({ ok: true });
    const suggestions = await suggest();
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.every((s) => s.roomId === withProjector!.id && s.reasons.includes('has_projector'))).toBe(true);
    expect((await storedBoard()).board.rooms.find((r) => r.id === withProjector!.id)!.projector).toBe(true);
  });

  it('says not_found for a session that does not exist and invalid for a wrong payload', async () => {
    expect(await phone.send('session:suggest', { sessionId: 's_nobody' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await phone.send('session:suggest', { sessionId: 42 })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await phone.send('session:suggest', {})).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const [first] = boss.snapshot.board.sessions;
    await boss.send('session:withdraw', { sessionId: first!.id });
    expect(await boss.send('session:suggest', { sessionId: first!.id })).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});

describe('board:warnings', () => {
  it('lists every clash on the plan as it is now', async () => {
    const board = boss.snapshot.board;
    const [first, second] = board.sessions;
    const [slot] = board.slots;
    expect(await phone.send('board:warnings', {})).toEqual({ ok: true, version: 0, data: { warnings: [] } });
    // The same giver in two rooms at once, and more hands than seats (Raum A seats 40).
    await boss.send('session:update', { sessionId: second!.id, revision: second!.revision, host: first!.host.toUpperCase() });
    await boss.send('session:interest', { sessionId: first!.id, interest: 55 });
    await boss.send('session:place', { sessionId: first!.id, roomId: board.rooms[0]!.id, slotId: slot!.id });
    await boss.send('session:place', { sessionId: second!.id, roomId: board.rooms[1]!.id, slotId: slot!.id });
    const answer = (await phone.send('board:warnings', {})) as { ok: true; version: number; data: { warnings: Array<{ kind: string; sessionIds: string[] }> } };
    expect(answer.version).toBe(4);
    expect(answer.data.warnings.map((w) => `${w.kind}:${w.sessionIds.join('+')}`)).toEqual([
      `host_parallel:${first!.id}+${second!.id}`,
      `over_capacity:${first!.id}`,
    ]);
    // Solved on the board: solved in the answer.
    await boss.send('session:unplace', { sessionId: second!.id });
    expect(await phone.send('board:warnings', {})).toMatchObject({ ok: true, version: 5, data: { warnings: [{ kind: 'over_capacity' }] } });
    expect(await phone.send('board:warnings', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});

describe('board:autofill', () => {
  type Filled = { ok: true; version: number; data: { placements: Array<{ sessionId: string; roomId: string; slotId: string }> } };

  it('previews without changing anything, then fills as one change that one undo takes back', async () => {
    const before = await storedBoard();
    const preview = (await boss.send('board:autofill', { dryRun: true })) as Filled;
    expect(preview.ok).toBe(true);
    expect(preview.version).toBe(0);
    expect(preview.data.placements.map((p) => p.sessionId).sort()).toEqual(before.board.sessions.map((s) => s.id).sort());
    expect(await storedBoard()).toEqual(before);

    const filled = (await boss.send('board:autofill', { dryRun: false })) as Filled;
    expect(filled).toMatchObject({ ok: true, version: 1 });
    expect(filled.data.placements).toEqual(preview.data.placements);
    await phone.waitForVersion(1);
    expect((await storedBoard()).board.placements).toEqual(preview.data.placements);
    expect(await phone.send('board:warnings', {})).toMatchObject({ data: { warnings: [] } });

    expect(await boss.send('board:undo', {})).toMatchObject({ ok: true, version: 2 });
    expect((await storedBoard()).board.placements).toEqual([]);
  });

  it("is the facilitator's: a phone is refused, and a payload without dryRun is invalid", async () => {
    expect(await phone.send('board:autofill', { dryRun: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await boss.send('board:autofill', {})).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect((await storedBoard()).version).toBe(0);
  });
});

describe('similar topics', () => {
  it('the ack of session:submit names sessions with a similar title', async () => {
    const first = (await phone.send('session:submit', { title: 'Kulturwandel in der Verwaltung', host: 'Ida' })) as {
      ok: true;
      data: { sessionId: string; similar: unknown[] };
    };
    expect(first.data.similar).toEqual([]);
    const second = await boss.send('session:submit', { title: 'Kulturwandel Verwaltung' });
    expect(second).toMatchObject({ ok: true, data: { similar: [{ sessionId: first.data.sessionId, title: 'Kulturwandel in der Verwaltung' }] } });
  });

  it('session:merge keeps one session with both hosts, undoably; a phone is refused, a stranger id is not_found', async () => {
    const [kept, gone] = boss.snapshot.board.sessions;
    expect(await phone.send('session:merge', { sessionId: gone!.id, intoSessionId: kept!.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await boss.send('session:merge', { sessionId: 's_nobody', intoSessionId: kept!.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await storedBoard()).version).toBe(0);
    expect(await boss.send('session:merge', { sessionId: gone!.id, intoSessionId: kept!.id })).toMatchObject({ ok: true, version: 1 });
    const merged = (await storedBoard()).board;
    expect(merged.sessions.find((s) => s.id === kept!.id)!.host).toBe(`${kept!.host}, ${gone!.host}`);
    expect(merged.sessions.find((s) => s.id === gone!.id)!.status).toBe('withdrawn');
    expect(merged.pitch.queue).not.toContain(gone!.id);
    expect(await boss.send('board:undo', {})).toMatchObject({ ok: true, version: 2 });
    expect((await storedBoard()).board.sessions.find((s) => s.id === kept!.id)!.host).toBe(kept!.host);
    expect((await storedBoard()).board.pitch.queue).toContain(gone!.id);
  });
});
