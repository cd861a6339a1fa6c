// Creating, exporting and importing events over HTTP (for the home page and for scripts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Store } from '../../db/store.ts';
import { EventExportSchema, exportBoard, type EventExport } from '../../shared/export.ts';
import { FrameSpecError } from '../../shared/event-frame.ts';
import { Capacity, closed, normalTexts, DateText, Label, Locale, RoomName, SlotKind, Time, Timezone, Title } from '../../shared/fields.ts';
import { LIMITS } from '../../shared/limits.ts';
import { secretMatches } from '../auth.ts';
import type { CommandWriter } from '../writer.ts';
import { createEvent, importEvent, type CreatedEvent } from '../create-event.ts';
import { requestsPerAddress, type BudgetMaker, type CommandLimits } from '../rate-limit.ts';
import { attendeeUrl, facilitatorUrl } from '../links.ts';
import { sendError, sendRefusal } from '../http-error.ts';
import { answers, CreatedEventSchema, SlugParams } from './schemas.ts';
import type { CreatedEventBody, ServerConfig } from '../../shared/protocol.ts';

const CreateBody = Type.Object(
  {
    title: Title,
    /** The short name in the event's addresses; checked by createEvent, which says what is wrong. */
    slug: Type.Optional(Type.String({ minLength: 1, maxLength: 48 })),
    dates: Type.Optional(Type.Array(DateText, { minItems: 1, maxItems: LIMITS.days })),
    timezone: Type.Optional(Timezone),
    locale: Type.Optional(Locale),
    /** "NAME:CAPACITY,…", or a list (names with commas and colons survive): each room is checked like a room command. */
    rooms: Type.Optional(
      Type.Union([
        Type.String({ maxLength: LIMITS.rooms * (LIMITS.roomName + 8) }),
        Type.Array(Type.Object({ name: RoomName, capacity: Type.Optional(Capacity), projector: Type.Optional(Type.Boolean()) }, closed), {
          maxItems: LIMITS.rooms,
        }),
      ]),
    ),
    /** "HH:MM-HH:MM,lunch HH:MM-HH:MM,…", or a list; a slot with a date is on that day only, one without on every day. */
    slots: Type.Optional(
      Type.Union([
        Type.String({ maxLength: LIMITS.slotsPerDay * (LIMITS.label + 16) }),
        Type.Array(Type.Object({ date: Type.Optional(DateText), start: Time, end: Time, kind: SlotKind, label: Type.Optional(Label) }, closed), {
          maxItems: LIMITS.days * LIMITS.slotsPerDay,
        }),
      ]),
    ),
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

/** The secret of a request: `Authorization: Bearer …` (never in the URL, so never in a log). */
function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

export function registerEventRoutes(
  app: FastifyInstance,
  deps: { store: Store; writer: CommandWriter; limits: CommandLimits; budget: BudgetMaker; createToken?: string; baseUrl: (request: FastifyRequest) => string },
): void {
  const { store, writer, createToken } = deps;

  /** Whoever may create events: anyone, unless PITCHBOARD_CREATE_TOKEN is set. */
  const mayCreate = (request: FastifyRequest) => !createToken || bearer(request) === createToken;
  // What one address, and everyone together, may create: a public server is not a free store.
  const createdPerAddress = deps.budget('events-per-address', deps.limits.eventsCreatedPerAddress);
  const createdInTotal = deps.budget('events-in-total', deps.limits.eventsCreatedInTotal);
  const tooMany = (reply: FastifyReply, message: string) => sendError(reply.header('retry-after', '600'), 429, 'rate_limited', 'too_many_requests', message);

  /** Creates an event (new, or from a file) if the sender may, within the budgets; 201 with its links. */
  const create = async (request: FastifyRequest, reply: FastifyReply, make: () => Promise<CreatedEvent>) => {
    if (!mayCreate(request)) return sendError(reply, 401, 'unauthorized', 'create_token_needed', 'Creating an event needs the create token.');
    if (!(await createdPerAddress.has(request.ip))) return tooMany(reply, 'Many events were created from this network already. Please try again later.');
    if (!(await createdInTotal.has('all'))) return tooMany(reply, 'Many events were just created on this server. Please try again in a few minutes.');
    let made: CreatedEvent;
    try {
      made = await make();
    } catch (error) {
      if (error instanceof FrameSpecError) return sendRefusal(reply, 400, error.refusal);
      throw error;
    }
    await createdPerAddress.take(request.ip);
    await createdInTotal.take('all');
    const base = deps.baseUrl(request);
    const { slug, key } = made;
    const body: CreatedEventBody = { slug, key, facilitatorUrl: facilitatorUrl(base, slug, key), attendeeUrl: attendeeUrl(base, slug) };
    return reply.code(201).send(body);
  };
  /** Each route's own budget per address (beside the event budgets above, which count only events made). */
  const limited = () => requestsPerAddress(deps.limits.requestsPerAddress.events);
  // Texts kept normal (shared/fields.ts) before the schema checks them, as the socket commands do.
  const normalizeBody = async (request: FastifyRequest) => {
    request.body = normalTexts(request.body);
  };

  const api = app.withTypeProvider<TypeBoxTypeProvider>();
  const created = answers({ 201: CreatedEventSchema }, [400, 401, 429]);

  api.get(
    '/api/config',
    {
      schema: {
        operationId: 'getConfig',
        tags: ['server'],
        summary: 'What the home page needs to know',
        response: {
          200: Type.Object({
            createNeedsToken: Type.Boolean({ description: 'Creating an event needs the create token' }),
            pushKey: Type.String({ description: 'The server’s Web Push public key (VAPID), base64url: what a phone subscribes with' }),
          }),
        },
      },
    },
    async (): Promise<ServerConfig> => ({ createNeedsToken: Boolean(createToken), pushKey: store.pushKeys().publicKey }),
  );

  api.post(
    '/api/events',
    {
      schema: {
        operationId: 'createEvent',
        tags: ['events'],
        summary: 'Create an event',
        body: CreateBody,
        response: created,
        security: [{ createToken: [] }, {}],
      },
      onRequest: limited(),
      preValidation: normalizeBody,
    },
    (request, reply) =>
      create(request, reply, () => {
        const { rooms, slots } = request.body;
        return createEvent(store, {
          ...request.body,
          rooms: typeof rooms === 'object' ? rooms.map((room) => ({ ...room, capacity: room.capacity ?? null })) : rooms,
          slots: typeof slots === 'object' ? slots.map((slot) => ({ ...slot, label: slot.label ?? '' })) : slots,
        });
      }),
  );

  api.post(
    '/api/events/import',
    {
      schema: {
        operationId: 'importEvent',
        tags: ['events'],
        summary: 'Create an event from an export',
        body: ImportBody,
        response: created,
        security: [{ createToken: [] }, {}],
      },
      onRequest: limited(),
      preValidation: normalizeBody,
    },
    (request, reply) => create(request, reply, () => importEvent(store, request.body.data as EventExport, request.body)),
  );

  api.get(
    '/api/events/:slug/export.json',
    {
      schema: {
        operationId: 'exportEvent',
        tags: ['events'],
        summary: 'The whole event as a file (frame, sessions, plan), without secrets',
        params: SlugParams,
        response: answers({ 200: EventExportSchema }, [400, 401, 404]),
        security: [{ facilitatorKey: [] }],
      },
      onRequest: limited(),
    },
    async (request, reply) => {
      const event = await store.findEvent(request.params.slug);
      if (!event) return sendError(reply, 404, 'not_found', 'no_such', `There is no event "${request.params.slug}".`, { field: 'event' });
      const key = bearer(request);
      if (!key || !secretMatches(key, event.keyHash)) {
        return sendError(reply, 401, 'unauthorized', 'wrong_key', 'The export needs the facilitator key (Authorization: Bearer …).');
      }
      reply.header('content-disposition', `attachment; filename="${event.slug}.json"`);
      reply.header('cache-control', 'no-store');
      return exportBoard((await writer.snapshot(event.id)).board);
    },
  );
}
