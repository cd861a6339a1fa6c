// What a store has seen go wrong, for /healthz: the same bookkeeping for both databases; each
// store says which of its errors mean damage and which a passing failure.
import { DamagedDataError, type StoreHealth } from './store.ts';

export class HealthRecord {
  /** A failure that passes: noted until the next write succeeds. */
  #lastFailure: string | undefined;
  /** Damage (a damaged file or page): noted until the server is restarted on a sound database. */
  #damage: string | undefined;
  /** Events whose stored data was found damaged, with where (the first column met). */
  readonly #damagedEvents = new Map<number, string>();

  /** Notes an event's damaged data; true when the error was that (other errors are the store's to sort). */
  damagedData(error: unknown): error is DamagedDataError {
    if (!(error instanceof DamagedDataError)) return false;
    if (!this.#damagedEvents.has(error.eventId)) this.#damagedEvents.set(error.eventId, error.where);
    return true;
  }

  damaged(problem: string): void {
    this.#damage ??= problem;
  }

  failed(problem: string): void {
    this.#lastFailure = problem;
  }

  /** A write succeeded: a passing failure is over. */
  wrote(): void {
    this.#lastFailure = undefined;
  }

  /**
   * Whether the database works as far as this process has seen. Damaged events are named by their
   * slug (public, in every link) and the column, never by what the row holds.
   */
  async report(slugOf: (eventId: number) => Promise<string> | string): Promise<StoreHealth> {
    const damaged = await Promise.all([...this.#damagedEvents].map(async ([eventId, where]) => ({ slug: await slugOf(eventId), where })));
    const damagedEvents = damaged.map(({ slug }) => slug);
    const problems = [
      this.#damage,
      ...damaged.map(({ slug, where }) => `damaged data in event "${slug}" (${where} of a row is not valid JSON)`),
      this.#lastFailure,
    ].filter((problem) => problem !== undefined);
    return problems.length === 0 ? { ok: true } : { ok: false, problem: problems.join('; '), damagedEvents };
  }
}
