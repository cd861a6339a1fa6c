// Creating, exporting and importing events over HTTP (for the home page and for scripts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import type { Store } from '../../db/store.ts';
import { EventExportSchema, exportBoard, type EventExport } from '../../shared/export.ts';
import { FrameSpecError } from '../../shared/event-frame.ts';
import { closed, composedTexts, DateText, Locale, Timezone, Title } from '../../shared/fields.ts';
import { LIMITS } from '../../shared/limits.ts';
import { secretMatches } from '../auth.ts';
import type { CommandWriter } from '../commands.ts';
import { createEvent, importEvent } from '../create-event.ts';
import { attendeeUrl, facilitatorUrl } from '../links.ts';

const CreateBody = Type.Object(
  {
    title: Title,
    /** The short name in the event's addresses; checked by createEvent, which says what is wrong. */
    slug: Type.Optional(Type.String({ minLength: 1, maxLength: 48 })),
    dates: Type.Optional(Type.Array(DateText, { minItems: 1, maxItems: LIMITS.days })),
    timezone: Type.Optional(Timezone),
    locale: Type.Optional(Locale),
    /** "NAME:CAPACITY,…" and "HH:MM-HH:MM,…": each part is checked like a room or slot command. */
    rooms: Type.Optional(Type.String({ maxLength: LIMITS.rooms * (LIMITS.roomName + 8) })),
    slots: Type.Optional(Type.String({ maxLength: LIMITS.slotsPerDay * (LIMITS.label + 16) })),
  },
  closed,
);

const ImportBody = Type.Object(
  {
    data: EventExportSchema,
    title: Type.Optional(Title),
    frameOnly: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

const invalid = (reply: FastifyReply, message: string) => reply.code(400).send({ error: { code: 'invalid', message } });

/** The secret of a request: `Authorization: Bearer …` (never in the URL, so never in a log). */
function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

export function registerEventRoutes(
  app: FastifyInstance,
  deps: { store: Store; writer: CommandWriter; createToken?: string; baseUrl: (request: FastifyRequest) => string },
): void {
  const { store, writer, createToken } = deps;

  /** Whoever may create events: anyone, unless PITCHBOARD_CREATE_TOKEN is set. */
  const mayCreate = (request: FastifyRequest) => !createToken || bearer(request) === createToken;
  const created = (request: FastifyRequest, reply: FastifyReply, slug: string, key: string) => {
    const base = deps.baseUrl(request);
    return reply.code(201).send({ slug, key, facilitatorUrl: facilitatorUrl(base, slug, key), attendeeUrl: attendeeUrl(base, slug) });
  };
  const limit = { rateLimit: { max: 20, timeWindow: '1 minute' } };
  // Texts composed (NFC) before the schema checks them, as the socket commands do.
  const composeBody = async (request: FastifyRequest) => {
    request.body = composedTexts(request.body);
  };

  app.get('/api/config', async () => ({ createNeedsToken: Boolean(createToken) }));

  app.post<{ Body: Static<typeof CreateBody> }>('/api/events', { schema: { body: CreateBody }, config: limit, preValidation: composeBody }, async (request, reply) => {
    if (!mayCreate(request)) return reply.code(401).send({ error: { code: 'unauthorized', message: 'Creating an event needs the create token.' } });
    try {
      const { slug, key } = createEvent(store, request.body);
      return created(request, reply, slug, key);
    } catch (error) {
      if (error instanceof FrameSpecError) return invalid(reply, error.message);
      throw error;
    }
  });

  app.post<{ Body: Static<typeof ImportBody> }>('/api/events/import', { schema: { body: ImportBody }, config: limit, preValidation: composeBody }, async (request, reply) => {
    if (!mayCreate(request)) return reply.code(401).send({ error: { code: 'unauthorized', message: 'Creating an event needs the create token.' } });
    try {
      const { slug, key } = importEvent(store, request.body.data as EventExport, request.body);
      return created(request, reply, slug, key);
    } catch (error) {
      if (error instanceof FrameSpecError) return invalid(reply, error.message);
      throw error;
    }
  });

  app.get<{ Params: { slug: string } }>('/api/events/:slug/export.json', { config: limit }, async (request, reply) => {
    const event = store.findEvent(request.params.slug);
    if (!event) return reply.code(404).send({ error: { code: 'not_found', message: `There is no event "${request.params.slug}".` } });
    const key = bearer(request);
    if (!key || !secretMatches(key, event.keyHash)) {
      return reply.code(401).send({ error: { code: 'unauthorized', message: 'The export needs the facilitator key (Authorization: Bearer …).' } });
    }
    reply.header('content-disposition', `attachment; filename="${event.slug}.json"`);
    reply.header('cache-control', 'no-store');
    return exportBoard(writer.snapshot(event.id).board);
  });
}
