// Outgoing webhooks: addresses the facilitator gave (webhook:add) hear every change of the plan,
// posted by the process that committed it, after the ack and the broadcast, never holding either
// up. Each webhook has one line of posts: a change goes out only after the one before it was
// taken or given up, so a receiver hears the versions in order. A post that fails is sent again,
// the same body, after each pause of the backoff (about 1 s, 10 s, 1 min, 10 min); then it is
// given up, the webhook is marked failing and the facilitator's board says so. While it fails,
// each later change is tried once: the first that goes through marks it working again.
// Webhooks are kept beside the board: no version, no broadcast, never in a snapshot or an export.
import { createHmac, randomUUID } from 'node:crypto';
import type { Store, StoredWebhook } from '../db/store.ts';
import type { Board } from '../shared/board.ts';
import { changeSentence, testSentence } from '../shared/change-sentence.ts';
import { commandError, type CommandError } from '../shared/errors.ts';
import type { DomainEvent } from '../shared/events.ts';
import { LIMITS } from '../shared/limits.ts';
import type { WebhookInfo, WebhookTestResult } from '../shared/protocol.ts';
import { issuedSecret, newSecret } from './auth.ts';
import { newId } from './ids.ts';
import { ADDRESS_PROBLEM_TEXT, outsideAddressProblem, publicHost } from './outside-address.ts';

/** The pauses before each retry of a failed post: then it is given up. */
export const WEBHOOK_BACKOFF_MS: readonly number[] = [1_000, 10_000, 60_000, 600_000];
/** How long a receiver may take to answer one post. */
const ANSWER_MS = 10_000;
/** Posts one webhook keeps waiting: a receiver away for long loses the oldest, not the server its memory. */
const WAITING_AT_MOST = 200;

/** The pauses from `PITCHBOARD_WEBHOOK_BACKOFF_MS` ("50,100,200": tests), or the usual ones. */
export function backoffFromEnv(value: string | undefined): readonly number[] {
  const pauses = (value ?? '').split(',').filter(Boolean).map(Number);
  return pauses.length > 0 && pauses.every((ms) => Number.isInteger(ms) && ms >= 0) ? pauses : WEBHOOK_BACKOFF_MS;
}

/** The signature header's value: the body's HMAC-SHA256 under the webhook's secret, in hex. */
export function signature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export interface WebhookDeps {
  store: Store;
  /** Take http and local addresses (PITCHBOARD_WEBHOOK_ALLOW_HTTP=1): for tests' own receivers only. */
  allowHttp: boolean;
  backoffMs?: readonly number[];
  answerMs?: number;
  /** A post that failed, for the log: never its address or secret. */
  failed(error: unknown): void;
}

/** A change as a webhook in the `json` format hears it. */
export interface WebhookChange {
  event: string;
  version: number;
  events: DomainEvent[];
  at: string;
}

interface Post {
  body: string;
  /** The same on every retry of this post: a receiver may drop one it has taken already. */
  delivery: string;
}

/** One webhook's posts, sent one after the other. */
interface Line {
  eventId: number;
  webhook: StoredWebhook;
  waiting: Post[];
  sending: boolean;
  removed: boolean;
}

type Refused = { refused: CommandError };

export class Webhooks {
  readonly #deps: WebhookDeps;
  readonly #lines = new Map<string, Line>();
  /** Per event, the changes being read in: in the order they came, whatever the database answers first. */
  readonly #reading = new Map<number, Promise<void>>();
  readonly #statusListeners: Array<(eventId: number) => void> = [];
  readonly #closing = new AbortController();
  /** Lines and changes under way, for tests and a clean shutdown. */
  readonly #busy = new Set<Promise<void>>();

  constructor(deps: WebhookDeps) {
    this.#deps = deps;
  }

  /** Hears when a webhook of an event starts or stops failing, or one is added or removed. */
  whenStatusChanged(listener: (eventId: number) => void): void {
    this.#statusListeners.push(listener);
  }

  async add(eventId: number, payload: { commandId?: string; url: string; format: 'json' | 'text' }): Promise<{ webhookId: string; secret: string } | Refused> {
    const url = payload.url.trim();
    const problem = outsideAddressProblem(url, this.#deps.allowHttp);
    if (problem) return { refused: commandError('invalid', 'webhook_address', `Invalid url: it ${ADDRESS_PROBLEM_TEXT[problem]}.`, { field: 'url' }) };
    const kept = await this.#deps.store.addWebhook(
      eventId,
      { webhookId: newId('wh'), url, format: payload.format, seed: payload.commandId ?? newSecret(), failingSince: null, commandId: payload.commandId ?? null },
      LIMITS.webhooks,
      new Date(),
    );
    if (!kept) {
      return {
        refused: commandError('invalid', 'too_many', `An event keeps ${LIMITS.webhooks} webhooks at most.`, { field: 'webhooks', limit: LIMITS.webhooks }),
      };
    }
    if (kept.isNew) this.#tellStatus(eventId);
    return { webhookId: kept.webhook.webhookId, secret: this.#secret(eventId, kept.webhook) };
  }

  async remove(eventId: number, webhookId: string): Promise<{ webhooks: WebhookInfo[] } | Refused> {
    if (!(await this.#deps.store.removeWebhook(eventId, webhookId))) return { refused: noSuchWebhook };
    const line = this.#lines.get(lineKey(eventId, webhookId));
    if (line) {
      line.removed = true;
      this.#lines.delete(lineKey(eventId, webhookId));
    }
    this.#tellStatus(eventId);
    return { webhooks: await this.list(eventId) };
  }

  async list(eventId: number): Promise<WebhookInfo[]> {
    return (await this.#deps.store.webhooks(eventId)).map(({ webhookId, url, format, failingSince }) => ({
      webhookId,
      url,
      format,
      failing: failingSince !== null,
    }));
  }

  /** Posts a test now, once, and says what the receiver answered; one that goes through marks the webhook working. */
  async test(eventId: number, board: Board, webhookId: string): Promise<WebhookTestResult | Refused> {
    const webhook = (await this.#deps.store.webhooks(eventId)).find((w) => w.webhookId === webhookId);
    if (!webhook) return { refused: noSuchWebhook };
    const at = new Date().toISOString();
    const body =
      webhook.format === 'text'
        ? JSON.stringify({ text: testSentence(board) })
        : JSON.stringify({ event: board.event.slug, version: null, events: [], at, test: true });
    const result = await this.#post(eventId, webhook, { body, delivery: randomUUID() });
    if (result.delivered && webhook.failingSince !== null) await this.#mark(eventId, webhook, null);
    return result;
  }

  /** A change was committed and broadcast: its post joins each webhook's line, in the order of the versions. */
  changed(
    eventId: number,
    slug: string,
    change: { version: number; events: DomainEvent[]; serverTime: number },
    boards: { before: Board; after: Board },
  ): void {
    const previous = this.#reading.get(eventId) ?? Promise.resolve();
    const reading = previous
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(async () => {
        const webhooks = await this.#deps.store.webhooks(eventId);
        if (webhooks.length === 0) return;
        // Written once for all the event's webhooks of each format.
        let json: string | undefined;
        const asJson = (): string =>
          (json ??= JSON.stringify({
            event: slug,
            version: change.version,
            events: change.events,
            at: new Date(change.serverTime).toISOString(),
          } satisfies WebhookChange));
        const sentence = webhooks.some((w) => w.format === 'text') ? changeSentence(boards.before, boards.after, boards.after.event.locale) : undefined;
        const text = sentence === undefined ? undefined : JSON.stringify({ text: sentence });
        for (const webhook of webhooks) {
          // A change with nothing to say to people is no post to a chat channel.
          if (webhook.format === 'text' && text === undefined) continue;
          const body = webhook.format === 'text' ? text! : asJson();
          this.#queue(eventId, webhook, { body, delivery: randomUUID() });
        }
      })
      .catch((error: unknown) => this.#deps.failed(error));
    this.#reading.set(eventId, reading);
    this.#track(reading);
    void reading.finally(() => {
      if (this.#reading.get(eventId) === reading) this.#reading.delete(eventId);
    });
  }

  /** Resolves once nothing is under way: every post taken, given up or waiting for nothing. */
  async settled(): Promise<void> {
    while (this.#busy.size > 0) await Promise.all(this.#busy);
  }

  /** Stops every retry: a server that closes posts nothing more. */
  close(): void {
    this.#closing.abort();
    for (const line of this.#lines.values()) line.removed = true;
    this.#lines.clear();
  }

  #queue(eventId: number, webhook: StoredWebhook, post: Post): void {
    const key = lineKey(eventId, webhook.webhookId);
    const line = this.#lines.get(key) ?? { eventId, webhook, waiting: [], sending: false, removed: false };
    this.#lines.set(key, line);
    // The address or format may have changed meanwhile; whether it fails is the line's own business.
    line.webhook = { ...webhook, failingSince: line.sending ? line.webhook.failingSince : webhook.failingSince };
    line.waiting.push(post);
    if (line.waiting.length > WAITING_AT_MOST) line.waiting.splice(0, line.waiting.length - WAITING_AT_MOST);
    if (!line.sending) this.#track(this.#send(line));
  }

  async #send(line: Line): Promise<void> {
    line.sending = true;
    try {
      while (!line.removed && line.waiting.length > 0) {
        const post = line.waiting.shift()!;
        const delivered = await this.#deliver(line, post);
        if (line.removed) return;
        const failing = line.webhook.failingSince !== null;
        if (delivered && failing) await this.#mark(line.eventId, line.webhook, null);
        if (!delivered && !failing) await this.#mark(line.eventId, line.webhook, new Date().toISOString());
      }
    } catch (error) {
      this.#deps.failed(error);
    } finally {
      line.sending = false;
      if (line.waiting.length === 0) this.#lines.delete(lineKey(line.eventId, line.webhook.webhookId));
    }
  }

  /** One post with its retries (one try only while the webhook fails): whether it was taken. */
  async #deliver(line: Line, post: Post): Promise<boolean> {
    const pauses = line.webhook.failingSince === null ? (this.#deps.backoffMs ?? WEBHOOK_BACKOFF_MS) : [];
    for (let attempt = 0; ; attempt++) {
      if ((await this.#post(line.eventId, line.webhook, post)).delivered) return true;
      const pause = pauses[attempt];
      if (pause === undefined || !(await this.#wait(pause))) return false;
      // Removed meanwhile (perhaps by another process): no more tries.
      if (line.removed || !(await this.#deps.store.webhooks(line.eventId)).some((w) => w.webhookId === line.webhook.webhookId)) {
        line.removed = true;
        return false;
      }
    }
  }

  async #post(eventId: number, webhook: StoredWebhook, post: Post): Promise<WebhookTestResult> {
    try {
      if (!this.#deps.allowHttp && !(await publicHost(webhook.url))) return { delivered: false, status: null };
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Pitchboard-Webhook',
          'x-pitchboard-signature': signature(post.body, this.#secret(eventId, webhook)),
          'x-pitchboard-delivery': post.delivery,
        },
        body: post.body,
        redirect: 'error',
        signal: AbortSignal.any([AbortSignal.timeout(this.#deps.answerMs ?? ANSWER_MS), this.#closing.signal]),
      });
      await response.body?.cancel();
      return { delivered: response.ok, status: response.status };
    } catch (error) {
      // The message names no address: fetch's own may hold it.
      this.#deps.failed(new Error(`a webhook post failed: ${(error as Error).name}`));
      return { delivered: false, status: null };
    }
  }

  async #mark(eventId: number, webhook: StoredWebhook, failingSince: string | null): Promise<void> {
    webhook.failingSince = failingSince;
    await this.#deps.store.markWebhook(eventId, webhook.webhookId, failingSince);
    this.#tellStatus(eventId);
  }

  #tellStatus(eventId: number): void {
    for (const listener of this.#statusListeners) listener(eventId);
  }

  #secret(eventId: number, webhook: StoredWebhook): string {
    return issuedSecret(this.#deps.store.serverSecret(), { kind: 'webhook secret', eventId, subject: webhook.webhookId, commandId: webhook.seed });
  }

  /** Waits `ms`, unless the server closes first (false). */
  #wait(ms: number): Promise<boolean> {
    const closing = this.#closing.signal;
    if (closing.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        closing.removeEventListener('abort', stop);
        resolve(true);
      }, ms);
      const stop = () => {
        clearTimeout(timer);
        resolve(false);
      };
      closing.addEventListener('abort', stop, { once: true });
    });
  }

  #track(work: Promise<void>): void {
    this.#busy.add(work);
    void work.finally(() => this.#busy.delete(work));
  }
}

const noSuchWebhook = commandError('not_found', 'no_such', 'There is no such webhook.', { field: 'webhookId' });

const lineKey = (eventId: number, webhookId: string) => `${eventId}:${webhookId}`;
