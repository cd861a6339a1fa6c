// The "notify me of changes" switch of "Mein Plan" (client/lib/push-switch.svelte.ts) without a
// browser: what it asks the browser and the server, in which order, and what the page then says.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { i18n, t } from '../../client/lib/i18n/i18n.svelte.ts';
import { keyBytes, PushSwitch, type PushBrowser } from '../../client/lib/push-switch.svelte.ts';

const SUBSCRIPTION = { endpoint: 'https://push.example.org/abc', expirationTime: null, keys: { p256dh: 'p'.repeat(87), auth: 'a'.repeat(22) } };

describe('the push switch', () => {
  let calls: string[];
  let existing: PushSubscription | null;
  let permission: NotificationPermission;
  let answer: number;
  let browser: PushBrowser;
  const feed = { id: 'f'.repeat(24), flush: vi.fn(async () => void calls.push('flush')) };
  const fetcher = vi.fn(async (url: string, init?: { method?: string; body?: string }) => {
    calls.push(`${init?.method ?? 'GET'} ${url}`);
    if (url === '/api/config') return new Response(JSON.stringify({ createNeedsToken: false, pushKey: 'BAEC' }));
    return new Response(JSON.stringify({ notifying: true }), { status: answer });
  });

  beforeEach(() => {
    calls = [];
    existing = null;
    permission = 'granted';
    answer = 200;
    i18n.language = 'de';
    const store = new Map<string, string>();
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => store.set(k, v),
      removeItem: (k: string) => store.delete(k),
    });
    const manager = {
      getSubscription: async () => existing,
      subscribe: async (options: { applicationServerKey: Uint8Array }) => {
        calls.push(`subscribe ${[...options.applicationServerKey].join(',')}`);
        existing = { toJSON: () => SUBSCRIPTION } as unknown as PushSubscription;
        return existing;
      },
    } as unknown as PushManager;
    browser = { pushManager: async () => manager, requestPermission: async () => permission };
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    fetcher.mockClear();
  });

  it('asks for permission, subscribes with the server’s key, tells the stars first, then hands over the subscription in the page’s language', async () => {
    const push = new PushSwitch('ruhr', feed, { browser, fetch: fetcher as unknown as typeof fetch });
    await push.start();
    expect(push.state).toBe('off');
    await push.toggle('de');
    expect(push.state).toBe('on');
    expect(push.message).toBe(t('push.on'));
    expect(calls).toEqual(['GET /api/config', 'subscribe 4,1,2', 'flush', `POST /api/events/ruhr/my/${feed.id}/push`]);
    const sent = JSON.parse(fetcher.mock.calls.at(-1)![1]!.body!);
    expect(sent).toEqual({ subscription: SUBSCRIPTION, lang: 'de' });

    // After a reload it shows on; switched off, the server forgets it.
    const again = new PushSwitch('ruhr', feed, { browser, fetch: fetcher as unknown as typeof fetch });
    await again.start();
    expect(again.state).toBe('on');
    await again.toggle('de');
    expect([again.state, calls.at(-1)]).toEqual(['off', `DELETE /api/events/ruhr/my/${feed.id}/push`]);
    const third = new PushSwitch('ruhr', feed, { browser, fetch: fetcher as unknown as typeof fetch });
    await third.start();
    expect(third.state).toBe('off');
  });

  it('says so in the page’s language when notifications are blocked, the server refuses, or push cannot work here', async () => {
    permission = 'denied';
    const push = new PushSwitch('ruhr', feed, { browser, fetch: fetcher as unknown as typeof fetch });
    await push.start();
    await push.toggle('de');
    expect([push.state, push.message]).toEqual(['denied', 'Benachrichtigungen sind für diese Seite gesperrt. Im Browser unter Einstellungen erlauben.']);
    expect(calls).toEqual([]);

    permission = 'granted';
    answer = 400;
    await push.toggle('de');
    expect([push.state, push.message]).toEqual(['off', t('push.failed')]);

    const none = new PushSwitch('ruhr', feed, { browser: { pushManager: async () => undefined, requestPermission: async () => 'granted' } });
    await none.start();
    expect(none.state).toBe('unsupported');
  });

  it('turns the server’s base64url key into its bytes', () => {
    expect([...keyBytes('BAEC')]).toEqual([4, 1, 2]);
    expect([...keyBytes('-_8')]).toEqual([251, 255]);
  });
});
