import { requestsPerAddress, type CommandLimits } from '../rate-limit.ts';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { Store } from '../../db/store.ts';
import type { CommandWriter } from '../writer.ts';
import { serverAddresses } from '../links.ts';
import type { ServerAddresses } from '../../shared/links.ts';
import { sendError } from '../http-error.ts';
import { answers, BoardAnswerSchema, SlugParams } from './schemas.ts';
import { BoardAnswers, boardEncodingFor, boardTag, tagMatches } from '../board-answers.ts';
import { SERVER_TIME_HEADER } from '../../shared/protocol.ts';
import { readableByAnySite } from './public-read.ts';

export function registerApiRoutes(
  app: FastifyInstance,
  deps: { store: Store; writer: CommandWriter; publicUrl: string | undefined; limits: CommandLimits },
): void {
  const { store, writer, publicUrl } = deps;
  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const boardAnswers = new BoardAnswers();

  // For a monitor or a load balancer: 503 while the database fails (the last write, or damage met:
  // a damaged file, or an event whose stored data does not parse, named in `events`).
  api.get(
    '/healthz',
    {
      schema: {
        operationId: 'getHealth',
        tags: ['server'],
        summary: 'Whether the server and its database work',
        response: {
          200: Type.Object({ ok: Type.Literal(true), database: Type.Literal('ok') }),
          503: Type.Object({
            ok: Type.Literal(false),
            database: Type.String({ description: 'What is wrong with the database' }),
            events: Type.Optional(Type.Array(Type.String(), { description: 'The events (slugs) whose stored data was found damaged' })),
          }),
        },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      const database = await store.health();
      if (database.ok) return { ok: true as const, database: 'ok' as const };
      const events = database.damagedEvents.length ? { events: database.damagedEvents } : {};
      return reply.code(503).send({ ok: false as const, database: database.problem, ...events });
    },
  );

  // Where phones can reach this server: the projector and door signs put it in their QR codes.
  api.get(
    '/api/addresses',
    {
      schema: {
        operationId: 'getAddresses',
        tags: ['server'],
        summary: 'Where phones can reach this server (for QR codes)',
        response: { 200: Type.Object({ publicUrl: Type.Union([Type.String(), Type.Null()]), lanUrls: Type.Array(Type.String()) }) },
      },
    },
    async (_request, reply): Promise<ServerAddresses> => {
      reply.header('cache-control', 'no-store');
      const address = app.server.address();
      return serverAddresses(typeof address === 'object' ? address : null, publicUrl);
    },
  );

  // A whole board, for a screen that connects or missed changes (the socket tells a big board's
  // version instead of sending it; see realtime.ts).
  api.get(
    '/api/events/:slug/board',
    {
      schema: {
        operationId: 'getBoard',
        tags: ['plan'],
        summary: 'The board as the screens see it',
        description:
          'Made and compressed once per version. `ETag: "<eventId>-<version>"`: with If-None-Match a screen that has the version gets 304. The server clock (ms since 1970) is in the `X-Server-Time` header.',
        params: SlugParams,
        response: answers(
          { 200: BoardAnswerSchema, 304: Type.Null({ description: 'The board has not changed since the version named in If-None-Match.' }) },
          // 400: a slug longer than 64 characters names no event that can exist.
          [400, 404],
        ),
      },
      onRequest: requestsPerAddress(deps.limits.requestsPerAddress.reads),
      onSend: readableByAnySite,
      // Compressed here, once per version, not per request.
      compress: false,
    },
    async (request, reply) => {
      const event = await store.findEvent(request.params.slug);
      if (!event) {
        return sendError(reply, 404, 'not_found', 'no_such', `There is no event "${request.params.slug}".`, { field: 'event' });
      }
      // The tag names the version; the phones' counts, which make none, may be newer in the body.
      const { version, edition, json } = await writer.boardAnswer(event.id);
      const tag = boardTag(event.id, version);
      // Phones must never show an old plan from a cache after a change: a cache asks every time.
      reply.header('cache-control', 'no-cache').header('etag', tag).header('vary', 'accept-encoding').header(SERVER_TIME_HEADER, String(Date.now()));
      if (tagMatches(request.headers['if-none-match'], tag)) return reply.code(304).send();
      const encoding = boardEncodingFor(request.headers['accept-encoding']);
      const body = await boardAnswers.body(event.id, edition, encoding, json);
      if (encoding !== 'identity') reply.header('content-encoding', encoding);
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );
}
