// A refusal said in the page's language: from its reason and details (shared/errors.ts), never
// from the server's English `message`. A reason this page does not know yet (a newer server) is
// said by its code.
import { REFUSAL_REASONS, type Obstacle, type RefusalReason } from '../../shared/errors.ts';
import { obstacleText, obstacleWords } from './describe.ts';
import { errorText, i18n, t } from './i18n/i18n.svelte.ts';
import { catalogs } from './i18n/catalogs.ts';
// Registers the refusals' texts (every page that may be refused says them).
import './i18n/messages-refusals.ts';
import type { FieldName } from './i18n/messages-refusals.ts';

/** A refusal as a client holds it: the server's (any reason it sent), or the client's own `no_answer`. */
export interface Refused {
  code: string;
  reason?: string;
  field?: string;
  limit?: number;
  line?: string;
  obstacle?: Obstacle;
}

/** Reasons whose sentence names the field: without one, the code says it. */
const NAMES_FIELD = new Set<RefusalReason>([
  'empty',
  'too_long',
  'too_short',
  'too_many',
  'too_few',
  'too_small',
  'too_large',
  'broken',
  'control',
  'not_normal',
  'marks',
  'invisible',
  'not_a_date',
  'date_too_early',
  'date_too_late',
  'bad_format',
  'not_a_timezone',
  'wrong_type',
  'missing',
  'unknown_field',
  'no_such',
]);

const isReason = (reason: string | undefined): reason is RefusalReason => (REFUSAL_REASONS as readonly string[]).includes(reason ?? '');

/** The field a path names, as a person knows it: "tags.2" is a tag, "wishes.leaveBy" the time to leave. */
export function fieldName(path: string): string {
  const named = path
    .split('.')
    .filter((part) => !/^\d+$/.test(part))
    .at(-1);
  // Known where the page has a name for it: the board's own fields come with its texts.
  const known = named !== undefined && catalogs.en[`field.${named}`] !== undefined ? (named as FieldName) : 'other';
  return t(`field.${known}`);
}

/** The sentence for a refusal in the page's language. */
export function refusalText(refused: Refused): string {
  const { reason } = refused;
  if (!isReason(reason) || (NAMES_FIELD.has(reason) && !refused.field)) return errorText(refused.code);
  return t(`refusal.${reason}`, {
    field: refused.field ? fieldName(refused.field) : '',
    // "100.000" on a German page, "100,000" on an English one.
    limit: refused.limit === undefined ? '' : refused.limit.toLocaleString(i18n.language),
    line: refused.line ?? '',
    why: refused.obstacle ? obstacleText(refused.obstacle) : '',
    ...obstacleWords(refused.obstacle),
  });
}

/** A refused outcome as screens pass it on: what the server said, for `refusalText`. */
export type Failed = { ok: false } & Refused;
