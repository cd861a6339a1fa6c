// The facilitator's settings dialog (client/components/EventSettings.svelte): the event's title,
// time zone, pitch length and notes-link template, and a new facilitator key. The dialog only shows it.
import { LIMITS } from '../../shared/limits.ts';
import { eventPaths } from '../../shared/links.ts';
import type { BoardStore } from './board.svelte.ts';
import { rememberFacilitatorKey } from './facilitator-key.ts';
import { errorText } from './i18n/i18n.svelte.ts';
import { refusalText } from './refusal.ts';

export class EventSettingsForm {
  /** The form starts from the current settings. */
  title = $state('');
  timezone = $state('');
  /** The template of every session's notes link (shared/notes-link.ts); empty for none. */
  notesLink = $state('');
  /** What went wrong, in the page's language; empty when all is well. */
  message = $state('');
  /** The board's link with the new key, once it was made. */
  newLink = $state<string | null>(null);
  /** The key made here: the export asks with it (the page's own key no longer works). */
  rotatedKey: string | undefined;
  readonly #store: BoardStore;

  constructor(store: BoardStore) {
    this.#store = store;
    this.title = store.board!.event.title;
    this.timezone = store.board!.event.timezone;
    this.notesLink = store.board!.event.notesLink;
  }

  async save(): Promise<void> {
    // A link pasted with a space around it is still the link.
    this.notesLink = this.notesLink.trim();
    const result = await this.#store.send('event:update', { title: this.title, timezone: this.timezone, notesLink: this.notesLink });
    this.message = result.ok ? '' : refusalText(result);
  }

  /**
   * A pitch length typed in seconds: sent when it is a whole number within the limits and not the
   * current one. Returns what the field shows afterwards (the current length when it was refused).
   */
  setPitchLength(typed: string): string {
    const seconds = Number(typed);
    const current = this.#store.board!.event.pitchSeconds;
    if (!Number.isInteger(seconds) || seconds < LIMITS.pitchSecondsMin || seconds > LIMITS.pitchSecondsMax) return String(current);
    if (seconds !== current) void this.#store.send('event:update', { pitchSeconds: seconds });
    return typed;
  }

  /** A new facilitator key: the old link stops working; the new one is kept on this device. */
  async rotateKey(origin: string): Promise<void> {
    const result = await this.#store.send('event:rotate-key', {});
    if (!result.ok || !result.data) {
      this.message = result.ok ? errorText('internal') : refusalText(result);
      return;
    }
    this.#store.keyReplaced(result.data.key);
    this.rotatedKey = result.data.key;
    rememberFacilitatorKey(this.#store.slug, result.data.key);
    this.newLink = `${origin}${eventPaths.board(this.#store.slug, result.data.key)}`;
  }

  /**
   * The event's data as a file's content: the export needs the key in a header, so it is fetched
   * here (with the key made here, once there is one) and the dialog hands it over as a file.
   */
  async exportData(pageKey: string | undefined): Promise<Blob | undefined> {
    const key = this.rotatedKey ?? pageKey;
    const response = await fetch(eventPaths.exportData(this.#store.slug), { headers: key ? { authorization: `Bearer ${key}` } : {} });
    if (response.ok) return response.blob();
    this.message = errorText(response.status === 401 ? 'unauthorized' : 'internal');
    return undefined;
  }
}
