import { createHash, randomBytes } from 'node:crypto';

/** Short ids for rooms, slots and sessions: unique within an event, safe in URLs. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('base64url')}`;
}

/** Pitchboard's own namespace for name-based UUIDs (made once at random; it must never change, or every schedule's guids would). */
export const PITCHBOARD_UUID_NAMESPACE = '6fd0ac90-9e7e-4f9c-9cae-0297c5b9e346';

/** A name-based UUID, version 5 (RFC 9562 5.5: SHA-1 of the namespace and the name): the same name always gives the same UUID. */
export function uuidV5(name: string, namespace = PITCHBOARD_UUID_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A UUID for each thing of one event ("session/<id>", "room/<id>"): stable for as long as the event lives on this server. */
export function eventUuid(eventId: number): (name: string) => string {
  return (name) => uuidV5(`pitchboard/event/${eventId}/${name}`);
}
