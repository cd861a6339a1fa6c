// Web Push to a phone whose starred session changes (server/push.ts), end to end: a phone's feed
// with its stars (PUT my/:feedId), its subscription (POST my/:feedId/push), the facilitator's
// changes over the socket, and a receiver that decrypts what arrives as the phone would.
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Board } from '../../shared/board.ts';
import { connectClient, startTestServer, type TestClient, type TestServer } from '../helpers/server.ts';
import { startPushReceiver, type PushReceiver } from '../helpers/push-receiver.ts';

let server: TestServer;
let boss: TestClient;
let receiver: PushReceiver;

beforeEach(async () => {
  server = await startTestServer({ pushAllowHttp: true });
  boss = await connectClient(server.url, { event: server.slug, key: server.key });
  receiver = await startPushReceiver();
});
afterEach(async () => {
  boss.close();
  await server.close();
  await receiver.close();
});

const api = (path: string) => `${server.url}/api/events/${server.slug}${path}`;
const json = (method: string, body?: unknown) => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: body === undefined ? undefined : JSON.stringify(body),
});
const board = (): Board => boss.snapshot.board;

/** A phone that starred these sessions and subscribed to pushes in `lang`. */
async function subscribedPhone(sessionIds: string[], lang: 'de' | 'en' = 'de'): Promise<string> {
  const feedId = randomBytes(18).toString('base64url');
  expect((await fetch(api(`/my/${feedId}`), json('PUT', { sessions: sessionIds }))).status).toBe(200);
  const subscribed = await fetch(api(`/my/${feedId}/push`), json('POST', { subscription: receiver.subscription, lang }));
  expect({ status: subscribed.status, body: await subscribed.json() }).toEqual({ status: 200, body: { notifying: true } });
  return feedId;
}

/** Sends a command as the facilitator and waits until every push it caused went out. */
async function change(name: string, payload: Record<string, unknown>): Promise<void> {
  const ack = await boss.send(name, payload);
  if (!ack.ok) throw new Error(`${name}: ${ack.error.message}`);
  await server.app.push.settled();
}

const slotAt = (start: string) => board().slots.find((slot) => slot.start === start && slot.dayId === board().days[0]!.id)!;

describe('a push when a starred session changes', () => {
  it('names the session, its new room and time, in the phone’s language, within 5 s; tapping opens the session', async () => {
    const [starred] = board().sessions;
    const [roomA, roomB] = board().rooms;
    await subscribedPhone([starred!.id], 'de');
    await subscribedPhone([starred!.id], 'en');
    const sent = Date.now();
    await change('session:place', { sessionId: starred!.id, roomId: roomA!.id, slotId: slotAt('10:00').id });
    expect(receiver.received).toHaveLength(2);
    // Two phones, one in each language (the pushes go out side by side, in no set order).
    const german = receiver.received.find((push) => push.message.body.startsWith('Jetzt'));
    const english = receiver.received.find((push) => push.message.body.startsWith('Now'));
    expect(german!.message).toEqual({
      title: starred!.title,
      body: expect.stringMatching(new RegExp(`^Jetzt: ${roomA!.name}, Sa\\., 9\\. Mai, 10:00–10:45$`)),
      url: `/e/${server.slug}#session=${starred!.id}`,
      tag: starred!.id,
    });
    expect(english!.message.body).toMatch(new RegExp(`^Now: ${roomA!.name}, Sat, May 9, 10:00–10:45$`));
    expect(german!.at - sent).toBeLessThan(5000);
    // Signed by the server (VAPID) and encrypted for the phone alone.
    expect(german!.headers.authorization).toMatch(/^vapid t=.+, k=.+/);
    expect(german!.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(german!.headers.ttl)).toBeGreaterThan(0);

    // Moved to another room and time: one push, with both.
    await change('session:place', { sessionId: starred!.id, roomId: roomB!.id, slotId: slotAt('11:00').id });
    expect(
      receiver.received
        .slice(2)
        .map((push) => push.message.body)
        .sort(),
    ).toEqual([expect.stringMatching(new RegExp(`^Jetzt: ${roomB!.name}, Sa\\., 9\\. Mai, 11:00–11:45$`)), expect.stringMatching(/^Now: /)]);
  });

  it('says a new title, a slot retimed and a withdrawal, one push per change, and nothing for a no-op or another session', async () => {
    const [starred, other] = board().sessions;
    const [roomA] = board().rooms;
    await change('session:place', { sessionId: starred!.id, roomId: roomA!.id, slotId: slotAt('10:00').id });
    await subscribedPhone([starred!.id]);

    // Nothing the phone needs to hear: the same cell again, hands counted, another session moved.
    await change('session:place', { sessionId: starred!.id, roomId: roomA!.id, slotId: slotAt('10:00').id });
    await change('session:interest', { sessionId: starred!.id, interest: 12 });
    await change('session:place', { sessionId: other!.id, roomId: roomA!.id, slotId: slotAt('11:00').id });
    expect(receiver.received).toEqual([]);

    await change('session:update', { sessionId: starred!.id, revision: 1, title: 'Neuer Titel der Session' });
    await change('slot:update', { slotId: slotAt('10:00').id, start: '09:30', end: '10:15' });
    await change('session:withdraw', { sessionId: starred!.id });
    expect(receiver.received.map((push) => [push.message.title, push.message.body])).toEqual([
      ['Neuer Titel der Session', expect.stringMatching(/^Neuer Titel\. Jetzt: .+, 10:00–10:45$/)],
      ['Neuer Titel der Session', expect.stringMatching(/^Jetzt: .+, 09:30–10:15$/)],
      ['Neuer Titel der Session', 'Abgesagt: Die Session wurde zurückgezogen.'],
    ]);
  });

  it('forgets a subscription its push service has ended (410), and one the phone ends (DELETE)', async () => {
    const [starred] = board().sessions;
    const [roomA] = board().rooms;
    const feedId = await subscribedPhone([starred!.id]);
    receiver.answerWith(410);
    await change('session:place', { sessionId: starred!.id, roomId: roomA!.id, slotId: slotAt('10:00').id });
    expect(receiver.received).toHaveLength(1);
    receiver.answerWith(201);
    await change('session:place', { sessionId: starred!.id, roomId: roomA!.id, slotId: slotAt('11:00').id });
    expect(receiver.received).toHaveLength(1);

    await fetch(api(`/my/${feedId}/push`), json('POST', { subscription: receiver.subscription, lang: 'de' }));
    expect((await fetch(api(`/my/${feedId}/push`), { method: 'DELETE' })).status).toBe(204);
    await change('session:place', { sessionId: starred!.id, roomId: roomA!.id, slotId: slotAt('13:00').id });
    expect(receiver.received).toHaveLength(1);
  });
});

describe('who may be pushed to', () => {
  it('takes only https endpoints of public hosts unless PITCHBOARD_PUSH_ALLOW_HTTP is set, and well-formed keys', async () => {
    const strict = await startTestServer();
    try {
      const feedId = randomBytes(18).toString('base64url');
      const post = (endpoint: string, keys = receiver.subscription.keys) =>
        fetch(`${strict.url}/api/events/${strict.slug}/my/${feedId}/push`, json('POST', { subscription: { endpoint, keys }, lang: 'de' }));
      for (const endpoint of [
        receiver.subscription.endpoint,
        'https://127.0.0.1/push/1',
        'https://localhost/push/1',
        'https://10.1.2.3/push/1',
        'https://192.168.0.7/push/1',
        'https://169.254.169.254/latest',
        'https://[::1]/push/1',
        'https://[fe80::1]/push/1',
        'https://[::ffff:127.0.0.1]/push/1',
        'ftp://push.example.org/1',
      ]) {
        const refused = await post(endpoint);
        expect({ endpoint, status: refused.status, error: (await refused.json()).error }).toMatchObject({
          endpoint,
          status: 400,
          error: { code: 'invalid', reason: 'push_endpoint', field: 'subscription.endpoint' },
        });
      }
      expect((await post('https://fcm.googleapis.com/fcm/send/abc')).status).toBe(200);
      const badKey = await post('https://fcm.googleapis.com/fcm/send/abc', { p256dh: 'short', auth: receiver.subscription.keys.auth });
      expect((await badKey.json()).error).toMatchObject({ reason: 'bad_format', field: 'subscription.keys.p256dh' });
    } finally {
      await strict.close();
    }
  });
});
