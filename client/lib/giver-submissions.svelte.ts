// A giver's page (client/views/GiverView.svelte): the sessions submitted from this phone, kept
// with their tokens on the device, and submitting a new one. The page only shows it.
import type { CommandPayload } from '../../shared/commands.ts';
import type { BoardStore } from './board.svelte.ts';
import { errorText, t } from './i18n/i18n.svelte.ts';
import { refusalText } from './refusal.ts';
import { loadMySessions, rememberSession, saveMySessions, type MySession } from './my-sessions.ts';

export type NewSession = Omit<CommandPayload<'session:submit'>, 'commandId'>;

export class GiverSubmissions {
  /** This phone's sessions at this event, oldest first. */
  mine = $state<MySession[]>([]);
  /** What the last submit came to, in the page's language. */
  message = $state('');
  readonly #store: BoardStore;

  constructor(store: BoardStore, fromLink?: MySession) {
    this.#store = store;
    const kept = loadMySessions(store.slug);
    this.mine = fromLink ? rememberSession(store.slug, kept, fromLink) : kept;
  }

  /** Submits a session; true when the server took it (the form then empties). */
  async submit(values: NewSession): Promise<boolean> {
    const result = await this.#store.send('session:submit', values);
    if (!result.ok || !result.data) {
      this.message = result.ok ? errorText('internal') : refusalText(result);
      return false;
    }
    this.mine = rememberSession(this.#store.slug, this.mine, result.data);
    this.message = t('giver.submitted', { title: values.title.trim() });
    return true;
  }

  /** Takes a session off this phone's list (the session itself stays on the board). */
  forget(sessionId: string): void {
    this.mine = this.mine.filter((m) => m.sessionId !== sessionId);
    saveMySessions(this.#store.slug, this.mine);
  }
}
