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
        event: Type.Object({
          slug: Type.String(),
          title: Type.String(),
          timezone: Type.String({ description: 'IANA zone; every slot time is wall-clock time there.' }),
          locale: Type.Union([Type.Literal('de'), Type.Literal('en')]),
          claiming: Type.Union([Type.Literal('open'), Type.Literal('closed')], { description: 'Whether givers may pick a cell themselves.' }),
          pitchSeconds: Type.Integer(),
          notesLink: Type.String({ description: 'The notes-link template ({slug}, {session}, {title}); "" for none.' }),
        }),
        days: Type.Array(Type.Object({ id: Id, date: Type.String({ description: 'YYYY-MM-DD' }), label: Type.String() }), { description: 'By date.' }),
        rooms: Type.Array(
          Type.Object({
            id: Id,
            name: Type.String(),
            capacity: Type.Union([Type.Integer(), Type.Null()]),
            projector: Type.Boolean(),
            position: Type.Integer({ description: 'Its place in the plan, 0 first.' }),
          }),
          { description: 'By position.' },
        ),
        slots: Type.Array(
          Type.Object({
            id: Id,
            dayId: Id,
            start: Type.String({ description: 'HH:MM, wall-clock time in event.timezone' }),
            end: Type.String({ description: 'HH:MM' }),
            kind: Type.Union([Type.Literal('session'), Type.Literal('break')]),
            label: Type.String(),
          }),
          { description: "In time order: by their day's date, then start." },
        ),
        sessions: Type.Array(
          Type.Object({
            id: Id,
            title: Type.String(),
            host: Type.String(),
            description: Type.String(),
            tags: Type.Array(Type.String()),
            interest: Type.Union([Type.Integer(), Type.Null()], { description: 'Hands counted at the pitch; null: not counted.' }),
            taps: Type.Integer({ description: 'Phones that tapped "Interested".' }),
            revision: Type.Integer({ description: 'Bumped by each edit of its texts.' }),
            status: Type.Union([Type.Literal('pitched'), Type.Literal('withdrawn')]),
            wishes: Type.Object({
              timing: Type.Union([Type.Literal('any'), Type.Literal('before_lunch'), Type.Literal('after_lunch')]),
              leaveBy: Type.Union([Type.String({ description: 'HH:MM' }), Type.Null()]),
              needsProjector: Type.Boolean(),
            }),
            notesLink: Type.String({ description: 'The session’s own notes link; "" for none.' }),
            notesUrl: Type.String({ description: 'Where its notes are (its own link, else the template filled in); "" for none.' }),
          }),
          { description: 'In the order they came in, withdrawn ones too.' },
        ),
        placements: Type.Array(Type.Object({ sessionId: Id, roomId: Id, slotId: Id }), { description: 'In the order they were made.' }),
        blocked: Type.Array(Type.Object({ roomId: Id, slotId: Id }), { description: 'Cells that take no session.' }),
        pitch: Type.Object({
          queue: Type.Array(Id, { description: 'Sessions waiting to pitch, in order.' }),
          current: Type.Union([Id, Type.Null()]),
          timer: Type.Object({
            durationMs: Type.Integer(),
            remainingMs: Type.Integer(),
            runningSince: Type.Union([Type.Integer(), Type.Null()], { description: 'Server ms since 1970 while running.' }),
          }),
        }),
      },
      { description: 'Everything every screen may see (shared/board.ts; field by field in docs/protocol.md); no secret is in it.' },
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
