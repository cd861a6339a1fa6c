// What goes over the WebSocket itself: nothing compressed (ws would keep a zlib context of about
// 300 KB per phone), so nothing big: a big camp's board goes over HTTP, the socket names its version.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { seedBigCamp } from '../fixtures/big-camp.ts';
import { connectClient, startTestServer, type TestServer } from '../helpers/server.ts';

// Built for the test, not the file: the mutation run credits a test only with the code that runs while it runs.
let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(() => server.close());

/** A raw Engine.IO WebSocket that offers permessage-deflate, as browsers do. */
async function rawSocket(): Promise<{ next(prefix: string): Promise<string>; send(text: string): void; close(): void; extensions: string }> {
  const url = server.url.replace('http', 'ws') + '/socket.io/?EIO=4&transport=websocket';
  const ws = new WebSocket(url, { perMessageDeflate: true });
  const received: string[] = [];
  ws.on('message', (data) => received.push(String(data)));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return {
    async next(prefix) {
      await expect.poll(() => received.some((text) => text.startsWith(prefix))).toBe(true);
      const index = received.findIndex((text) => text.startsWith(prefix));
      return received.splice(0, index + 1).at(-1)!;
    },
    send: (text) => ws.send(text),
    extensions: ws.extensions,
    close: () => ws.close(),
  };
}

describe('the WebSocket on the wire', () => {
  it('declines compression a browser offers, names a big camp’s version instead of sending its board, and sends broadcasts as they are', async () => {
    const camp = await seedBigCamp(server.store);
    const phone = await rawSocket();
    expect(phone.extensions).toBe('');
    await phone.next('0{');
    phone.send(`40${JSON.stringify({ event: camp.slug })}`);
    const told = await phone.next('42["board:version"');
    expect(told.length).toBeLessThan(100);

    const boss = await connectClient(server.url, { event: camp.slug, key: camp.key });
    const sessionId = boss.snapshot.board.sessions[0]!.id;
    expect(await boss.send('session:interest', { sessionId, interest: 7 })).toMatchObject({ ok: true });
    // As it is: no compression was agreed (above), so the frame is the text.
    const broadcast = await phone.next('42["board:events"');
    expect(broadcast).toContain('"interest":7');
    boss.close();
    phone.close();
  });
});
