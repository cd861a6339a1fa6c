// What is wrong with a text a person typed, said in their language before the server is asked:
// the server's own rules (shared/fields.ts), whose words are English.
import { MAX_COMBINING_MARKS, normalText, TEXT_RULES, textFault, type TextFault, type TextKind } from '../../shared/fields.ts';
import { t, type MessageKey } from './i18n/i18n.svelte.ts';

const SAID: Record<Exclude<TextFault, 'too_long'>, MessageKey> = {
  broken: 'form.badCharacters',
  control: 'form.badCharacters',
  // The form's text is made normal before it is sent; a form never meets this one.
  not_normal: 'form.badCharacters',
  marks: 'form.stackedMarks',
  invisible: 'form.invisible',
};

/** The problem with `value` as a field of this kind, or '' when there is none. */
export function fieldProblem(value: string, kind: TextKind): string {
  const { max, named, optional } = TEXT_RULES[kind];
  if (!value.trim()) return named && !optional ? t('giver.required') : '';
  // Checked as the server will get it: without direction controls, composed.
  const fault = textFault(normalText(value), kind);
  if (!fault) return '';
  return fault === 'too_long' ? t('giver.tooLong', { max }) : t(SAID[fault], { max: MAX_COMBINING_MARKS });
}
