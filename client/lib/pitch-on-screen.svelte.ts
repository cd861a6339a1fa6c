// The session at the microphone as a screen shows it: gone by itself once the pitch is no longer
// worth showing (shared/pitch-on-screen.ts), without waiting for the next change to the board.
// Create during component init (it sets up an effect).
import { pitchOnScreen, pitchShownUntil } from '../../shared/pitch-on-screen.ts';
import type { BoardStore } from './board.svelte.ts';

export class PitchOnScreen {
  readonly #store: BoardStore;
  /** Server time at which the rule was last looked at. */
  #now = $state(0);

  constructor(store: BoardStore) {
    this.#store = store;
    this.#now = store.serverNow();
    $effect(() => {
      const pitch = store.board?.pitch;
      if (!pitch) return;
      const now = store.serverNow();
      this.#now = now;
      const until = pitchShownUntil(pitch);
      if (!Number.isFinite(until) || until <= now) return;
      // Looked at again just after the moment the panel is to leave.
      const timer = setTimeout(() => (this.#now = store.serverNow()), until - now + 100);
      return () => clearTimeout(timer);
    });
  }

  /** The id of the session to show as pitching now, or null. */
  get sessionId(): string | null {
    const pitch = this.#store.board?.pitch;
    return pitch ? pitchOnScreen(pitch, this.#now) : null;
  }
}
