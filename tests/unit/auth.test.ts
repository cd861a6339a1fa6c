// The secrets: what a retried command gets back, and a comparison that never throws on a stored
// hash of another shape.
import { describe, expect, it } from 'vitest';
import { hashSecret, issuedSecret, newSecret, secretMatches } from '../../server/auth.ts';

describe('issuedSecret', () => {
  it('gives a retry of the same command the same 32-character secret, another purpose or command another one', () => {
    const commandId = 'a'.repeat(22);
    const token = issuedSecret(commandId, 'giver-token');
    expect(token).toMatch(/^[\w-]{32}$/);
    expect(issuedSecret(commandId, 'giver-token')).toBe(token);
    expect(issuedSecret(commandId, 'facilitator-key')).not.toBe(token);
    expect(issuedSecret('b'.repeat(22), 'giver-token')).not.toBe(token);
  });

  it('is random without a command id', () => {
    expect(issuedSecret(undefined, 'giver-token')).toMatch(/^[\w-]{32}$/);
    expect(issuedSecret(undefined, 'giver-token')).not.toBe(issuedSecret(undefined, 'giver-token'));
    expect(newSecret()).not.toBe(newSecret());
  });
});

describe('secretMatches', () => {
  it('matches a secret to its hash only', () => {
    const secret = newSecret();
    expect(secretMatches(secret, hashSecret(secret))).toBe(true);
    expect(secretMatches(newSecret(), hashSecret(secret))).toBe(false);
    expect(secretMatches(secret, null)).toBe(false);
    expect(secretMatches(secret, '')).toBe(false);
  });

  it('says no, without throwing, to a stored hash of another length', () => {
    expect(secretMatches('secret', 'abcd')).toBe(false);
    expect(secretMatches('secret', hashSecret('secret') + '00')).toBe(false);
  });
});
