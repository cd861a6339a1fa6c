import { randomBytes } from 'node:crypto';

/** Short ids for rooms, slots and sessions: unique within an event, safe in URLs. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('base64url')}`;
}
