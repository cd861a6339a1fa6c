// A payload its schema refuses, said as a refusal a person can act on: which field, what is wrong
// with it, and its measure. Two validators check payloads (TypeBox's compiled checker on the
// socket, Ajv on HTTP); both report here, so that one fault is one refusal wherever it came in.
import type { FastifySchemaValidationError } from 'fastify';
import type { TSchema } from '@sinclair/typebox';
import type { TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import { commandError, type CommandError, type RefusalReason } from '../shared/errors.ts';
import { fieldRefusal, formatFault } from '../shared/fields.ts';

/** What a validator found, in the words both share. */
interface SchemaFault {
  /** The field's path ("tags.2"); '' for the payload itself. */
  field: string;
  kind: 'format' | 'pattern' | 'maxLength' | 'minLength' | 'maxItems' | 'minItems' | 'minimum' | 'maximum' | 'required' | 'additional' | 'object' | 'other';
  /** The schema's own number for the rule (maxLength, maxItems, minimum, …). */
  limit?: number;
  format?: string;
  /** The schema's own words for its pattern (`x-errorMessage`). */
  ownWords?: string;
  value: unknown;
  /** The validator's own English. */
  said: string;
}

const REASONS: Record<SchemaFault['kind'], RefusalReason> = {
  format: 'bad_format',
  pattern: 'bad_format',
  maxLength: 'too_long',
  minLength: 'empty',
  maxItems: 'too_many',
  minItems: 'too_few',
  minimum: 'too_small',
  maximum: 'too_large',
  required: 'missing',
  additional: 'unknown_field',
  object: 'not_an_object',
  other: 'wrong_type',
};

function refusalOf(fault: SchemaFault): CommandError {
  const field = fault.field || 'payload';
  if (fault.kind === 'format') {
    const known = formatFault(fault.format ?? '', fault.value);
    if (known) return fieldRefusal(field, known);
  }
  if (fault.kind === 'object' && !fault.field) return commandError('invalid', 'not_an_object', 'The payload must be an object.');
  const reason = fault.kind === 'minLength' && (fault.limit ?? 0) > 1 ? 'too_short' : REASONS[fault.kind];
  return commandError('invalid', reason, `Invalid ${field}: ${fault.ownWords ?? fault.said}.`, { field, limit: fault.limit });
}

const path = (pointer: string) => pointer.replace(/^\//, '').replace(/\//g, '.');

const TYPEBOX_KINDS: Partial<Record<ValueErrorType, SchemaFault['kind']>> = {
  [ValueErrorType.StringFormat]: 'format',
  [ValueErrorType.StringPattern]: 'pattern',
  [ValueErrorType.StringMaxLength]: 'maxLength',
  [ValueErrorType.StringMinLength]: 'minLength',
  [ValueErrorType.ArrayMaxItems]: 'maxItems',
  [ValueErrorType.ArrayMinItems]: 'minItems',
  [ValueErrorType.IntegerMinimum]: 'minimum',
  [ValueErrorType.NumberMinimum]: 'minimum',
  [ValueErrorType.IntegerMaximum]: 'maximum',
  [ValueErrorType.NumberMaximum]: 'maximum',
  [ValueErrorType.ObjectRequiredProperty]: 'required',
  [ValueErrorType.ObjectAdditionalProperties]: 'additional',
  [ValueErrorType.Object]: 'object',
};

const TYPEBOX_LIMITS: Partial<Record<SchemaFault['kind'], string>> = {
  maxLength: 'maxLength',
  minLength: 'minLength',
  maxItems: 'maxItems',
  minItems: 'minItems',
  minimum: 'minimum',
  maximum: 'maximum',
};

/**
 * Where a value may be one of several shapes (a count or null), the fault of the shape it nearly
 * is says what is wrong ("at most 10000"), not that it is none of them.
 */
function telling(error: ValueError): ValueError {
  if (error.type !== ValueErrorType.Union) return error;
  const faults = error.errors.map((variant) => variant.First()).filter((fault): fault is ValueError => fault !== undefined);
  const specific = faults.find((fault) => TYPEBOX_KINDS[fault.type] !== undefined);
  return specific ? telling(specific) : error;
}

/** The first fault TypeBox's checker finds in `payload`, as a refusal. */
export function typeboxRefusal(checker: TypeCheck<TSchema>, payload: unknown): CommandError {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return commandError('invalid', 'not_an_object', 'The payload must be an object.');
  const found = checker.Errors(payload).First();
  if (!found) return commandError('invalid', 'wrong_type', 'The payload is not valid.');
  const first = telling(found);
  const kind = TYPEBOX_KINDS[first.type] ?? 'other';
  const limitKey = TYPEBOX_LIMITS[kind];
  const schema = first.schema as Record<string, unknown>;
  return refusalOf({
    field: path(first.path),
    kind,
    limit: limitKey && typeof schema[limitKey] === 'number' ? (schema[limitKey] as number) : undefined,
    format: typeof schema.format === 'string' ? schema.format : undefined,
    ownWords: kind === 'pattern' ? (schema['x-errorMessage'] as string | undefined) : undefined,
    value: first.value,
    said: first.message,
  });
}

/** An error of Ajv in verbose mode (server/app.ts): with the value and the schema that refused it. */
type AjvFault = FastifySchemaValidationError & { data?: unknown; parentSchema?: { 'x-errorMessage'?: string } };

const AJV_KINDS: Record<string, SchemaFault['kind']> = {
  format: 'format',
  pattern: 'pattern',
  maxLength: 'maxLength',
  minLength: 'minLength',
  maxItems: 'maxItems',
  minItems: 'minItems',
  minimum: 'minimum',
  maximum: 'maximum',
  required: 'required',
  additionalProperties: 'additional',
};

/**
 * The fault Ajv found that reached deepest, as a refusal. Where a field may be one of two shapes
 * (a text or a list), the deepest error says what is wrong with the shape that was sent
 * ("rooms.0.capacity", not "rooms must be string").
 */
export function ajvRefusal(errors: readonly AjvFault[]): CommandError {
  const first = errors.reduce((deepest, error) => (error.instancePath.length > deepest.instancePath.length ? error : deepest));
  const kind = first.keyword === 'type' && first.params.type === 'object' ? 'object' : (AJV_KINDS[first.keyword] ?? 'other');
  const params = first.params as { limit?: number; missingProperty?: string; additionalProperty?: string; format?: string };
  const named = params.missingProperty ?? params.additionalProperty;
  const field = [path(first.instancePath), named].filter(Boolean).join('.');
  return refusalOf({
    field,
    kind,
    limit: typeof params.limit === 'number' ? params.limit : undefined,
    format: params.format,
    ownWords: kind === 'pattern' ? first.parentSchema?.['x-errorMessage'] : undefined,
    value: first.data,
    said: named && kind === 'additional' ? `has no field "${named}"` : (first.message ?? 'is not valid'),
  });
}

/** A request refused before its handler ran, carrying its refusal to the error handler (server/app.ts). */
export class RefusedRequest extends Error {
  readonly refusal: CommandError;
  constructor(refusal: CommandError) {
    super(refusal.message);
    this.refusal = refusal;
  }
}
