// The client's socket (client/lib/socket.ts): command ids, and a command's retries. A command that
// hands out a secret (a giver's token, a new facilitator key) takes only an id no one else would
// send, and the server answers a shorter one `invalid`. A command left unanswered is sent again
// with the same id (the server applies it at most once), and waits while the line is down.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectToEvent, newCommandId, sendCommand, type BoardSocket } from '../../client/lib/socket.ts';
import { SECRET_COMMAND_ID } from '../../shared/commands.ts';
import type { Ack } from '../../shared/protocol.ts';
import { FakeSocket, NO_ANSWER } from '../helpers/fake-socket.ts';

describe('newCommandId', () => {
  it('makes ids that a command handing out a secret takes, a new one each time', () => {
    const ids = Array.from({ length: 200 }, () => newCommandId());
    for (const id of ids) expect(id).toMatch(SECRET_COMMAND_ID);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('sendCommand', () => {
  const ACK: Ack = { ok: true, version: 7 };

  /** A socket that is up, whose server leaves the first `silent` asks unanswered and acks the rest. */
  function answeringAfter(silent: number): { socket: FakeSocket; send: BoardSocket } {
    const socket = new FakeSocket({ event: 'test' });
    let asked = 0;
    socket.answer('session:unplace', () => (++asked > silent ? ACK : NO_ANSWER));
    socket.open();
    return { socket, send: socket as unknown as BoardSocket };
  }

  const idsSent = (socket: FakeSocket) => socket.sent.map((message) => (message.payload as { commandId: string }).commandId);

  it('sends the payload with a new command id and hands back the ack, once, to onAck as well', async () => {
    const { socket, send } = answeringAfter(0);
    const onAck = vi.fn();
    expect(await sendCommand(send, 'session:unplace', { sessionId: 's1' }, onAck)).toEqual(ACK);
    expect(socket.sent).toEqual([{ name: 'session:unplace', payload: { sessionId: 's1', commandId: expect.stringMatching(SECRET_COMMAND_ID) } }]);
    expect(onAck.mock.calls).toEqual([[ACK]]);
  });

  it('hands back a refusal as the server said it, without retrying', async () => {
    const socket = new FakeSocket({ event: 'test' });
    const refused: Ack = { ok: false, error: { code: 'not_found', reason: 'no_such', message: 'There is no such session.', field: 'sessionId' } };
    socket.answer('session:unplace', () => refused);
    socket.open();
    expect(await sendCommand(socket as unknown as BoardSocket, 'session:unplace', { sessionId: 's1' })).toEqual(refused);
    expect(socket.sent).toHaveLength(1);
  });

  it('sends a command left unanswered again with the same id, until an answer comes', async () => {
    const { socket, send } = answeringAfter(3);
    const onAck = vi.fn();
    expect(await sendCommand(send, 'session:unplace', { sessionId: 's1' }, onAck)).toEqual(ACK);
    const ids = idsSent(socket);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(1);
    // Only the answer is handed on: the timeouts before it are not acks.
    expect(onAck.mock.calls).toEqual([[ACK]]);
  });

  it('gives up after four attempts and says the server did not answer', async () => {
    const { socket, send } = answeringAfter(4);
    const onAck = vi.fn();
    expect(await sendCommand(send, 'session:unplace', { sessionId: 's1' }, onAck)).toEqual({
      ok: false,
      error: { code: 'no_answer', message: 'The server did not answer.' },
    });
    expect(socket.sent).toHaveLength(4);
    expect(onAck).not.toHaveBeenCalled();
  });

  it('waits while the line is down instead of spending its attempts, and sends once it is back', async () => {
    const socket = new FakeSocket({ event: 'test' });
    socket.answer('session:unplace', () => ACK);
    const sent = sendCommand(socket as unknown as BoardSocket, 'session:unplace', { sessionId: 's1' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(socket.sent).toEqual([]);
    socket.open();
    expect(await sent).toEqual(ACK);
    expect(socket.sent).toHaveLength(1);
  });

  it('waits for the line again when it dropped after an attempt, keeping the attempts left', async () => {
    const socket = new FakeSocket({ event: 'test' });
    let asked = 0;
    // Each of the first three asks times out as the line drops; the fourth is answered.
    socket.answer('session:unplace', () => {
      if (++asked > 3) return ACK;
      queueMicrotask(() => socket.drop());
      return NO_ANSWER;
    });
    socket.open();
    const sent = sendCommand(socket as unknown as BoardSocket, 'session:unplace', { sessionId: 's1' });
    for (let drops = 1; drops <= 3; drops++) {
      await vi.waitFor(() => expect(socket.connected).toBe(false));
      expect(socket.sent).toHaveLength(drops);
      socket.open();
    }
    expect(await sent).toEqual(ACK);
    expect(new Set(idsSent(socket)).size).toBe(1);
  });
});

describe('connectToEvent', () => {
  const opened: BoardSocket[] = [];
  afterEach(() => {
    opened.splice(0).forEach((socket) => socket.disconnect());
    vi.unstubAllGlobals();
  });

  /** A socket to a server that is not there (nothing is connected: the options are read back). */
  function open(options?: { eager?: boolean }) {
    vi.stubGlobal('location', new URL('http://127.0.0.1:9/e/test'));
    const socket = connectToEvent(() => ({ event: 'test' }), options);
    socket.disconnect();
    opened.push(socket);
    return socket;
  }

  it('retries every few seconds on the eager screen, and gives a hanging attempt up sooner', () => {
    const manager = open({ eager: true }).io;
    expect([manager.reconnectionDelay(), manager.reconnectionDelayMax(), manager.timeout()]).toEqual([1000, 3000, 5000]);
  });

  it('lets the phones back off further, so that they do not all come back at once', () => {
    for (const manager of [open().io, open({ eager: false }).io]) {
      expect([manager.reconnectionDelayMax(), manager.timeout(), manager.randomizationFactor()]).toEqual([10_000, 20_000, 0.5]);
    }
  });

  it('names the event in the address too, so that a proxy can keep its screens on one process', () => {
    const socket = open();
    expect(socket.io.opts.query).toEqual({ event: 'test' });
  });

  it('asks for the handshake anew at every connection: a reconnect says the version it has then', async () => {
    let version = 3;
    vi.stubGlobal('location', new URL('http://127.0.0.1:9/e/test'));
    const socket = connectToEvent(() => ({ event: 'test', version }));
    opened.push(socket);
    socket.disconnect();
    const auth = socket.auth as unknown as (callback: (data: object) => void) => void;
    const asked = () => new Promise<object>((resolve) => auth(resolve));
    expect(await asked()).toEqual({ event: 'test', version: 3 });
    version = 9;
    expect(await asked()).toEqual({ event: 'test', version: 9 });
  });
});
