// The plan taken elsewhere: calendar feeds (a whole plan, a room, a session, a phone's stars) and
// the CSV of every session. Public like the board itself; no secret is in any of them.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Store } from '../../db/store.ts';
import { findSession, type Board } from '../../shared/board.ts';
import { Id } from '../../shared/fields.ts';
import { calendarRows } from '../../shared/plan-rows.ts';
import type { CommandWriter } from '../commands.ts';
import { sendError } from '../http-error.ts';
import { calendarEntry, calendarText, fingerprint, sessionsCsv } from '../plan-files.ts';

export const STARRED_MAX_LENGTH = 6000;
const Slug = Type.String({ minLength: 1, maxLength: 64 });
const EventParams = Type.Object({ slug: Slug });
const RoomParams = Type.Object({ slug: Slug, roomId: Id });
const SessionParams = Type.Object({ slug: Slug, sessionId: Id });
const StarredQuery = Type.Object({
  /** Session ids, comma-separated: a phone's starred sessions (a few hundred fit; a URL holds ~8 KB). */
  sessions: Type.Optional(Type.String({ maxLength: STARRED_MAX_LENGTH })),
});

export function registerPlanFileRoutes(
  app: FastifyInstance,
  deps: { store: Store; writer: CommandWriter; baseUrl: (request: FastifyRequest) => string },
): void {
  const { store, writer } = deps;
  const config = { rateLimit: { max: 600, timeWindow: '1 minute' } };

  /** The event's board, or a 404 already sent. */
  function boardOf(slug: string, reply: FastifyReply): { eventId: number; board: Board } | undefined {
    const event = store.findEvent(slug);
    if (!event) {
      sendError(reply, 404, 'not_found', `There is no event "${slug}".`);
      return undefined;
    }
    return { eventId: event.id, board: writer.snapshot(event.id).board };
  }

  function sendCalendar(
    request: FastifyRequest,
    reply: FastifyReply,
    { eventId, board }: { eventId: number; board: Board },
    only: Parameters<typeof calendarRows>[1],
    name: string,
    file: string,
  ) {
    const entries = calendarRows(board, only).map((row) => ({ sessionId: row.session.id, entry: calendarEntry(board, row, deps.baseUrl(request)) }));
    const sequences = store.calendarSequences(eventId, new Map(entries.map(({ sessionId, entry }) => [sessionId, fingerprint(entry)])));
    // A calendar asks again later: never an old plan from a cache.
    return reply
      .type('text/calendar; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-disposition', `inline; filename="${file}"`)
      .send(
        calendarText(
          name,
          entries.map(({ sessionId, entry }) => ({ ...entry, sequence: sequences.get(sessionId)! })),
        ),
      );
  }

  app.get<{ Params: Static<typeof EventParams>; Querystring: Static<typeof StarredQuery> }>(
    '/api/events/:slug/plan.ics',
    { schema: { params: EventParams, querystring: StarredQuery }, config },
    async (request, reply) => {
      const found = boardOf(request.params.slug, reply);
      if (!found) return reply;
      const starred = request.query.sessions
        ?.split(',')
        .map((id) => id.trim())
        .filter(Boolean);
      return sendCalendar(request, reply, found, { sessionIds: starred }, found.board.event.title, `${found.board.event.slug}.ics`);
    },
  );

  app.get<{ Params: Static<typeof RoomParams> }>('/api/events/:slug/rooms/:roomId.ics', { schema: { params: RoomParams }, config }, async (request, reply) => {
    const found = boardOf(request.params.slug, reply);
    if (!found) return reply;
    const room = found.board.rooms.find((r) => r.id === request.params.roomId);
    if (!room) return sendError(reply, 404, 'not_found', `There is no room "${request.params.roomId}" in this event.`);
    return sendCalendar(request, reply, found, { roomId: room.id }, `${found.board.event.title} – ${room.name}`, `${found.board.event.slug}-${room.id}.ics`);
  });

  app.get<{ Params: Static<typeof SessionParams> }>(
    '/api/events/:slug/sessions/:sessionId.ics',
    { schema: { params: SessionParams }, config },
    async (request, reply) => {
      const found = boardOf(request.params.slug, reply);
      if (!found) return reply;
      const session = findSession(found.board, request.params.sessionId);
      if (!session) return sendError(reply, 404, 'not_found', `There is no session "${request.params.sessionId}" in this event.`);
      // A session not (or no longer) in the plan is an empty calendar: a subscription keeps working.
      return sendCalendar(request, reply, found, { sessionIds: [session.id] }, session.title, `${found.board.event.slug}-${session.id}.ics`);
    },
  );

  app.get<{ Params: Static<typeof EventParams> }>('/api/events/:slug/sessions.csv', { schema: { params: EventParams }, config }, async (request, reply) => {
    const found = boardOf(request.params.slug, reply);
    if (!found) return reply;
    return reply
      .type('text/csv; charset=utf-8; header=present')
      .header('cache-control', 'no-cache')
      .header('content-disposition', `attachment; filename="${found.board.event.slug}-sessions.csv"`)
      .send(sessionsCsv(found.board));
  });
}
