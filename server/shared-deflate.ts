// A big board goes to many WebSockets at once (a storm of phones connecting, a flood of
// `board:sync`): deflated by each socket, one 1 MB board costs 20 ms of CPU per screen. Here
// it is deflated once per version and the same bytes go to every screen.
//
// permessage-deflate (RFC 7692) lets that be done safely: the server deflates each message
// without the previous ones ("server_no_context_takeover", see TRANSPORT_OPTIONS), so a message
// deflated ahead of time is valid on any connection with the same window, and a deflate stream
// may be a sequence of blocks. The message is a stored (not compressed) block with what differs
// per screen (packet id, version, clock), then the shared board, deflated on its own.
import { constants, deflateRawSync } from 'node:zlib';

/** Deflating stops each piece with an empty stored block; permessage-deflate leaves its last 4 bytes off (RFC 7692, 7.2.1). */
const FLUSH_MARKER_BYTES = 4;
/** The most a stored block holds (RFC 1951, 3.2.4). */
const MAX_STORED = 0xffff;
/** The deflate window a phone's browser must accept; a client asking for a smaller one is sent the usual way. */
const WINDOW_BITS = 15;
/** From this size on messages are compressed, and boards deflated once for all (smaller ones go raw, see TRANSPORT_OPTIONS). */
export const SHARED_FROM_BYTES = 16 * 1024;
/** How many shared boards (event × packet ending) are kept; each is ~1/8 of its board. */
const MAX_KEPT = 32;

interface Kept {
  /** The board text it was made from: the writer's once-per-version string, compared by identity. */
  board: string;
  /** `board + tail` deflated. */
  deflated: Buffer;
}

export class SharedDeflates {
  readonly #kept = new Map<string, Kept>();

  /**
   * `board + tail` deflated, ready to follow a per-screen head. Made at once (a 1 MB board takes
   * about as long as its JSON.stringify): made in zlib's thread pool instead, it was mostly not
   * ready yet when a board changing many times a second was asked for.
   */
  deflated(key: string, board: string, tail: string): Buffer {
    const id = `${key}\u0000${tail}`;
    const kept = this.#kept.get(id);
    if (kept?.board === board) return kept.deflated;
    const flushed = deflateRawSync(board + tail, { finishFlush: constants.Z_SYNC_FLUSH, windowBits: WINDOW_BITS });
    const deflated = flushed.subarray(0, flushed.length - FLUSH_MARKER_BYTES);
    this.#kept.delete(id);
    if (this.#kept.size >= MAX_KEPT) this.#kept.delete(this.#kept.keys().next().value!);
    this.#kept.set(id, { board, deflated });
    return deflated;
  }
}

/** A stored deflate block holding `text` as is, not the last of its message (RFC 1951, 3.2.4). */
function storedBlock(text: string): Buffer | undefined {
  const bytes = Buffer.from(text);
  if (bytes.length > MAX_STORED) return undefined;
  const block = Buffer.alloc(5 + bytes.length);
  // BFINAL 0, BTYPE 00, padded to the byte; then LEN and its ones' complement, little-endian.
  block.writeUInt16LE(bytes.length, 1);
  block.writeUInt16LE(~bytes.length & 0xffff, 3);
  bytes.copy(block, 5);
  return block;
}

/** The header of an unmasked final text frame with RSV1 set (deflated), RFC 6455 5.2. */
function frameHeader(payloadBytes: number): Buffer {
  const FIN_RSV1_TEXT = 0x80 | 0x40 | 0x1;
  if (payloadBytes < 126) return Buffer.from([FIN_RSV1_TEXT, payloadBytes]);
  if (payloadBytes < 0x10000) {
    const header = Buffer.from([FIN_RSV1_TEXT, 126, 0, 0]);
    header.writeUInt16BE(payloadBytes, 2);
    return header;
  }
  const header = Buffer.alloc(10);
  header[0] = FIN_RSV1_TEXT;
  header[1] = 127;
  header.writeBigUInt64BE(BigInt(payloadBytes), 2);
  return header;
}

/**
 * The WebSocket frame of the message `head` + the text behind `shared`, as a list to write one
 * after the other (what ws's `Sender.frame` returns): the per-screen part is a few hundred bytes,
 * the shared one is not copied.
 */
export function sharedFrame(head: string, shared: Buffer): [Buffer, Buffer] | undefined {
  const stored = storedBlock(head);
  if (!stored) return undefined;
  return [Buffer.concat([frameHeader(stored.length + shared.length), stored]), shared];
}

interface DeflateExtension {
  params?: { server_max_window_bits?: number };
}
interface WebSocketLike {
  _extensions?: Record<string, DeflateExtension | undefined>;
  _sender?: { _state?: number; _queue?: unknown[]; sendFrame?: unknown };
}

/** Whether a deflated frame may go on this WebSocket now: deflate agreed with a full window, nothing of its own queued before it. */
export function takesSharedFrame(webSocket: WebSocketLike | undefined): boolean {
  const params = webSocket?._extensions?.['permessage-deflate']?.params;
  const sender = webSocket?._sender;
  if (!params || !sender || typeof sender.sendFrame !== 'function') return false;
  const windowBits = params.server_max_window_bits ?? WINDOW_BITS;
  // ws deflates its own messages one after the other: a frame written while it does would overtake them.
  return windowBits === WINDOW_BITS && sender._state === 0 && sender._queue?.length === 0;
}

interface EnginePacket {
  options?: { sharedFrame?: boolean };
}
interface EngineTransport {
  name: string;
  socket?: WebSocketLike;
  _canSendPreEncodedFrame?(packet: EnginePacket): boolean;
}

/**
 * Lets a connection's WebSocket send a shared frame (given as the packet's `wsPreEncodedFrame`,
 * marked `sharedFrame`) in its turn among the other packets. Engine.IO sends pre-encoded frames
 * only when deflate is off; the frames here are deflated already. Any other packet, or a socket
 * that cannot take one now, goes the usual way, with the packet's whole text.
 */
export function acceptSharedFrames(conn: { transport: EngineTransport; on(event: 'upgrade', listener: (transport: EngineTransport) => void): unknown }): void {
  const accept = (transport: EngineTransport) => {
    const usual = transport._canSendPreEncodedFrame?.bind(transport);
    if (transport.name !== 'websocket' || !usual) return;
    transport._canSendPreEncodedFrame = (packet) => (packet.options?.sharedFrame ? takesSharedFrame(transport.socket) : usual(packet));
  };
  accept(conn.transport);
  conn.on('upgrade', accept);
}
