import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { BoardAnswers, boardEncodingFor, boardTag, tagMatches } from '../../server/board-answers.ts';

/** Editions of boards, told apart by identity (the writer hands out one per version and change of counts). */
const [third, fourth, first1, first2, first3] = [{}, {}, {}, {}, {}];
const text = JSON.stringify({ version: 3, board: { sessions: Array.from({ length: 200 }, (_, i) => ({ title: `Session ${i}` })) } });

describe('boardEncodingFor', () => {
  it('prefers brotli, then gzip, and sends as it is what a client does not take', () => {
    expect(boardEncodingFor('gzip, deflate, br')).toBe('br');
    expect(boardEncodingFor('gzip')).toBe('gzip');
    expect(boardEncodingFor('br;q=0, gzip')).toBe('gzip');
    expect(boardEncodingFor('deflate')).toBe('identity');
    expect(boardEncodingFor('')).toBe('identity');
    expect(boardEncodingFor(undefined)).toBe('identity');
  });
});

describe('boardTag', () => {
  it('names the event and the version', () => expect(boardTag(7, 42)).toBe('"7-42"'));
});

describe('BoardAnswers', () => {
  it('makes each encoding of a version once: every client gets the same bytes', async () => {
    const answers = new BoardAnswers();
    const json = vi.fn(() => text);
    const plain = await answers.body(1, third, 'identity', json);
    const br = await answers.body(1, third, 'br', json);
    const gzip = await answers.body(1, third, 'gzip', json);
    expect(plain.toString()).toBe(text);
    expect(brotliDecompressSync(br).toString()).toBe(text);
    expect(gunzipSync(gzip).toString()).toBe(text);
    expect(br.length).toBeLessThan(plain.length / 3);
    expect(await answers.body(1, third, 'br', json)).toBe(br);
    expect(await answers.body(1, third, 'identity', json)).toBe(plain);
    expect(json).toHaveBeenCalledTimes(1);
    expect(answers.bytes).toBe(plain.length + br.length + gzip.length);
  });

  it('makes a new edition anew (a new version, or new counts of taps) and lets the old one go', async () => {
    const answers = new BoardAnswers();
    const old = await answers.body(1, third, 'identity', () => text);
    const next = await answers.body(1, fourth, 'identity', () => `${text} `);
    expect(next).not.toBe(old);
    expect(answers.bytes).toBe(next.length);
  });

  it('keeps no more than its bound: the least recently asked event goes first', async () => {
    const answers = new BoardAnswers(text.length * 2 + 10);
    const first = await answers.body(1, first1, 'identity', () => text);
    await answers.body(2, first2, 'identity', () => text);
    // Asked again: now the most recent.
    expect(await answers.body(1, first1, 'identity', () => 'other')).toBe(first);
    await answers.body(3, first3, 'identity', () => text);
    expect(answers.bytes).toBe(text.length * 2);
    expect(await answers.body(1, first1, 'identity', () => 'other')).toBe(first);
    expect((await answers.body(2, first2, 'identity', () => 'made again')).toString()).toBe('made again');
  });
});

describe('an entity tag', () => {
  it('names the event and the version, and what else the answer holds', () => {
    expect(boardTag(3, 41)).toBe('"3-41"');
    expect(boardTag(3, 41, 'abcdefghijk')).toBe('"3-41-abcdefghijk"');
  });

  it('matches If-None-Match as RFC 9110 says: weakly, in a list, or "*"', () => {
    const tag = boardTag(3, 41);
    for (const given of ['"3-41"', 'W/"3-41"', '"3-40", "3-41"', ' * ']) expect(tagMatches(given, tag), given).toBe(true);
    for (const given of [undefined, '', '"3-4"', '"3-41-x"', '3-41', '"13-41"']) expect(tagMatches(given, tag), String(given)).toBe(false);
  });
});
