// The facilitator's board controller (client/lib/board-controller.svelte.ts) without a browser:
// its store talks to a fake socket behind which the real writer decides, on a database in memory.
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import '../../client/lib/i18n/messages-more.ts';
import { errorText, i18n, t } from '../../client/lib/i18n/i18n.svelte.ts';
import { BoardController } from '../../client/lib/board-controller.svelte.ts';
import { BoardStore } from '../../client/lib/board.svelte.ts';
import { cellText } from '../../client/lib/describe.ts';
import { cellKey, findSession, placementOf, type Cell } from '../../shared/board.ts';
import { LIMITS } from '../../shared/limits.ts';
import { COMMAND_NAMES } from '../../shared/commands.ts';
import { openDatabase } from '../../db/open.ts';
import { CommandWriter, type Principal } from '../../server/writer.ts';
import type { FakeSocket } from '../helpers/fake-socket.ts';
import { eventInMemory } from '../helpers/in-memory.ts';
import { liveStore } from '../helpers/live-store.ts';

let db: ReturnType<typeof openDatabase>;
let writer: CommandWriter;
let facilitator: Principal;
let socket: FakeSocket;
let store: BoardStore;
let control: BoardController;
let focused: string[];
let stored: Map<string, string>;

/** The board controller of a facilitator screen that is live, and what it moved focus to. */
async function openBoard(options: { facilitatorKey?: string; storage?: Map<string, string> } = {}) {
  ({ store, socket } = await liveStore(writer, facilitator));
  focused = [];
  stored = options.storage ?? new Map();
  control = new BoardController(store, {
    facilitatorKey: 'facilitatorKey' in options ? options.facilitatorKey : 'key',
    storage: { getItem: (key) => stored.get(key) ?? null, setItem: (key, value) => void stored.set(key, value) },
    focusCell: (key) => focused.push(`cell ${key}`),
    focusCard: (sessionId) => focused.push(`card ${sessionId}`),
  });
  return control;
}

/** What the board controller's store sent, by name (commands only). */
const commandsSent = () => socket.sent.filter((m) => COMMAND_NAMES.includes(m.name as never));
const board = () => store.board!;
const firstDayCells = () => control.gridCells();
const serverBoard = async () => (await writer.snapshot(facilitator.eventId)).board;

beforeEach(async () => {
  ({ db, writer, facilitator } = await eventInMemory());
});

afterEach(() => {
  control?.dispose();
  store?.disconnect();
  db.close();
  vi.useRealTimers();
});

describe('the board controller', () => {
  it('picks a tray card up onto the first free cell of the day, moves the target with the arrows and drops with Enter', async () => {
    await openBoard();
    const [first] = board().sessions;
    const cells = firstDayCells();
    control.pick(first!.id);
    expect(control.picked).toBe(first!.id);
    expect(control.keyboardTarget).toBe(cellKey(cells[0]![0]!));
    await vi.waitFor(() => expect(focused).toEqual([`cell ${cellKey(cells[0]![0]!)}`]));
    expect(control.announcement).toBe(t('board.pickedUp', { title: first!.title }));

    // Right, down, and down past the last slot: the target stops at the edge.
    expect(control.keyOnCell({ key: 'ArrowRight' }, cells[0]![0]!)).toBe(true);
    expect(control.keyOnCell({ key: 'ArrowDown' }, cells[0]![1]!)).toBe(true);
    expect(control.keyOnCell({ key: 'ArrowDown' }, cells[1]![1]!)).toBe(true);
    const last = cells.at(-1)![1]!;
    expect(control.keyboardTarget).toBe(cellKey(last));
    expect(control.keyOnCell({ key: 'ArrowDown' }, last)).toBe(true);
    expect(control.keyboardTarget).toBe(cellKey(last));
    // Keys that mean nothing here are left to the page.
    expect(control.keyOnCell({ key: 'a' }, last)).toBe(false);

    expect(control.keyOnCell({ key: 'Enter' }, last)).toBe(true);
    expect(control.picked).toBeNull();
    // Its card is marked as on its way there until the ack.
    await vi.waitFor(() => expect(store.pendingMoves.get(first!.id)).toEqual(last));
    await vi.waitFor(() => expect(placementOf(board(), first!.id)).toMatchObject(last));
    await vi.waitFor(() => expect(store.pendingMoves.size).toBe(0));
    expect(commandsSent()).toEqual([{ name: 'session:place', payload: expect.objectContaining({ sessionId: first!.id, ...last, expectedOccupant: null }) }]);
    expect(placementOf(await serverBoard(), first!.id)).toMatchObject(last);
    await vi.waitFor(() => expect(focused.at(-1)).toBe(`card ${first!.id}`));
  });

  it('keys on a cell do nothing while no card is carried, and Escape puts a carried card down where it was', async () => {
    await openBoard();
    const [first] = board().sessions;
    const cell = firstDayCells()[0]![0]!;
    expect(control.keyOnCell({ key: 'Enter' }, cell)).toBe(false);
    control.pick(first!.id);
    expect(control.keyOnCell({ key: 'Escape' }, cell)).toBe(true);
    expect(control.picked).toBeNull();
    expect(control.keyboardTarget).toBeNull();
    await vi.waitFor(() => expect(control.announcement).toBe(t('board.cancelled')));
    await vi.waitFor(() => expect(focused.at(-1)).toBe(`card ${first!.id}`));
    expect(commandsSent()).toEqual([]);
  });

  it('says a swap as a swap: the card that was there takes the old place, or goes to the tray', async () => {
    await openBoard();
    const [a, b, c] = board().sessions;
    const [[x, y]] = firstDayCells() as [[Cell, Cell]];
    expect(await control.moveTo(a!.id, x)).toEqual({ ok: true });
    expect(await control.moveTo(b!.id, y)).toEqual({ ok: true });
    // b onto a's cell: a takes b's old place.
    expect(await control.moveTo(b!.id, x)).toEqual({ ok: true });
    await vi.waitFor(() => expect(control.announcement).toBe(t('board.swapped', { title: b!.title, other: a!.title, ...cellText(board(), x) })));
    expect(placementOf(board(), a!.id)).toMatchObject(y);
    expect(commandsSent().at(-1)!.payload).toMatchObject({ sessionId: b!.id, ...x, expectedOccupant: a!.id });
    // c from the tray onto b's cell: b goes to the tray.
    expect(await control.moveTo(c!.id, x)).toEqual({ ok: true });
    expect(placementOf(board(), b!.id)).toBeUndefined();
    await vi.waitFor(() => expect(control.announcement).toBe(t('board.swappedToTray', { title: c!.title, other: b!.title, ...cellText(board(), x) })));
  });

  it('shows the reason when a drop is refused, and leaves the board as the server has it', async () => {
    await openBoard();
    const [a, b] = board().sessions;
    const [[x]] = firstDayCells() as [[Cell]];
    // Someone else filled the cell meanwhile: the board here does not know yet.
    await writer.execute(facilitator, 'session:place', { sessionId: b!.id, ...x });
    control.pick(a!.id);
    await control.dropPicked(x);
    // Said with what is there now, in the page's language.
    expect(control.alertText).toBe(`Jemand war schneller: ${cellText(board(), x).room} um ${i18n.clock('10:00')} ist belegt.`);
    expect(placementOf(await serverBoard(), a!.id)).toBeUndefined();
  });

  it('undoes with Ctrl+Z and redoes with Ctrl+Shift+Z or Ctrl+Y, but not in a text field or with a dialog open', async () => {
    await openBoard();
    const [a] = board().sessions;
    await control.moveTo(a!.id, firstDayCells()[0]![0]!);
    expect(control.keyOnPage({ key: 'z', ctrlKey: true, inTextField: true })).toBe(false);
    control.dialogSessionId = a!.id;
    expect(control.keyOnPage({ key: 'z', ctrlKey: true })).toBe(false);
    control.dialogSessionId = null;
    expect(control.keyOnPage({ key: 'z' })).toBe(false);
    expect(commandsSent().map((m) => m.name)).toEqual(['session:place']);

    expect(control.keyOnPage({ key: 'z', ctrlKey: true })).toBe(true);
    await vi.waitFor(() => expect(placementOf(board(), a!.id)).toBeUndefined());
    await vi.waitFor(() => expect(control.announcement).toBe(t('undo.undone')));
    expect(control.keyOnPage({ key: 'Z', metaKey: true, shiftKey: true })).toBe(true);
    await vi.waitFor(() => expect(placementOf(board(), a!.id)).toBeDefined());
    expect(control.keyOnPage({ key: 'z', ctrlKey: true })).toBe(true);
    await vi.waitFor(() => expect(placementOf(board(), a!.id)).toBeUndefined());
    expect(control.keyOnPage({ key: 'y', ctrlKey: true })).toBe(true);
    await vi.waitFor(() => expect(placementOf(board(), a!.id)).toBeDefined());
    expect(commandsSent().map((m) => m.name)).toEqual(['session:place', 'board:undo', 'board:redo', 'board:undo', 'board:redo']);
  });

  it('says why an undo or redo cannot be done, in the language of the page', async () => {
    await openBoard();
    await control.undoRedo(false);
    expect(control.alertText).toBe('Es gibt nichts rückgängig zu machen.');
    await control.undoRedo(true);
    expect(control.alertText).toBe('Es gibt nichts zu wiederholen.');

    // A session moved from 10:00 to 11:00; then a giver takes the cell it came from.
    const [a] = board().sessions;
    const [roomA] = board().rooms;
    const [slot10, slot11] = board().slots;
    await store.send('event:update', { claiming: 'open' });
    await store.send('session:place', { sessionId: a!.id, roomId: roomA!.id, slotId: slot10!.id });
    await store.send('session:place', { sessionId: a!.id, roomId: roomA!.id, slotId: slot11!.id });
    const giver = { eventId: facilitator.eventId, isFacilitator: false };
    const submitted = (await writer.execute(giver, 'session:submit', { title: 'Schneller', host: 'G' })).ack;
    if (!submitted.ok) throw new Error('submit refused');
    const { sessionId, token } = submitted.data as { sessionId: string; token: string };
    expect((await writer.execute(giver, 'session:claim', { sessionId, token, roomId: roomA!.id, slotId: slot10!.id })).ack.ok).toBe(true);

    await control.undoRedo(false);
    expect(control.alertText).toBe('Das lässt sich nicht rückgängig machen: In Raum A um 10:00 ist jetzt „Schneller“.');
    i18n.language = 'en';
    try {
      await control.undoRedo(false);
      expect(control.alertText).toBe(`This cannot be undone: Raum A at ${i18n.clock('10:00')} now holds “Schneller”.`);
    } finally {
      i18n.language = 'de';
    }
    expect(placementOf(await serverBoard(), a!.id)).toEqual({ sessionId: a!.id, roomId: roomA!.id, slotId: slot11!.id });
  });

  it('an interest refused puts the count the board has back into the field', async () => {
    await openBoard();
    const [a] = board().sessions;
    const field = { value: '999999' };
    // Not counted yet: the field goes back to empty.
    expect(findSession(board(), a!.id)!.interest).toBeNull();
    await control.setInterest(a!.id, 999_999, field);
    expect(field.value).toBe('');
    expect(control.alertText).toBe('Interesse: höchstens 9.999.');
    await control.setInterest(a!.id, 12, field);
    expect(findSession(board(), a!.id)!.interest).toBe(12);
    await control.setInterest(a!.id, 999_999, field);
    expect(field.value).toBe('12');
  });

  it('shows the first day until another is chosen, and the first again when the chosen one is removed', async () => {
    await writer.execute(facilitator, 'day:add', { date: '2026-05-10', label: 'Sonntag' });
    await openBoard();
    const [saturday, sunday] = board().days;
    expect(control.dayId).toBe(saturday!.id);
    control.chooseDay(sunday!.id);
    expect(control.dayId).toBe(sunday!.id);
    expect(
      control
        .gridCells()
        .flat()
        .every((c) => board().slots.find((s) => s.id === c.slotId)!.dayId === sunday!.id),
    ).toBe(true);
    expect((await writer.execute(facilitator, 'day:remove', { dayId: sunday!.id })).ack.ok).toBe(true);
    await store.resync();
    expect(control.dayId).toBe(saturday!.id);
  });

  it('shows the whole day at once for a big camp until the facilitator chooses, and remembers the choice', async () => {
    await openBoard();
    // Three rooms: room for full cards.
    expect(control.wholeDay).toBe(false);
    control.toggleWholeDay();
    expect(control.wholeDay).toBe(true);
    expect(stored.get('pitchboard:whole-day')).toBe('1');
    control.dispose();
    store.disconnect();
    await openBoard({ storage: stored });
    expect(control.wholeDay).toBe(true);
    control.toggleWholeDay();
    expect(control.wholeDay).toBe(false);
    expect(stored.get('pitchboard:whole-day')).toBe('0');
  });

  it('turns the grid when a day has more rooms than slots: rooms become rows, and the arrows follow', async () => {
    await openBoard();
    const slots = board().slots.filter((slot) => slot.dayId === control.dayId && slot.kind === 'session').length;
    expect(board().rooms.length).toBeLessThanOrEqual(slots);
    expect(control.roomsAsRows).toBe(false);
    // One row per slot, one column per room.
    expect(firstDayCells()).toHaveLength(slots);
    expect(firstDayCells()[0]!.map((cell) => cell.roomId)).toEqual(board().rooms.map((room) => room.id));
    while (board().rooms.length <= slots) {
      const result = await store.send('room:add', { name: `Raum ${board().rooms.length + 1}` });
      expect(result.ok).toBe(true);
      await vi.waitFor(() => expect(store.version).toBe(result.ok ? result.version : -1));
    }
    expect(control.roomsAsRows).toBe(true);
    // One row per room, one column per slot.
    const rows = firstDayCells();
    expect(rows).toHaveLength(board().rooms.length);
    expect(rows.every((row) => row.length === slots && row.every((cell) => cell.roomId === row[0]!.roomId))).toBe(true);
    // The arrows move as the grid is drawn: right is the next slot, down the next room.
    const [first] = board().sessions;
    control.pick(first!.id);
    expect(control.keyOnCell({ key: 'ArrowRight' }, rows[0]![0]!)).toBe(true);
    expect(control.keyboardTarget).toBe(cellKey(rows[0]![1]!));
    expect(control.keyOnCell({ key: 'ArrowDown' }, rows[0]![1]!)).toBe(true);
    expect(control.keyboardTarget).toBe(cellKey({ roomId: board().rooms[1]!.id, slotId: rows[0]![1]!.slotId }));
  });

  it('offers no editing without the facilitator key, and lists the tray newest first', async () => {
    await openBoard({ facilitatorKey: undefined });
    expect(control.editable).toBe(false);
    control.dispose();
    store.disconnect();
    await openBoard();
    expect(control.editable).toBe(true);
    const before = control.tray.map((s) => s.id);
    expect(await control.quickAdd('  Neu im Korb ', 'Dana')).toBe(true);
    await vi.waitFor(() => expect(control.tray).toHaveLength(before.length + 1));
    expect(control.tray[0]!.title).toBe('Neu im Korb');
    expect(control.justAdded).toBe(control.tray[0]!.id);
    expect(control.tray.slice(1).map((s) => s.id)).toEqual(before);
  });

  it('offers the best place for a session just entered, puts it there on accepting, and then offers nothing', async () => {
    await openBoard();
    const [a] = board().sessions;
    await control.moveTo(a!.id, firstDayCells()[0]![0]!);
    expect(await control.quickAdd('Gerade gepitcht', '')).toBe(true);
    const added = board().sessions.at(-1)!;
    expect(added).toMatchObject({ title: 'Gerade gepitcht', host: '' });
    // Not waiting to pitch: it was just pitched.
    expect(board().pitch.queue).not.toContain(added.id);
    const suggested = await writer.suggest(facilitator, { sessionId: added.id });
    const best = suggested.ok ? suggested.data!.suggestions[0]! : undefined;
    expect(control.offered).toMatchObject({ sessionId: added.id, roomId: best!.roomId, slotId: best!.slotId });
    await vi.waitFor(() => expect(control.announcement).toBe(t('board.quickAddedSuggested', { title: 'Gerade gepitcht', ...cellText(board(), best!) })));
    // Where, and why there, in the page's language.
    const seats = board().rooms.find((r) => r.id === best!.roomId)!.capacity!;
    expect(control.offerText).toEqual({
      place: `${t('board.offer', cellText(board(), best!))} (${t('board.seats', { seats })})`,
      why: best!.reasons.map((reason) => t(`suggest.reason.${reason}`)).join(' · '),
    });
    expect(control.offerText!.why).toContain(t('suggest.reason.seats_fit'));
    expect(await control.acceptOffer()).toBe(true);
    expect(placementOf(board(), added.id)).toMatchObject({ roomId: best!.roomId, slotId: best!.slotId });
    expect(control.offered).toBeNull();
    expect(await control.acceptOffer()).toBe(false);
  });

  it('the loop with hands: each digit sizes the offer at once, Enter sends the hands and places it, and no digit becomes a title', async () => {
    await openBoard();
    // Raum A seats 40, Raum B 20, Raum C has no known size.
    const room = (name: string) => board().rooms.find((r) => r.name === name)!.id;
    const offeredRoom = () => board().rooms.find((r) => r.id === control.offered?.roomId)?.name;
    await control.quickAdd('Großes Thema', '');
    const added = board().sessions.at(-1)!;
    expect(control.loopSession?.id).toBe(added.id);
    expect(control.loopAtMicrophone).toBe(false);
    expect(offeredRoom()).toBe('Raum B');
    control.typeHands('3');
    expect(offeredRoom()).toBe('Raum B');
    control.typeHands('30');
    expect(control.hands).toBe('30');
    expect(offeredRoom()).toBe('Raum A');
    // More than any known room seats: the room of unknown size, which makes no warning.
    control.typeHands('4x5');
    expect(control.hands).toBe('45');
    expect(offeredRoom()).toBe('Raum C');
    // With Raum C full all day, the biggest free room, and the offer says it is too small.
    const [a, b, c] = board().sessions;
    for (const [session, slot] of [a, b, c].map((s, i) => [s!, firstDayCells()[i]![0]!.slotId] as const)) {
      await control.moveTo(session.id, { roomId: room('Raum C'), slotId: slot });
    }
    await vi.waitFor(() => expect(offeredRoom()).toBe('Raum A'));
    expect(control.offered!.reasons[0]).toBe('biggest_free');
    expect(control.offerText!.why).toContain(t('suggest.reason.biggest_free', { seats: 40, interest: 45 }));
    expect(commandsSent().filter((m) => m.name === 'session:interest')).toEqual([]);

    expect(await control.acceptOffer()).toBe(true);
    expect(
      commandsSent()
        .slice(-2)
        .map((m) => m.name),
    ).toEqual(['session:interest', 'session:place']);
    expect(findSession(await serverBoard(), added.id)!.interest).toBe(45);
    expect(placementOf(await serverBoard(), added.id)).toMatchObject({ roomId: room('Raum A') });
    expect((await serverBoard()).sessions.filter((s) => /^\d+$/.test(s.title))).toEqual([]);
    expect(control.loopSession).toBeNull();
    expect(control.hands).toBe('');
  });

  it('Esc leaves the session in the tray with the hands typed, and the loop lets go of it', async () => {
    await openBoard();
    await control.quickAdd('Erst mal in die Ablage', '');
    const added = board().sessions.at(-1)!;
    control.typeHands('12');
    await control.leaveInTray();
    expect(findSession(await serverBoard(), added.id)!.interest).toBe(12);
    expect(placementOf(await serverBoard(), added.id)).toBeUndefined();
    expect(control.loopSession).toBeNull();
    expect(control.announcement === '' || control.announcement === t('board.leftInTray', { title: added.title })).toBe(true);
    // Nothing typed: nothing sent.
    await control.quickAdd('Noch eine', '');
    const sent = commandsSent().length;
    await control.leaveInTray();
    expect(commandsSent()).toHaveLength(sent);
  });

  it('says why there is no offer, and Enter then keeps the hands and leaves the session in the tray', async () => {
    await openBoard();
    const [a, b, c] = board().sessions;
    // Every cell but one taken, and that one beside the same host.
    const cells = firstDayCells().flat();
    await control.saveSession(a!.id, { host: 'Mia' }, a!.revision);
    const others = [a!, b!, c!];
    for (const [index, cell] of cells.entries()) {
      if (index === 0) continue;
      const filler = async () => {
        const sent = await store.send('session:submit', { title: `Füller ${index}`, host: 'Füll' });
        return sent.ok ? sent.data!.sessionId : '';
      };
      const id: string = others[index - 1]?.id ?? (await filler());
      await control.moveTo(id, cell);
    }
    await vi.waitFor(() => expect(board().placements).toHaveLength(cells.length - 1));
    const free = cells[0]!;
    const besideFree = board().placements.find((p) => p.slotId === free.slotId)!;
    const neighbour = findSession(board(), besideFree.sessionId)!;
    await control.quickAdd('Noch ein Thema', '');
    const added = board().sessions.at(-1)!;
    await store.send('session:update', { sessionId: added.id, revision: added.revision, host: neighbour.host });
    await vi.waitFor(() => expect(control.offered).toBeNull());
    expect(control.noOfferText).toBe(`${t('board.offerNone.host', { names: neighbour.host })} ${t('board.offerNoneNext')}`);
    control.typeHands('9');
    expect(await control.acceptOffer()).toBe(false);
    expect(findSession(await serverBoard(), added.id)!.interest).toBe(9);
    expect(placementOf(await serverBoard(), added.id)).toBeUndefined();
    expect(control.loopSession).toBeNull();
  });

  it('without hands typed, the phones that tapped size the offer', async () => {
    await openBoard();
    await control.quickAdd('Viele Handys', '');
    const added = board().sessions.at(-1)!;
    expect(board().rooms.find((r) => r.id === control.offered!.roomId)!.name).toBe('Raum B');
    const taps = Array.from({ length: 30 }, (_, i) => ({ eventId: facilitator.eventId, sessionId: added.id, device: `phone-${i}`, interested: true }));
    const counts = (await writer.recordTaps(taps)).get(facilitator.eventId)!;
    socket.push('session:taps', { taps: Object.fromEntries(counts) });
    expect(findSession(board(), added.id)!.taps).toBe(30);
    expect(board().rooms.find((r) => r.id === control.offered!.roomId)!.name).toBe('Raum A');
    // Hands typed win over the phones.
    control.typeHands('5');
    expect(board().rooms.find((r) => r.id === control.offered!.roomId)!.name).toBe('Raum B');
  });

  it('with a pitch round running, works on the session at the microphone: Enter places it and calls the next pitch', async () => {
    await openBoard();
    await store.send('pitch:start', {});
    const [first, second] = (await serverBoard()).pitch.current ? [(await serverBoard()).pitch.current!, (await serverBoard()).pitch.queue[0]!] : [];
    await vi.waitFor(() => expect(control.loopSession?.id).toBe(first));
    expect(control.loopAtMicrophone).toBe(true);
    control.typeHands('1');
    control.typeHands('15');
    // At the microphone the count goes out a moment after the last digit, once.
    await vi.waitFor(async () => expect(findSession(await serverBoard(), first!)!.interest).toBe(15));
    expect(
      commandsSent()
        .filter((m) => m.name === 'session:interest')
        .map((m) => (m.payload as { interest: number }).interest),
    ).toEqual([15]);
    expect(await control.acceptOffer()).toBe(true);
    expect(commandsSent().filter((m) => m.name === 'session:interest')).toHaveLength(1);
    expect(findSession(await serverBoard(), first!)!.interest).toBe(15);
    expect(placementOf(await serverBoard(), first!)).toBeDefined();
    expect((await serverBoard()).pitch.current).toBe(second);
    await vi.waitFor(() => expect(control.loopSession?.id).toBe(second));
    // A new pitch, no hands yet.
    expect(control.hands).toBe('');
    // Esc at the microphone: the loop lets this one go (the pitch goes on).
    await control.leaveInTray();
    expect(control.loopSession).toBeNull();
    expect((await serverBoard()).pitch.current).toBe(second);
    // A session typed in meanwhile is the loop's, even with a pitch running.
    await control.quickAdd('Dazwischen', '');
    expect(control.loopSession?.title).toBe('Dazwischen');
    expect(control.loopAtMicrophone).toBe(false);
  });

  it('works the offer out again when its cell is taken meanwhile', async () => {
    await openBoard();
    await control.quickAdd('Noch eine', 'Ina');
    const offer = control.offered!;
    const [other] = board().sessions;
    // A cell with more to it (the offer itself) is still just the cell.
    expect(await control.moveTo(other!.id, offer)).toEqual({ ok: true });
    expect(placementOf(board(), other!.id)).toMatchObject({ roomId: offer.roomId, slotId: offer.slotId });
    expect(control.offered).not.toBeNull();
    expect(cellKey(control.offered!)).not.toBe(cellKey(offer));
  });

  it('knows every clash on the plan as the board changes, and says on a card who runs in parallel', async () => {
    await openBoard();
    const [a, b] = board().sessions;
    expect(control.warnings).toEqual([]);
    await control.saveSession(b!.id, { host: ` ${a!.host.toUpperCase()} ` }, b!.revision);
    const [[x, y]] = firstDayCells() as [[Cell, Cell]];
    await control.moveTo(a!.id, x);
    await control.moveTo(b!.id, y);
    await vi.waitFor(() => expect(control.warnings.map((w) => w.kind)).toEqual(['host_parallel']));
    expect(control.clashOf(a!.id)).toBe(t('warning.card.host_parallel', { subject: a!.host }));
    expect(control.clashOf(board().sessions[2]!.id)).toBeUndefined();
    await control.moveTo(b!.id, 'tray');
    await vi.waitFor(() => expect(control.warnings).toEqual([]));
    expect(control.clashOf(a!.id)).toBeUndefined();
  });

  it('names a similar session after a quick entry and merges the new one into it', async () => {
    await openBoard();
    const [a] = board().sessions;
    await control.quickAdd(`${a!.title}!`, '');
    const added = board().sessions.at(-1)!;
    expect(control.similar).toEqual({ sessionId: added.id, to: [{ sessionId: a!.id, title: a!.title }] });
    expect(await control.mergeInto(a!.id)).toBe(true);
    expect(control.similar).toBeNull();
    expect(control.offered).toBeNull();
    await vi.waitFor(() => expect(findSession(board(), added.id)!.status).toBe('withdrawn'));
    expect(commandsSent().at(-1)).toMatchObject({ name: 'session:merge', payload: { sessionId: added.id, intoSessionId: a!.id } });
  });

  it('previews auto-fill without changing anything, then places as previewed, or discards the preview', async () => {
    await openBoard();
    const before = await serverBoard();
    await control.previewAutofill();
    const preview = control.autofillPreview!;
    expect(preview.map((p) => p.sessionId).sort()).toEqual(before.sessions.map((s) => s.id).sort());
    expect(await serverBoard()).toEqual(before);
    expect(control.previewedIn(preview[0]!)?.id).toBe(preview[0]!.sessionId);
    control.discardAutofill();
    expect(control.autofillPreview).toBeNull();
    expect(control.previewedIn(preview[0]!)).toBeUndefined();

    await control.previewAutofill();
    await control.acceptAutofill();
    expect(control.autofillPreview).toBeNull();
    expect(board().placements).toEqual(preview);
    await vi.waitFor(() => expect(control.announcement).toBe(t('autofill.done', { count: preview.length })));
    // Nothing left to place: the preview says so instead of showing an empty plan.
    await control.previewAutofill();
    expect(control.autofillPreview).toBeNull();
    await vi.waitFor(() => expect(control.announcement).toBe(t('autofill.nothing')));
  });

  describe('moves, and what they say', () => {
    it('puts a placed card back into the tray and says so; a tray card dropped on the tray, or a card on its own cell, sends nothing', async () => {
      await openBoard();
      const [a, b] = board().sessions;
      const cell = firstDayCells()[0]![0]!;
      expect(await control.moveTo(b!.id, 'tray')).toEqual({ ok: true });
      await control.moveTo(a!.id, cell);
      expect(await control.moveTo(a!.id, { ...cell })).toEqual({ ok: true });
      expect(commandsSent().map((m) => m.name)).toEqual(['session:place']);
      expect(await control.moveTo(a!.id, 'tray')).toEqual({ ok: true });
      expect(commandsSent().at(-1)).toMatchObject({ name: 'session:unplace', payload: { sessionId: a!.id } });
      expect(placementOf(board(), a!.id)).toBeUndefined();
      await vi.waitFor(() => expect(control.announcement).toBe(t('board.returned', { title: a!.title })));
      expect(control.announcement).toBe(t('board.returned', { title: a!.title }));
    });

    it('places onto an empty cell and says where', async () => {
      await openBoard();
      const [a] = board().sessions;
      const cell = firstDayCells()[1]![2]!;
      await control.moveTo(a!.id, cell);
      await vi.waitFor(() => expect(control.announcement).toBe(t('board.placed', { title: a!.title, ...cellText(board(), cell) })));
    });

    it('refuses to move a session it does not know, or any before the board is there', async () => {
      await openBoard();
      expect(await control.moveTo('nope', 'tray')).toEqual({ ok: false, code: 'not_found' });
      const empty = new BoardController(new BoardStore('none', { openSocket: () => socket as never }), { facilitatorKey: 'key' });
      expect(await empty.moveTo('nope', 'tray')).toEqual({ ok: false, code: 'internal' });
      expect(empty.gridCells()).toEqual([]);
      expect(empty.roomsAsRows).toBe(false);
      expect(empty.dayId).toBe('');
      expect(empty.loopSession).toBeNull();
      expect(empty.offerText).toBeNull();
      expect(empty.noOfferText).toBeNull();
      empty.pick('nope');
      expect(empty.picked).toBeNull();
      expect(commandsSent()).toEqual([]);
    });

    it('a refused move back to the tray says nothing and leaves the card where it is', async () => {
      await openBoard();
      const [a] = board().sessions;
      const cell = firstDayCells()[0]![0]!;
      await control.moveTo(a!.id, cell);
      await writer.execute(facilitator, 'session:withdraw', { sessionId: a!.id });
      socket.answer('session:unplace', () => ({ ok: false, error: { code: 'not_found', message: 'Gone.' } }));
      expect(await control.moveTo(a!.id, 'tray')).toMatchObject({ ok: false, code: 'not_found' });
    });

    it('a drop that is refused shows why; a drop on the tray takes the card out of the plan', async () => {
      await openBoard();
      const [a, b] = board().sessions;
      const cell = firstDayCells()[0]![0]!;
      await control.moveTo(a!.id, cell);
      await control.dropOn(a!.id, { kind: 'tray' });
      expect(placementOf(await serverBoard(), a!.id)).toBeUndefined();
      expect(control.alertText).toBe('');
      await writer.execute(facilitator, 'session:place', { sessionId: b!.id, ...cell });
      await control.dropOn(a!.id, { kind: 'cell', ...cell });
      expect(control.alertText).toMatch(/^Jemand war schneller: /);
    });

    it('marks a card pending only while the line is down', async () => {
      await openBoard();
      const [a] = board().sessions;
      socket.drop();
      const move = control.moveTo(a!.id, firstDayCells()[0]![0]!);
      expect(store.pendingMoves.has(a!.id)).toBe(true);
      expect(control.isPending(a!.id)).toBe(true);
      expect(control.isPending(board().sessions[1]!.id)).toBe(false);
      socket.open();
      expect(control.isPending(a!.id)).toBe(false);
      await move;
      expect(placementOf(await serverBoard(), a!.id)).toBeDefined();
    });

    it('carrying one card, a tap on a placed card drops onto its cell, and a tap on the card carried puts it down', async () => {
      await openBoard();
      const [a, b] = board().sessions;
      const [[x, y]] = firstDayCells() as [[Cell, Cell]];
      await control.moveTo(b!.id, y);
      // Picking a placed card starts at its own cell.
      control.pick(b!.id);
      expect(control.keyboardTarget).toBe(cellKey(y));
      control.pick(b!.id);
      expect(control.picked).toBeNull();
      await vi.waitFor(() => expect(control.announcement).toBe(t('board.cancelled')));
      // A tray card starts at the first free cell.
      control.pick(a!.id);
      expect(control.keyboardTarget).toBe(cellKey(x));
      control.pick(b!.id);
      expect(control.picked).toBeNull();
      await vi.waitFor(async () => expect(placementOf(await serverBoard(), a!.id)).toMatchObject(y));
      expect(commandsSent().at(-1)).toMatchObject({ name: 'session:place', payload: { sessionId: a!.id, ...y, expectedOccupant: b!.id } });
    });

    it('with every cell of the day taken, a tray card starts at the first cell', async () => {
      await openBoard();
      const cells = firstDayCells().flat();
      for (const [index, cell] of cells.entries()) {
        const sent = await store.send('session:submit', { title: `Voll ${index}`, host: 'X' });
        if (!sent.ok) throw new Error('refused');
        await store.send('session:place', { sessionId: sent.data!.sessionId, ...cell });
      }
      await vi.waitFor(() => expect(board().placements).toHaveLength(cells.length));
      control.pick(board().sessions[0]!.id);
      expect(control.keyboardTarget).toBe(cellKey(cells[0]!));
    });

    it('Space drops like Enter; a key on a cell outside the grid is not handled', async () => {
      await openBoard();
      const [a] = board().sessions;
      const cell = firstDayCells()[0]![1]!;
      control.pick(a!.id);
      expect(control.keyOnCell({ key: 'ArrowUp' }, { roomId: 'elsewhere', slotId: cell.slotId })).toBe(false);
      expect(control.keyOnCell({ key: ' ' }, cell)).toBe(true);
      await vi.waitFor(async () => expect(placementOf(await serverBoard(), a!.id)).toMatchObject(cell));
    });

    it('the arrows stop at the grid’s edges on every side', async () => {
      await openBoard();
      const [a] = board().sessions;
      const cells = firstDayCells();
      control.pick(a!.id);
      const first = cells[0]![0]!;
      expect(control.keyOnCell({ key: 'ArrowUp' }, first)).toBe(true);
      expect(control.keyboardTarget).toBe(cellKey(first));
      expect(control.keyOnCell({ key: 'ArrowLeft' }, first)).toBe(true);
      expect(control.keyboardTarget).toBe(cellKey(first));
      const lastOfRow = cells[0]!.at(-1)!;
      expect(control.keyOnCell({ key: 'ArrowRight' }, lastOfRow)).toBe(true);
      expect(control.keyboardTarget).toBe(cellKey(lastOfRow));
      expect(control.keyOnCell({ key: 'ArrowLeft' }, lastOfRow)).toBe(true);
      expect(control.keyboardTarget).toBe(cellKey(cells[0]!.at(-2)!));
      expect(control.keyOnCell({ key: 'ArrowUp' }, cells[1]![0]!)).toBe(true);
      expect(control.keyboardTarget).toBe(cellKey(first));
    });

    it('Escape on the page puts a carried card down, but not from inside a dialog; Ctrl with another key, or in the frame or history panel, is left alone', async () => {
      await openBoard();
      const [a] = board().sessions;
      control.pick(a!.id);
      control.dialogSessionId = a!.id;
      expect(control.keyOnPage({ key: 'Escape' })).toBe(false);
      expect(control.picked).toBe(a!.id);
      control.dialogSessionId = null;
      // Handled, and still left to the page (a dialog may close on it too).
      expect(control.keyOnPage({ key: 'Escape' })).toBe(false);
      expect(control.picked).toBeNull();
      expect(control.keyOnPage({ key: 's', ctrlKey: true })).toBe(false);
      control.frameTarget = { kind: 'room' };
      expect(control.keyOnPage({ key: 'z', ctrlKey: true })).toBe(false);
      control.frameTarget = null;
      control.historyOpen = true;
      expect(control.keyOnPage({ key: 'y', metaKey: true })).toBe(false);
      expect(commandsSent()).toEqual([]);
    });
  });

  describe('alerts, dialogs and the rest of the board’s commands', () => {
    it('shows an alert for 6 s, an undo that cannot be done for 8 s, and a newer alert for its own time', async () => {
      vi.useFakeTimers();
      await openBoard();
      control.showAlert('Eins');
      await vi.advanceTimersByTimeAsync(5999);
      expect(control.alertText).toBe('Eins');
      await vi.advanceTimersByTimeAsync(1);
      expect(control.alertText).toBe('');
      control.showAlert('Zwei');
      await vi.advanceTimersByTimeAsync(3000);
      control.showError({ code: 'cell_taken' });
      await vi.advanceTimersByTimeAsync(5999);
      expect(control.alertText).toBe(errorText('cell_taken'));
      await vi.advanceTimersByTimeAsync(1);
      expect(control.alertText).toBe('');
      await control.undoRedo(false);
      expect(control.alertText).toBe('Es gibt nichts rückgängig zu machen.');
      await vi.advanceTimersByTimeAsync(7999);
      expect(control.alertText).toBe('Es gibt nichts rückgängig zu machen.');
      await vi.advanceTimersByTimeAsync(1);
      expect(control.alertText).toBe('');
    });

    it('says why an undo failed when it is not that nothing is left', async () => {
      await openBoard();
      socket.answer('board:undo', () => ({ ok: false, error: { code: 'rate_limited', message: 'Wait.' } }));
      await control.undoRedo(false);
      expect(control.alertText).toBe(errorText('rate_limited'));
    });

    it('withdraws a session and says so; resizes; saves text against its revision', async () => {
      await openBoard();
      const [a, b] = board().sessions;
      await control.moveTo(b!.id, firstDayCells()[0]![0]!);
      expect(await control.resize(b!.id, true)).toEqual({ ok: true });
      expect(commandsSent().at(-1)!.name).toBe('session:extend');
      expect(await control.resize(b!.id, false)).toEqual({ ok: true });
      expect(commandsSent().at(-1)!.name).toBe('session:shrink');
      expect(await control.saveSession(a!.id, { title: 'Neuer Titel' }, a!.revision)).toEqual({ ok: true });
      expect(await control.saveSession(a!.id, { title: 'Alt' }, a!.revision)).toMatchObject({ ok: false, code: 'conflict' });
      expect(findSession(await serverBoard(), a!.id)!.title).toBe('Neuer Titel');
      expect(await control.withdraw(a!.id)).toEqual({ ok: true });
      expect(findSession(await serverBoard(), a!.id)!.status).toBe('withdrawn');
      await vi.waitFor(() => expect(control.announcement).toBe(t('board.withdrawn', { title: 'Neuer Titel' })));
      expect(await control.withdraw('nope')).toMatchObject({ ok: false, code: 'not_found' });
    });

    it('hands out a new giver link, and says when the ack brings none', async () => {
      await openBoard();
      const [a] = board().sessions;
      const result = await control.reissue(a!.id);
      expect(result).toMatchObject({ ok: true, token: expect.stringMatching(/.{16,}/) });
      expect(await control.reissue('nope')).toMatchObject({ ok: false, code: 'not_found' });
      socket.answer('session:reissue', () => ({ ok: true, version: store.version }));
      expect(await control.reissue(a!.id)).toEqual({ ok: false, code: 'internal' });
    });

    it('moves a room, and says when it cannot', async () => {
      await openBoard();
      const [first, second] = board().rooms;
      await control.moveRoom(first!.id, 1);
      await vi.waitFor(() =>
        expect(
          board()
            .rooms.map((r) => r.id)
            .slice(0, 2),
        ).toEqual([second!.id, first!.id]),
      );
      expect(control.alertText).toBe('');
      await control.moveRoom('nope', 0);
      expect(control.alertText).toBe('Diesen Raum gibt es nicht (mehr). Die Tafel ist wieder aktuell.');
    });

    it('says when a held-back network could not be let through', async () => {
      await openBoard();
      socket.answer('limits:lift', () => ({ ok: true, version: store.version, data: { networks: [] } }));
      await control.letThrough('n1');
      expect(control.alertText).toBe('');
      socket.answer('limits:lift', () => ({ ok: false, error: { code: 'invalid', message: 'No.' } }));
      await control.letThrough('n1');
      expect(control.alertText).toBe(t('limits.letThroughFailed'));
    });

    it('closing the session dialog gives focus back to its card', async () => {
      await openBoard();
      const [a] = board().sessions;
      control.closeDialog();
      control.dialogSessionId = a!.id;
      control.closeDialog();
      expect(control.dialogSessionId).toBeNull();
      await vi.waitFor(() => expect(focused).toEqual([`card ${a!.id}`]));
    });

    it('is read-only once its key is replaced elsewhere', async () => {
      await openBoard();
      expect(control.editable).toBe(true);
      socket.push('facilitator:revoked');
      expect(control.editable).toBe(false);
    });

    it('starts a camp of more than six rooms with the whole day, and a stored "no" wins over it', async () => {
      for (let n = 4; n <= 7; n++) await writer.execute(facilitator, 'room:add', { name: `Raum ${n}` });
      await openBoard();
      expect(board().rooms).toHaveLength(7);
      expect(control.wholeDay).toBe(true);
      control.dispose();
      store.disconnect();
      await openBoard({ storage: new Map([['pitchboard:whole-day', '0']]) });
      expect(control.wholeDay).toBe(false);
    });

    it('a quick entry refused says why; one without a host sends none; its highlight goes after 4 s', async () => {
      await openBoard();
      expect(await control.quickAdd('', 'Dana')).toBe(false);
      expect(control.alertText).toBe('Titel: Bitte ausfüllen.');
      const revealed: string[] = [];
      control = new BoardController(store, { facilitatorKey: 'key', revealCard: (id) => revealed.push(id) });
      vi.useFakeTimers();
      expect(await control.quickAdd('Ohne Host', '  ')).toBe(true);
      expect(commandsSent().at(-1)!.payload).not.toHaveProperty('host');
      const added = board().sessions.at(-1)!;
      expect(added.title).toBe('Ohne Host');
      expect(control.justAdded).toBe(added.id);
      expect(control.similar).toBeNull();
      expect(revealed).toEqual([added.id]);
      await vi.advanceTimersByTimeAsync(3999);
      expect(control.justAdded).toBe(added.id);
      await vi.advanceTimersByTimeAsync(1);
      expect(control.justAdded).toBeNull();
    });
  });

  describe('the pitch loop, further', () => {
    it('takes at most as many digits as the largest count has, and no hands without a session in the loop', async () => {
      await openBoard();
      control.typeHands('12');
      expect(control.hands).toBe('');
      await control.quickAdd('Viele', '');
      control.typeHands('1234567890123');
      expect(control.hands).toBe('1234567890123'.slice(0, String(LIMITS.interest).length));
      control.typeHands('99999999999999');
      await control.leaveInTray();
      expect(findSession(await serverBoard(), board().sessions.at(-1)!.id)!.interest).toBe(LIMITS.interest);
    });

    it('offers a place on another day with the day’s name, and goes to that day on accepting', async () => {
      await writer.execute(facilitator, 'day:add', { date: '2026-05-10', label: 'Sonntag' });
      await openBoard();
      const [saturday, sunday] = board().days;
      // Saturday full.
      for (const [index, cell] of firstDayCells().flat().entries()) {
        const sent = await store.send('session:submit', { title: `Voll ${index}`, host: `H${index}` });
        if (!sent.ok) throw new Error('refused');
        await store.send('session:place', { sessionId: sent.data!.sessionId, ...cell });
      }
      await control.quickAdd('Am Sonntag', '');
      await vi.waitFor(() => expect(control.offered).not.toBeNull());
      const offer = control.offered!;
      expect(board().slots.find((s) => s.id === offer.slotId)!.dayId).toBe(sunday!.id);
      expect(control.offerText!.place).toContain('Sonntag');
      expect(control.dayId).toBe(saturday!.id);
      expect(await control.acceptOffer()).toBe(true);
      expect(control.dayId).toBe(sunday!.id);
    });

    it('says nothing of seats for a room of unknown size', async () => {
      await openBoard();
      await control.quickAdd('Groß', '');
      control.typeHands('45');
      expect(board().rooms.find((r) => r.id === control.offered!.roomId)!.capacity).toBeNull();
      expect(control.offerText!.place).toBe(t('board.offer', cellText(board(), control.offered!)));
      expect(control.noOfferText).toBeNull();
    });

    it('a refused place in the loop says why and keeps the session in the loop', async () => {
      await openBoard();
      await control.quickAdd('Abgelehnt', '');
      const added = board().sessions.at(-1)!;
      socket.answer('session:place', () => ({ ok: false, error: { code: 'cell_taken', message: 'Taken.' } }));
      expect(await control.acceptOffer()).toBe(false);
      expect(control.alertText).toBe(errorText('cell_taken'));
      expect(control.loopSession?.id).toBe(added.id);
    });

    it('a refused count of hands stops Enter and Esc, and says why', async () => {
      await openBoard();
      await control.quickAdd('Hände', '');
      const added = board().sessions.at(-1)!;
      control.typeHands('7');
      socket.answer('session:interest', () => ({ ok: false, error: { code: 'rate_limited', message: 'Wait.' } }));
      expect(await control.acceptOffer()).toBe(false);
      expect(control.alertText).toBe(errorText('rate_limited'));
      await control.leaveInTray();
      expect(control.loopSession?.id).toBe(added.id);
      expect(placementOf(await serverBoard(), added.id)).toBeUndefined();
      expect(commandsSent().filter((m) => m.name === 'session:place')).toEqual([]);
    });

    it('Esc on a session just entered forgets the similar ones named for it', async () => {
      await openBoard();
      const [a] = board().sessions;
      await control.quickAdd(`${a!.title}?`, '');
      expect(control.similar).not.toBeNull();
      await control.leaveInTray();
      expect(control.similar).toBeNull();
      await vi.waitFor(() => expect(control.announcement).toBe(t('board.leftInTray', { title: `${a!.title}?` })));
    });

    it('a merge without a similar session does nothing, and a refused one says why', async () => {
      await openBoard();
      expect(await control.mergeInto('nope')).toBe(false);
      const [a] = board().sessions;
      await control.quickAdd(`${a!.title}!`, '');
      socket.answer('session:merge', () => ({ ok: false, error: { code: 'conflict', message: 'No.' } }));
      expect(await control.mergeInto(a!.id)).toBe(false);
      expect(control.alertText).toBe(errorText('conflict'));
      expect(control.similar).not.toBeNull();
    });

    it('the next pitch refused says why', async () => {
      await openBoard();
      await store.send('pitch:start', {});
      await vi.waitFor(() => expect(control.loopAtMicrophone).toBe(true));
      socket.answer('pitch:next', () => ({ ok: false, error: { code: 'rate_limited', message: 'Wait.' } }));
      expect(await control.acceptOffer()).toBe(true);
      expect(control.alertText).toBe(errorText('rate_limited'));
    });

    it('auto-fill refused says why, and a preview or fill of it changes nothing shown', async () => {
      await openBoard();
      socket.answer('board:autofill', () => ({ ok: false, error: { code: 'rate_limited', message: 'Wait.' } }));
      await control.previewAutofill();
      expect(control.autofillPreview).toBeNull();
      expect(control.alertText).toBe(errorText('rate_limited'));
      control.alertText = '';
      await control.acceptAutofill();
      expect(control.alertText).toBe(errorText('rate_limited'));
    });
  });

  describe('a full day, redo, hands and what is said', () => {
    /** Fills every cell of the first day with sessions typed in for it. */
    const fillTheDay = async () => {
      const cells = firstDayCells().flat();
      for (const [index, cell] of cells.entries()) {
        const sent = await store.send('session:submit', { title: `Voll ${index}`, host: `H${index}` });
        if (!sent.ok) throw new Error('refused');
        await store.send('session:place', { sessionId: sent.data!.sessionId, ...cell });
      }
      await vi.waitFor(() => expect(board().placements).toHaveLength(cells.length));
    };

    it('with no place left, a quick entry says it is in the tray and why nothing is offered', async () => {
      await openBoard();
      await fillTheDay();
      expect(await control.quickAdd('  Zu spät  ', '')).toBe(true);
      await vi.waitFor(() => expect(control.announcement).toBe(t('board.quickAdded', { title: 'Zu spät' })));
      expect(control.offered).toBeNull();
      expect(control.noOfferText).toBe(`${t('board.offerNone.no_free_cell')} ${t('board.offerNoneNext')}`);
    });

    it('with no place left, Enter at the microphone keeps the session in the tray and still calls the next pitch', async () => {
      await openBoard();
      await fillTheDay();
      await store.send('pitch:start', {});
      const [first, second] = [(await serverBoard()).pitch.current, (await serverBoard()).pitch.queue[0]];
      await vi.waitFor(() => expect(control.loopSession?.id).toBe(first));
      expect(control.loopAtMicrophone).toBe(true);
      expect(await control.acceptOffer()).toBe(false);
      expect((await serverBoard()).pitch.current).toBe(second);
      expect(placementOf(await serverBoard(), first!)).toBeUndefined();
    });

    it('tells a redo that cannot be done, and a redo done', async () => {
      await openBoard();
      const [a] = board().sessions;
      const [roomA] = board().rooms;
      const [slot10] = board().slots;
      await store.send('event:update', { claiming: 'open' });
      await control.moveTo(a!.id, { roomId: roomA!.id, slotId: slot10!.id });
      await control.undoRedo(false);
      await control.undoRedo(true);
      await vi.waitFor(() => expect(control.announcement).toBe(t('undo.redone')));
      await control.undoRedo(false);
      await vi.waitFor(() => expect(control.announcement).toBe(t('undo.undone')));
      const giver = { eventId: facilitator.eventId, isFacilitator: false };
      const submitted = (await writer.execute(giver, 'session:submit', { title: 'Schneller', host: 'G' })).ack;
      if (!submitted.ok) throw new Error('submit refused');
      const { sessionId, token } = submitted.data as { sessionId: string; token: string };
      expect((await writer.execute(giver, 'session:claim', { sessionId, token, roomId: roomA!.id, slotId: slot10!.id })).ack.ok).toBe(true);
      await control.undoRedo(true);
      expect(control.alertText).toBe('Das lässt sich nicht wiederholen: In Raum A um 10:00 ist jetzt „Schneller“.');
    });

    it('a count of hands taken shows no alert and leaves the field as typed', async () => {
      await openBoard();
      const [a] = board().sessions;
      const field = { value: '7' };
      await control.setInterest(a!.id, 7, field);
      expect(field.value).toBe('7');
      expect(control.alertText).toBe('');
      expect(findSession(await serverBoard(), a!.id)!.interest).toBe(7);
    });

    it('the same count of hands as the session has is not sent again', async () => {
      await openBoard();
      await control.quickAdd('Schon gezählt', '');
      const added = board().sessions.at(-1)!;
      await store.setInterest(added.id, 12);
      const sent = commandsSent().length;
      control.typeHands('12');
      await control.leaveInTray();
      expect(commandsSent()).toHaveLength(sent);
      expect(control.loopSession).toBeNull();
    });

    it('says what a session was merged into', async () => {
      await openBoard();
      const [a] = board().sessions;
      await control.quickAdd(`${a!.title}!`, '');
      await control.mergeInto(a!.id);
      await vi.waitFor(() => expect(control.announcement).toBe(t('board.merged', { title: a!.title })));
    });

    it('clears what it says before saying it, so that the same sentence is read again', async () => {
      await openBoard();
      control.announce('Eins');
      await vi.waitFor(() => expect(control.announcement).toBe('Eins'));
      control.announce('Eins');
      expect(control.announcement).toBe('');
      await vi.waitFor(() => expect(control.announcement).toBe('Eins'));
    });

    it('a tap on a session it does not know, or a drop with nothing carried, does nothing', async () => {
      await openBoard();
      control.pick('nope');
      expect(control.picked).toBeNull();
      await control.dropPicked(firstDayCells()[0]![0]!);
      control.cancelPick();
      expect(commandsSent()).toEqual([]);
      await vi.waitFor(() => expect(control.announcement).toBe(t('board.cancelled')));
      expect(focused).toEqual([]);
    });

    it('starts a camp of exactly six rooms with full cards, and without a stored choice a big one with the whole day', async () => {
      for (let n = 4; n <= 6; n++) await writer.execute(facilitator, 'room:add', { name: `Raum ${n}` });
      await openBoard();
      expect(control.wholeDay).toBe(false);
      await writer.execute(facilitator, 'room:add', { name: 'Raum 7' });
      await store.resync();
      expect(control.wholeDay).toBe(true);
      expect(new BoardController(store, { facilitatorKey: 'key' }).wholeDay).toBe(true);
    });

    it('a board that is closed sends no count of hands typed at the microphone', async () => {
      await openBoard();
      await store.send('pitch:start', {});
      await vi.waitFor(() => expect(control.loopAtMicrophone).toBe(true));
      vi.useFakeTimers();
      control.typeHands('3');
      control.dispose();
      await vi.advanceTimersByTimeAsync(1000);
      expect(commandsSent().filter((m) => m.name === 'session:interest')).toEqual([]);
      // Deleting the digits at the microphone sends nothing either.
      await openBoard();
      await vi.advanceTimersByTimeAsync(0);
      control.typeHands('');
      await vi.advanceTimersByTimeAsync(1000);
      expect(commandsSent().filter((m) => m.name === 'session:interest')).toEqual([]);
    });
  });

  describe('edges the mutation run found', () => {
    it('before the board is there: no warnings, an empty tray, full cards, and nothing said', async () => {
      await openBoard();
      const empty = new BoardController(new BoardStore('none', { openSocket: () => socket as never }), { facilitatorKey: 'key' });
      expect(empty.warnings).toEqual([]);
      expect(empty.tray).toEqual([]);
      expect(empty.wholeDay).toBe(false);
      expect(empty.announcement).toBe('');
      expect(empty.alertText).toBe('');
      // Without a place to keep it, the choice still holds for the page.
      empty.toggleWholeDay();
      expect(empty.wholeDay).toBe(true);
    });

    it('a card says only a clash of its host, not other warnings about it', async () => {
      await openBoard();
      const [a] = board().sessions;
      const small = board().rooms.find((r) => r.name === 'Raum B')!;
      await store.setInterest(a!.id, 30);
      await control.moveTo(a!.id, { roomId: small.id, slotId: firstDayCells()[0]![0]!.slotId });
      await vi.waitFor(() => expect(control.warnings.map((w) => w.kind)).toEqual(['over_capacity']));
      expect(control.clashOf(a!.id)).toBeUndefined();
    });

    it('marks a card sent back to the tray as on its way there while the line is down', async () => {
      await openBoard();
      const [a] = board().sessions;
      await control.moveTo(a!.id, firstDayCells()[0]![0]!);
      socket.drop();
      const back = control.moveTo(a!.id, 'tray');
      expect(store.pendingMoves.get(a!.id)).toBe('tray');
      expect(control.isPending(a!.id)).toBe(true);
      socket.open();
      await back;
      expect(placementOf(await serverBoard(), a!.id)).toBeUndefined();
    });

    it('picks a tray card up onto the first free cell even when the first cell is taken, and a drop that works shows no alert', async () => {
      await openBoard();
      const [a, b] = board().sessions;
      const [[x, y]] = firstDayCells() as [[Cell, Cell]];
      await control.moveTo(b!.id, x);
      control.pick(a!.id);
      expect(control.keyboardTarget).toBe(cellKey(y));
      await control.dropPicked(y);
      expect(placementOf(await serverBoard(), a!.id)).toMatchObject(y);
      expect(control.alertText).toBe('');
    });

    it('Ctrl+Z while carrying a card undoes and keeps the card carried; Escape with nothing carried says nothing', async () => {
      await openBoard();
      const [a, b] = board().sessions;
      await control.moveTo(a!.id, firstDayCells()[0]![0]!);
      await vi.waitFor(() => expect(control.announcement).not.toBe(''));
      const said = control.announcement;
      expect(control.keyOnPage({ key: 'Escape' })).toBe(false);
      expect(control.announcement).toBe(said);
      control.pick(b!.id);
      expect(control.keyOnPage({ key: 'z', ctrlKey: true })).toBe(true);
      expect(control.picked).toBe(b!.id);
      await vi.waitFor(async () => expect(placementOf(await serverBoard(), a!.id)).toBeUndefined());
    });

    it('a count refused without a field, or for a session it does not know, says why and leaves the field', async () => {
      await openBoard();
      const [a] = board().sessions;
      await control.setInterest(a!.id, 999_999);
      expect(control.alertText).toBe('Interesse: höchstens 9.999.');
      const field = { value: '5' };
      await control.setInterest('nope', 5, field);
      expect(field.value).toBe('5');
      expect(control.alertText).toBe('Diese Session gibt es nicht (mehr). Die Tafel ist wieder aktuell.');
    });

    it('a quick entry with a host sends the host', async () => {
      await openBoard();
      await control.quickAdd('Mit Host', 'Dana');
      expect(board().sessions.at(-1)).toMatchObject({ title: 'Mit Host', host: 'Dana' });
    });

    it('the loop lets go of a session just entered once it is withdrawn or placed by hand', async () => {
      await openBoard();
      await control.quickAdd('Zurückgezogen', '');
      const withdrawn = board().sessions.at(-1)!;
      expect(control.loopSession?.id).toBe(withdrawn.id);
      await control.withdraw(withdrawn.id);
      await vi.waitFor(() => expect(control.loopSession).toBeNull());
      await control.quickAdd('Von Hand gesetzt', '');
      const placedByHand = board().sessions.at(-1)!;
      expect(control.loopSession?.id).toBe(placedByHand.id);
      await control.moveTo(placedByHand.id, firstDayCells()[1]![1]!);
      expect(control.loopSession).toBeNull();
      expect(control.offerText).toBeNull();
      expect(control.noOfferText).toBeNull();
    });

    it('hands typed for a session just entered (not at the microphone) wait for Enter or Esc', async () => {
      await openBoard();
      await control.quickAdd('Abwarten', '');
      vi.useFakeTimers();
      control.typeHands('25');
      await vi.advanceTimersByTimeAsync(2000);
      expect(commandsSent().filter((m) => m.name === 'session:interest')).toEqual([]);
    });

    it('the count a session has sizes its offer when no hands are typed, and Esc keeps that count', async () => {
      await openBoard();
      await control.quickAdd('Schon gezählt', '');
      const added = board().sessions.at(-1)!;
      const roomOf = () => board().rooms.find((r) => r.id === control.offered?.roomId)?.name;
      expect(roomOf()).toBe('Raum B');
      await store.setInterest(added.id, 30);
      expect(roomOf()).toBe('Raum A');
      const sent = commandsSent().length;
      await control.leaveInTray();
      expect(commandsSent()).toHaveLength(sent);
      expect(findSession(await serverBoard(), added.id)!.interest).toBe(30);
    });

    it('Enter in the loop that works shows no alert; Esc with nothing in the loop says nothing', async () => {
      await openBoard();
      await control.leaveInTray();
      expect(control.announcement).toBe('');
      await control.quickAdd('Passt', '');
      control.typeHands('5');
      expect(await control.acceptOffer()).toBe(true);
      expect(control.alertText).toBe('');
    });

    it('at the microphone, Enter shows the next pitch on this board before it returns', async () => {
      await openBoard();
      await store.send('pitch:start', {});
      await vi.waitFor(() => expect(control.loopAtMicrophone).toBe(true));
      const next = (await serverBoard()).pitch.queue[0];
      expect(await control.acceptOffer()).toBe(true);
      expect(board().pitch.current).toBe(next);
    });

    it('says how many sessions an auto-fill preview places', async () => {
      await openBoard();
      await control.previewAutofill();
      await vi.waitFor(() => expect(control.announcement).toBe(t('autofill.preview', { count: board().sessions.length })));
    });

    it('a refused withdrawal says nothing', async () => {
      await openBoard();
      control.announce('Vorher');
      await vi.waitFor(() => expect(control.announcement).toBe('Vorher'));
      expect(await control.withdraw('nope')).toMatchObject({ ok: false, code: 'not_found' });
      await tick();
      expect(control.announcement).toBe('Vorher');
    });

    it('a board without focus helpers picks and puts down all the same', async () => {
      await openBoard();
      const bare = new BoardController(store, { facilitatorKey: 'key' });
      const [a] = board().sessions;
      bare.pick(a!.id);
      bare.cancelPick();
      await tick();
      await vi.waitFor(() => expect(bare.announcement).toBe(t('board.cancelled')));
    });
  });
});
