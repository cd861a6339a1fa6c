// Domain events: the only way the board changes. Small and ordered; a swap is several events.
// A submitted session joins the pitch queue and a withdrawn one leaves it, as part of apply.
import type { EventInfo, PitchState, Session, SessionWishes } from './board.ts';

export interface SessionTextChanges {
  title?: string;
  host?: string;
  description?: string;
  tags?: string[];
  wishes?: SessionWishes;
}

export type EventSettingsChanges = Partial<Pick<EventInfo, 'title' | 'timezone' | 'pitchSeconds' | 'claiming'>>;

export type DomainEvent =
  | { type: 'session.submitted'; session: Session }
  | { type: 'session.updated'; sessionId: string; changes: SessionTextChanges; revision: number }
  | { type: 'session.withdrawn'; sessionId: string }
  | { type: 'session.placed'; sessionId: string; roomId: string; slotId: string }
  | { type: 'session.unplaced'; sessionId: string }
  | { type: 'session.interest_set'; sessionId: string; interest: number }
  /** The giver's link was replaced; the board itself does not change. */
  | { type: 'session.token_reissued'; sessionId: string }
  | { type: 'event.updated'; changes: EventSettingsChanges }
  | { type: 'pitch.updated'; pitch: PitchState };

export type DomainEventType = DomainEvent['type'];
