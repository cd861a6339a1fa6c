// The fields of the board as every way in checks them: socket commands (shared/commands.ts),
// the export and import format (shared/export.ts) and event creation over HTTP. One definition,
// so that no path lets through what another refuses.
import { Type } from '@sinclair/typebox';
import { LIMITS } from './limits.ts';

export const closed = { additionalProperties: false } as const;

export const Id = Type.String({ minLength: 1, maxLength: LIMITS.id });
export const Title = Type.String({ minLength: 1, maxLength: LIMITS.title });
export const Host = Type.String({ minLength: 1, maxLength: LIMITS.host });
export const Description = Type.String({ maxLength: LIMITS.description });
export const Tags = Type.Array(Type.String({ minLength: 1, maxLength: LIMITS.tag }), { maxItems: LIMITS.tags });
export const Time = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });
export const DateText = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' });
export const Label = Type.String({ maxLength: LIMITS.label });
export const RoomName = Type.String({ minLength: 1, maxLength: LIMITS.roomName });
export const Capacity = Type.Union([Type.Integer({ minimum: 1, maximum: LIMITS.capacity }), Type.Null()]);
export const SlotKind = Type.Union([Type.Literal('session'), Type.Literal('break')]);
export const Timezone = Type.String({ minLength: 1, maxLength: LIMITS.timezone });
export const Locale = Type.Union([Type.Literal('de'), Type.Literal('en')]);
export const PitchSeconds = Type.Integer({ minimum: LIMITS.pitchSecondsMin, maximum: LIMITS.pitchSecondsMax });
export const Timing = Type.Union([Type.Literal('any'), Type.Literal('before_lunch'), Type.Literal('after_lunch')]);
export const Interest = Type.Integer({ minimum: 0, maximum: LIMITS.interest });
