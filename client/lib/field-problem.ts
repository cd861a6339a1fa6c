// What is wrong with a text a person typed, said in their language before the server is asked:
// the same rules as the server's (shared/fields.ts), whose own words are English.
import { textProblem } from '../../shared/fields.ts';
import { t } from './i18n/i18n.svelte.ts';

/** The problem with `value` as a field of at most `max` characters, or '' when there is none. */
export function fieldProblem(value: string, max: number, required: boolean): string {
  if (required && !value.trim()) return t('giver.required');
  if (value.length > max) return t('giver.tooLong', { max });
  if (textProblem(value, false)) return t('form.badCharacters');
  if (required && textProblem(value)) return t('form.invisible');
  return '';
}
