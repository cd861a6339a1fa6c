// The rows both stores read, and how they become the board's shapes: one home for the mapping,
// whichever database the rows came from (the column types differ only where a store converts them).
import {
  idleTimer,
  type Board,
  type Cell,
  type Day,
  type EventInfo,
  type PitchState,
  type Placement,
  type Room,
  type Session,
  type Slot,
} from '../shared/board.ts';
import type { DomainEvent } from '../shared/events.ts';
import { withNotesUrl } from '../shared/notes-link.ts';
import { parseStored, type LoggedChange, type StoredWebhook } from './store.ts';

export interface LogRow {
  event_id: number;
  version: number;
  created_at: string;
  actor: string;
  command: string;
  events: string;
  inverse: string | null;
  undo_of: number | null;
  redo_of: number | null;
  amends: number | null;
}

export function changeFromRow(row: LogRow): LoggedChange {
  return {
    version: row.version,
    at: row.created_at,
    actor: row.actor,
    command: row.command,
    events: parseStored<DomainEvent[]>(row.events, row.event_id, 'event_log.events'),
    inverse: row.inverse === null ? null : parseStored<DomainEvent[]>(row.inverse, row.event_id, 'event_log.inverse'),
    undoOf: row.undo_of,
    redoOf: row.redo_of,
    amends: row.amends,
  };
}

export interface EventRow {
  id: number;
  slug: string;
  title: string;
  timezone: string;
  locale: EventInfo['locale'];
  claiming: EventInfo['claiming'];
  pitch_seconds: number;
  notes_link: string;
  facilitator_key_hash: string;
  version: number;
  pitch: string | null;
}

export interface SessionRow {
  id: string;
  title: string;
  host: string;
  description: string;
  tags: string;
  interest: number | null;
  revision: number;
  status: Session['status'];
  wishes: string;
  notes_link: string;
}

/** An event's board from its rows, as read in one go (rooms with their projector as a boolean already). */
export function boardFromRows(rows: {
  event: EventRow;
  days: Day[];
  rooms: Room[];
  slots: Slot[];
  sessions: SessionRow[];
  taps: ReadonlyMap<string, number>;
  placements: Placement[];
  blocked: Cell[];
}): Board {
  const { event } = rows;
  const settings: EventInfo = {
    slug: event.slug,
    title: event.title,
    timezone: event.timezone,
    locale: event.locale,
    claiming: event.claiming,
    pitchSeconds: event.pitch_seconds,
    notesLink: event.notes_link,
  };
  return {
    event: settings,
    days: rows.days,
    rooms: rows.rooms,
    slots: rows.slots,
    // Where the notes are is not kept: it follows from the links, as apply keeps it.
    sessions: rows.sessions.map((session) =>
      withNotesUrl(settings, {
        id: session.id,
        title: session.title,
        host: session.host,
        description: session.description,
        tags: parseStored<string[]>(session.tags, event.id, 'sessions.tags'),
        interest: session.interest,
        taps: rows.taps.get(session.id) ?? 0,
        revision: session.revision,
        status: session.status,
        wishes: parseStored<Session['wishes']>(session.wishes, event.id, 'sessions.wishes'),
        notesLink: session.notes_link,
        notesUrl: '',
      }),
    ),
    placements: rows.placements,
    blocked: rows.blocked,
    pitch: event.pitch ? parseStored<PitchState>(event.pitch, event.id, 'events.pitch') : { queue: [], current: null, timer: idleTimer(event.pitch_seconds) },
  };
}

/** A webhook's row, as both stores read it. */
export interface WebhookRow {
  webhook_id: string;
  url: string;
  format: string;
  seed: string;
  failing_since: string | null;
}

export function webhookOfRow(row: WebhookRow): StoredWebhook {
  return { webhookId: row.webhook_id, url: row.url, format: row.format === 'text' ? 'text' : 'json', seed: row.seed, failingSince: row.failing_since };
}
