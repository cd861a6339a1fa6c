// The secrets: what a retried command gets back, derived under the server's secret so that no one
// computes it from the ids a client sends, and a comparison that never throws on a stored hash of
// another shape.
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashedDevice, hashSecret, issuedSecret, newSecret, secretMatches } from '../../server/auth.ts';

describe('issuedSecret', () => {
  const serverSecret = randomBytes(32);
  const forToken = { kind: 'giver token', eventId: 1, subject: 's_abc', commandId: 'a'.repeat(22) } as const;

  it('gives a retry of the same command the same 32-character secret, another kind, session, event or command another one', () => {
    const token = issuedSecret(serverSecret, forToken);
    expect(token).toMatch(/^[\w-]{32}$/);
    expect(issuedSecret(serverSecret, { ...forToken })).toBe(token);
    expect(issuedSecret(serverSecret, { ...forToken, kind: 'facilitator key' })).not.toBe(token);
    expect(issuedSecret(serverSecret, { ...forToken, kind: 'webhook secret' })).not.toBe(token);
    expect(issuedSecret(serverSecret, { ...forToken, subject: 's_abd' })).not.toBe(token);
    expect(issuedSecret(serverSecret, { ...forToken, eventId: 2 })).not.toBe(token);
    expect(issuedSecret(serverSecret, { ...forToken, commandId: 'b'.repeat(22) })).not.toBe(token);
    // The parts cannot be shifted into one another.
    expect(issuedSecret(serverSecret, { kind: 'giver token', eventId: 1, subject: 'x y', commandId: 'z'.repeat(16) })).not.toBe(
      issuedSecret(serverSecret, { kind: 'giver token', eventId: 1, subject: 'x', commandId: 'y ' + 'z'.repeat(16) }),
    );
  });

  it('cannot be worked out from the ids a client knows: another server secret gives another secret, the old formula not this one', () => {
    const token = issuedSecret(serverSecret, forToken);
    expect(issuedSecret(randomBytes(32), forToken)).not.toBe(token);
    // Once a token was an HMAC keyed with the commandId alone: anyone could compute it.
    const oldFormula = createHmac('sha256', forToken.commandId).update('giver token 1 s_abc').digest('base64url').slice(0, 32);
    expect(token).not.toBe(oldFormula);
  });

  it('is random without a command id', () => {
    const random = { ...forToken, commandId: undefined };
    expect(issuedSecret(serverSecret, random)).toMatch(/^[\w-]{32}$/);
    expect(issuedSecret(serverSecret, random)).not.toBe(issuedSecret(serverSecret, random));
    expect(newSecret()).not.toBe(newSecret());
  });
});

describe('hashedDevice', () => {
  it('keeps no device id as it was sent, and the same one the same', () => {
    const device = 'phone-0123456789abcdef';
    expect(hashedDevice(device)).toBe(hashedDevice(device));
    expect(hashedDevice(device)).not.toContain(device);
    expect(hashedDevice(device)).not.toBe(hashedDevice(`${device}x`));
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
