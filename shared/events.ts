// Domain events: the only way the board changes. Small and ordered; a swap is several events.
import type { Session } from './board.ts';

export interface SessionTextChanges {
  title?: string;
  host?: string;
  description?: string;
  tags?: string[];
}

export type DomainEvent =
  | { type: 'session.submitted'; session: Session }
  | { type: 'session.updated'; sessionId: string; changes: SessionTextChanges; revision: number }
  | { type: 'session.withdrawn'; sessionId: string }
  | { type: 'session.placed'; sessionId: string; roomId: string; slotId: string }
  | { type: 'session.unplaced'; sessionId: string }
  | { type: 'session.interest_set'; sessionId: string; interest: number };

export type DomainEventType = DomainEvent['type'];
