// The frame dialog's editor (client/lib/frame-editor.svelte.ts) without a browser: what it sends
// for a room, a time slot or a day, what it says instead of sending, and when the dialog closes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../../client/lib/i18n/messages-more.ts';
import { t } from '../../client/lib/i18n/i18n.svelte.ts';
import type { BoardStore } from '../../client/lib/board.svelte.ts';
import type { FrameTarget } from '../../client/lib/board-controller.svelte.ts';
import { FrameEditor } from '../../client/lib/frame-editor.svelte.ts';
import { isBlocked, orderedRooms } from '../../shared/board.ts';
import { COMMAND_NAMES } from '../../shared/commands.ts';
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
let closed: number;

beforeEach(async () => {
  ({ db, writer, facilitator } = await eventInMemory());
  ({ store, socket } = await liveStore(writer, facilitator));
  closed = 0;
});

afterEach(() => {
  store.disconnect();
  db.close();
});

const serverBoard = async () => (await writer.snapshot(facilitator.eventId)).board;
const sent = () => socket.sent.filter((m) => COMMAND_NAMES.includes(m.name as never));
const editorFor = (target: FrameTarget) => new FrameEditor(store, target, () => closed++);
const room = (name: string) => store.board!.rooms.find((r) => r.name === name)!;

describe('the frame editor', () => {
  it('adds a room with its seats and projector; seats that are no whole positive number are unknown', async () => {
    const editor = editorFor({ kind: 'room' });
    expect(editor.isNew).toBe(true);
    expect(editor.title).toBe(t('frame.addRoom'));
    editor.name = 'Dachterrasse';
    editor.capacity = 12;
    editor.projector = true;
    expect(await editor.save()).toBe(true);
    expect(closed).toBe(1);
    expect((await serverBoard()).rooms.find((r) => r.name === 'Dachterrasse')).toMatchObject({ capacity: 12, projector: true });

    for (const capacity of [0, -3, 2.5, null]) {
      const another = editorFor({ kind: 'room' });
      another.name = `Raum ${capacity}`;
      another.capacity = capacity;
      expect(await another.save()).toBe(true);
      expect((await serverBoard()).rooms.find((r) => r.name === `Raum ${capacity}`)?.capacity).toBeNull();
    }
  });

  it('starts from the room clicked and changes it', async () => {
    const editor = editorFor({ kind: 'room', room: room('Raum B') });
    expect([editor.name, editor.capacity, editor.projector, editor.isNew]).toEqual(['Raum B', 20, false, false]);
    expect(editor.title).toBe(t('frame.editRoom', { name: 'Raum B' }));
    editor.name = 'Raum Emscher';
    expect(await editor.save()).toBe(true);
    expect((await serverBoard()).rooms.map((r) => r.name)).toEqual(['Raum A', 'Raum Emscher', 'Raum C']);
    expect(sent().map((m) => m.name)).toEqual(['room:update']);
  });

  it('says a slot that ends before it starts or overlaps another in the page’s language, and sends nothing', async () => {
    const dayId = store.board!.days[0]!.id;
    const editor = editorFor({ kind: 'slot', dayId });
    editor.from = '15:00';
    editor.to = '14:00';
    expect(await editor.save()).toBe(false);
    expect(editor.message).toBe(t('frame.backwards'));
    editor.from = '13:30';
    editor.to = '14:15';
    expect(await editor.save()).toBe(false);
    expect(editor.message).toBe('13:30–14:15 überschneidet sich mit 13:00–13:45. Zeiten eines Tages dürfen sich nicht überschneiden.');
    expect(sent()).toEqual([]);
    editor.from = '14:00';
    editor.to = '14:45';
    editor.label = 'Spät';
    expect(await editor.save()).toBe(true);
    expect(editor.message).toBe('');
    expect((await serverBoard()).slots.find((s) => s.start === '14:00')).toMatchObject({ end: '14:45', kind: 'session', label: 'Spät', dayId });
    expect(closed).toBe(1);
  });

  it('changes a slot, keeping to its own times', async () => {
    const slot = store.board!.slots.find((s) => s.start === '13:00')!;
    const editor = editorFor({ kind: 'slot', dayId: slot.dayId, slot });
    expect([editor.from, editor.to, editor.slotKind]).toEqual(['13:00', '13:45', 'session']);
    editor.to = '13:50';
    editor.slotKind = 'break';
    expect(await editor.save()).toBe(true);
    expect((await serverBoard()).slots.find((s) => s.id === slot.id)).toMatchObject({ start: '13:00', end: '13:50', kind: 'break' });
  });

  it('refuses a second day on a date that has one, but lets a day keep its own date', async () => {
    const [day] = store.board!.days;
    const editor = editorFor({ kind: 'day' });
    editor.date = day!.date;
    expect(await editor.save()).toBe(false);
    expect(editor.message).toBe('Am Samstag, 9. Mai 2026 gibt es schon einen Tag.');
    expect(sent()).toEqual([]);

    const same = editorFor({ kind: 'day', day });
    expect(same.date).toBe(day!.date);
    same.label = 'Tag eins';
    expect(await same.save()).toBe(true);
    expect((await serverBoard()).days[0]).toMatchObject({ date: day!.date, label: 'Tag eins' });

    const next = editorFor({ kind: 'day' });
    next.date = '2026-05-10';
    expect(await next.save()).toBe(true);
    expect((await serverBoard()).days.map((d) => d.date)).toEqual(['2026-05-09', '2026-05-10']);
  });

  it('does not offer to remove the only room or day, and names the sessions a removal sends back', async () => {
    const [first, second] = store.board!.sessions;
    const [roomA, roomB] = orderedRooms(store.board!);
    const [slot10] = store.board!.slots;
    await store.send('session:place', { sessionId: first!.id, roomId: roomA!.id, slotId: slot10!.id });
    await store.send('session:place', { sessionId: second!.id, roomId: roomB!.id, slotId: slot10!.id });
    await store.whenVersion(await writer.version(facilitator.eventId));

    expect(editorFor({ kind: 'room', room: roomA }).affected).toEqual(['Erste Session']);
    expect(editorFor({ kind: 'slot', dayId: slot10!.dayId, slot: slot10 }).affected.sort()).toEqual(['Erste Session', 'Zweite Session']);
    const onlyDay = editorFor({ kind: 'day', day: store.board!.days[0] });
    expect(onlyDay.affected.sort()).toEqual(['Erste Session', 'Zweite Session']);
    expect(onlyDay.isLastOfItsKind).toBe(true);
    expect(editorFor({ kind: 'slot', dayId: slot10!.dayId, slot: slot10 }).isLastOfItsKind).toBe(false);

    expect(await editorFor({ kind: 'room', room: roomA }).remove()).toBe(true);
    const editorB = editorFor({ kind: 'room', room: roomB });
    expect(editorB.isLastOfItsKind).toBe(false);
    expect(await editorB.remove()).toBe(true);
    expect(editorFor({ kind: 'room', room: room('Raum C') }).isLastOfItsKind).toBe(true);
    expect((await serverBoard()).placements).toEqual([]);
    expect(closed).toBe(2);
  });

  it('moves a room among the columns and closes it at a slot, with the dialog open', async () => {
    const editor = editorFor({ kind: 'room', room: room('Raum B') });
    expect(await editor.move(-1)).toBe(true);
    expect(orderedRooms(await serverBoard()).map((r) => r.name)).toEqual(['Raum B', 'Raum A', 'Raum C']);
    await store.whenVersion(await writer.version(facilitator.eventId));
    // Further left than the first column stays the first column: nothing changes.
    expect(await editor.move(-1)).toBe(true);
    expect(orderedRooms(await serverBoard()).map((r) => r.name)).toEqual(['Raum B', 'Raum A', 'Raum C']);
    expect(await editor.move(1)).toBe(true);
    expect(orderedRooms(await serverBoard()).map((r) => r.name)).toEqual(['Raum A', 'Raum B', 'Raum C']);

    const cell = { roomId: room('Raum B').id, slotId: store.board!.slots[0]!.id };
    expect(await editor.setAvailable(cell.slotId, false)).toBe(true);
    expect(isBlocked(await serverBoard(), cell)).toBe(true);
    expect(await editor.setAvailable(cell.slotId, true)).toBe(true);
    expect(isBlocked(await serverBoard(), cell)).toBe(false);
    expect(closed).toBe(0);
  });

  it('shows what the server refused and stays open', async () => {
    const roomC = room('Raum C');
    const editor = editorFor({ kind: 'room', room: roomC });
    // Meanwhile another laptop removed the room.
    expect((await writer.execute(facilitator, 'room:remove', { roomId: roomC.id })).ack.ok).toBe(true);
    expect(await editor.remove()).toBe(false);
    expect(editor.message).toBe('Diesen Raum gibt es nicht (mehr). Die Tafel ist wieder aktuell.');
    editor.name = 'Wieder da';
    expect(await editor.save()).toBe(false);
    expect(closed).toBe(0);
  });
});
