// A big board is deflated once per version and the same bytes go to every WebSocket: phones of
// every kind still read exactly the board the server has.
import { createRequire } from 'node:module';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { bookableCells, type Board } from '../../shared/board.ts';
import type { Ack, Snapshot } from '../../shared/protocol.ts';
import { importEvent } from '../../server/create-event.ts';
import { SHARED_FROM_BYTES } from '../../server/shared-deflate.ts';
import { bigCamp } from '../fixtures/big-camp.ts';
import { connectClient, startTestServer, type TestClient, type TestServer } from '../helpers/server.ts';

// The module ws deflates every message with, on the server's side as on the clients' (a file
// ws does not export: required by its path, it is the same module ws itself uses).
const require = createRequire(import.meta.url);
const PerMessageDeflate = require(path.join(path.dirname(require.resolve('ws')), 'lib/permessage-deflate.js')) as {
  prototype: { compress(this: { _isServer: boolean }, data: Buffer | string, fin: boolean, callback: unknown): void };
};

let server: TestServer;
let boss: TestClient;
let slug: string;
let eventId: number;
const sockets: Socket[] = [];
/** Big messages the server deflated for one socket. */
let deflatedPerSocket: number;

beforeEach(async () => {
  server = await startTestServer();
  const imported = importEvent(server.store, bigCamp(), { slug: 'gross' });
  slug = imported.slug;
  eventId = server.store.findEvent(slug)!.id;
  boss = await connectClient(server.url, { event: slug, key: imported.key });
  deflatedPerSocket = 0;
  const compress = PerMessageDeflate.prototype.compress;
  vi.spyOn(PerMessageDeflate.prototype, 'compress').mockImplementation(function (this: { _isServer: boolean }, data, fin, callback) {
    const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    if (this._isServer && size >= SHARED_FROM_BYTES) deflatedPerSocket++;
    compress.call(this, data, fin, callback);
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  sockets.splice(0).forEach((socket) => socket.disconnect());
  boss.close();
  await server.close();
});

/** A phone with the given WebSocket deflate wishes; resolves with the snapshot it was sent. */
function phone(perMessageDeflate: false | { serverMaxWindowBits?: number } = {}): Promise<{ socket: Socket; snapshot: Snapshot }> {
  // Handed to ws as they are: false, or ws's own options (typed narrower by socket.io-client).
  const wishes = (perMessageDeflate && { threshold: 1024, ...perMessageDeflate }) as { threshold: number };
  const socket = connect(server.url, { auth: { event: slug }, transports: ['websocket'], reconnection: false, forceNew: true, perMessageDeflate: wishes });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('board:snapshot', (snapshot: Snapshot) => resolve({ socket, snapshot }));
    socket.once('connect_error', reject);
    // A frame the client cannot inflate ends its connection.
    socket.once('disconnect', (reason) => reject(new Error(`disconnected: ${reason}`)));
  });
}

const serverBoard = (): { version: number; board: Board } => server.store.loadBoard(eventId);

describe('a big board deflated once for every screen', () => {
  it('is the board the server has, for every phone connecting, and is not deflated once per phone', async () => {
    const expected = serverBoard();
    expect(JSON.stringify(expected.board).length).toBeGreaterThan(SHARED_FROM_BYTES);
    const phones = await Promise.all(Array.from({ length: 8 }, () => phone()));
    for (const { snapshot } of phones) {
      expect(snapshot.version).toBe(expected.version);
      expect(snapshot.board).toEqual(expected.board);
    }
    expect(deflatedPerSocket).toBe(0);
  });

  it('answers board:sync with the same board, and after a change sends the new one', async () => {
    const { socket } = await phone();
    const sync = async () => (await socket.timeout(5000).emitWithAck('board:sync', {})) as Ack<Snapshot>;
    const before = await sync();
    expect(before.ok && before.data!.board).toEqual(serverBoard().board);

    const { board } = serverBoard();
    const session = board.sessions.find((s) => s.status === 'pitched' && !board.placements.some((p) => p.sessionId === s.id))!;
    const cell = bookableCells(board).find((c) => !board.placements.some((p) => p.roomId === c.roomId && p.slotId === c.slotId))!;
    const placed = await boss.send('session:place', { sessionId: session.id, ...cell });
    expect(placed.ok).toBe(true);

    const after = await sync();
    expect(after.ok && after.version).toBe(serverBoard().version);
    expect(after.ok && after.data!.board).toEqual(serverBoard().board);
    expect(after.ok && after.data!.board.placements).toContainEqual(expect.objectContaining({ sessionId: session.id, ...cell }));
    const late = await phone();
    expect(late.snapshot.version).toBe(serverBoard().version);
    expect(late.snapshot.board).toEqual(serverBoard().board);
    expect(deflatedPerSocket).toBe(0);
  });

  it('sends the usual way to a phone that asks for a smaller window or no deflate at all', async () => {
    const small = await phone({ serverMaxWindowBits: 10 });
    const none = await phone(false);
    expect(small.snapshot.board).toEqual(serverBoard().board);
    expect(none.snapshot.board).toEqual(serverBoard().board);
    // Only the first was deflated for it alone: the other went without deflate.
    expect(deflatedPerSocket).toBe(1);
  });
});
