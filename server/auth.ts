// Secrets: facilitator keys and giver tokens. Random, ≥128 bits, stored only as a hash,
// compared in constant time. They travel in socket payloads or URL fragments, never in logs.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** 192 random bits, URL-safe. */
export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * The secret a command hands out (a giver's token, a new facilitator key). With a commandId it
 * is derived from it, so that a retry of the same command gets the same working secret back
 * without the secret ever being stored: the id is the sender's own 128 random bits, and the log
 * keeps only its hash. Knowing the id is what makes someone the sender. Without an id, random.
 */
export function issuedSecret(commandId: string | undefined, purpose: string): string {
  if (commandId === undefined) return newSecret();
  return createHmac('sha256', commandId).update(purpose).digest('base64url').slice(0, 32);
}

/** A fast hash is enough: the secrets are long random strings, not passwords. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

export function secretMatches(secret: string, storedHash: string | null | undefined): boolean {
  if (!storedHash) return false;
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
