// The webhooks part of the facilitator's settings (client/components/WebhookSettings.svelte): the
// event's webhooks, adding one (its secret shown once), a test post, removing one. Webhooks are
// kept beside the board (server/webhooks.ts); the store keeps the list the server last said.
import type { Ack, WebhookInfo, WebhookTestResult } from '../../shared/protocol.ts';
import type { BoardStore } from './board.svelte.ts';
import { errorText } from './i18n/i18n.svelte.ts';
import { refusalText } from './refusal.ts';
import { newCommandId } from './socket.ts';

/**
 * A webhook's address as a screen shows it: its host and, for a long path, the path's last four
 * characters (two hooks of one chat server told apart), not the rest. A chat's hook address holds
 * its secret in the path (Slack's `/services/T…/B…/…`), and the facilitator's laptop is often the
 * projector.
 */
export function shownAddress(url: string): string {
  try {
    const { host, pathname, search } = new URL(url);
    const rest = `${pathname}${search}`;
    if (rest.length <= 1) return host;
    return rest.length >= 16 ? `${host}/…${rest.slice(-4)}` : `${host}/…`;
  } catch {
    return '…';
  }
}

/** A test post waits for the receiver's answer: the server gives it 10 s. */
const TEST_PATIENCE_MS = 15_000;

export class WebhookSettings {
  url = $state('');
  format = $state<WebhookInfo['format']>('text');
  /** What went wrong, in the page's language; empty when all is well. */
  message = $state('');
  /** The webhook just added with its signing secret: shown once, here only. */
  added = $state<{ webhookId: string; url: string; secret: string } | null>(null);
  /** What the last test post of each webhook met ('sending' while it waits). */
  tested = $state<Record<string, WebhookTestResult | 'sending'>>({});
  readonly #store: BoardStore;

  constructor(store: BoardStore) {
    this.#store = store;
  }

  get webhooks(): readonly WebhookInfo[] {
    return this.#store.webhooks;
  }

  /** Asks the server for the list (the dialog opens). */
  async load(): Promise<void> {
    const ack = await this.#store.ask('webhook:list', {});
    if (this.#said(ack) && ack?.ok) this.#store.noteWebhooks(ack.data!.webhooks);
  }

  async add(): Promise<void> {
    // A link pasted with a space around it is still the link.
    const url = this.url.trim();
    const ack = await this.#store.ask('webhook:add', { commandId: newCommandId(), url, format: this.format });
    if (!this.#said(ack) || !ack?.ok) return;
    this.added = { ...ack.data!, url };
    this.url = '';
    await this.load();
  }

  async remove(webhookId: string): Promise<void> {
    const ack = await this.#store.ask('webhook:remove', { webhookId });
    if (!this.#said(ack) || !ack?.ok) return;
    if (this.added?.webhookId === webhookId) this.added = null;
    this.#store.noteWebhooks(ack.data!.webhooks);
  }

  async test(webhookId: string): Promise<void> {
    this.tested = { ...this.tested, [webhookId]: 'sending' };
    const ack = await this.#store.ask('webhook:test', { webhookId }, TEST_PATIENCE_MS);
    const { [webhookId]: _sending, ...others } = this.tested;
    this.tested = this.#said(ack) && ack?.ok ? { ...others, [webhookId]: ack.data! } : others;
    // A test taken marks a failing webhook working: the list says so.
    if (ack?.ok && ack.data!.delivered) await this.load();
  }

  /** Shows what a refused or unanswered question means; whether it was answered at all. */
  #said(ack: Ack<unknown> | null): boolean {
    this.message = ack === null ? errorText('no_answer') : ack.ok ? '' : refusalText({ ...ack.error });
    return ack !== null;
  }
}
