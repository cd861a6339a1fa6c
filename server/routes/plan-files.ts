// The plan taken elsewhere: calendar feeds (a whole plan, a room, a session, a phone's stars, a
// phone's own feed that follows its stars), the schedules for conference apps (c3voc JSON, frab
// XML) and the sessions as a CSV and a workbook. Public like the board itself; no secret is in any
// of them. A phone's own feed is read and written by its id. Each answer has the ETag of the board
// version it was made from (304 to a client that has it), and every public one may be read by any
// site (public-read.ts).
import { createHash } from 'node:crypto';
import { PUSH_LIMITS, type PushNotifier } from '../push.ts';
import { ADDRESS_PROBLEM_TEXT, outsideAddressProblem } from '../outside-address.ts';
import { requestsPerAddress, type CommandLimits } from '../rate-limit.ts';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Store } from '../../db/store.ts';
import { findSession, plannedInterest, type Board } from '../../shared/board.ts';
import { closed, Id } from '../../shared/fields.ts';
import { calendarRows } from '../../shared/plan-rows.ts';
import type { CommandWriter } from '../writer.ts';
import { sendError } from '../http-error.ts';
import { calendarEntry, calendarText, fingerprint, myPlanName, scheduleXml, sessionsCsv, sessionsWorkbook, XLSX_MEDIA_TYPE } from '../plan-files.ts';
import { conferenceSchedule } from '../../shared/conference-schedule.ts';
import { boardTag, tagMatches } from '../board-answers.ts';
import { eventUuid } from '../ids.ts';
import { readableByAnySite } from './public-read.ts';
import { hashSecret } from '../auth.ts';
import { FEED_ID_PATTERN, STAR_FEED_LIMITS, type StarFeedAnswer } from '../../shared/star-feed.ts';
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
const FeedParams = Type.Object({
  slug: Slug,
  feedId: Type.String({
    pattern: FEED_ID_PATTERN,
    'x-errorMessage': 'must be 22 to 64 of A–Z, a–z, 0–9, "_" and "-" (a random id the phone makes)',
    description: 'The phone’s own random id for its feed (at least 132 bits, base64url): whoever knows it reads the feed.',
  }),
});
const StarsBody = Type.Object(
  { sessions: Type.Array(Id, { maxItems: STAR_FEED_LIMITS.sessions, description: 'The ids of the sessions the phone starred.' }) },
  closed,
);
const StarFeedAnswerSchema = Type.Object(
  { sessions: Type.Array(Id, { description: 'What the feed holds now: the sessions of the event among those sent, each once.' }) },
  closed,
);
/** A browser's PushSubscription as JSON (PushSubscription.toJSON()), and the language its pushes speak. */
const PushBody = Type.Object(
  {
    subscription: Type.Object({
      endpoint: Type.String({ maxLength: 2048, description: 'The push service’s address for this phone: https, never a local address.' }),
      expirationTime: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
      keys: Type.Object(
        {
          // A P-256 public key (65 bytes) and a 16-byte secret, base64url: what the browser made.
          p256dh: Type.String({ pattern: '^[A-Za-z0-9_-]{86,88}={0,2}$', 'x-errorMessage': 'must be the browser’s P-256 key, base64url' }),
          auth: Type.String({ pattern: '^[A-Za-z0-9_-]{22,24}={0,2}$', 'x-errorMessage': 'must be the browser’s 16-byte secret, base64url' }),
        },
        closed,
      ),
    }),
    lang: Type.Union([Type.Literal('de'), Type.Literal('en')], { description: 'The language the pushes speak.' }),
  },
  closed,
);

/** 304 to a client whose If-None-Match names the version the answer would be made from. */
const NotModified = Type.Null({
  description: 'Nothing changed since the ETag named in If-None-Match: `"<event>-<board version>"` (and more for what changes without a version).',
});

/** An event's board as a route found it, with the version it is at. */
interface Found {
  eventId: number;
  version: number;
  board: Board;
}

/** 11 characters of base64url that change with the text: what a tag holds beside the version. */
const shortHash = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 11);

/** The phones' taps make no version, but a spreadsheet shows them where no hands were counted: they are in its tag. */
const tapsTag = (board: Board) => shortHash(board.sessions.map(plannedInterest).join(','));

/** The feed's id is its only key: the server keeps, and looks up by, its hash. */
const feedHash = (feedId: string) => hashSecret(feedId);

/** A request's address for a log line, without a feed's id (whoever knows it reads the phone's stars). */
export function withoutFeedId(url: string): string {
  return url.replace(/(\/api\/events\/[^/?#]*\/my\/)[^/?#.]*/, '$1…');
}
const StarredQuery = Type.Object({
  /** Session ids, comma-separated: a phone's starred sessions (a few hundred fit; a URL holds ~8 KB). */
  sessions: Type.Optional(Type.String({ maxLength: STARRED_MAX_LENGTH })),
});

export function registerPlanFileRoutes(
  app: FastifyInstance,
  deps: { store: Store; writer: CommandWriter; baseUrl: (request: FastifyRequest) => string; limits: CommandLimits; push: PushNotifier },
): void {
  const { store, writer } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  /** A calendar or CSV answer, for the document: its body is text of that type (or nothing, 304, to a client that has this version). */
  const file = (mediaType: string, description: string) =>
    answers({ 200: { description, content: { [mediaType]: { schema: Type.String() } } } as never, 304: NotModified }, [400, 404]);
  const calendar = file('text/calendar', 'iCal (RFC 5545): one VEVENT per placed session, times in UTC');
  /** Public read-only answers: rate-limited per address, and readable by any site. */
  const publicRead = { onRequest: requestsPerAddress(deps.limits.requestsPerAddress.reads), onSend: readableByAnySite };

  /** The event's board at its version, or a 404 already sent. */
  async function boardOf(slug: string, reply: FastifyReply): Promise<Found | undefined> {
    const event = await store.findEvent(slug);
    if (!event) {
      sendError(reply, 404, 'not_found', 'no_such', `There is no event "${slug}".`, { field: 'event' });
      return undefined;
    }
    const { version, board } = await writer.snapshot(event.id);
    return { eventId: event.id, version, board };
  }

  /**
   * Tags the answer with the version it is made from (and `more` that it holds beside the board);
   * true when the client has it already: then a 304 has been sent, and nothing needs making.
   */
  function unchanged(request: FastifyRequest, reply: FastifyReply, { eventId, version }: Found, more?: string): boolean {
    const tag = boardTag(eventId, version, more);
    // A calendar or an app asks again later: never an old plan from a cache, but a 304 when nothing changed.
    reply.header('etag', tag).header('cache-control', 'no-cache');
    if (!tagMatches(request.headers['if-none-match'], tag)) return false;
    void reply.code(304).send();
    return true;
  }

  async function sendCalendar(
    request: FastifyRequest,
    reply: FastifyReply,
    found: Found,
    only: Parameters<typeof calendarRows>[1],
    name: string,
    file: string,
    more?: string,
  ) {
    if (unchanged(request, reply, found, more)) return reply;
    const { eventId, board } = found;
    const entries = calendarRows(board, only).map((row) => ({ sessionId: row.session.id, entry: calendarEntry(board, row, deps.baseUrl(request)) }));
    const sequences = await store.calendarSequences(eventId, new Map(entries.map(({ sessionId, entry }) => [sessionId, fingerprint(entry)])));
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `inline; filename="${file}"`)
      .send(
        calendarText(
          name,
          entries.map(({ sessionId, entry }) => ({ ...entry, sequence: sequences.get(sessionId)! })),
          { timezone: board.event.timezone, dates: board.days.map((day) => day.date) },
        ),
      );
  }

  api.get(
    '/api/events/:slug/plan.ics',
    {
      schema: {
        operationId: 'getPlanCalendar',
        tags: ['plan'],
        summary: 'Calendar of the whole plan, or of the sessions given',
        params: EventParams,
        querystring: StarredQuery,
        response: calendar,
      },
      ...publicRead,
    },
    async (request, reply) => {
      const found = await boardOf(request.params.slug, reply);
      if (!found) return reply;
      // Empty places between commas match no session: nothing to filter out.
      const starred = request.query.sessions?.split(',').map((id) => id.trim());
      return sendCalendar(request, reply, found, { sessionIds: starred }, found.board.event.title, `${found.board.event.slug}.ics`);
    },
  );

  api.get(
    '/api/events/:slug/rooms/:roomId.ics',
    {
      schema: {
        operationId: 'getRoomCalendar',
        tags: ['plan'],
        summary: 'Calendar of one room',
        params: RoomParams,
        response: calendar,
      },
      ...publicRead,
    },
    async (request, reply) => {
      const found = await boardOf(request.params.slug, reply);
      if (!found) return reply;
      const room = found.board.rooms.find((r) => r.id === request.params.roomId);
      if (!room) return sendError(reply, 404, 'not_found', 'no_such', `There is no room "${request.params.roomId}" in this event.`, { field: 'roomId' });
      return sendCalendar(request, reply, found, { roomId: room.id }, `${found.board.event.title} – ${room.name}`, `${found.board.event.slug}-${room.id}.ics`);
    },
  );

  api.get(
    '/api/events/:slug/sessions/:sessionId.ics',
    {
      schema: {
        operationId: 'getSessionCalendar',
        tags: ['plan'],
        summary: 'Calendar of one session (empty while it is not in the plan)',
        params: SessionParams,
        response: calendar,
      },
      ...publicRead,
    },
    async (request, reply) => {
      const found = await boardOf(request.params.slug, reply);
      if (!found) return reply;
      const session = findSession(found.board, request.params.sessionId);
      if (!session)
        return sendError(reply, 404, 'not_found', 'no_such', `There is no session "${request.params.sessionId}" in this event.`, { field: 'sessionId' });
      // A session not (or no longer) in the plan is a calendar of the event's VTIMEZONE alone, never
      // a 404: a subscription made before the session was placed, or kept after it was taken off,
      // goes on working, and a calendar app shows no entry instead of an error (calendarText says
      // why such a calendar is valid).
      return sendCalendar(request, reply, found, { sessionIds: [session.id] }, session.title, `${found.board.event.slug}-${session.id}.ics`);
    },
  );

  api.get(
    '/api/events/:slug/my/:feedId.ics',
    {
      schema: {
        operationId: 'getMyCalendar',
        tags: ['plan'],
        summary: 'A phone’s own calendar: the sessions it starred (PUT my/:feedId), as they are in the plan',
        params: FeedParams,
        response: file(
          'text/calendar',
          'iCal (RFC 5545): one VEVENT per starred session in the plan, times in UTC, and the event’s VTIMEZONE; a feed never told any stars is an empty calendar, never a 404 (a phone may subscribe before its first PUT)',
        ),
      },
      onRequest: requestsPerAddress(deps.limits.requestsPerAddress.reads),
    },
    async (request, reply) => {
      const found = await boardOf(request.params.slug, reply);
      if (!found) return reply;
      const starred = await store.starFeed(found.eventId, feedHash(request.params.feedId));
      // Stars change without a version: they are in the tag too. Not readable by other sites: the id is the feed's key.
      const stars = shortHash(starred.join(','));
      return sendCalendar(request, reply, found, { sessionIds: starred }, myPlanName(found.board), `${found.board.event.slug}-my-plan.ics`, stars);
    },
  );

  api.put(
    '/api/events/:slug/my/:feedId',
    {
      schema: {
        operationId: 'putMyStars',
        tags: ['plan'],
        summary: 'Tell a phone’s own calendar which sessions it starred',
        description:
          'The feed holds these from now on (the stars before are replaced); ids that are no session of the event are left out. An empty list empties the feed. The answer says what the feed holds.',
        params: FeedParams,
        body: StarsBody,
        response: answers({ 200: StarFeedAnswerSchema }, [400, 404, 429]),
      },
      onRequest: requestsPerAddress(deps.limits.requestsPerAddress.stars),
    },
    async (request, reply) => {
      const found = await boardOf(request.params.slug, reply);
      if (!found) return reply;
      const known = new Set(found.board.sessions.map((session) => session.id));
      const sessions = [...new Set(request.body.sessions)].filter((id) => known.has(id));
      const kept = await store.saveStarFeed(found.eventId, feedHash(request.params.feedId), sessions, STAR_FEED_LIMITS.feedsPerEvent, new Date());
      if (!kept) {
        return sendError(
          reply,
          429,
          'rate_limited',
          'too_many_requests',
          `This event keeps the stars of ${STAR_FEED_LIMITS.feedsPerEvent} phones at most; the feeds it keeps go on.`,
        );
      }
      const answer: StarFeedAnswer = { sessions };
      return answer;
    },
  );

  api.post(
    '/api/events/:slug/my/:feedId/push',
    {
      schema: {
        operationId: 'subscribePush',
        tags: ['plan'],
        summary: 'Be told by push when a session this phone starred changes',
        description:
          'The subscription goes with the phone’s feed (PUT my/:feedId says its stars): when a starred session is moved, retimed, retitled or withdrawn, one push per change reaches it, in `lang`, naming the session, its new room and time; tapping it opens the session. A new subscription replaces the feed’s old one. The endpoint must be https and must not point at a loopback, private or link-local address.',
        params: FeedParams,
        body: PushBody,
        response: answers({ 200: Type.Object({ notifying: Type.Literal(true) }, closed) }, [400, 404, 429]),
      },
      onRequest: requestsPerAddress(deps.limits.requestsPerAddress.stars),
    },
    async (request, reply) => {
      const found = await boardOf(request.params.slug, reply);
      if (!found) return reply;
      const { subscription, lang } = request.body;
      const problem = outsideAddressProblem(subscription.endpoint, deps.push.allowsHttp);
      if (problem) {
        const said = ADDRESS_PROBLEM_TEXT[problem];
        return sendError(reply, 400, 'invalid', 'push_endpoint', `Invalid subscription.endpoint: ${said}.`, { field: 'subscription.endpoint' });
      }
      const { p256dh, auth } = subscription.keys;
      const target = { endpoint: subscription.endpoint, p256dh, auth, lang };
      if (!(await store.savePushSubscription(found.eventId, feedHash(request.params.feedId), target, PUSH_LIMITS.perEvent, new Date()))) {
        return sendError(reply, 429, 'rate_limited', 'too_many_requests', `This event keeps ${PUSH_LIMITS.perEvent} push subscriptions at most.`);
      }
      return { notifying: true as const };
    },
  );

  api.delete(
    '/api/events/:slug/my/:feedId/push',
    {
      schema: {
        operationId: 'unsubscribePush',
        tags: ['plan'],
        summary: 'No more pushes for this phone’s feed',
        params: FeedParams,
        response: answers({ 204: Type.Null() }, [400, 404, 429]),
      },
      onRequest: requestsPerAddress(deps.limits.requestsPerAddress.stars),
    },
    async (request, reply) => {
      const found = await boardOf(request.params.slug, reply);
      if (!found) return reply;
      await store.deletePushSubscription(found.eventId, feedHash(request.params.feedId));
      return reply.code(204).send();
    },
  );

  api.get(
    '/api/events/:slug/sessions.csv',
    {
      schema: {
        operationId: 'getSessionsCsv',
        tags: ['plan'],
        summary: 'Every session as a spreadsheet (CSV)',
        params: EventParams,
        querystring: Type.Object({ lang: Type.Optional(SheetLanguage), sep: Type.Optional(CsvSeparatorQuery) }),
        response: file(
          'text/csv',
          `RFC 4180, UTF-8 with a byte order mark, headers in the language: ${SESSION_COLUMNS.map((column) => column.key).join(', ')}. A cell that starts with =, +, -, @, a tab or a carriage return has an apostrophe before it (CSV injection).`,
        ),
      },
      ...publicRead,
    },
    async (request, reply) => {
      const found = await boardOf(request.params.slug, reply);
      if (!found) return reply;
      if (unchanged(request, reply, found, tapsTag(found.board))) return reply;
      // The schema let only these through.
      const language = (request.query.lang as Language | undefined) ?? found.board.event.locale;
      const separator = request.query.sep as CsvSeparator | undefined;
      return reply
        .type('text/csv; charset=utf-8; header=present')
        .header('content-disposition', `attachment; filename="${found.board.event.slug}-sessions.csv"`)
        .send(sessionsCsv(found.board, language, separator ?? csvSeparator(language)));
    },
  );

  api.get(
    '/api/events/:slug/sessions.xlsx',
    {
      schema: {
        operationId: 'getSessionsXlsx',
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
            304: NotModified,
          },
          [400, 404],
        ),
      },
      ...publicRead,
    },
    async (request, reply) => {
      const found = await boardOf(request.params.slug, reply);
      if (!found) return reply;
      if (unchanged(request, reply, found, tapsTag(found.board))) return reply;
      const workbook = await sessionsWorkbook(found.board, (request.query.lang as Language | undefined) ?? found.board.event.locale);
      return reply.type(XLSX_MEDIA_TYPE).header('content-disposition', `attachment; filename="${found.board.event.slug}-sessions.xlsx"`).send(workbook);
    },
  );
  /** The board as a c3voc schedule, made at the version found: both schedules are made from it. */
  const scheduleOf = (request: FastifyRequest, { eventId, version, board }: Found) =>
    conferenceSchedule(board, { version, base: deps.baseUrl(request), uuid: eventUuid(eventId) });
  const scheduleFields =
    'Every placed session (a double session once) is one event with `id` (a positive integer that never changes), `guid` (a UUID that never changes, wherever the session moves), `date` (date-time with the zone’s offset), `start` and `duration` (HH:MM), `room`, `slug`, `url`, `title`, `subtitle`, `track` (the first tag or null), `type`, `language`, `abstract` (the description), `persons` (the host) and `links`. `version` is the board’s version: it changes with every change.';

  api.get(
    '/api/events/:slug/schedule.json',
    {
      schema: {
        tags: ['plan'],
        summary: 'The plan for conference apps: a c3voc schedule (JSON)',
        description: `The c3voc schedule format (https://c3voc.de/schedule/schema.json), as Giggity, EventFahrplan and ConfClerk read it. ${scheduleFields}`,
        operationId: 'getScheduleJson',
        params: EventParams,
        response: answers(
          {
            200: { description: 'A c3voc schedule', content: { 'application/json': { schema: Type.Object({}, { additionalProperties: true }) } } } as never,
            304: NotModified,
          },
          [400, 404],
        ),
      },
      ...publicRead,
    },
    async (request, reply) => {
      const found = await boardOf(request.params.slug, reply);
      if (!found) return reply;
      if (unchanged(request, reply, found)) return reply;
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `inline; filename="${found.board.event.slug}-schedule.json"`)
        .send(JSON.stringify(scheduleOf(request, found)));
    },
  );

  api.get(
    '/api/events/:slug/schedule.xml',
    {
      schema: {
        tags: ['plan'],
        summary: 'The plan for conference apps: a frab schedule (XML)',
        description: `The frab schedule XML (the XSD of the voc/schedule repository, validator/xsd/schedule.xml.xsd): \`<conference>\`, then a \`<day index date start end>\` per day, in it a \`<room name guid>\` per room in the board’s order, in it an \`<event guid id>\` per session. ${scheduleFields}`,
        operationId: 'getScheduleXml',
        params: EventParams,
        response: file('application/xml', 'A frab schedule'),
      },
      ...publicRead,
    },
    async (request, reply) => {
      const found = await boardOf(request.params.slug, reply);
      if (!found) return reply;
      if (unchanged(request, reply, found)) return reply;
      return reply
        .type('application/xml; charset=utf-8')
        .header('content-disposition', `inline; filename="${found.board.event.slug}-schedule.xml"`)
        .send(scheduleXml(scheduleOf(request, found)));
    },
  );
}
