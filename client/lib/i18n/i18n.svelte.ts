// The interface language: follows the browser, can be switched, is remembered on the device.
import { ERROR_CODES, type ErrorCode } from '../../../shared/errors.ts';
import { clockText, usesTwelveHours } from './clock.ts';
import { addMessages, catalogs } from './catalogs.ts';
import { de, en, type CoreKey } from './messages.ts';
import type { HistoryKey, MoreKey } from './messages-more.ts';
import type { PushKey } from './messages-push.ts';
import type { ScreensKey } from './messages-screens.ts';
import type { RefusalKey } from './messages-refusals.ts';
import type { Language } from '../../../shared/language.ts';

const STORAGE_KEY = 'pitchboard.language';

/** The browser's own English ("en-GB", "en-US"), for how English times are written; American when it has none. */
const ENGLISH_TAG = (typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language])).find((tag) => /^en\b/i.test(tag)) ?? 'en-US';
export type MessageKey = CoreKey | MoreKey | HistoryKey | RefusalKey | ScreensKey | PushKey;

addMessages({ de, en });

function initialLanguage(): Language {
  // Rendered on the server: the renderer sets the language of the request.
  if (typeof navigator === 'undefined' || typeof document === 'undefined') return 'de';
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'de' || stored === 'en') return stored;
  } catch {
    // Private mode without storage: fall through to the browser's preference.
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.slice(0, 2).toLowerCase();
    if (base === 'de' || base === 'en') return base;
  }
  return 'de';
}

class I18n {
  #language = $state<Language>(initialLanguage());

  constructor() {
    if (typeof document !== 'undefined') document.documentElement.lang = this.#language;
  }

  get language(): Language {
    return this.#language;
  }

  /** The tag times are written in: German, or English as the browser's region writes it (en-GB: 24 hours). */
  get #clockTag(): string {
    return this.#language === 'de' ? 'de' : ENGLISH_TAG;
  }

  /** Whether times are shown with AM/PM (American English). */
  get twelveHour(): boolean {
    return usesTwelveHours(this.#clockTag);
  }

  set language(language: Language) {
    this.#language = language;
    if (typeof document === 'undefined') return;
    document.documentElement.lang = language;
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Not remembered, but switched: good enough.
    }
  }

  /** The text for `key` with {placeholders} filled in. */
  t = (key: MessageKey, params: Record<string, string | number> = {}): string => {
    // A key from a newer server (e.g. a new command in the history) shows as itself.
    const template = catalogs[this.#language][key] ?? key;
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
  };

  /** Wall-clock time "HH:MM" in the given zone, formatted for the language. */
  time = (date: Date, timeZone?: string): string =>
    this.#format('time', timeZone ?? '', { hour: 'numeric', minute: '2-digit', timeZone, hour12: this.twelveHour }).format(date);

  /** A wall-clock time "HH:MM" of the plan as the language writes it. */
  clock = (time: string): string => clockText(time, this.#clockTag);

  /** A calendar day "YYYY-MM-DD" in short: "Sa., 9. Mai". */
  shortDate = (isoDate: string): string =>
    this.#format('shortDate', 'UTC', { weekday: 'short', day: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T12:00:00Z`));

  /** A calendar day "YYYY-MM-DD" as a readable date. */
  date = (isoDate: string): string =>
    this.#format('date', 'UTC', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${isoDate}T12:00:00Z`));

  #formatters = new Map<string, Intl.DateTimeFormat>();

  /** One Intl.DateTimeFormat per language, kind and zone: making one is slow. */
  #format(kind: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
    const key = `${this.#language}|${kind}|${timeZone}`;
    let formatter = this.#formatters.get(key);
    if (!formatter) {
      formatter = new Intl.DateTimeFormat(this.#language, options);
      this.#formatters.set(key, formatter);
    }
    return formatter;
  }
}

export const i18n = new I18n();
export const t = i18n.t;

/** The text for an error code of an ack ('no_answer' when the server never answered). */
export function errorText(code: string): string {
  if (code === 'no_answer') return t('error.noAnswer');
  return (ERROR_CODES as readonly string[]).includes(code) ? t(`error.${code as ErrorCode}`) : t('error.internal');
}
