// Secrets: facilitator keys and giver tokens. ≥128 bits, random or derived under the server's
// secret, stored only as a hash, compared in constant time. They travel in socket payloads or URL
// fragments, never in logs.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** 192 random bits, URL-safe. */
export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

/** The kinds of secret the server hands out; each is derived apart from the others. */
export type SecretKind = 'giver token' | 'facilitator key' | 'webhook secret';

/** What a handed-out secret belongs to: the command that asked for it, in its event. */
export interface SecretFor {
  kind: SecretKind;
  eventId: number;
  /** The session (or webhook) it is for, where there is one. */
  subject?: string;
  /** The command's id; without one the secret is random and cannot be handed out again. */
  commandId: string | undefined;
}

/**
 * The secret a command hands out (a giver's token, a new facilitator key, a webhook's secret): an
 * HMAC under the server's own secret (never sent, logged or exported) over what it is for, so that
 * a retry of the same command gets the same working secret back without the secret being stored,
 * and so that nobody can work it out from the ids a client knows. Without a command id, random.
 */
export function issuedSecret(serverSecret: Buffer, secretFor: SecretFor): string {
  const { kind, eventId, subject, commandId } = secretFor;
  if (commandId === undefined) return newSecret();
  // A JSON array: no two different tuples give the same text (ids may hold spaces, commas, …).
  const message = JSON.stringify([kind, eventId, subject ?? null, commandId]);
  return createHmac('sha256', serverSecret).update(message).digest('base64url').slice(0, 32);
}

/** A device id as the server keeps it: hashed, so that the log and the taps name no real id. */
export function hashedDevice(device: string): string {
  return createHash('sha256').update(device).digest('base64url').slice(0, 22);
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
