// What every read-only screen (phone, projector, door sign) sets up: a live board that is kept
// for offline opening, and a clock for "now" that moves on by itself. Call during component init.
import { onDestroy } from 'svelte';
import { BoardStore } from './board.svelte.ts';
import { firstPlan } from './first-plan.ts';
import { keepAvailableOffline } from './offline.ts';

class Clock {
  #now = $state(Date.now());
  // Rendered on the server, the page is a moment in time: no timer there.
  readonly #timer = typeof window === 'undefined' ? undefined : setInterval(() => (this.#now = Date.now()), 30_000);

  /** This device's time (ms), updated twice a minute: enough for "now and next". */
  get now(): number {
    return this.#now;
  }

  stop(): void {
    clearInterval(this.#timer);
  }
}

export function liveScreen(slug: string, flashMs: number): { store: BoardStore; clock: Clock } {
  // These screens send nothing of their own: silence from the server is how they notice a dead line.
  const store = new BoardStore(slug, { persist: true, flashMs, initial: firstPlan(slug), offlineWhenSilent: true });
  const clock = new Clock();
  // On the server the component is only rendered to HTML: it goes live in the browser.
  if (typeof window === 'undefined') return { store, clock };
  // Connecting and registering the offline cache wait for the next task: the page is taken over
  // (hydrated) first, and a slow phone's main thread is not blocked for the sum of both.
  const goLive = setTimeout(() => {
    store.connect();
    void keepAvailableOffline();
  });
  onDestroy(() => {
    clearTimeout(goLive);
    clock.stop();
    store.disconnect();
  });
  return { store, clock };
}
