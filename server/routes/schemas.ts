// The shapes of HTTP answers, as schemas: Fastify checks routes against them and the OpenAPI
// document (GET /api/openapi.json) describes them. The types they stand for live in shared/protocol.ts.
import { Type, type TSchema } from '@sinclair/typebox';
import { ERROR_CODES, REFUSAL_REASONS } from '../../shared/errors.ts';
import { Id, closed } from '../../shared/fields.ts';

export const ErrorBodySchema = Type.Object(
  {
    error: Type.Object({
      code: Type.Union(ERROR_CODES.map((code) => Type.Literal(code))),
      reason: Type.Union(
        REFUSAL_REASONS.map((reason) => Type.Literal(reason)),
        { description: 'Why exactly: a client says it in its language from this and the details (docs/protocol.md).' },
      ),
      message: Type.String({ description: 'The same in English, for scripts and logs. Never shown to a person.' }),
      field: Type.Optional(Type.String({ description: 'The field that is wrong, as a path: "title", "tags.2", "rooms".' })),
      limit: Type.Optional(Type.Number({ description: 'What the field is measured against: characters, entries, seats.' })),
      line: Type.Optional(Type.String({ description: 'The typed line (a room, a slot, a short address) that does not parse.' })),
      obstacle: Type.Optional(
        Type.Object(
          {
            kind: Type.String(),
            room: Type.Optional(Type.String()),
            time: Type.Optional(Type.String()),
            title: Type.Optional(Type.String()),
            start: Type.Optional(Type.String()),
            end: Type.Optional(Type.String()),
            date: Type.Optional(Type.String()),
          },
          { description: 'What stands in the way: a room and time, a session, a date.' },
        ),
      ),
    }),
  },
  { description: 'Every refusal: a stable code, a reason and its details, and the same in English.' },
);

export const CreatedEventSchema = Type.Object(
  {
    slug: Type.String(),
    key: Type.String({ description: 'The facilitator key: shown once; only its hash is stored.' }),
    facilitatorUrl: Type.String(),
    attendeeUrl: Type.String(),
  },
  closed,
);

export const BoardAnswerSchema = Type.Object(
  {
    version: Type.Integer({ minimum: 0, description: 'Rises by one with every change.' }),
    board: Type.Object(
      {
        event: Type.Object({}, { additionalProperties: true }),
        days: Type.Array(Type.Object({}, { additionalProperties: true })),
        rooms: Type.Array(Type.Object({}, { additionalProperties: true })),
        slots: Type.Array(Type.Object({}, { additionalProperties: true })),
        sessions: Type.Array(Type.Object({}, { additionalProperties: true })),
        placements: Type.Array(Type.Object({ sessionId: Id, roomId: Id, slotId: Id })),
        blocked: Type.Array(Type.Object({ roomId: Id, slotId: Id })),
        pitch: Type.Object({}, { additionalProperties: true }),
      },
      { description: 'Everything every screen may see (shared/board.ts); no secret is in it.' },
    ),
    undo: Type.Object({}, { additionalProperties: true }),
  },
  { description: 'A snapshot without the clock, which is in the X-Server-Time header (docs/protocol.md).' },
);

export const Slug = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'The event’s short name, as in /e/:slug: 1 to 64 characters (longer is refused with 400 `invalid`).',
});
export const SlugParams = Type.Object({ slug: Slug });

/** A route's answers: the one it gives on success, and the refusals it can give. */
export function answers(ok: Record<number, TSchema>, refusals: number[]): Record<number, TSchema> {
  return { ...ok, ...Object.fromEntries(refusals.map((status) => [status, ErrorBodySchema])) };
}
