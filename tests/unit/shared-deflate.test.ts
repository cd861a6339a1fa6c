import { randomBytes } from 'node:crypto';
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptSharedFrames, SharedDeflates, sharedFrame, takesSharedFrame } from '../../server/shared-deflate.ts';

/** Reads a frame as a WebSocket client does (RFC 6455 5.2, RFC 7692 7.2.2): its bits and the text it inflates to. */
function readFrame([first, second]: [Buffer, Buffer]) {
  const frame = Buffer.concat([first, second]);
  const short = frame[1]! & 0x7f;
  const [length, start] = short === 127 ? [Number(frame.readBigUInt64BE(2)), 10] : short === 126 ? [frame.readUInt16BE(2), 4] : [short, 2];
  const payload = frame.subarray(start);
  return {
    fin: (frame[0]! & 0x80) !== 0,
    deflated: (frame[0]! & 0x40) !== 0,
    opcode: frame[0]! & 0x0f,
    masked: (frame[1]! & 0x80) !== 0,
    lengthSaid: length,
    lengthSent: payload.length,
    text: inflateRawSync(Buffer.concat([payload, Buffer.from([0, 0, 0xff, 0xff])]), { finishFlush: constants.Z_SYNC_FLUSH }).toString(),
  };
}

describe('a frame of a per-screen head and a board deflated once', () => {
  // Random text hardly deflates: the three ways a frame says its length are all taken.
  for (const [label, boardBytes] of [
    ['tiny', 20],
    ['16-bit length', 3_000],
    ['64-bit length', 120_000],
  ] as const) {
    it(`inflates to head + board + tail (${label})`, () => {
      const board = randomBytes(boardBytes).toString('base64').slice(0, boardBytes);
      const deflates = new SharedDeflates();
      const head = '43["ok",{"version":7,"board":';
      const read = readFrame(sharedFrame(head, deflates.deflated('1', board, '}]'))!);
      expect(read).toMatchObject({ fin: true, deflated: true, opcode: 1, masked: false, text: `${head}${board}}]` });
      expect(read.lengthSaid).toBe(read.lengthSent);
    });
  }

  it('carries heads with every kind of character, and refuses one longer than a stored block holds', () => {
    const deflates = new SharedDeflates();
    const head = '42["board:snapshot",{"t":"Größe – 🎪 \\u0000"},';
    expect(readFrame(sharedFrame(head, deflates.deflated('1', '"x"', ']'))!).text).toBe(`${head}"x"]`);
    expect(sharedFrame('x'.repeat(0x10000), deflates.deflated('1', '"x"', ']'))).toBeUndefined();
    expect(sharedFrame('x'.repeat(0xffff), deflates.deflated('1', '"x"', ']'))).toBeDefined();
  });

  it('says its length in 7 bits up to 125 bytes, in 16 bits up to 65,535, in 64 bits beyond', () => {
    // An empty head is a 5-byte stored block: the shared part makes up the rest.
    const lengthBytes = (payload: number) => {
      const [header] = sharedFrame('', Buffer.alloc(payload - 5))!;
      return { said: header[1], headerBytes: header.length - 5 };
    };
    expect(lengthBytes(125)).toEqual({ said: 125, headerBytes: 2 });
    expect(lengthBytes(126)).toEqual({ said: 126, headerBytes: 4 });
    expect(lengthBytes(0xffff)).toEqual({ said: 126, headerBytes: 4 });
    expect(lengthBytes(0x10000)).toEqual({ said: 127, headerBytes: 10 });
  });
});

describe('SharedDeflates', () => {
  it('deflates a board once per board text and packet ending, and again for a new board', () => {
    const deflates = new SharedDeflates();
    const board = JSON.stringify({ sessions: Array.from({ length: 50 }, (_, i) => ({ id: `s${i}` })) });
    const first = deflates.deflated('1', board, '}]');
    expect(deflates.deflated('1', board, '}]')).toBe(first);
    const otherEnding = deflates.deflated('1', board, '}}]');
    expect(otherEnding).not.toBe(first);
    expect(deflates.deflated('1', board, '}]')).toBe(first);
    // Another event with the same text is kept apart; a new version's text is deflated again.
    expect(deflates.deflated('2', board, '}]')).not.toBe(first);
    const changed = board.replace('s1"', 's1x"');
    expect(readFrame(sharedFrame('', deflates.deflated('1', changed, '}]'))!).text).toBe(`${changed}}]`);
  });

  it('leaves off the 4 bytes that end each deflated message, as the client adds them back (RFC 7692)', () => {
    const deflated = new SharedDeflates().deflated('1', '"board"', ']');
    const whole = deflateRawSync('"board"]', { finishFlush: constants.Z_SYNC_FLUSH });
    expect(whole.subarray(-4)).toEqual(Buffer.from([0, 0, 0xff, 0xff]));
    expect(deflated).toEqual(whole.subarray(0, -4));
  });

  it('keeps the 32 boards deflated last, and deflates the oldest again once a 33rd came', () => {
    const deflates = new SharedDeflates();
    const first = deflates.deflated('0', '"board"', ']');
    for (let event = 1; event < 32; event++) deflates.deflated(String(event), '"board"', ']');
    expect(deflates.deflated('0', '"board"', ']')).toBe(first);
    deflates.deflated('32', '"board"', ']');
    expect(deflates.deflated('0', '"board"', ']')).not.toBe(first);
  });
});

describe('which WebSockets take a shared frame', () => {
  const webSocket = (params: object | undefined, state = 0, queue: unknown[] = []) => ({
    _extensions: params ? { 'permessage-deflate': { params } } : {},
    _sender: { _state: state, _queue: queue, sendFrame: () => {} },
  });
  it('one that agreed to deflate with the full window and has nothing of its own waiting', () => {
    expect(takesSharedFrame(webSocket({ server_no_context_takeover: true }))).toBe(true);
    expect(takesSharedFrame(webSocket({ server_max_window_bits: 15 }))).toBe(true);
  });
  it('not one without deflate, with a smaller window, deflating a message or with messages queued', () => {
    expect(takesSharedFrame(undefined)).toBe(false);
    expect(takesSharedFrame(webSocket(undefined))).toBe(false);
    expect(takesSharedFrame(webSocket({ server_max_window_bits: 10 }))).toBe(false);
    expect(takesSharedFrame(webSocket({}, 1))).toBe(false);
    expect(takesSharedFrame(webSocket({}, 0, [[]]))).toBe(false);
    expect(takesSharedFrame({ _extensions: { 'permessage-deflate': { params: {} } }, _sender: { _state: 0, _queue: [] } })).toBe(false);
    // Parts a WebSocket of another make may not have.
    expect(takesSharedFrame({ _sender: { _state: 0, _queue: [], sendFrame: () => {} } })).toBe(false);
    expect(takesSharedFrame({ _extensions: { 'permessage-deflate': { params: {} } }, _sender: { _state: 0, sendFrame: () => {} } })).toBe(false);
  });
});

describe('acceptSharedFrames', () => {
  const shared = { options: { sharedFrame: true } };
  const other = { options: {} };
  const takingSocket = { _extensions: { 'permessage-deflate': { params: {} } }, _sender: { _state: 0, _queue: [], sendFrame: () => {} } };
  /** A connection as Engine.IO has it; `usual` is the transport's own answer. */
  const connection = (name: string, usual: boolean | undefined) => {
    const transport = (transportName: string, answer: boolean | undefined) => ({
      name: transportName,
      socket: takingSocket,
      ...(answer === undefined ? {} : { _canSendPreEncodedFrame: (_packet: object) => answer }),
    });
    let upgrade: ((t: ReturnType<typeof transport>) => void) | undefined;
    const on = (event: string, listener: typeof upgrade) => {
      if (event === 'upgrade') upgrade = listener;
    };
    const conn = { transport: transport(name, usual), on };
    acceptSharedFrames(conn);
    return { conn, upgradeTo: (t: ReturnType<typeof transport>) => (upgrade!(t), t), transport };
  };

  it('lets a WebSocket send a shared frame when its socket takes one, and every other packet as before', () => {
    const { conn } = connection('websocket', false);
    expect(conn.transport._canSendPreEncodedFrame!(shared)).toBe(true);
    expect(conn.transport._canSendPreEncodedFrame!(other)).toBe(false);
    expect(conn.transport._canSendPreEncodedFrame!({})).toBe(false);
    conn.transport.socket = { ...takingSocket, _sender: { ...takingSocket._sender, _state: 1 } };
    expect(conn.transport._canSendPreEncodedFrame!(shared)).toBe(false);
  });

  it('leaves long polling alone, and a transport that never sends pre-encoded frames', () => {
    const polling = connection('polling', false).conn.transport;
    expect(polling._canSendPreEncodedFrame!(shared)).toBe(false);
    expect('_canSendPreEncodedFrame' in connection('websocket', undefined).conn.transport).toBe(false);
  });

  it('does the same for the WebSocket a polling connection upgrades to', () => {
    const { upgradeTo, transport } = connection('polling', false);
    const upgraded = upgradeTo(transport('websocket', false));
    expect(upgraded._canSendPreEncodedFrame!(shared)).toBe(true);
    expect(upgraded._canSendPreEncodedFrame!(other)).toBe(false);
  });
});
