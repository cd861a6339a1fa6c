// Old events are deleted so that a public server does not keep every event anyone ever tried.
// An event is last of use on its last day, the day it was made or the day of its last change,
// whichever is latest: one never changed (a try, the demo) goes `untouchedDays` after that, any
// event `endedDays` after. An event with screens open is kept until they close. README ("Running
// it on a server") tells organizers, who can export an event to keep it.
import type { Store } from '../db/store.ts';
import type { CommandWriter } from './writer.ts';

export interface Retention {
  /** Days an event that was never changed is kept after it was last of use; 0 keeps it. */
  untouchedDays: number;
  /** Days any event is kept after it was last of use; 0 keeps it. */
  endedDays: number;
}

export const DEFAULT_RETENTION: Retention = { untouchedDays: 7, endedDays: 365 };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Deletes the events past their time that no screen has open; returns their slugs. */
export async function expireEvents(
  store: Store,
  writer: CommandWriter,
  retention: Retention,
  inUse: (slug: string) => Promise<boolean>,
  now = new Date(),
): Promise<string[]> {
  const before = (days: number) => (days > 0 ? new Date(now.getTime() - days * DAY_MS).toISOString().slice(0, 10) : '');
  const expired: Array<{ id: number; slug: string }> = [];
  for (const event of await store.expirableEvents(before(retention.untouchedDays), before(retention.endedDays))) {
    if (!(await inUse(event.slug))) expired.push(event);
  }
  for (const { id } of expired) {
    await store.deleteEvent(id);
    writer.forget(id);
  }
  return expired.map(({ slug }) => slug);
}
