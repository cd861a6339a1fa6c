// A giver's own session on their phone (client/lib/giver-session.svelte.ts) without a browser,
// against the real writer: where it stands, claiming a cell (and losing one to someone faster),
// editing after someone else did, giving the cell back, a link that was replaced.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../../client/lib/i18n/messages-more.ts';
import { t } from '../../client/lib/i18n/i18n.svelte.ts';
import type { BoardStore } from '../../client/lib/board.svelte.ts';
import { cellText } from '../../client/lib/describe.ts';
import { GiverSession } from '../../client/lib/giver-session.svelte.ts';
import { placementAt, placementOf, type Cell } from '../../shared/board.ts';
import { openDatabase } from '../../db/open.ts';
import { CommandWriter, type Principal } from '../../server/writer.ts';
import type { FakeSocket } from '../helpers/fake-socket.ts';
import { eventInMemory } from '../helpers/in-memory.ts';
import { liveStore } from '../helpers/live-store.ts';

let db: ReturnType<typeof openDatabase>;
let writer: CommandWriter;
let facilitator: Principal;
let phone: Principal;
let store: BoardStore;
let socket: FakeSocket | undefined;
let giver: GiverSession;

/** Sends as the facilitator (or another phone) to the writer; this phone hears the broadcast. */
const as = async (principal: Principal, name: Parameters<CommandWriter['execute']>[1], payload: unknown) => {
  const { ack, broadcast } = await writer.execute(principal, name, payload);
  if (!ack.ok) throw new Error(`${name} refused: ${ack.error.message}`);
  if (broadcast) socket?.push('board:events', broadcast);
  const { sessionId, token } = (ack.data ?? {}) as { sessionId: string; token: string };
  return { sessionId, token };
};
const serverBoard = async () => (await writer.snapshot(facilitator.eventId)).board;
const synced = async () => store.whenVersion(await writer.version(facilitator.eventId));
const TEXT = { title: 'Mein Thema', host: 'Gül', description: '', tags: [], wishes: {} };

beforeEach(async () => {
  ({ db, writer, facilitator } = await eventInMemory());
  phone = { eventId: facilitator.eventId, isFacilitator: false };
  socket = undefined;
  const mine = await as(phone, 'session:submit', TEXT);
  ({ store, socket } = await liveStore(writer, phone));
  giver = new GiverSession(store, mine);
});

afterEach(() => {
  store.disconnect();
  db.close();
});

describe("a giver's own session", () => {
  it('offers the free cells day by day, those that fit the wishes first', async () => {
    await as(facilitator, 'event:update', { claiming: 'open' });
    const firstDay = (await serverBoard()).days[0]!;
    // A second day, earlier than the first, added last: the list still goes by date.
    const earlier = new Date(Date.parse(`${firstDay.date}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await as(facilitator, 'day:add', { date: earlier, copySlotsFrom: firstDay.id });
    await synced();
    expect(giver.choices.fitting.map(({ day }) => day.date)).toEqual([earlier, firstDay.date]);

    giver.show('edit');
    expect((await giver.save({ wishes: { timing: 'after_lunch' } })).saved).toBe(true);
    await synced();
    const { fitting, others, wished } = giver.choices;
    expect(wished).toBe(true);
    const starts = (days: typeof fitting) => days.map(({ day, slots }) => [day.date, slots.map(({ slot }) => slot.start)]);
    // After lunch (12:00–13:00) first, on both days; before lunch after them.
    expect(starts(fitting)).toEqual([
      [earlier, ['13:00']],
      [firstDay.date, ['13:00']],
    ]);
    expect(starts(others)).toEqual([
      [earlier, ['10:00', '11:00']],
      [firstDay.date, ['10:00', '11:00']],
    ]);
  });

  it('says where it stands: waiting, pitching, placed, withdrawn', async () => {
    expect(giver.status).toBe(t('giver.status.waiting', { position: 4 }));
    await as(facilitator, 'pitch:reorder', { sessionId: giver.mine.sessionId, toIndex: 0 });
    await as(facilitator, 'pitch:start', {});
    await synced();
    expect(giver.status).toBe(t('giver.status.pitching'));
    const cell = { roomId: (await serverBoard()).rooms[0]!.id, slotId: (await serverBoard()).slots[0]!.id };
    await as(facilitator, 'session:place', { sessionId: giver.mine.sessionId, ...cell });
    await synced();
    expect(giver.status).toBe(t('giver.status.placed', cellText(await serverBoard(), cell)));
    await giver.withdraw();
    await synced();
    expect(giver.status).toBe(t('giver.status.withdrawn'));
  });

  it('offers the free cells by slot, claims one, and gives it back', async () => {
    await giver.claim({ roomId: (await serverBoard()).rooms[0]!.id, slotId: (await serverBoard()).slots[0]!.id });
    expect(giver.message).toBe('Slots wählen ist gerade geschlossen. Die Moderation öffnet es.');
    await as(facilitator, 'event:update', { claiming: 'open' });
    const [roomA, roomB] = (await serverBoard()).rooms;
    const [slot10, slot11] = (await serverBoard()).slots;
    await as(facilitator, 'cell:block', { roomId: roomB!.id, slotId: slot10!.id });
    await as(facilitator, 'session:place', { sessionId: (await serverBoard()).sessions[0]!.id, roomId: roomA!.id, slotId: slot10!.id });
    await synced();
    expect(giver.claimingOpen).toBe(true);
    // 10:00 is left with one room (A taken, B closed); the lunch break offers none.
    // Without wishes, every free cell fits: one list, by day.
    const { fitting, others, wished } = giver.choices;
    expect([others, wished]).toEqual([[], false]);
    expect(fitting.map(({ day }) => day.date)).toEqual((await serverBoard()).days.map((day) => day.date));
    const offered = fitting.flatMap((free) => free.slots.map(({ slot, cells }) => [slot.start, cells.length]));
    expect(offered).toEqual([
      ['10:00', 1],
      ['11:00', 3],
      ['13:00', 3],
    ]);

    giver.show('choose');
    const cell: Cell = { roomId: roomB!.id, slotId: slot11!.id };
    const claiming = giver.claim(cell);
    // The cell is marked as the session's, pending, until the ack.
    expect(store.pendingMoves.get(giver.mine.sessionId)).toEqual(cell);
    await claiming;
    expect(store.pendingMoves.size).toBe(0);
    expect(placementOf(await serverBoard(), giver.mine.sessionId)).toEqual({ sessionId: giver.mine.sessionId, ...cell });
    expect([giver.mode, giver.message]).toEqual(['view', t('giver.claimed', cellText(await serverBoard(), cell))]);
    expect(giver.placement).toEqual({ sessionId: giver.mine.sessionId, ...cell });

    const releasing = giver.release();
    expect(store.pendingMoves.get(giver.mine.sessionId)).toBe('tray');
    await releasing;
    await synced();
    expect(giver.message).toBe(t('giver.released'));
    expect(giver.placement).toBeUndefined();
  });

  it('loses a cell to someone faster and offers the nearest free ones', async () => {
    await as(facilitator, 'event:update', { claiming: 'open' });
    const [roomA] = (await serverBoard()).rooms;
    const [slot10] = (await serverBoard()).slots;
    const other = await as(phone, 'session:submit', { ...TEXT, title: 'Schneller' });
    await as(phone, 'session:claim', { ...other, roomId: roomA!.id, slotId: slot10!.id });
    const lost = { roomId: roomA!.id, slotId: slot10!.id };
    expect(giver.nearby).toEqual([]);
    await giver.claim(lost);
    expect(giver.lostCell).toEqual(lost);
    expect(giver.message).toBe(t('giver.lost', cellText(await serverBoard(), lost)));
    expect(giver.nearby.length).toBeGreaterThan(0);
    expect(giver.nearby).not.toContainEqual(lost);
    const board = await serverBoard();
    expect(giver.nearby.every((c) => !placementAt(board, c))).toBe(true);
    // The lost slot stays in the list, where the answer is shown, even when nothing in it is free.
    for (const room of (await serverBoard()).rooms.slice(1)) {
      const more = await as(phone, 'session:submit', { ...TEXT, title: `Auch ${room.name}` });
      await as(phone, 'session:claim', { ...more, roomId: room.id, slotId: slot10!.id });
    }
    await synced();
    const [firstDay] = giver.choices.fitting;
    expect(firstDay!.slots[0]).toEqual({ slot: (await serverBoard()).slots[0], cells: [] });
    // Another panel: the lost cell is forgotten.
    giver.show('edit');
    expect([giver.lostCell, giver.nearby, giver.message]).toEqual([null, [], '']);
  });

  it('saves an edit; after someone else changed the session, hands back the session as it is now and saves the next try', async () => {
    giver.show('edit');
    expect(await giver.save({ ...TEXT, title: 'Mein neues Thema' })).toEqual({ saved: true });
    expect([giver.mode, giver.message]).toEqual(['view', t('giver.saved')]);

    giver.show('edit');
    await as(facilitator, 'session:update', { sessionId: giver.mine.sessionId, revision: giver.session!.revision, title: 'Vom Team gekürzt' });
    const refused = await giver.save({ ...TEXT, title: 'Meins' });
    expect(refused.saved).toBe(false);
    expect(refused.fresh?.title).toBe('Vom Team gekürzt');
    expect(giver.message).toBe(t('giver.conflict'));
    expect(await giver.save({ ...TEXT, title: 'Meins' })).toEqual({ saved: true });
    expect((await serverBoard()).sessions.find((s) => s.id === giver.mine.sessionId)?.title).toBe('Meins');
  });

  it('knows when its link was replaced', async () => {
    const stale = new GiverSession(store, { ...giver.mine, token: 'x'.repeat(43) });
    await stale.release();
    expect([stale.forbidden, stale.message]).toEqual([true, 'Dieser Link gehört nicht zu dieser Session, oder ein neuerer Link hat ihn ersetzt.']);
    expect(giver.forbidden).toBe(false);
  });

  it('opens one panel at a time and closes it on a second press', () => {
    giver.show('share');
    expect(giver.mode).toBe('share');
    giver.show('withdraw');
    expect(giver.mode).toBe('withdraw');
    giver.show('withdraw');
    expect(giver.mode).toBe('view');
  });
});
