// "Benachrichtigen, wenn sich etwas ändert" on "Mein Plan": the phone subscribes to Web Push with
// the server's key and hands the subscription to the server under its feed (POST
// …/my/:feedId/push); from then on a change of a starred session reaches it as a notification,
// page open or not (client/public/sw.js shows it). Off again: DELETE on the same address. The view
// only shows it.
import { eventPaths } from '../../shared/links.ts';
import type { ServerConfig } from '../../shared/protocol.ts';
import type { Language } from '../../shared/language.ts';
import { errorText, t } from './i18n/i18n.svelte.ts';
import './i18n/messages-push.ts';

export type PushState = 'unsupported' | 'off' | 'on' | 'busy' | 'denied';

/** What the switch needs of the browser: its service worker's push manager and the permission. */
export interface PushBrowser {
  /** The service worker's push manager, once it runs; undefined where push cannot work (plain http, an old browser). */
  pushManager(): Promise<PushManager | undefined>;
  requestPermission(): Promise<NotificationPermission>;
}

/** The phone's feed: its id, and telling the server its stars first (pushes follow the stars the server has). */
export interface PushFeed {
  readonly id: string;
  flush(): Promise<void>;
}

const storageKey = (slug: string) => `pitchboard.push.${slug}`;

/** The browser's own, where it has them: a page on plain http has no service worker, so no push. */
export const browserPush: PushBrowser = {
  async pushManager() {
    if (typeof window === 'undefined' || !window.isSecureContext || !('serviceWorker' in navigator) || !('PushManager' in window)) return undefined;
    const registration = await navigator.serviceWorker.getRegistration();
    return registration?.pushManager;
  },
  requestPermission: () => Notification.requestPermission(),
};

/** A base64url key as the bytes PushManager.subscribe takes. */
export function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64url.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

export class PushSwitch {
  state = $state<PushState>('off');
  /** What the last try came to, in the page's language; empty when all is well. */
  message = $state('');
  readonly #slug: string;
  readonly #feed: PushFeed;
  readonly #browser: PushBrowser;
  readonly #fetch: typeof fetch;

  constructor(slug: string, feed: PushFeed, options: { browser?: PushBrowser; fetch?: typeof fetch } = {}) {
    this.#slug = slug;
    this.#feed = feed;
    this.#browser = options.browser ?? browserPush;
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** Finds out whether push works here, and whether this phone switched it on for the event before. */
  async start(): Promise<void> {
    const manager = await this.#browser.pushManager().catch(() => undefined);
    if (!manager) {
      this.state = 'unsupported';
      return;
    }
    const subscribed = (await manager.getSubscription().catch(() => null)) !== null;
    this.state = subscribed && this.#remembered() ? 'on' : 'off';
  }

  /** Switches the notifications on or off, in the language given for the pushes. */
  async toggle(language: Language): Promise<void> {
    if (this.state === 'on') await this.#off();
    else if (this.state === 'off' || this.state === 'denied') await this.#on(language);
  }

  async #on(language: Language): Promise<void> {
    this.state = 'busy';
    this.message = '';
    const manager = await this.#browser.pushManager().catch(() => undefined);
    if (!manager) {
      this.state = 'unsupported';
      return;
    }
    if ((await this.#browser.requestPermission()) !== 'granted') {
      this.state = 'denied';
      this.message = t('push.denied');
      return;
    }
    try {
      const config = (await (await this.#fetch('/api/config')).json()) as ServerConfig;
      const subscription = await manager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(config.pushKey) });
      await this.#feed.flush();
      const response = await this.#fetch(eventPaths.myPush(this.#slug, this.#feed.id), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ subscription: subscription.toJSON(), lang: language }),
      });
      if (!response.ok) {
        // Refused (a push service this server may not post to, too many phones): the switch stays off.
        this.#failed(response.status === 429 ? errorText('rate_limited') : t('push.failed'));
        return;
      }
      this.#remember(true);
      this.state = 'on';
      this.message = t('push.on');
    } catch {
      // No push service reachable (offline, or a browser without one): said, and the switch stays off.
      this.#failed(t('push.failed'));
    }
  }

  async #off(): Promise<void> {
    this.state = 'busy';
    try {
      const response = await this.#fetch(eventPaths.myPush(this.#slug, this.#feed.id), { method: 'DELETE' });
      if (!response.ok && response.status !== 404) throw new Error(String(response.status));
      // The browser's subscription stays: other events on this phone may use it.
      this.#remember(false);
      this.state = 'off';
      this.message = t('push.off');
    } catch {
      this.state = 'on';
      this.message = errorText('no_answer');
    }
  }

  #failed(message: string): void {
    this.state = 'off';
    this.message = message;
  }

  #remembered(): boolean {
    try {
      return localStorage.getItem(storageKey(this.#slug)) === '1';
    } catch {
      return false;
    }
  }

  #remember(on: boolean): void {
    try {
      if (on) localStorage.setItem(storageKey(this.#slug), '1');
      else localStorage.removeItem(storageKey(this.#slug));
    } catch {
      // Not remembered: the switch shows off after a reload, the pushes still come.
    }
  }
}
