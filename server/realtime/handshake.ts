// Who connects: the handshake names an event (and maybe a facilitator key, a device id and the
// version the screen has). Refused here: events that do not exist, wrong keys, too many open
// connections from one network, and events whose stored data is damaged.
import type { Server, Socket } from 'socket.io';
import { DEVICE_ID, type ConnectRefusal, type ConnectRefusalReason, type HandshakeAuth } from '../../shared/protocol.ts';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/messages.ts';
import { DamagedDataError, type Store } from '../../db/store.ts';
import { hashedDevice, secretMatches } from '../auth.ts';
import { clientAddress, type TrustProxy } from '../client-address.ts';
import { DAMAGED_EVENT_MESSAGE } from '../damaged-event.ts';
import { KnownDevices, type Budget, type CommandLimits } from '../rate-limit.ts';
import type { CommandWriter, Principal } from '../writer.ts';
import type { OpenConnections } from './open-connections.ts';

export interface SocketData extends Principal {
  /** What this connection holds unsent now (see SendQueues). */
  unsent: () => number;
  /** When this phone was last told it sent too much (see SocketBudgets.heard). */
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

export type PitchboardSocket = Socket<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;
/** What one process tells the others through the adapter (see follow.ts). */
export interface ServerSideEvents {
  'pitchboard:version': (eventId: number, version: number) => void;
  'pitchboard:taps': (eventId: number) => void;
  /** A process's open connections per network (see open-connections.ts): `process` names it. */
  'pitchboard:connections': (process: string, counts: Record<string, number>) => void;
  /** An event's webhooks changed (one failing, one added): each process tells its facilitator screens. */
  'pitchboard:webhooks': (eventId: number) => void;
}

export type PitchboardServer = Server<ClientToServerEvents, ServerToClientEvents, ServerSideEvents, SocketData>;

export function refusal(code: ConnectRefusal, message: string, reason?: ConnectRefusalReason): Error {
  return Object.assign(new Error(message), { data: reason ? { code, message, reason } : { code, message } });
}

export class Handshakes {
  readonly #store: Store;
  readonly #writer: CommandWriter;
  readonly #failedLookups: Budget;
  readonly #trustProxy: TrustProxy | undefined;
  readonly #devices: KnownDevices;
  readonly #damaged: (error: unknown, slug: string) => void;
  /** Open sockets per network address (phones only: the facilitator is never held back), on every process. */
  readonly #connections: OpenConnections;

  constructor(deps: {
    store: Store;
    writer: CommandWriter;
    limits: CommandLimits;
    failedLookups: Budget;
    connections: OpenConnections;
    trustProxy: TrustProxy | undefined;
    /** Told of an event whose board cannot be read because its stored data is damaged. */
    damaged: (error: unknown, slug: string) => void;
  }) {
    this.#store = deps.store;
    this.#writer = deps.writer;
    this.#failedLookups = deps.failedLookups;
    this.#connections = deps.connections;
    this.#trustProxy = deps.trustProxy;
    this.#devices = new KnownDevices(deps.limits.newDevicesPerAddress);
    this.#damaged = deps.damaged;
  }

  /** The socket's data when it may connect, or the refusal it hears. */
  async admit(socket: PitchboardSocket): Promise<SocketData | Error> {
    const auth = (socket.handshake.auth ?? {}) as Partial<HandshakeAuth>;
    if (typeof auth.event !== 'string' || auth.event.length === 0 || auth.event.length > 64) {
      return refusal('invalid', 'The handshake must name an event: auth { event: slug }.');
    }
    if (auth.key !== undefined && (typeof auth.key !== 'string' || auth.key.length > 200)) {
      return refusal('invalid', 'The facilitator key must be a string.');
    }
    if (auth.version !== undefined && !(Number.isSafeInteger(auth.version) && auth.version >= 0)) {
      return refusal('invalid', 'The version must be a whole number from 0 up.');
    }
    if (auth.device !== undefined && !(typeof auth.device === 'string' && DEVICE_ID.test(auth.device))) {
      return refusal('invalid', 'The device id must be 16 to 64 letters, digits, "_" or "-".');
    }
    const address = this.#trustProxy ? clientAddress(socket.request, this.#trustProxy) : socket.handshake.address;
    // An address that keeps naming events that do not exist (or wrong keys) is guessing: it
    // learns nothing more, not even which events exist.
    if (!(await this.#failedLookups.has(address))) {
      return refusal('rate_limited', 'Too many links that do not work from this network. Please wait a minute.');
    }
    const event = await this.#store.findEvent(auth.event);
    if (!event) {
      await this.#failedLookups.take(address);
      return refusal('not_found', `There is no event "${auth.event}".`);
    }
    const isFacilitator = auth.key !== undefined && secretMatches(auth.key, event.keyHash);
    if (auth.key !== undefined && !isFacilitator) {
      await this.#failedLookups.take(address);
      return refusal('unauthorized', 'This facilitator link is not valid (any more). Ask for the current link.');
    }
    if (await this.#isDamaged(event.id, event.slug)) {
      // Damage does not pass by itself: the screen says so in its language instead of retrying.
      return refusal('internal', DAMAGED_EVENT_MESSAGE, 'damaged');
    }
    // Checked and counted at once, after the last wait: screens connecting at the same moment
    // each see the others counted.
    if (!isFacilitator && !this.#opened(socket, address)) {
      return refusal('rate_limited', 'Too many open connections from this network. Please try again in a minute.');
    }
    const data: SocketData = {
      unsent: () => 0,
      eventId: event.id,
      slug: event.slug,
      isFacilitator,
      keyHash: isFacilitator ? event.keyHash : undefined,
      address,
      device: isFacilitator ? '' : this.#devices.keyFor(address, auth.device),
    };
    if (auth.device !== undefined) {
      data.deviceHash = hashedDevice(auth.device);
      if (!isFacilitator) data.tapDevice = data.deviceHash;
    }
    return data;
  }

  /**
   * Counts a phone's connection towards its address's bound until its line closes (a facilitator
   * screen never counts, not even once its key was replaced), or refuses it: false. The line, not
   * the socket: a phone that leaves before its socket is made is let go of too.
   */
  #opened(socket: PitchboardSocket, address: string): boolean {
    if (!this.#connections.open(address)) return false;
    socket.conn.once('close', () => this.#connections.close(address));
    return true;
  }

  /**
   * Whether the event's board cannot be read because its stored data is damaged. Read now, as it
   * is sent right after; any other failure is met again there (and drops that connection).
   */
  async #isDamaged(eventId: number, slug: string): Promise<boolean> {
    try {
      await this.#writer.version(eventId);
      return false;
    } catch (error) {
      if (!(error instanceof DamagedDataError)) return false;
      this.#damaged(error, slug);
      return true;
    }
  }
}
