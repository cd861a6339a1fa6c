// Creating an event: used by the CLI, the demo seed and (later) POST /api/events.
import { randomBytes } from 'node:crypto';
import { NO_WISHES, type EventInfo, type Session } from '../shared/board.ts';
import type { EventExport } from '../shared/export.ts';
import { frameFaults } from '../shared/frame-check.ts';
import { commandError } from '../shared/errors.ts';
import {
  BREAK_LABEL,
  buildFrame,
  checkedRooms,
  checkedSlots,
  DEFAULT_ROOMS,
  DEFAULT_SLOTS,
  FrameSpecError,
  isValidTimezone,
  parseRooms,
  parseSlots,
  timezoneRefusal,
  todayIn,
  type RoomSpec,
  type SlotSpec,
} from '../shared/event-frame.ts';
import { SlugTakenError, type Store } from '../db/store.ts';
import { SLUG_PATTERN, slugWords } from '../shared/links.ts';
import { fieldRefusal, normalTexts, textFieldFault } from '../shared/fields.ts';
import { hashSecret, newSecret } from './auth.ts';
import { newId } from './ids.ts';

export interface CreateEventInput {
  title: string;
  slug?: string;
  dates?: string[];
  timezone?: string;
  locale?: EventInfo['locale'];
  /** "NAME:CAPACITY,…" (the command line), or a list: names with commas and colons survive. */
  rooms?: string | RoomSpec[];
  /** "HH:MM-HH:MM,lunch HH:MM-HH:MM,…", or a list (a slot with a date is on that day only). */
  slots?: string | SlotSpec[];
  sessions?: Array<Pick<Session, 'title' | 'host' | 'description' | 'tags'>>;
}

export interface CreatedEvent {
  slug: string;
  /** The facilitator key, shown once; only its hash is stored. */
  key: string;
}

const SLUG = new RegExp(SLUG_PATTERN);

export function slugify(title: string): string {
  const base = slugWords(title, 36);
  // A random tail keeps slugs unguessable enough and unique across years of the same title.
  const tail = randomBytes(3).toString('hex');
  return base ? `${base}-${tail}` : `barcamp-${tail}`;
}

/** A new event's title (trimmed, a title as every title is checked) and its slug (as given, or made from the title), not taken yet. */
async function nameOfNewEvent(store: Store, givenTitle: string, givenSlug: string | undefined): Promise<{ title: string; slug: string }> {
  const title = givenTitle.trim();
  const fault = textFieldFault(title, 'title');
  if (fault) throw new FrameSpecError({ ...fieldRefusal('title', fault), message: `The title ${fault.words}.` });
  const slug = givenSlug ?? slugify(title);
  if (!SLUG.test(slug)) {
    throw new FrameSpecError(commandError('invalid', 'slug_unusable', `"${slug}" is not a usable slug: use a-z, 0-9 and "-".`, { field: 'slug', line: slug }));
  }
  if (await store.findEvent(slug)) {
    throw new FrameSpecError(commandError('invalid', 'slug_taken', `An event with the slug "${slug}" exists already.`, { field: 'slug', line: slug }));
  }
  return { title, slug };
}

/** Stores a new event; a slug taken meanwhile (by another request or process) is refused as one taken before. */
async function stored(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (error) {
    if (!(error instanceof SlugTakenError)) throw error;
    throw new FrameSpecError(commandError('invalid', 'slug_taken', error.message, { field: 'slug', line: error.slug }));
  }
}

export async function createEvent(store: Store, given: CreateEventInput, now = new Date()): Promise<CreatedEvent> {
  // Kept as the socket and HTTP keep texts (the command line and the demo seed come here directly).
  const input = normalTexts(given) as CreateEventInput;
  const { title, slug } = await nameOfNewEvent(store, input.title, input.slug);
  const timezone = input.timezone ?? 'Europe/Berlin';
  const locale = input.locale ?? 'de';
  if (!isValidTimezone(timezone)) throw new FrameSpecError(timezoneRefusal(timezone));
  const frame = buildFrame(
    input.dates?.length ? input.dates : [todayIn(timezone, now)],
    typeof input.rooms === 'object' ? checkedRooms(input.rooms) : parseRooms(input.rooms ?? DEFAULT_ROOMS[locale]),
    typeof input.slots === 'object' ? checkedSlots(input.slots, BREAK_LABEL[locale]) : parseSlots(input.slots ?? DEFAULT_SLOTS, BREAK_LABEL[locale]),
    newId,
  );
  const sessions: Session[] = (input.sessions ?? []).map((s) => ({
    ...s,
    id: newId('s'),
    interest: null,
    taps: 0,
    revision: 1,
    status: 'pitched',
    wishes: NO_WISHES,
    notesLink: '',
    notesUrl: '',
  }));
  const [problem] = frameFaults({ ...frame, sessions, placements: [], blocked: [] }, now);
  if (problem) throw new FrameSpecError(problem);
  const key = newSecret();
  await stored(() => store.createEvent({ slug, title, timezone, locale, keyHash: hashSecret(key), ...frame, sessions }, now.toISOString()));
  return { slug, key };
}

/** Issues a new facilitator key; links with the old key stop working. */
export async function rotateFacilitatorKey(store: Store, slug: string): Promise<string | undefined> {
  const event = await store.findEvent(slug);
  if (!event) return undefined;
  const key = newSecret();
  await store.setFacilitatorKeyHash(event.id, hashSecret(key));
  return key;
}

/**
 * A new event from an export: the same frame (and, unless `frameOnly`, the same sessions and
 * plan) under a new slug and a new facilitator key. Ids are kept: they are unique per event.
 */
export async function importEvent(
  store: Store,
  exported: EventExport,
  options: { title?: string; slug?: string; frameOnly?: boolean } = {},
  now = new Date(),
): Promise<CreatedEvent> {
  const data = { ...exported, rooms: exported.rooms.map((room) => ({ ...room, projector: room.projector ?? false })) };
  const problems = frameFaults(options.frameOnly ? { ...data, sessions: [], placements: [] } : data, now);
  if (problems.length) {
    const said = problems.slice(0, 3).map((problem) => problem.message);
    throw new FrameSpecError({ ...problems[0]!, message: `The file does not hold together: ${said.join(' ')}` });
  }
  if (!isValidTimezone(data.event.timezone)) throw new FrameSpecError(timezoneRefusal(data.event.timezone));
  const { title, slug } = await nameOfNewEvent(store, options.title ?? data.event.title, options.slug);
  const key = newSecret();
  await stored(() =>
    store.createEvent(
      {
        slug,
        title,
        timezone: data.event.timezone,
        locale: data.event.locale,
        pitchSeconds: data.event.pitchSeconds,
        notesLink: data.event.notesLink ?? '',
        keyHash: hashSecret(key),
        days: data.days,
        rooms: data.rooms,
        slots: data.slots,
        sessions: options.frameOnly
          ? []
          : data.sessions.map((session) => ({ ...session, notesLink: session.notesLink ?? '', notesUrl: '', revision: 1, taps: 0 })),
        placements: options.frameOnly ? [] : data.placements,
        blocked: data.blocked,
      },
      now.toISOString(),
    ),
  );
  return { slug, key };
}
