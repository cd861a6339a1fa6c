// A phone's "Interested" (client/lib/my-interest.svelte.ts): shown at once, kept on the phone,
// taken back when the server refuses.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MyInterest } from '../../client/lib/my-interest.svelte.ts';

let storage: Map<string, string>;
beforeEach(() => {
  storage = new Map();
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => storage.get(key) ?? null,
    setItem: (key: string, value: string) => void storage.set(key, value),
  });
});
afterEach(() => vi.unstubAllGlobals());

describe("a phone's interest", () => {
  it('is pressed at once, sent to the server, and kept on the phone for the next visit', async () => {
    const sent: Array<[string, boolean]> = [];
    let answer: (result: { ok: true }) => void = () => {};
    const interest = new MyInterest('camp', (sessionId, interested) => {
      sent.push([sessionId, interested]);
      return new Promise((resolve) => (answer = resolve));
    });
    const tapped = interest.toggle('s1');
    expect(interest.has('s1')).toBe(true);
    expect(interest.sending('s1')).toBe(true);
    // A second tap while the first is on its way changes nothing.
    await interest.toggle('s1');
    expect(sent).toEqual([['s1', true]]);
    answer({ ok: true });
    await tapped;
    expect(interest.sending('s1')).toBe(false);
    expect(JSON.parse(storage.get('pitchboard.interested.camp')!)).toEqual({ s1: true });
    expect(new MyInterest('camp', async () => ({ ok: true })).has('s1')).toBe(true);
    expect(new MyInterest('other', async () => ({ ok: true })).has('s1')).toBe(false);

    const takenBack = interest.toggle('s1');
    answer({ ok: true });
    await takenBack;
    expect(sent.at(-1)).toEqual(['s1', false]);
    expect(interest.has('s1')).toBe(false);
    expect(JSON.parse(storage.get('pitchboard.interested.camp')!)).toEqual({});
  });

  it('goes back and names the refusal when the server says no', async () => {
    const interest = new MyInterest('camp', async () => ({ ok: false, code: 'rate_limited' }));
    await interest.toggle('s1');
    expect(interest.has('s1')).toBe(false);
    expect(interest.problem).toBe('rate_limited');
    expect(JSON.parse(storage.get('pitchboard.interested.camp')!)).toEqual({});
  });

  it('works without storage (the server render, private mode), and ignores what is not a list of sessions', async () => {
    storage.set('pitchboard.interested.camp', '["s1"]');
    expect(new MyInterest('camp', async () => ({ ok: true })).has('0')).toBe(false);
    vi.stubGlobal('localStorage', undefined);
    const interest = new MyInterest('camp', async () => ({ ok: true }));
    await interest.toggle('s2');
    expect(interest.has('s2')).toBe(true);
  });
});
