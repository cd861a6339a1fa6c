// The test event in a database in memory with its one writer: the real writer and store, without
// a server or a file. Each call is a world of its own.
import { openDatabase } from '../../db/open.ts';
import { SqliteStore } from '../../db/sqlite-store.ts';
import { createEvent, type CreateEventInput } from '../../server/create-event.ts';
import { CommandWriter, type Principal } from '../../server/writer.ts';
import type { Store } from '../../db/store.ts';
import { TEST_EVENT } from './server.ts';

export interface EventInMemory {
  /** The store's own connection, for a test that reads the tables themselves. */
  db: ReturnType<typeof openDatabase>;
  store: SqliteStore;
  slug: string;
  eventId: number;
  writer: CommandWriter;
  /** The event's facilitator, and someone in it without the key (neither names a device). */
  facilitator: Principal;
  attendee: Principal;
}

/** The test event (under `slug`, when given) in a store of the test's own, SQLite or PostgreSQL, with its writer. */
export async function eventIn(store: Store, options: { event?: CreateEventInput; clock?: () => Date } = {}): Promise<Omit<EventInMemory, 'db' | 'store'>> {
  const clock = options.clock ?? (() => new Date());
  const { slug } = await createEvent(store, options.event ?? TEST_EVENT, clock());
  const eventId = (await store.findEvent(slug))!.id;
  const writer = new CommandWriter(store, clock);
  return { slug, eventId, writer, facilitator: { eventId, isFacilitator: true }, attendee: { eventId, isFacilitator: false } };
}

/** `clock`: the writer's (and the event's making); the real one unless told. */
export async function eventInMemory(options: { event?: CreateEventInput; clock?: () => Date } = {}): Promise<EventInMemory> {
  const db = openDatabase(':memory:');
  const store = new SqliteStore(db);
  return { db, store, ...(await eventIn(store, options)) };
}
