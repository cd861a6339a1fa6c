// The texts known so far, by language: the core texts from the start, more when a screen that
// needs them loads (messages-more.ts registers itself). A module of its own, so that texts that
// register themselves need not import the translator (i18n.svelte.ts), whose key type names them.
import type { Language } from '../../../shared/language.ts';

export const catalogs: Record<Language, Record<string, string>> = { de: {}, en: {} };

export function addMessages(more: Record<Language, Record<string, string>>): void {
  Object.assign(catalogs.de, more.de);
  Object.assign(catalogs.en, more.en);
}
