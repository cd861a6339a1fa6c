// Domain events: the only way the board changes. Small and ordered; a swap is several events.
// A submitted session joins the pitch queue and a withdrawn one leaves it, as part of apply.
import type { Day, EventInfo, PitchState, Room, Session, SessionWishes, Slot } from './board.ts';

export interface SessionTextChanges {
  title?: string;
  host?: string;
  description?: string;
  tags?: string[];
  wishes?: SessionWishes;
  notesLink?: string;
}

export type EventSettingsChanges = Partial<Pick<EventInfo, 'title' | 'timezone' | 'pitchSeconds' | 'claiming' | 'notesLink'>>;

export type DomainEvent =
  /** `pitched`: entered by the facilitator after its pitch, so it does not wait in the pitch queue. */
  | { type: 'session.submitted'; session: Session; pitched?: true }
  /** A session placed before its turn at the microphone leaves the pitch queue … */
  | { type: 'session.dequeued'; sessionId: string }
  /** … and comes back to its place in it when that is undone. */
  | { type: 'session.queued'; sessionId: string; queueIndex: number }
  | { type: 'session.updated'; sessionId: string; changes: SessionTextChanges; revision: number }
  | { type: 'session.withdrawn'; sessionId: string }
  /** A withdrawal taken back (undo). */
  | { type: 'session.restored'; sessionId: string; queueIndex: number | null }
  | { type: 'session.placed'; sessionId: string; roomId: string; slotId: string }
  | { type: 'session.unplaced'; sessionId: string }
  | { type: 'session.interest_set'; sessionId: string; interest: number | null }
  /** The giver's link was replaced; the board itself does not change. */
  | { type: 'session.token_reissued'; sessionId: string }
  | { type: 'event.updated'; changes: EventSettingsChanges }
  | { type: 'pitch.updated'; pitch: PitchState }
  /** The facilitator key was replaced; the board itself does not change. */
  | { type: 'event.key_rotated' }
  | { type: 'day.added'; day: Day; slots: Slot[] }
  | { type: 'day.updated'; dayId: string; changes: Partial<Pick<Day, 'date' | 'label'>> }
  /** The day's sessions were unplaced by earlier events of the same change. */
  | { type: 'day.removed'; dayId: string }
  | { type: 'room.added'; room: Room }
  | { type: 'room.updated'; roomId: string; changes: Partial<Pick<Room, 'name' | 'capacity' | 'projector'>> }
  | { type: 'room.moved'; roomId: string; toIndex: number }
  | { type: 'room.removed'; roomId: string }
  | { type: 'slot.added'; slot: Slot }
  | { type: 'slot.updated'; slotId: string; changes: Partial<Pick<Slot, 'start' | 'end' | 'kind' | 'label'>> }
  | { type: 'slot.removed'; slotId: string }
  | { type: 'cell.blocked'; roomId: string; slotId: string }
  | { type: 'cell.unblocked'; roomId: string; slotId: string }
  /** A double session takes one more cell; shrinking gives it back. */
  | { type: 'session.extended'; sessionId: string; roomId: string; slotId: string }
  | { type: 'session.shrunk'; sessionId: string; roomId: string; slotId: string };
