// Every socket.on of the server, in one place.
import type { FastifyBaseLogger } from 'fastify';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import type http from 'node:http';
import { COMMAND_NAMES } from '../shared/commands.ts';
import { commandError } from '../shared/errors.ts';
import {
  ALIVE_EVERY_MS,
  DEVICE_ID,
  type Ack,
  type ClientToServerEvents,
  type ConnectRefusal,
  type ConnectRefusalReason,
  type HandshakeAuth,
  type HeldNetwork,
  type ServerToClientEvents,
} from '../shared/protocol.ts';
import { DamagedDataError, type Store } from '../db/store.ts';
import { DAMAGED_EVENT_MESSAGE } from './damaged-event.ts';
import { hashedDevice, secretMatches } from './auth.ts';
import { joinJson, type CommandWriter, type JsonAroundBoard, type Principal } from './writer.ts';
import { acceptSharedFrames, SHARED_FROM_BYTES, sharedFrame, SharedDeflates } from './shared-deflate.ts';
import { announceEveryMs, TapAnnouncer, TapQueue } from './taps.ts';
import { DEFAULT_LIMITS, HeldNetworks, KnownDevices, networkName, TokenBuckets, type CommandLimits } from './rate-limit.ts';
import { SendQueues } from './send-queues.ts';
import { clientAddress, type TrustProxy } from './client-address.ts';

interface SocketData extends Principal {
  /** What this connection holds unsent now (see SendQueues). */
  unsent: () => number;
  /** When this phone was last told it sent too much (see `refusalHeard`). */
  refusalAnsweredAt?: number;
  slug: string;
  /** The hash of the facilitator key this screen opened with (none for everyone else). */
  keyHash?: string;
  /** The network address, for limits shared by everyone behind one NAT. */
  address: string;
  /** What this device's limits are counted under (see KnownDevices): the same after a reconnect. */
  device: string;
  /**
   * What this phone's "Interested" taps count under: its device id as sent, hashed (none without
   * one), so that every phone behind a venue's NAT counts. What an address may tap in all is
   * bounded by `tapsPerAddress`.
   */
  tapDevice?: string;
}

export type PitchboardServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type PitchboardSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Large enough for any valid command, small enough that nobody can stuff the server's memory. */
const MAX_MESSAGE_BYTES = 64 * 1024;

export function eventRoom(slug: string): string {
  return `event:${slug}`;
}

/** How sockets travel; bench/bare-socketio.ts serves the yardstick with the same settings. */
export const TRANSPORT_OPTIONS = {
  maxHttpBufferSize: MAX_MESSAGE_BYTES,
  // Snapshots of a big camp are tens of KB: those are compressed, deflated once for every screen
  // (shared-deflate.ts). A change or an answer stays raw up to 16 KB: deflating it per socket
  // would make ws keep a zlib context of about 300 KB for each phone from then on (2,000 phones:
  // 600 MB). Without "no context takeover" ws would also ignore the threshold.
  perMessageDeflate: { threshold: SHARED_FROM_BYTES, serverNoContextTakeover: true, clientNoContextTakeover: true },
  serveClient: false,
  // Phones on venue wifi drop often: notice a dead connection within ~45 s.
  pingInterval: 20_000,
  pingTimeout: 25_000,
} satisfies Partial<ServerOptions>;

/** Every event name a client may send; anything else is answered as an unknown command. */
const KNOWN_EVENTS: ReadonlySet<string> = new Set([
  'board:sync',
  'board:history',
  'board:ping',
  'board:warnings',
  'session:suggest',
  'session:interested',
  'limits:lift',
  ...COMMAND_NAMES,
]);

/** How often open facilitator screens are checked against the event's key. */
const KEY_CHECK_MS = 3_000;

/** A connection that has this much still to send does not get another whole board on top. */
const MAX_UNSENT_BYTES = 64 * 1024;

/** A phone that keeps sending past its budget is told so at most this often (see refusalHeard). */
const REFUSAL_ANSWERED_EVERY_MS = 1000;

/** Screens told new counts of taps in one go (see tellTaps). */
const TAPS_CHUNK = 100;

/** How often (at most) networks held back are looked at for holds that are over. */
const HELD_CHECK_MS = 30_000;

/**
 * Writes a Socket.IO packet whose argument is JSON text around a board made once per version:
 * what `socket.emit` or an ack would encode (`2` an event, `3<id>` an ack; the namespace after
 * the type unless it is the main one), without stringifying a big board again for each screen,
 * and on a WebSocket without deflating it again (see shared-deflate.ts).
 */
function writePreEncoded(socket: PitchboardSocket, deflates: SharedDeflates, typeAndId: string, argument: JsonAroundBoard): void {
  if (socket.conn.readyState !== 'open') return;
  type PacketOptions = { compress: boolean; sharedFrame?: boolean; wsPreEncodedFrame?: Buffer[] };
  const client = socket.client as unknown as { writeToEngine(packet: string, options: PacketOptions): void };
  const namespace = socket.nsp.name === '/' ? '' : `${socket.nsp.name},`;
  const head = `${typeAndId}${namespace}[${argument.before}`;
  const tail = `${argument.after}]`;
  const options: PacketOptions = { compress: true };
  if (argument.board.length >= SHARED_FROM_BYTES && socket.conn.transport.name === 'websocket') {
    // "4": an Engine.IO message, which the transport would put in front of the text itself.
    const frame = sharedFrame(`4${head}`, deflates.deflated(String(socket.data.eventId), argument.board, tail));
    if (frame) Object.assign(options, { sharedFrame: true, wsPreEncodedFrame: frame });
  }
  // The whole text too: for long-polling, and for a WebSocket that cannot take the frame now.
  client.writeToEngine(head + argument.board + tail, options);
}

/** The packet id behind each ack function Socket.IO made (see `rememberAckIds`). */
const ackIds = new WeakMap<object, number>();

/**
 * Socket.IO makes the ack function for an incoming packet from its id and keeps the id to
 * itself; the id is noted here so that an answer made once per version can be written as is.
 */
function rememberAckIds(socket: PitchboardSocket): void {
  const internal = socket as unknown as { ack(id: number): (...args: unknown[]) => void };
  const makeAck = internal.ack.bind(socket);
  internal.ack = (id) => {
    const ack = makeAck(id);
    ackIds.set(ack, id);
    return ack;
  };
}

/** Answers with an ack given as JSON text; should Socket.IO not have told the id, the usual way. */
function ackWithJson(socket: PitchboardSocket, deflates: SharedDeflates, ack: (response: Ack) => void, answer: JsonAroundBoard): void {
  const id = ackIds.get(ack);
  if (id === undefined) ack(JSON.parse(joinJson(answer)) as Ack);
  else writePreEncoded(socket, deflates, `3${id}`, answer);
}

function refusal(code: ConnectRefusal, message: string, reason?: ConnectRefusalReason): Error {
  return Object.assign(new Error(message), { data: reason ? { code, message, reason } : { code, message } });
}

export function attachRealtime(
  httpServer: http.Server,
  deps: {
    store: Store;
    writer: CommandWriter;
    log: FastifyBaseLogger;
    limits?: CommandLimits;
    /** Shared with the pages (see app.ts); its own when not given. */
    failedLookups?: TokenBuckets;
    trustProxy?: TrustProxy;
    keyCheckMs?: number;
  },
): PitchboardServer {
  const { store, writer, log } = deps;
  const limits = deps.limits ?? DEFAULT_LIMITS;
  const submitsPerDevice = new TokenBuckets(limits.submitPerDevice);
  const submitsPerAddress = new TokenBuckets(limits.submitPerAddress);
  const commandsPerDevice = new TokenBuckets(limits.commandsPerDevice);
  const syncsPerDevice = new TokenBuckets(limits.syncsPerDevice);
  const tapsPerDevice = new TokenBuckets(limits.tapsPerDevice);
  const tapsPerAddress = new TokenBuckets(limits.tapsPerAddress);
  const commandsPerAddress = new TokenBuckets(limits.commandsPerAddress);
  const facilitatorCommandsPerEvent = new TokenBuckets(limits.facilitatorCommandsPerEvent);
  const facilitatorCommandsPerScreen = new TokenBuckets(limits.facilitatorCommandsPerScreen);
  const failedLookups = deps.failedLookups ?? new TokenBuckets(limits.failedLookupsPerAddress);
  const devices = new KnownDevices(limits.newDevicesPerAddress);
  const held = new HeldNetworks(limits.holdOverAfterMs);
  /** Open sockets per network address. */
  const connectionsOf = new Map<string, number>();
  /** What each connection holds unsent: one that does not read is let go with it. */
  const sendQueues = new SendQueues(limits.unsent, (address, unsent) =>
    log.warn({ unsentBytes: unsent, network: networkName(address) }, 'dropped a connection that does not read'),
  );
  /** Big boards deflated once per version for every WebSocket. */
  const deflates = new SharedDeflates();

  /** Tells the facilitator screens of an event which networks are held back now. */
  const tellHeld = (eventId: number): { networks: HeldNetwork[] } => {
    const networks = held.list(eventId);
    for (const socket of io.sockets.sockets.values()) {
      if (socket.data.isFacilitator && socket.data.eventId === eventId) socket.emit('limits:held', { networks });
    }
    return { networks };
  };

  /** Events whose facilitators hear the newest counts within a second (not once per refusal of a flood). */
  const heldTellers = new Map<number, ReturnType<typeof setTimeout>>();
  const tellHeldSoon = (eventId: number, now: boolean) => {
    if (now) tellHeld(eventId);
    else if (!heldTellers.has(eventId)) {
      const timer = setTimeout(() => {
        heldTellers.delete(eventId);
        tellHeld(eventId);
      }, 1000);
      timer.unref();
      heldTellers.set(eventId, timer);
    }
  };

  /** The key of an address's new-session limit: per event, as the same venue network may hold another camp on this server. */
  const submitNetwork = (eventId: number, address: string) => `${eventId}|${address}`;

  /** A refusal when this socket has sent too much. Each facilitator screen has a generous limit within its event's. */
  const overLimit = (socket: PitchboardSocket, name: string): Ack | undefined => {
    const limited = (message: string): Ack => ({ ok: false, error: commandError('rate_limited', message) });
    const { device, address, eventId } = socket.data;
    if (socket.data.isFacilitator) {
      // The screen's own bucket first: a screen that floods empties its own, not its event's.
      if (!facilitatorCommandsPerScreen.has(socket.id)) return limited('Too many changes at once from this screen. Please wait a moment.');
      if (!facilitatorCommandsPerEvent.take(String(eventId))) return limited('Too many changes at once on this board. Please wait a moment.');
      facilitatorCommandsPerScreen.take(socket.id);
      return undefined;
    }
    // Taps have budgets of their own: per phone, as every phone behind a venue's NAT counts, and per address.
    if (name === 'session:interested') {
      if (!tapsPerDevice.take(socket.data.tapDevice ?? device)) return limited('Too many taps from this device. Please wait a few seconds.');
      if (!tapsPerAddress.take(address)) return limited('Too many taps from this network right now. Please wait a few seconds.');
      return undefined;
    }
    if (!commandsPerDevice.has(device)) return limited('Too many requests from this device. Please wait a few seconds.');
    if (!commandsPerAddress.take(address)) return limited('Too many requests from this network right now. Please wait a few seconds.');
    commandsPerDevice.take(device);
    if (name === 'board:sync' && socket.data.unsent() > MAX_UNSENT_BYTES) return limited('The last board has not reached this device yet. Please wait.');
    if (name === 'board:sync' && !syncsPerDevice.take(device)) return limited('The whole board was sent just now. Please wait a few seconds.');
    if (name === 'session:submit') {
      if (!submitsPerDevice.has(device)) return limited('Too many new sessions from this device. Please wait a minute.');
      if (!submitsPerAddress.take(submitNetwork(eventId, address))) {
        tellHeldSoon(eventId, held.note(eventId, address));
        return limited('Too many new sessions from this network right now. Please wait a minute.');
      }
      submitsPerDevice.take(device);
    }
    return undefined;
  };
  /**
   * Whether a refusal for sending too much is answered. A phone hears it at most once a second:
   * the app waits after one, but a script that keeps many asks in flight would have the server
   * spend itself on refusals (500 made-up devices: 22,000 a second, the facilitator's ack p99
   * 250 ms). Unanswered, such a script waits for its own timeouts. Facilitator screens hear each.
   */
  const refusalHeard = (socket: PitchboardSocket, now = Date.now()): boolean => {
    if (socket.data.isFacilitator) return true;
    if (now - (socket.data.refusalAnsweredAt ?? 0) < REFUSAL_ANSWERED_EVERY_MS) return false;
    socket.data.refusalAnsweredAt = now;
    return true;
  };
  const io: PitchboardServer = new Server(httpServer, TRANSPORT_OPTIONS);

  /** Each event's screens hear the phones' new counts, a few times a second at most. */
  const screensOf = (eventId: number) => {
    try {
      return io.sockets.adapter.rooms.get(eventRoom(writer.slugOf(eventId)))?.size ?? 0;
    } catch {
      // The event is gone: nobody to tell, so no reason to wait long.
      return 0;
    }
  };
  /**
   * Tells the event's screens new counts, TAPS_CHUNK screens at a time with a turn of the event
   * loop between: a facilitator's command that comes meanwhile waits for one chunk, not for
   * writing to 2,000 phones (bench:taps). Each chunk tells the counts as they are by then, so
   * that a later chunk never undoes a newer count a change's board:events carried meanwhile.
   */
  const tellTaps = (eventId: number, sessionIds: string[], screens: string[], from = 0) => {
    try {
      const now = writer.tapsOf(eventId);
      const taps = Object.fromEntries(sessionIds.map((id) => [id, now[id] ?? 0]));
      for (const id of screens.slice(from, from + TAPS_CHUNK)) io.sockets.sockets.get(id)?.emit('session:taps', { taps });
      if (from + TAPS_CHUNK < screens.length) setImmediate(() => tellTaps(eventId, sessionIds, screens, from + TAPS_CHUNK));
    } catch (error) {
      // The event was deleted meanwhile, or its data cannot be read: nobody to tell.
      survive(error, 'telling taps failed', undefined);
    }
  };
  const tapAnnouncer = new TapAnnouncer(
    (eventId, taps) => {
      try {
        tellTaps(eventId, Object.keys(taps), [...(io.sockets.adapter.rooms.get(eventRoom(writer.slugOf(eventId))) ?? [])]);
      } catch (error) {
        survive(error, 'telling taps failed', undefined);
      }
    },
    (eventId) => announceEveryMs(screensOf(eventId), limits.tapCountsEveryMs),
  );
  const tapQueue = new TapQueue(
    writer,
    (eventId, counts) => tapAnnouncer.changed(eventId, counts),
    (error) => survive(error, 'recording taps failed', undefined),
  );

  /** A database that fails must not take the process (and every other event) with it. */
  const survive = (error: unknown, where: string, slug: unknown) => {
    store.noteFailure(error);
    log.error({ err: error, event: typeof slug === 'string' ? slug.slice(0, 64) : undefined }, where);
  };

  io.use((socket, next) => {
    try {
      admit(socket, next);
    } catch (error) {
      survive(error, 'handshake failed', (socket.handshake.auth as Partial<HandshakeAuth> | undefined)?.event);
      next(refusal('internal', 'The server cannot read its data right now. Please try again in a moment.'));
    }
  });

  function admit(socket: PitchboardSocket, next: (error?: Error) => void): void {
    const auth = (socket.handshake.auth ?? {}) as Partial<HandshakeAuth>;
    if (typeof auth.event !== 'string' || auth.event.length === 0 || auth.event.length > 64) {
      return next(refusal('invalid', 'The handshake must name an event: auth { event: slug }.'));
    }
    if (auth.key !== undefined && (typeof auth.key !== 'string' || auth.key.length > 200)) {
      return next(refusal('invalid', 'The facilitator key must be a string.'));
    }
    if (auth.version !== undefined && !(Number.isSafeInteger(auth.version) && auth.version >= 0)) {
      return next(refusal('invalid', 'The version must be a whole number from 0 up.'));
    }
    if (auth.device !== undefined && !(typeof auth.device === 'string' && DEVICE_ID.test(auth.device))) {
      return next(refusal('invalid', 'The device id must be 16 to 64 letters, digits, "_" or "-".'));
    }
    const address = deps.trustProxy ? clientAddress(socket.request, deps.trustProxy) : socket.handshake.address;
    // An address that keeps naming events that do not exist (or wrong keys) is guessing: it
    // learns nothing more, not even which events exist.
    if (!failedLookups.has(address)) {
      return next(refusal('rate_limited', 'Too many links that do not work from this network. Please wait a minute.'));
    }
    const event = store.findEvent(auth.event);
    if (!event) {
      failedLookups.take(address);
      return next(refusal('not_found', `There is no event "${auth.event}".`));
    }
    const isFacilitator = auth.key !== undefined && secretMatches(auth.key, event.keyHash);
    if (auth.key !== undefined && !isFacilitator) {
      failedLookups.take(address);
      return next(refusal('unauthorized', 'This facilitator link is not valid (any more). Ask for the current link.'));
    }
    if (!isFacilitator && (connectionsOf.get(address) ?? 0) >= limits.connectionsPerAddress) {
      return next(refusal('rate_limited', 'Too many open connections from this network. Please try again in a minute.'));
    }
    if (boardIsDamaged(event.id, event.slug)) {
      // Damage does not pass by itself: the screen says so in its language instead of retrying.
      return next(refusal('internal', DAMAGED_EVENT_MESSAGE, 'damaged'));
    }
    socket.data = {
      unsent: () => 0,
      eventId: event.id,
      slug: event.slug,
      isFacilitator,
      keyHash: isFacilitator ? event.keyHash : undefined,
      address,
      device: isFacilitator ? '' : devices.keyFor(address, auth.device),
    };
    if (auth.device !== undefined) {
      socket.data.deviceHash = hashedDevice(auth.device);
      if (!isFacilitator) socket.data.tapDevice = socket.data.deviceHash;
    }
    next();
  }

  /** A facilitator screen whose key was replaced (here or by `npm run event:key`) is told and let go. */
  const revoke = (socket: PitchboardSocket) => {
    socket.data.isFacilitator = false;
    socket.emit('facilitator:revoked');
    socket.disconnect(true);
  };
  /** Whether the key a facilitator screen opened with is still the event's: read from the file, which another process may have changed. */
  const keyStillValid = (socket: PitchboardSocket, currentHash = store.findEvent(socket.data.slug)?.keyHash) => socket.data.keyHash === currentHash;
  // Screens that send nothing hear of a key changed elsewhere within seconds, too.
  const keySweep = setInterval(() => {
    const current = new Map<string, string | undefined>();
    try {
      for (const socket of io.sockets.sockets.values()) {
        if (!socket.data.isFacilitator) continue;
        const { slug } = socket.data;
        if (!current.has(slug)) current.set(slug, store.findEvent(slug)?.keyHash);
        if (!keyStillValid(socket, current.get(slug))) revoke(socket);
      }
    } catch (error) {
      // Tried again at the next sweep; a command checks the key itself meanwhile.
      survive(error, 'key check failed', undefined);
    }
  }, deps.keyCheckMs ?? KEY_CHECK_MS);
  keySweep.unref();
  // A hold that has been quiet for long is over: the facilitator's banner goes too.
  const heldSweep = setInterval(
    () => {
      for (const eventId of held.forgetQuiet()) tellHeld(eventId);
    },
    Math.min(HELD_CHECK_MS, limits.holdOverAfterMs / 2),
  );
  heldSweep.unref();
  // One tiny broadcast to every screen of this process: a read-only screen that stops hearing it
  // knows within seconds that its line went silent, without a ping of its own (thousands of
  // phones answering a ping every 2 s would cost the server far more than one emit).
  const keepAlive = setInterval(() => {
    // Closing (no longer listening): a screen that reconnected meanwhile must not be kept on a
    // line that is about to go, which would hold up the graceful close.
    if (httpServer.listening) io.emit('board:alive');
  }, ALIVE_EVERY_MS);
  keepAlive.unref();
  httpServer.on('close', () => {
    clearInterval(keepAlive);
    tapQueue.close();
    tapAnnouncer.close();
    clearInterval(keySweep);
    clearInterval(heldSweep);
  });

  /**
   * Whether the event's board cannot be read because its stored data is damaged. Read now, as it
   * is sent right after; any other failure is met again there (and drops that connection).
   */
  const boardIsDamaged = (eventId: number, slug: string): boolean => {
    try {
      writer.version(eventId);
      return false;
    } catch (error) {
      if (!(error instanceof DamagedDataError)) return false;
      survive(error, 'handshake failed', slug);
      return true;
    }
  };

  /** The changes a screen missed; where the log holds a damaged row, a snapshot instead (undefined). */
  const catchUpOrSnapshot = (eventId: number, since: number, slug: string) => {
    try {
      return writer.catchUp(eventId, since);
    } catch (error) {
      if (!(error instanceof DamagedDataError)) throw error;
      survive(error, 'catching up failed', slug);
      return undefined;
    }
  };

  io.on('connection', (socket: PitchboardSocket) => {
    const principal: Principal = socket.data;
    socket.data.unsent = sendQueues.watch(socket.conn, socket.data.address);
    rememberAckIds(socket);
    acceptSharedFrames(socket.conn as unknown as Parameters<typeof acceptSharedFrames>[0]);
    void socket.join(eventRoom(socket.data.slug));
    // Phones count towards their address's bound; the facilitator is never held back.
    const { address } = socket.data;
    const counted = !socket.data.isFacilitator;
    if (counted) connectionsOf.set(address, (connectionsOf.get(address) ?? 0) + 1);
    // A device's limits are not forgotten here: they hold for its next connection too.
    socket.on('disconnect', () => {
      facilitatorCommandsPerScreen.forget(socket.id);
      if (!counted) return;
      const open = (connectionsOf.get(address) ?? 1) - 1;
      if (open > 0) connectionsOf.set(address, open);
      else connectionsOf.delete(address);
    });
    // A reconnecting client says which version it has: it gets what it missed, in order, unless
    // a snapshot is lighter.
    const since = (socket.handshake.auth as Partial<HandshakeAuth>).version;
    try {
      const missed = since === undefined ? undefined : catchUpOrSnapshot(principal.eventId, since, socket.data.slug);
      if (missed) {
        for (const broadcast of missed) socket.emit('board:events', broadcast);
        // The changes carry no taps: the counts of now, which may have moved meanwhile.
        socket.emit('session:taps', { taps: writer.tapsOf(principal.eventId) });
      } else if (writer.fetchedOverHttp(principal.eventId)) {
        socket.emit('board:version', writer.boardVersion(principal.eventId));
      } else {
        const snapshot = writer.snapshotAroundBoard(principal.eventId);
        writePreEncoded(socket, deflates, '2', { ...snapshot, before: `"board:snapshot",${snapshot.before}` });
      }
    } catch (error) {
      // The board could not be read: the connection is dropped as a network would drop it, so
      // that the client tries again with its growing pause; the other screens go on.
      survive(error, 'connection failed', socket.data.slug);
      socket.conn.close();
      return;
    }

    if (socket.data.isFacilitator) {
      const networks = held.list(principal.eventId);
      if (networks.length) socket.emit('limits:held', { networks });
    }

    // Socket.IO passes the ack as the last argument; a client may send anything, so the
    // arguments are taken apart by hand instead of trusting the declared signature.
    // An answer is an Ack, or one as JSON text around the board made once per version (board:sync).
    type Answer = { ack: Ack | JsonAroundBoard; after?: () => void } | { answerLater: (ack: (response: Ack) => void) => void };
    const onCommand = (name: string, run: (payload: unknown) => Answer) => {
      (socket as unknown as Socket).on(name, (...args: unknown[]) => {
        const ack = typeof args.at(-1) === 'function' ? (args.pop() as (response: Ack) => void) : () => {};
        let outcome: Answer;
        try {
          if (socket.data.isFacilitator && !keyStillValid(socket)) {
            ack({ ok: false, error: commandError('forbidden', 'The facilitator key was changed: open the board with the new link.') });
            revoke(socket);
            return;
          }
          const limited = overLimit(socket, name);
          if (limited && !refusalHeard(socket)) return;
          outcome = limited ? { ack: limited } : run(args[0]);
        } catch (error) {
          // The payload is not logged: it may hold a giver token.
          survive(error, `command ${name} failed`, socket.data.slug);
          outcome = { ack: { ok: false, error: commandError('internal', 'Something went wrong on the server. Please try again.') } };
        }
        if ('answerLater' in outcome) outcome.answerLater(ack);
        else if ('board' in outcome.ack) ackWithJson(socket, deflates, ack, outcome.ack);
        else ack(outcome.ack);
        if ('after' in outcome) outcome.after?.();
      });
    };

    // A name nobody listens to is still answered, so that the sender never waits for a timeout.
    socket.onAny((name: unknown, ...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof name === 'string' && KNOWN_EVENTS.has(name)) return;
      if (typeof ack !== 'function') return;
      // Within the sender's budget like any command: answering costs as much.
      const limited = overLimit(socket, 'unknown');
      if (limited && !refusalHeard(socket)) return;
      (ack as (response: Ack) => void)(limited ?? writer.execute(principal, String(name), args[0]).ack);
    });

    onCommand('board:sync', (payload) => ({ ack: writer.sync(principal, payload) }));
    onCommand('board:history', (payload) => ({ ack: writer.history(principal, payload) }));
    onCommand('board:ping', (payload) => ({ ack: writer.ping(principal, payload) }));
    onCommand('session:suggest', (payload) => ({ ack: writer.suggest(principal, payload) }));
    onCommand('board:warnings', (payload) => ({ ack: writer.warnings(principal, payload) }));
    // Acked once its batch committed (see taps.ts).
    onCommand('session:interested', (payload) => {
      const tap = writer.checkTap(principal, socket.data.tapDevice, payload);
      return 'ok' in tap ? { ack: tap } : { answerLater: (ack) => tapQueue.add(tap, ack) };
    });
    onCommand('limits:lift', (payload) => {
      if (!socket.data.isFacilitator) return { ack: { ok: false, error: commandError('forbidden', 'Only the facilitator lifts a limit.') } };
      const network = (payload as { network?: unknown } | undefined)?.network;
      if (typeof network !== 'string' || network.length > 64)
        return { ack: { ok: false, error: commandError('invalid', 'Name the network to let through: { network }.') } };
      const address = held.lift(principal.eventId, network);
      // Its per-network limit starts full again; each device still has its own.
      if (address !== undefined) submitsPerAddress.forget(submitNetwork(principal.eventId, address));
      return { ack: { ok: true, version: writer.version(principal.eventId), data: tellHeld(principal.eventId) } };
    });
    for (const name of COMMAND_NAMES) {
      onCommand(name, (payload) => {
        const { ack, broadcast } = writer.execute(principal, name, payload);
        // The sender hears the ack first and the broadcast second, over the same socket.
        return {
          ack,
          after: () => {
            // The phones' newest counts ride along: one message to every screen instead of two.
            const taps = broadcast && tapAnnouncer.take(principal.eventId);
            if (broadcast) io.to(eventRoom(socket.data.slug)).emit('board:events', taps ? { ...broadcast, taps } : broadcast);
            if (name === 'event:rotate-key' && ack.ok) {
              // This screen goes on with the new key; every other one of the event is let go.
              const newHash = store.findEvent(socket.data.slug)?.keyHash;
              socket.data.keyHash = newHash;
              for (const other of io.sockets.sockets.values()) {
                if (other.data.isFacilitator && other.data.eventId === socket.data.eventId && !keyStillValid(other, newHash)) revoke(other);
              }
            }
          },
        };
      });
    }
  });

  return io;
}
