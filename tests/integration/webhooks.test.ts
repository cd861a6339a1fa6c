// Outgoing webhooks (server/webhooks.ts), end to end: the facilitator adds one over the socket,
// changes the plan, and a receiver on this machine checks what arrives: signed, in order, retried,
// given up and said on the board, in German as a sentence, never holding up an ack.
import { createHmac, randomBytes } from 'node:crypto';
import { connect } from 'socket.io-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Board } from '../../shared/board.ts';
import type { WebhookInfo } from '../../shared/protocol.ts';
import type { Ack } from '../../shared/protocol.ts';
import { capturedLog, connectClient, type TestClient } from '../helpers/server.ts';
import { serverPerFile, type EventOnServer } from '../helpers/server-per-file.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver.ts';

/** What the file's server logs: no secret or address may be in it. */
const log = capturedLog();
const perFile = serverPerFile({ webhookAllowHttp: true, webhookBackoffMs: [30, 30], logger: log.logger });
let server: EventOnServer;
let boss: TestClient;
let receiver: WebhookReceiver;

beforeEach(async () => {
  server = perFile.server;
  boss = await perFile.client(server.key);
  receiver = await startWebhookReceiver();
});
afterEach(async () => {
  await receiver.close();
});

const board = (): Board => boss.snapshot.board;
const cell = (room: string, start: string) => ({
  roomId: board().rooms.find((r) => r.name === room)!.id,
  slotId: board().slots.find((s) => s.start === start)!.id,
});
const commandId = () => randomBytes(16).toString('hex');

async function addWebhook(format: 'json' | 'text' = 'json', url = receiver.url, client = boss) {
  const ack = await client.send<{ webhookId: string; secret: string }>('webhook:add', { commandId: commandId(), url, format });
  if (!ack.ok) throw new Error(`webhook:add: ${ack.error.message}`);
  return ack.data!;
}

async function change(name: string, payload: Record<string, unknown>) {
  const ack = await boss.send(name, payload);
  if (!ack.ok) throw new Error(`${name}: ${ack.error.message}`);
  return ack.version;
}

async function list(): Promise<WebhookInfo[]> {
  const ack = await boss.send<{ webhooks: WebhookInfo[] }>('webhook:list', {});
  if (!ack.ok) throw new Error(ack.error.message);
  return ack.data!.webhooks;
}

/** What a refused ack says (undefined for one that went through). */
const refusalOf = (ack: Ack<unknown>) => (ack.ok ? undefined : ack.error);

const signed = (raw: string, secret: string) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

describe('adding, listing and removing webhooks', () => {
  it('answers the secret once, lists the webhook without it, and changes no version and no snapshot', async () => {
    const before = await boss.send('board:sync', {});
    const { webhookId, secret } = await addWebhook('text');
    expect(webhookId).toMatch(/^wh_[A-Za-z0-9_-]+$/);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await list()).toEqual([{ webhookId, url: receiver.url, format: 'text', failing: false }]);
    const after = await boss.send('board:sync', {});
    expect(after.ok && after.version).toBe(before.ok && before.version);
    expect(boss.broadcasts).toEqual([]);
    // Nowhere a screen or a file could read it: not the snapshot, not the export, not the log.
    const exported = await (await fetch(`${server.url}/api/events/${server.slug}/export.json`, { headers: { authorization: `Bearer ${server.key}` } })).text();
    for (const text of [JSON.stringify(after), exported, JSON.stringify(log.lines)]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(receiver.url);
    }
  });

  it('gives a retry of the same command the same webhook and secret, and keeps one', async () => {
    const id = commandId();
    const first = await boss.send('webhook:add', { commandId: id, url: receiver.url, format: 'json' });
    const again = await boss.send('webhook:add', { commandId: id, url: receiver.url, format: 'json' });
    expect(again).toEqual(first);
    expect(await list()).toHaveLength(1);
    // Another command gets another secret.
    const other = await addWebhook('json');
    expect(other.secret).not.toBe((first as { data: { secret: string } }).data.secret);
  });

  it('removes a webhook, which then hears nothing, and refuses one that is not there', async () => {
    const { webhookId } = await addWebhook();
    const removed = await boss.send<{ webhooks: WebhookInfo[] }>('webhook:remove', { webhookId });
    expect(removed.ok && removed.data).toEqual({ webhooks: [] });
    await change('session:place', { sessionId: board().sessions[0]!.id, ...cell('Raum A', '10:00') });
    await server.app.webhooks.settled();
    expect(receiver.received).toEqual([]);
    expect(refusalOf(await boss.send('webhook:remove', { webhookId }))).toMatchObject({ code: 'not_found', reason: 'no_such', field: 'webhookId' });
    expect(refusalOf(await boss.send('webhook:test', { webhookId }))).toMatchObject({ code: 'not_found', reason: 'no_such', field: 'webhookId' });
  });

  it('keeps them the facilitator’s: a phone is refused every one of them', async () => {
    const phone = await connectClient(server.url, { event: server.slug });
    try {
      for (const [name, payload] of [
        ['webhook:add', { url: receiver.url, format: 'json' }],
        ['webhook:list', {}],
        ['webhook:remove', { webhookId: 'wh_x' }],
        ['webhook:test', { webhookId: 'wh_x' }],
      ] as const) {
        expect(refusalOf(await phone.send(name, payload)), name).toMatchObject({ code: 'forbidden', reason: 'facilitator_only' });
      }
      expect(await list()).toEqual([]);
    } finally {
      phone.close();
    }
  });

  it('keeps at most 10 for an event', async () => {
    for (let i = 0; i < 10; i++) await addWebhook();
    expect(refusalOf(await boss.send('webhook:add', { url: receiver.url, format: 'json' }))).toMatchObject({
      code: 'invalid',
      reason: 'too_many',
      field: 'webhooks',
      limit: 10,
    });
    expect(await list()).toHaveLength(10);
  });
});

describe('addresses the server will not post to', () => {
  it('refuses http, local, private and link-local addresses, and what is no address at all, unless the test switch is set', async () => {
    const guarded = await perFile.ownServer();
    const facilitator = await connectClient(guarded.url, { event: guarded.slug, key: guarded.key });
    try {
      for (const url of [
        receiver.url,
        'http://example.org/hook',
        'https://localhost/hook',
        'https://127.0.0.1/hook',
        'https://10.1.2.3/hook',
        'https://192.168.0.10/hook',
        'https://169.254.169.254/latest/meta-data',
        'https://[::1]/hook',
        'https://[fe80::1]/hook',
        'ftp://example.org/hook',
        'not an address',
      ]) {
        expect(refusalOf(await facilitator.send('webhook:add', { url, format: 'json' })), url).toMatchObject({
          code: 'invalid',
          reason: 'webhook_address',
          field: 'url',
        });
      }
      const ok = await facilitator.send('webhook:add', { url: 'https://hooks.example.org/pitchboard', format: 'json' });
      expect(ok.ok).toBe(true);
    } finally {
      facilitator.close();
    }
  });

  it('checks the address again before each post: a webhook that points here by then hears nothing', async () => {
    // As if its name had pointed elsewhere when it was added (a name may point anywhere later):
    // kept without the check, on a server without the test switch (and short pauses).
    const guarded = await perFile.ownServer({ webhookBackoffMs: [10] });
    const eventId = (await guarded.store.findEvent(guarded.slug))!.id;
    const stored = { webhookId: 'wh_here', url: receiver.url, format: 'json' as const, seed: commandId(), failingSince: null, commandId: null };
    await guarded.store.addWebhook(eventId, stored, 10, new Date());
    const facilitator = await connectClient(guarded.url, { event: guarded.slug, key: guarded.key });
    try {
      expect(await facilitator.send('webhook:test', { webhookId: 'wh_here' })).toMatchObject({ ok: true, data: { delivered: false, status: null } });
      const { sessions, rooms, slots } = facilitator.snapshot.board;
      expect(await facilitator.send('session:place', { sessionId: sessions[0]!.id, roomId: rooms[0]!.id, slotId: slots[0]!.id })).toMatchObject({ ok: true });
      await guarded.app.webhooks.settled();
      expect(receiver.received).toEqual([]);
    } finally {
      facilitator.close();
    }
  });

  it('refuses a payload of the wrong shape as invalid, naming the field', async () => {
    expect(refusalOf(await boss.send('webhook:add', { url: receiver.url, format: 'xml' }))).toMatchObject({ code: 'invalid', field: 'format' });
    expect(refusalOf(await boss.send('webhook:add', { url: receiver.url, format: 'json', commandId: 'short' }))).toMatchObject({
      code: 'invalid',
      field: 'commandId',
    });
    expect(await list()).toEqual([]);
  });
});

describe('what a webhook hears', () => {
  it('every change in version order, as JSON, signed with its secret', async () => {
    const { secret } = await addWebhook('json');
    const [first, second, third] = board().sessions;
    const versions = [
      await change('session:place', { sessionId: first!.id, ...cell('Raum A', '10:00') }),
      await change('session:place', { sessionId: second!.id, ...cell('Raum B', '10:00') }),
      await change('session:place', { sessionId: third!.id, ...cell('Raum C', '11:00') }),
      await change('session:unplace', { sessionId: first!.id }),
      await change('event:update', { title: 'Testcamp 2026' }),
    ];
    const posts = await receiver.waitFor(5);
    await boss.waitForVersion(versions.at(-1)!);
    expect(posts.map((post) => post.body.version)).toEqual(versions);
    for (const [index, post] of posts.entries()) {
      const broadcast = boss.broadcasts.find((b) => b.version === versions[index]);
      expect(post.body).toEqual({ event: server.slug, version: versions[index], events: broadcast!.events, at: expect.any(String) });
      expect(new Date(post.body.at as string).getTime()).toBe(broadcast!.serverTime);
      expect(post.headers['x-pitchboard-signature']).toBe(signed(post.raw, secret));
      expect(post.headers['content-type']).toBe('application/json');
    }
    // A signature under another secret does not match: the check can fail.
    expect(posts[0]!.headers['x-pitchboard-signature']).not.toBe(signed(posts[0]!.raw, `${secret}x`));
  });

  it('says a change in one German sentence in the text format, and leaves out what people do not follow', async () => {
    await addWebhook('text');
    const [first] = board().sessions;
    await change('session:place', { sessionId: first!.id, ...cell('Raum A', '10:00') });
    await change('pitch:start', {});
    await change('session:place', { sessionId: first!.id, ...cell('Raum B', '13:00') });
    await change('session:unplace', { sessionId: first!.id });
    await server.app.webhooks.settled();
    expect(receiver.received.map((post) => post.body)).toEqual([
      { text: '„Erste Session“ ist jetzt im Raum „Raum A“ um 10:00.' },
      { text: '„Erste Session“ ist jetzt im Raum „Raum B“ um 13:00.' },
      { text: '„Erste Session“ ist nicht mehr im Plan.' },
    ]);
  });

  it('sends a post the receiver did not take again, the same body, and the next change after it', async () => {
    await addWebhook('json');
    receiver.answer = (_post, index) => (index === 0 ? 500 : 200);
    const [first, second] = board().sessions;
    await change('session:place', { sessionId: first!.id, ...cell('Raum A', '10:00') });
    await change('session:place', { sessionId: second!.id, ...cell('Raum B', '10:00') });
    const [failed, retried, next] = await receiver.waitFor(3);
    expect(retried!.raw).toBe(failed!.raw);
    expect(retried!.headers['x-pitchboard-delivery']).toBe(failed!.headers['x-pitchboard-delivery']);
    expect(next!.body.version).toBe((failed!.body.version as number) + 1);
    expect(next!.headers['x-pitchboard-delivery']).not.toBe(failed!.headers['x-pitchboard-delivery']);
    await server.app.webhooks.settled();
    expect((await list())[0]!.failing).toBe(false);
  });

  it('gives a post up after every retry, says so on the facilitator’s board, and works again with the next change taken', async () => {
    const { webhookId } = await addWebhook('json');
    const told: WebhookInfo[][] = [];
    boss.socket.on('webhook:status', ({ webhooks }: { webhooks: WebhookInfo[] }) => told.push(webhooks));
    receiver.answer = () => 500;
    const [first, second] = board().sessions;
    await change('session:place', { sessionId: first!.id, ...cell('Raum A', '10:00') });
    await server.app.webhooks.settled();
    // The first try and one after each of the two pauses.
    expect(receiver.received).toHaveLength(3);
    expect(await list()).toEqual([{ webhookId, url: receiver.url, format: 'json', failing: true }]);
    await expect.poll(() => told.at(-1)).toEqual([{ webhookId, url: receiver.url, format: 'json', failing: true }]);
    // A facilitator screen that opens now is told at once (listening before it connects).
    const late = connect(server.url, { auth: { event: server.slug, key: server.key }, transports: ['websocket'], reconnection: false, forceNew: true });
    const toldLate = new Promise((resolve) => late.once('webhook:status', resolve));
    try {
      expect(await toldLate).toEqual({ webhooks: [{ webhookId, url: receiver.url, format: 'json', failing: true }] });
    } finally {
      late.close();
    }
    // While it fails, a change is tried once; the first one taken marks it working.
    await change('session:place', { sessionId: second!.id, ...cell('Raum B', '10:00') });
    await server.app.webhooks.settled();
    expect(receiver.received).toHaveLength(4);
    receiver.answer = () => 200;
    await change('session:unplace', { sessionId: second!.id });
    await server.app.webhooks.settled();
    expect(receiver.received).toHaveLength(5);
    expect((await list())[0]!.failing).toBe(false);
    await expect.poll(() => told.at(-1)?.[0]?.failing).toBe(false);
  });

  it('never holds up an ack: changes are answered while the receiver has not answered the first post', async () => {
    await addWebhook('json');
    receiver.answer = () => 'hold';
    const [first, second, third] = board().sessions;
    await change('session:place', { sessionId: first!.id, ...cell('Raum A', '10:00') });
    await receiver.waitFor(1);
    // The first post is still open: the next changes are acked and broadcast all the same.
    const later = [
      await change('session:place', { sessionId: second!.id, ...cell('Raum B', '10:00') }),
      await change('session:place', { sessionId: third!.id, ...cell('Raum C', '10:00') }),
    ];
    await boss.waitForVersion(later[1]!);
    expect(receiver.received).toHaveLength(1);
    // Let go: the waiting posts follow, in order.
    receiver.answer = () => 200;
    receiver.release();
    const posts = await receiver.waitFor(3);
    expect(posts.slice(1).map((post) => post.body.version)).toEqual(later);
  });

  it('answers a test post with what the receiver said, and a test taken marks a failing webhook working', async () => {
    const { webhookId, secret } = await addWebhook('text');
    receiver.answer = () => 503;
    expect(await boss.send('webhook:test', { webhookId })).toMatchObject({ ok: true, data: { delivered: false, status: 503 } });
    receiver.answer = () => 200;
    expect(await boss.send('webhook:test', { webhookId })).toMatchObject({ ok: true, data: { delivered: true, status: 200 } });
    const test = receiver.received.at(-1)!;
    expect(test.body).toEqual({ text: 'Test von Pitchboard für „Testcamp“: Dieser Webhook kommt an.' });
    expect(test.headers['x-pitchboard-signature']).toBe(signed(test.raw, secret));
    // Given up on, then tested: working again.
    receiver.answer = () => 500;
    await change('session:place', { sessionId: board().sessions[0]!.id, ...cell('Raum A', '10:00') });
    await server.app.webhooks.settled();
    expect((await list())[0]!.failing).toBe(true);
    receiver.answer = () => 200;
    await boss.send('webhook:test', { webhookId });
    expect((await list())[0]!.failing).toBe(false);
  });
});
