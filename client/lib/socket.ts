// The socket to one event, and commands sent over it with an ack, a timeout and retries.
import { io, type Socket } from 'socket.io-client';
import type { CommandName, CommandPayload } from '../../shared/commands.ts';
import type { Ack, HandshakeAuth } from '../../shared/protocol.ts';
import type { CommandData } from '../../shared/commands.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/messages.ts';

export type BoardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * `auth` is asked anew at every (re)connection: a reconnect says which version it has.
 * `eager`: one screen that must be back at once (the facilitator's) retries every few seconds;
 * the many phones back off further so that they do not hammer the laptop all at once.
 */
export function connectToEvent(auth: () => HandshakeAuth, options: { eager?: boolean } = {}): BoardSocket {
  return io({
    auth: (callback) => callback({ ...auth() }),
    // In the address too (?event=slug): a proxy in front of several processes can keep an
    // event's screens together by it (docs/operations.md).
    query: { event: auth().event },
    // Straight to WebSocket: on a slow wifi every long-polling round trip before the upgrade
    // costs time. Polling only when WebSocket fails (some proxies).
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    reconnectionDelay: 1000,
    reconnectionDelayMax: options.eager ? 3000 : 10_000,
    // A connection attempt that hangs (a half-dead wifi) is given up sooner on the eager screen.
    timeout: options.eager ? 5000 : 20_000,
    randomizationFactor: 0.5,
  });
}

/** A random command id; crypto.getRandomValues works on plain-http LAN addresses too. */
export function newCommandId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const ACK_TIMEOUT_MS = 8000;
const ATTEMPTS = 4;

type SendOutcome<N extends CommandName> = Ack<CommandData[N]> | { ok: false; error: { code: 'no_answer'; message: string } };

/**
 * Sends a command and waits for its ack. A timeout retries with the same commandId, so the
 * server applies it at most once; while the connection is down it waits for it to come back.
 * `onAck` runs synchronously when the ack arrives, before any later packet is handled.
 */
export async function sendCommand<N extends CommandName>(
  socket: BoardSocket,
  name: N,
  payload: Omit<CommandPayload<N>, 'commandId'>,
  onAck: (ack: Ack<CommandData[N]>) => void = () => {},
): Promise<SendOutcome<N>> {
  const withId = { ...payload, commandId: newCommandId() };
  // Socket.IO's types cannot tie the payload to the name through a generic; the schema on the
  // server is the real check.
  const emit = (callback: (error: Error | null, ack: Ack<CommandData[N]>) => void) =>
    (socket.timeout(ACK_TIMEOUT_MS).emit as (event: string, payload: unknown, cb: typeof callback) => void)(name, withId, callback);
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    // While the connection is down the command waits for it instead of spending its attempts
    // (and instead of piling copies into Socket.IO's send buffer).
    if (!socket.connected) await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const ack = await new Promise<Ack<CommandData[N]> | null>((resolve) =>
      emit((error, response) => {
        if (error) return resolve(null);
        onAck(response);
        resolve(response);
      }),
    );
    if (ack) return ack;
  }
  return { ok: false, error: { code: 'no_answer', message: 'The server did not answer.' } };
}
