// A phone's own calendar feed (client/lib/my-feed.svelte.ts): its id made once and kept per event,
// the stars told to the server a moment after they change, once for a burst, and again after a
// failed try, when the phone is back online or a while later.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FOLLOW_DELAY_MS, MyFeed, RETRY_DELAY_MS, type MyFeedOptions } from '../../client/lib/my-feed.svelte.ts';
import { FEED_ID, STAR_FEED_LIMITS } from '../../shared/star-feed.ts';

let storage: Map<string, string>;
beforeEach(() => {
  storage = new Map();
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => storage.get(key) ?? null,
    setItem: (key: string, value: string) => void storage.set(key, value),
  });
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

interface Told {
  url: string;
  method: string | undefined;
  type: string | undefined;
  sessions: string[];
}

/** A server as the phone sees it: what it was told, answered as the test says (200 unless told otherwise). */
function fakeServer() {
  const told: Told[] = [];
  let answer: () => Promise<Response> = async () => new Response('{"sessions":[]}', { status: 200 });
  let online: () => void = () => {};
  const options: MyFeedOptions = {
    fetch: async (input, init) => {
      const headers = init?.headers as Record<string, string> | undefined;
      told.push({ url: String(input), method: init?.method, type: headers?.['content-type'], sessions: JSON.parse(String(init?.body)).sessions });
      return answer();
    },
    whenOnline: (callback) => {
      online = callback;
      return () => (online = () => {});
    },
  };
  return {
    told,
    options,
    answer: (next: () => Promise<Response>) => (answer = next),
    backOnline: () => online(),
  };
}

/** Lets the timers due by then run, and what they started finish. */
async function after(ms: number) {
  await vi.advanceTimersByTimeAsync(ms);
}

describe('the feed id', () => {
  it('is 24 random characters of base64url, made once per event and kept on the phone', () => {
    const server = fakeServer();
    const feed = new MyFeed('camp', server.options);
    const id = feed.id;
    expect(id).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(FEED_ID.test(id)).toBe(true);
    expect(feed.id).toBe(id);
    expect(storage.get('pitchboard.feed.camp')).toBe(id);
    expect(new MyFeed('camp', server.options).id).toBe(id);
    expect(new MyFeed('other', server.options).id).not.toBe(id);
    expect(feed.path).toBe(`/api/events/camp/my/${id}.ics`);
  });

  it('comes from the random bytes given, and a stored id that is no feed id is made anew', () => {
    storage.set('pitchboard.feed.camp', 'too-short');
    const feed = new MyFeed('camp', { ...fakeServer().options, randomBytes: (count) => new Uint8Array(count).fill(0xfb) });
    expect(feed.id).toBe('-_v7-_v7-_v7-_v7-_v7-_v7');
    expect(storage.get('pitchboard.feed.camp')).toBe(feed.id);
  });

  it('works without storage (private mode, the server’s render): an id for the page', () => {
    vi.stubGlobal('localStorage', undefined);
    const feed = new MyFeed('camp', fakeServer().options);
    expect(FEED_ID.test(feed.id)).toBe(true);
    expect(feed.id).toBe(feed.id);
  });
});

describe('telling the server the stars', () => {
  it('tells the stars a moment after the last change, once for a burst of taps', async () => {
    const server = fakeServer();
    const feed = new MyFeed('camp', server.options);
    feed.follow(['s1']);
    feed.follow(['s1', 's2']);
    await after(FOLLOW_DELAY_MS - 1);
    feed.follow(['s1', 's2', 's3']);
    expect(feed.inStep).toBe(false);
    await after(FOLLOW_DELAY_MS - 1);
    expect(server.told).toEqual([]);
    await after(1);
    expect(server.told).toEqual([{ url: `/api/events/camp/my/${feed.id}`, method: 'PUT', type: 'application/json', sessions: ['s1', 's2', 's3'] }]);
    expect(feed.inStep).toBe(true);
    // The same stars again (the page re-renders): nothing to tell.
    feed.follow(['s1', 's2', 's3']);
    await after(FOLLOW_DELAY_MS * 5);
    expect(server.told).toHaveLength(1);
    // One taken away: told.
    feed.follow(['s1', 's3']);
    await after(FOLLOW_DELAY_MS);
    expect(server.told.map((t) => t.sessions)).toEqual([
      ['s1', 's2', 's3'],
      ['s1', 's3'],
    ]);
  });

  it('tells the stars once on the first look after the page opens, even unchanged since the last visit', async () => {
    const first = fakeServer();
    new MyFeed('camp', first.options).follow(['s1']);
    await after(FOLLOW_DELAY_MS);
    const next = fakeServer();
    new MyFeed('camp', next.options).follow(['s1']);
    await after(FOLLOW_DELAY_MS);
    expect(next.told.map((t) => t.sessions)).toEqual([['s1']]);
  });

  it('tells nothing and makes no feed on a phone that never starred anything; the last star taken away is told', async () => {
    const server = fakeServer();
    const feed = new MyFeed('camp', server.options);
    feed.follow([]);
    await after(FOLLOW_DELAY_MS * 2);
    expect(server.told).toEqual([]);
    expect(storage.has('pitchboard.feed.camp')).toBe(false);
    expect(feed.inStep).toBe(true);
    feed.follow(['s1']);
    await after(FOLLOW_DELAY_MS);
    feed.follow([]);
    await after(FOLLOW_DELAY_MS);
    expect(server.told.map((t) => t.sessions)).toEqual([['s1'], []]);
  });

  it('sends at once when asked (before a calendar app fetches the feed), and not twice', async () => {
    const server = fakeServer();
    const feed = new MyFeed('camp', server.options);
    feed.follow(['s2']);
    await feed.flush();
    expect(server.told.map((t) => t.sessions)).toEqual([['s2']]);
    await after(FOLLOW_DELAY_MS * 2);
    await feed.flush();
    expect(server.told).toHaveLength(1);
  });

  it('tells a change made while the last one was on its way, after it', async () => {
    const server = fakeServer();
    let answer: (response: Response) => void = () => {};
    server.answer(() => new Promise((resolve) => (answer = resolve)));
    const feed = new MyFeed('camp', server.options);
    feed.follow(['s1']);
    await after(FOLLOW_DELAY_MS);
    feed.follow(['s1', 's2']);
    await after(FOLLOW_DELAY_MS);
    // The first is still on its way: the second waits for it.
    expect(server.told.map((t) => t.sessions)).toEqual([['s1']]);
    server.answer(async () => new Response('{}', { status: 200 }));
    answer(new Response('{}', { status: 200 }));
    await after(FOLLOW_DELAY_MS);
    expect(server.told.map((t) => t.sessions)).toEqual([['s1'], ['s1', 's2']]);
    expect(feed.inStep).toBe(true);
  });

  it('tries again as soon as the phone is back online after it could not reach the server', async () => {
    const server = fakeServer();
    server.answer(() => Promise.reject(new TypeError('Failed to fetch')));
    const feed = new MyFeed('camp', server.options);
    feed.follow(['s1']);
    await after(FOLLOW_DELAY_MS);
    expect(feed.inStep).toBe(false);
    server.answer(async () => new Response('{}', { status: 200 }));
    server.backOnline();
    await after(0);
    expect(server.told.map((t) => t.sessions)).toEqual([['s1'], ['s1']]);
    expect(feed.inStep).toBe(true);
    // Back online with nothing untold: nothing sent.
    server.backOnline();
    await after(0);
    expect(server.told).toHaveLength(2);
  });

  it('tries again a while later when the server refused (too many at once), and not sooner', async () => {
    const server = fakeServer();
    server.answer(async () => new Response('{"error":{"code":"rate_limited","message":"…"}}', { status: 429 }));
    const feed = new MyFeed('camp', server.options);
    feed.follow(['s1']);
    await after(FOLLOW_DELAY_MS);
    expect(server.told).toHaveLength(1);
    await after(RETRY_DELAY_MS - 1);
    expect(server.told).toHaveLength(1);
    server.answer(async () => new Response('{}', { status: 200 }));
    await after(1);
    expect(server.told).toHaveLength(2);
    expect(feed.inStep).toBe(true);
  });

  it('keeps a waiting retry where it is when the page draws the same stars again, and tells new ones a moment after', async () => {
    const server = fakeServer();
    server.answer(async () => new Response('{}', { status: 503 }));
    const feed = new MyFeed('camp', server.options);
    feed.follow(['s1']);
    await after(FOLLOW_DELAY_MS);
    for (let i = 0; i < 5; i++) {
      feed.follow(['s1']);
      await after(FOLLOW_DELAY_MS);
    }
    expect(server.told).toHaveLength(1);
    server.answer(async () => new Response('{}', { status: 200 }));
    feed.follow(['s1', 's2']);
    await after(FOLLOW_DELAY_MS);
    expect(server.told.map((t) => t.sessions)).toEqual([['s1'], ['s1', 's2']]);
    expect(feed.inStep).toBe(true);
  });

  it('sends only what can be a session id, at most as many as an event has sessions', async () => {
    const server = fakeServer();
    const feed = new MyFeed('camp', server.options);
    const many = Array.from({ length: STAR_FEED_LIMITS.sessions + 5 }, (_, i) => `s${i}`);
    feed.follow(['s 1', '', ...many]);
    await after(FOLLOW_DELAY_MS);
    expect(server.told[0]!.sessions).toEqual(many.slice(0, STAR_FEED_LIMITS.sessions));
  });

  it('stops when the page goes: no try after close', async () => {
    const server = fakeServer();
    const feed = new MyFeed('camp', server.options);
    feed.follow(['s1']);
    feed.close();
    await after(RETRY_DELAY_MS);
    server.backOnline();
    await after(0);
    expect(server.told).toEqual([]);
  });
});
