// The test event in a database in memory with its one writer: the real writer and store, without
// a server or a file. Each call is a world of its own.
import { openDatabase } from '../../db/open.ts';
import { Store } from '../../db/store.ts';
import { createEvent, type CreateEventInput } from '../../server/create-event.ts';
import { CommandWriter, type Principal } from '../../server/writer.ts';
import { TEST_EVENT } from './server.ts';

export interface EventInMemory {
  db: ReturnType<typeof openDatabase>;
  store: Store;
  eventId: number;
  writer: CommandWriter;
  /** The event's facilitator, and someone in it without the key (neither names a device). */
  facilitator: Principal;
  attendee: Principal;
}

export function eventInMemory(options: { event?: CreateEventInput; now?: Date } = {}): EventInMemory {
  const db = openDatabase(':memory:');
  const store = new Store(db);
  const { slug } = createEvent(store, options.event ?? TEST_EVENT, options.now);
  const eventId = store.findEvent(slug)!.id;
  const writer = new CommandWriter(store, options.now && (() => options.now!));
  return { db, store, eventId, writer, facilitator: { eventId, isFacilitator: true }, attendee: { eventId, isFacilitator: false } };
}
