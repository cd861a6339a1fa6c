// The bound on a network's open connections (a venue's NAT address), held across processes. Each
// process counts its own exactly, and tells the others its counts every two seconds through the
// Socket.IO adapter (shareOpenConnections in follow.ts). A count kept in the shared store instead
// would outlive a process that is killed: its phones reconnect to the others and would be counted
// twice until the count expired, locking a whole venue out after one crash. A process that stops
// telling drops out of the sum.

/** How often a process tells the others its counts. */
export const CONNECTIONS_TOLD_EVERY_MS = 2_000;
/** A process not heard from for this long is gone (killed, or cut off): its counts no longer hold. */
const HEARD_COUNTS_LAST_MS = 3 * CONNECTIONS_TOLD_EVERY_MS;
/**
 * Networks with fewer open connections on a process are not told: thousands of phones on mobile
 * data, each its own address, would make every telling large. What this leaves uncounted per
 * other process is small against a bound made for a venue (thousands).
 */
export const TOLD_FROM = 20;

export class OpenConnections {
  readonly #bound: number;
  readonly #clock: () => number;
  readonly #own = new Map<string, number>();
  /** What each other process told last, and when. */
  readonly #others = new Map<string, { at: number; counts: ReadonlyMap<string, number> }>();

  constructor(bound: number, clock: () => number = Date.now) {
    this.#bound = bound;
    this.#clock = clock;
  }

  /** Counts one more open connection from `address`, or false when its network holds its bound already. */
  open(address: string): boolean {
    const own = this.#own.get(address) ?? 0;
    if (own + this.#elsewhere(address) >= this.#bound) return false;
    this.#own.set(address, own + 1);
    return true;
  }

  /** One connection from `address` closed. */
  close(address: string): void {
    const left = (this.#own.get(address) ?? 1) - 1;
    if (left > 0) this.#own.set(address, left);
    else this.#own.delete(address);
  }

  /** What this process tells the others: its networks with many connections open. */
  told(): Record<string, number> {
    return Object.fromEntries([...this.#own].filter(([, count]) => count >= TOLD_FROM));
  }

  /** Another process's counts, in place of what it told before. */
  heard(process: string, counts: Record<string, number>): void {
    const valid = Object.entries(counts).filter(([, count]) => Number.isSafeInteger(count) && count > 0);
    this.#others.set(process, { at: this.#clock(), counts: new Map(valid) });
  }

  /** The connections from `address` open on the other processes that were heard from lately. */
  #elsewhere(address: string): number {
    const now = this.#clock();
    let sum = 0;
    for (const [process, { at, counts }] of this.#others) {
      if (now - at > HEARD_COUNTS_LAST_MS) this.#others.delete(process);
      else sum += counts.get(address) ?? 0;
    }
    return sum;
  }
}
