// The history panel's plain language: who changed what, from an entry of the event log.
import { findSession, type Board } from '../../shared/board.ts';
import type { DomainEvent } from '../../shared/events.ts';
import type { HistoryEntry } from '../../shared/protocol.ts';
import { slotStart } from './format.ts';
import { t } from './i18n/i18n.svelte.ts';
import './i18n/messages-more.ts';
import type { MessageKey } from './i18n/i18n.svelte.ts';
import type { HistoryKey } from './i18n/messages-more.ts';
import { addMessages } from './i18n/catalogs.ts';
import { COMMAND_NAMES, COMMANDS } from '../../shared/commands.ts';
import type { Language } from '../../shared/language.ts';

// Each command's words come from its entry in the registry, which holds its decide too: only the
// board, whose history panel says them, loads it (the giver's page would carry 9 KB more).
const historyTexts = (language: Language) =>
  Object.fromEntries(COMMAND_NAMES.map((name) => [`history.cmd.${name}`, COMMANDS[name].history[language]])) as Record<HistoryKey, string>;
addMessages({ de: historyTexts('de'), en: historyTexts('en') });

function firstSessionId(events: DomainEvent[]): string | undefined {
  for (const event of events) {
    if (event.type === 'session.submitted') return event.session.id;
    if ('sessionId' in event) return event.sessionId;
  }
  return undefined;
}

/** The cell a change is about: where a session went, or which cell was blocked. */
function firstCell(events: DomainEvent[], sessionId: string | undefined): { roomId: string; slotId: string } | undefined {
  for (const event of events) {
    if ((event.type === 'session.placed' && event.sessionId === sessionId) || event.type === 'cell.blocked' || event.type === 'cell.unblocked') {
      return event;
    }
  }
  return undefined;
}

export function describeEntry(board: Board, entry: HistoryEntry): { who: string; what: string } {
  const sessionId = firstSessionId(entry.events);
  const submitted = entry.events.find((e) => e.type === 'session.submitted');
  const title = (sessionId && findSession(board, sessionId)?.title) || (submitted?.type === 'session.submitted' ? submitted.session.title : '?');
  const cell = firstCell(entry.events, sessionId);
  const roomId =
    cell?.roomId ??
    entry.events.flatMap((e) => (e.type === 'room.updated' || e.type === 'room.moved' ? [e.roomId] : e.type === 'room.added' ? [e.room.id] : []))[0];
  const room = board.rooms.find((r) => r.id === roomId);
  const addedRoom = entry.events.find((e) => e.type === 'room.added');
  const addedSlot = entry.events.find((e) => e.type === 'slot.added');
  const slot = board.slots.find((s) => s.id === cell?.slotId) ?? (addedSlot?.type === 'slot.added' ? addedSlot.slot : undefined);
  // Hands: the count after the change, and the one before it (what undo would set again).
  const counted = (events: DomainEvent[] | null) => {
    const set = events?.find((e) => e.type === 'session.interest_set');
    return set?.type === 'session.interest_set' && set.interest !== null ? set.interest : '–';
  };
  const params = {
    title,
    room: room?.name ?? '?',
    name: addedRoom?.type === 'room.added' ? addedRoom.room.name : (room?.name ?? '?'),
    time: slot ? slotStart(slot) : '?',
    count: counted(entry.events),
    from: counted(entry.inverse),
  };
  const who = entry.actor === 'giver' ? t('history.who.giver', { title }) : t(`history.who.${entry.actor}` as MessageKey);
  const key = `history.cmd.${entry.command}` as HistoryKey;
  return { who, what: t(key, params) };
}
