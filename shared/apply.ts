// apply: the board after one event. Pure and total: the server, every phone and every
// projector run this same function, so they cannot disagree about what an event means.
import { idleTimer, type Board, type Session } from './board.ts';
import { exhaustiveSwitchError } from './errors.ts';
import type { DomainEvent } from './events.ts';

function updateSession(board: Board, sessionId: string, change: (session: Session) => Session): Board {
  return { ...board, sessions: board.sessions.map((s) => (s.id === sessionId ? change(s) : s)) };
}

export function apply(board: Board, event: DomainEvent): Board {
  switch (event.type) {
    case 'session.submitted':
      // Every new session waits for its turn at the microphone.
      return {
        ...board,
        sessions: [...board.sessions, event.session],
        pitch: { ...board.pitch, queue: [...board.pitch.queue, event.session.id] },
      };
    case 'session.updated':
      return updateSession(board, event.sessionId, (s) => ({ ...s, ...event.changes, revision: event.revision }));
    case 'session.withdrawn': {
      const withdrawn = updateSession(board, event.sessionId, (s) => ({ ...s, status: 'withdrawn' }));
      const { queue, current } = board.pitch;
      const wasCurrent = current === event.sessionId;
      return {
        ...withdrawn,
        pitch: {
          queue: queue.filter((id) => id !== event.sessionId),
          current: wasCurrent ? null : current,
          timer: wasCurrent ? idleTimer(board.event.pitchSeconds) : board.pitch.timer,
        },
      };
    }
    case 'session.placed': {
      const others = board.placements.filter((p) => p.sessionId !== event.sessionId);
      const placement = { sessionId: event.sessionId, roomId: event.roomId, slotId: event.slotId };
      return { ...board, placements: [...others, placement] };
    }
    case 'session.unplaced':
      return { ...board, placements: board.placements.filter((p) => p.sessionId !== event.sessionId) };
    case 'session.interest_set':
      return updateSession(board, event.sessionId, (s) => ({ ...s, interest: event.interest }));
    case 'session.token_reissued':
      return board;
    case 'event.updated':
      return { ...board, event: { ...board.event, ...event.changes } };
    case 'pitch.updated':
      return { ...board, pitch: event.pitch };
    default:
      return exhaustiveSwitchError(event);
  }
}

export function applyAll(board: Board, events: readonly DomainEvent[]): Board {
  return events.reduce(apply, board);
}
