// The plan taken elsewhere: calendar feeds (a whole plan, a room, a session, a phone's stars) and
// the sessions as a CSV and a workbook. Public like the board itself; no secret is in any of them.
import { requestsPerAddress, type CommandLimits } from '../rate-limit.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Store } from '../../db/store.ts';
import { findSession, type Board } from '../../shared/board.ts';
import { Id } from '../../shared/fields.ts';
import { calendarRows } from '../../shared/plan-rows.ts';
import type { CommandWriter } from '../writer.ts';
import { sendError } from '../http-error.ts';
import { calendarEntry, calendarText, fingerprint, sessionsCsv, sessionsWorkbook, XLSX_MEDIA_TYPE } from '../plan-files.ts';
import type { Language } from '../../shared/language.ts';
import { csvSeparator, SESSION_COLUMNS, type CsvSeparator } from '../../shared/session-sheet.ts';
import { answers, Slug } from './schemas.ts';

export const STARRED_MAX_LENGTH = 6000;
const SheetLanguage = Type.String({
  pattern: '^(de|en)$',
  'x-errorMessage': 'must be "de" or "en"',
  description: 'The language of the headers and words, "de" or "en" (and so the CSV’s separator); the event’s language unless given.',
});
const CsvSeparatorQuery = Type.String({
  pattern: '^[,;]$',
  'x-errorMessage': 'must be "," or ";" (the character between cells)',
  description: 'The character between cells, "," or ";". Unless given, ";" for German (as German Excel expects) and "," for English.',
});
const EventParams = Type.Object({ slug: Slug });
const RoomParams = Type.Object({ slug: Slug, roomId: Id });
const SessionParams = Type.Object({ slug: Slug, sessionId: Id });
const StarredQuery = Type.Object({
  /** Session ids, comma-separated: a phone's starred sessions (a few hundred fit; a URL holds ~8 KB). */
  sessions: Type.Optional(Type.String({ maxLength: STARRED_MAX_LENGTH })),
});

export function registerPlanFileRoutes(
  app: FastifyInstance,
  deps: { store: Store; writer: CommandWriter; baseUrl: (request: FastifyRequest) => string; limits: CommandLimits },
): void {
  const { store, writer } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  /** A calendar or CSV answer, for the document: its body is text of that type. */
  const file = (mediaType: string, description: string) =>
    answers({ 200: { description, content: { [mediaType]: { schema: Type.String() } } } as never }, [400, 404]);
  const calendar = file('text/calendar', 'iCal (RFC 5545): one VEVENT per placed session, times in UTC');

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

  api.get(
    '/api/events/:slug/plan.ics',
    {
      schema: {
        tags: ['plan'],
        summary: 'Calendar of the whole plan, or of the sessions given',
        params: EventParams,
        querystring: StarredQuery,
        response: calendar,
      },
      onRequest: requestsPerAddress(deps.limits.requestsPerAddress.reads),
    },
    async (request, reply) => {
      const found = boardOf(request.params.slug, reply);
      if (!found) return reply;
      // Empty places between commas match no session: nothing to filter out.
      const starred = request.query.sessions?.split(',').map((id) => id.trim());
      return sendCalendar(request, reply, found, { sessionIds: starred }, found.board.event.title, `${found.board.event.slug}.ics`);
    },
  );

  api.get(
    '/api/events/:slug/rooms/:roomId.ics',
    {
      schema: { tags: ['plan'], summary: 'Calendar of one room', params: RoomParams, response: calendar },
      onRequest: requestsPerAddress(deps.limits.requestsPerAddress.reads),
    },
    async (request, reply) => {
      const found = boardOf(request.params.slug, reply);
      if (!found) return reply;
      const room = found.board.rooms.find((r) => r.id === request.params.roomId);
      if (!room) return sendError(reply, 404, 'not_found', `There is no room "${request.params.roomId}" in this event.`);
      return sendCalendar(request, reply, found, { roomId: room.id }, `${found.board.event.title} – ${room.name}`, `${found.board.event.slug}-${room.id}.ics`);
    },
  );

  api.get(
    '/api/events/:slug/sessions/:sessionId.ics',
    {
      schema: { tags: ['plan'], summary: 'Calendar of one session (empty while it is not in the plan)', params: SessionParams, response: calendar },
      onRequest: requestsPerAddress(deps.limits.requestsPerAddress.reads),
    },
    async (request, reply) => {
      const found = boardOf(request.params.slug, reply);
      if (!found) return reply;
      const session = findSession(found.board, request.params.sessionId);
      if (!session) return sendError(reply, 404, 'not_found', `There is no session "${request.params.sessionId}" in this event.`);
      // A session not (or no longer) in the plan is an empty calendar: a subscription keeps working.
      return sendCalendar(request, reply, found, { sessionIds: [session.id] }, session.title, `${found.board.event.slug}-${session.id}.ics`);
    },
  );

  api.get(
    '/api/events/:slug/sessions.csv',
    {
      schema: {
        tags: ['plan'],
        summary: 'Every session as a spreadsheet (CSV)',
        params: EventParams,
        querystring: Type.Object({ lang: Type.Optional(SheetLanguage), sep: Type.Optional(CsvSeparatorQuery) }),
        response: file(
          'text/csv',
          `RFC 4180, UTF-8 with a byte order mark, headers in the language: ${SESSION_COLUMNS.map((column) => column.key).join(', ')}. A cell that starts with =, +, -, @, a tab or a carriage return has an apostrophe before it (CSV injection).`,
        ),
      },
      onRequest: requestsPerAddress(deps.limits.requestsPerAddress.reads),
    },
    async (request, reply) => {
      const found = boardOf(request.params.slug, reply);
      if (!found) return reply;
      // The schema let only these through.
      const language = (request.query.lang as Language | undefined) ?? found.board.event.locale;
      const separator = request.query.sep as CsvSeparator | undefined;
      return reply
        .type('text/csv; charset=utf-8; header=present')
        .header('cache-control', 'no-cache')
        .header('content-disposition', `attachment; filename="${found.board.event.slug}-sessions.csv"`)
        .send(sessionsCsv(found.board, language, separator ?? csvSeparator(language)));
    },
  );

  api.get(
    '/api/events/:slug/sessions.xlsx',
    {
      schema: {
        tags: ['plan'],
        summary: 'Every session as a workbook (Excel, LibreOffice)',
        params: EventParams,
        querystring: Type.Object({ lang: Type.Optional(SheetLanguage) }),
        response: answers(
          {
            200: {
              description:
                'Office Open XML workbook: a sheet of every session ("Alle Sessions" / "All sessions"), then one per day named by its date; headers in the language, dates and times as date cells, every text a string cell (never a formula).',
              content: { [XLSX_MEDIA_TYPE]: { schema: Type.String({ format: 'binary' }) } },
            } as never,
          },
          [400, 404],
        ),
      },
      onRequest: requestsPerAddress(deps.limits.requestsPerAddress.reads),
    },
    async (request, reply) => {
      const found = boardOf(request.params.slug, reply);
      if (!found) return reply;
      const workbook = await sessionsWorkbook(found.board, (request.query.lang as Language | undefined) ?? found.board.event.locale);
      return reply
        .type(XLSX_MEDIA_TYPE)
        .header('cache-control', 'no-cache')
        .header('content-disposition', `attachment; filename="${found.board.event.slug}-sessions.xlsx"`)
        .send(workbook);
    },
  );
}
