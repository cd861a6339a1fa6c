// What the server holds unsent for each connection, so that no client can fill its memory: a
// phone that stops reading (or never reads, on purpose) would otherwise keep every broadcast
// since in the server. Counted from Engine.IO's public events: `packetCreate` for each packet
// put in a connection's buffer, `drain` when the buffer was handed to the transport (which takes
// the next one only once the last is written), with or without compression. What the transport
// holds is at most the last buffer handed over, which was counted here before.

/** An Engine.IO connection, as far as it is watched here (socket.conn). */
export interface WatchedConnection {
  on(event: 'packetCreate', listener: (packet: { data?: unknown }) => void): unknown;
  on(event: 'drain' | 'close', listener: () => void): unknown;
  /** `discard`: let go at once, with what is unsent (else it would wait until that was written). */
  close(discard?: boolean): void;
}

export interface SendQueueLimits {
  /** Bytes one connection may hold unsent; past it the connection is dropped. */
  perConnection: number;
  /**
   * Bytes all connections of one network address may hold unsent together: a venue's phones
   * behind one NAT read what they are sent and hold next to nothing; an address that opens
   * connections only to leave them unread is bounded by memory, not by how many it opens.
   */
  perAddress: number;
}

/** What a packet weighs: its text in UTF-8, or its binary data. */
function bytesOf(data: unknown): number {
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

export class SendQueues {
  readonly #limits: SendQueueLimits;
  readonly #byAddress = new Map<string, number>();
  readonly #onDrop: (address: string, unsent: number) => void;

  /** `onDrop`: told of each connection let go (for the log). */
  constructor(limits: SendQueueLimits, onDrop: (address: string, unsent: number) => void = () => {}) {
    this.#limits = limits;
    this.#onDrop = onDrop;
  }

  /** Watches a connection from now on; what it holds unsent is asked with the returned function. */
  watch(connection: WatchedConnection, address: string): () => number {
    let unsent = 0;
    let open = true;
    const change = (bytes: number) => {
      unsent += bytes;
      const total = (this.#byAddress.get(address) ?? 0) + bytes;
      if (total > 0) this.#byAddress.set(address, total);
      else this.#byAddress.delete(address);
    };
    const over = () => unsent > this.#limits.perConnection || (this.#byAddress.get(address) ?? 0) > this.#limits.perAddress;
    let judging = false;
    /**
     * Judged once the turn of the event loop that filled the buffer is over: a burst of changes
     * made at once (a facilitator's import, 300 quick edits) waits in every connection's buffer
     * until the network took the first part, which a reader that reads does right after.
     */
    const judge = () => {
      judging = false;
      if (!open || !over()) return;
      open = false;
      const dropped = unsent;
      change(-unsent);
      this.#onDrop(address, dropped);
      connection.close(true);
    };
    connection.on('packetCreate', (packet) => {
      if (!open) return;
      change(bytesOf(packet.data));
      if (over() && !judging) {
        judging = true;
        setImmediate(judge);
      }
    });
    connection.on('drain', () => change(-unsent));
    connection.on('close', () => {
      if (open) change(-unsent);
      open = false;
    });
    return () => unsent;
  }

  /** What the connections of an address hold unsent together. */
  unsentOf(address: string): number {
    return this.#byAddress.get(address) ?? 0;
  }
}
