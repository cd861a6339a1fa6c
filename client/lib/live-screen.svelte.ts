// What every read-only screen (phone, projector, door sign) sets up: a live board that is kept
// for offline opening, and a clock for "now" that moves on by itself. Call during component init.
import { onDestroy } from 'svelte';
import { BoardStore } from './board.svelte.ts';
import { keepAvailableOffline } from './offline.ts';

class Clock {
  #now = $state(Date.now());
  readonly #timer = setInterval(() => (this.#now = Date.now()), 30_000);

  /** This device's time (ms), updated twice a minute: enough for "now and next". */
  get now(): number {
    return this.#now;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

export function liveScreen(slug: string, flashMs: number): { store: BoardStore; clock: Clock } {
  const store = new BoardStore(slug, { persist: true, flashMs });
  store.connect();
  void keepAvailableOffline();
  const clock = new Clock();
  onDestroy(() => {
    clock.stop();
    store.disconnect();
  });
  return { store, clock };
}
