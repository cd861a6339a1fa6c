// The webhooks part of the settings dialog (client/lib/webhook-settings.svelte.ts), without a
// browser: the facilitator's store asks the real answers (server/queries.ts, server/webhooks.ts)
// on a database in memory, and a receiver on this machine takes the test posts.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import '../../client/lib/i18n/messages-more.ts';
import { i18n } from '../../client/lib/i18n/i18n.svelte.ts';
import type { BoardStore } from '../../client/lib/board.svelte.ts';
import { shownAddress, WebhookSettings } from '../../client/lib/webhook-settings.svelte.ts';
import { queryAnswers } from '../../server/queries.ts';
import type { SocketData } from '../../server/realtime/handshake.ts';
import { Webhooks } from '../../server/webhooks.ts';
import { checkQuery } from '../../server/writer.ts';
import type { QueryName } from '../../shared/queries.ts';
import { eventInMemory, type EventInMemory } from '../helpers/in-memory.ts';
import { liveStore } from '../helpers/live-store.ts';
import type { FakeSocket } from '../helpers/fake-socket.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

let memory: EventInMemory;
let store: BoardStore;
let socket: FakeSocket;
let webhooks: Webhooks;
let receiver: WebhookReceiver;
let settings: WebhookSettings;

/** The socket answers the webhook questions as the server does. */
function answerWebhookQuestions() {
  const answers = queryAnswers({ writer: memory.writer, webhooks, taps: undefined as never, lift: () => ({ networks: [] }) });
  for (const name of ['webhook:add', 'webhook:remove', 'webhook:test', 'webhook:list'] satisfies QueryName[]) {
    socket.answer(name, async (sent) => {
      const checked = checkQuery(name, sent);
      if (!('payload' in checked)) return checked;
      const answer = await (answers[name] as (asker: SocketData, payload: unknown) => Promise<{ ack: unknown }>)(
        memory.facilitator as SocketData,
        checked.payload,
      );
      return answer.ack;
    });
  }
}

beforeEach(async () => {
  i18n.language = 'de';
  memory = await eventInMemory();
  webhooks = new Webhooks({ store: memory.store, allowHttp: true, backoffMs: [], failed: () => {} });
  receiver = await startWebhookReceiver();
  ({ store, socket } = await liveStore(memory.writer, memory.facilitator));
  answerWebhookQuestions();
  settings = new WebhookSettings(store);
});
afterEach(async () => {
  store.disconnect();
  webhooks.close();
  await receiver.close();
  memory.db.close();
});

describe('the webhooks of the settings dialog', () => {
  it('adds a webhook, shows its secret once, and lists it without the secret', async () => {
    settings.url = `  ${receiver.url} `;
    settings.format = 'json';
    await settings.add();
    expect(settings.message).toBe('');
    expect(settings.added).toEqual({ webhookId: expect.stringMatching(/^wh_/), url: receiver.url, secret: expect.stringMatching(/^[\w-]{32}$/) });
    expect(settings.url).toBe('');
    expect(settings.webhooks).toEqual([{ webhookId: settings.added!.webhookId, url: receiver.url, format: 'json', failing: false }]);
    // Removed: gone from the list, and its secret from the dialog.
    await settings.remove(settings.added!.webhookId);
    expect(settings.webhooks).toEqual([]);
    expect(settings.added).toBeNull();
  });

  it('says a refused address in the page’s language, naming the field, and keeps what was typed', async () => {
    settings.url = 'ftp://example.org/hook';
    await settings.add();
    expect(settings.message).toBe('Webhook-Adresse: nur https://-Adressen im öffentlichen Internet, keine lokalen oder privaten.');
    expect(settings.url).toBe('ftp://example.org/hook');
    expect(settings.added).toBeNull();
    i18n.language = 'en';
    await settings.remove('wh_gone');
    expect(settings.message).toBe('This webhook does not exist (any more). The board is up to date again.');
  });

  it('sends a test and says what the receiver answered', async () => {
    settings.url = receiver.url;
    await settings.add();
    const { webhookId } = settings.added!;
    receiver.answer = () => 502;
    const sending = settings.test(webhookId);
    expect(settings.tested[webhookId]).toBe('sending');
    await sending;
    expect(settings.tested[webhookId]).toEqual({ delivered: false, status: 502 });
    receiver.answer = () => 204;
    await settings.test(webhookId);
    expect(settings.tested[webhookId]).toEqual({ delivered: true, status: 204 });
    expect(receiver.received.at(-1)!.body).toEqual({ text: 'Test von Pitchboard für „Testcamp“: Dieser Webhook kommt an.' });
  });

  it('follows what the server tells every facilitator screen: a webhook that fails', async () => {
    const failing = [{ webhookId: 'wh_1', url: 'https://chat.example.org/hook', format: 'text' as const, failing: true }];
    socket.push('webhook:status', { webhooks: failing });
    expect(store.webhooks).toEqual(failing);
    expect(settings.webhooks).toEqual(failing);
  });
});

describe('a webhook’s address on screen', () => {
  it('shows the host and the end of a long path, not the rest, where a chat keeps the hook’s secret', () => {
    expect(shownAddress('https://hooks.slack.com/services/T000/B000/XXXXXXXXwxyz')).toBe('hooks.slack.com/…wxyz');
    expect(shownAddress('https://chat.example.org:8443/hooks/abc?token=1')).toBe('chat.example.org:8443/…en=1');
    // A short path shows nothing of itself: four characters would give away too much of it.
    expect(shownAddress('https://chat.example.org/hook/abcd')).toBe('chat.example.org/…');
    expect(shownAddress('https://chat.example.org/?token=1')).toBe('chat.example.org/…');
    expect(shownAddress('https://chat.example.org/')).toBe('chat.example.org');
    expect(shownAddress('not an address')).toBe('…');
  });
});
