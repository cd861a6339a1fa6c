// A screen's store without a browser (the facilitator's, or a phone's): its fake socket leads to
// the real writer, which decides on a database in memory; what the writer broadcasts comes back as
// the server sends it. The writer and its event: eventInMemory (in-memory.ts).
import { BoardStore } from '../../client/lib/board.svelte.ts';
import { COMMAND_NAMES } from '../../shared/commands.ts';
import { checkQuery, type CommandWriter, type Principal } from '../../server/writer.ts';
import { notYoursToAsk } from '../../server/queries.ts';
import { fakeConnect, type FakeSocket } from './fake-socket.ts';

export async function liveStore(writer: CommandWriter, principal: Principal): Promise<{ store: BoardStore; socket: FakeSocket }> {
  const fake = fakeConnect();
  const key = principal.isFacilitator ? { key: 'key' } : {};
  const store = new BoardStore('testcamp', { ...key, initial: await writer.snapshot(principal.eventId), openSocket: fake.connect });
  store.connect();
  const socket = fake.socket();
  for (const name of COMMAND_NAMES) {
    socket.answer(name, async (payload) => {
      const { ack, broadcast } = await writer.execute(principal, name, payload);
      if (broadcast) queueMicrotask(() => socket.push('board:events', broadcast));
      return ack;
    });
  }
  // A phone's tap, recorded at once (no batch) and told back to this screen as the server tells every screen.
  socket.answer('session:interested', async (sent) => {
    if (principal.isFacilitator) return notYoursToAsk('phone');
    const checked = checkQuery('session:interested', sent);
    if (!('payload' in checked)) return checked;
    const tap = await writer.checkTap(principal, 'a-phone-of-the-test', checked.payload);
    if ('ok' in tap) return tap;
    const counts = (await writer.recordTaps([tap])).get(tap.eventId)!;
    queueMicrotask(() => socket.push('session:taps', { taps: Object.fromEntries(counts) }));
    return { ok: true, version: await writer.version(tap.eventId), data: { taps: { [tap.sessionId]: counts.get(tap.sessionId) } } };
  });
  socket.answer('board:sync', async () => {
    const snapshot = await writer.snapshot(principal.eventId);
    return { ok: true, version: snapshot.version, data: snapshot };
  });
  socket.open();
  return { store, socket };
}
