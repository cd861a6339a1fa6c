// Ids the server makes: short random ones for the board, name-based UUIDs for the schedules.
import { describe, expect, it } from 'vitest';
import { eventUuid, newId, uuidV5 } from '../../server/ids.ts';

describe('name-based UUIDs', () => {
  it('are version 5 as RFC 9562 computes them', () => {
    // RFC 9562's own example (appendix A.4): the DNS namespace and "www.example.com".
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('are the same for the same event and name, on every call and server, and differ otherwise', () => {
    expect(eventUuid(1)('session/s1')).toBe(eventUuid(1)('session/s1'));
    // Pitchboard's namespace is fixed: a schedule's guids survive a restart and a new release.
    expect(eventUuid(1)('session/s1')).toBe('49dc878b-f22a-5b0d-915c-310ebe8122b6');
    const all = [eventUuid(1)('session/s1'), eventUuid(1)('session/s2'), eventUuid(2)('session/s1'), eventUuid(1)('room/s1')];
    expect(new Set(all).size).toBe(4);
    for (const uuid of all) expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('board ids', () => {
  it('are the prefix and eight characters of base64url', () => {
    expect(newId('s')).toMatch(/^s_[\w-]{8}$/);
  });
});
