// The home page's forms (client/views/HomeView.svelte): a new event from a title, days, rooms
// and slots typed one per line, or one from an exported file; then its two links, as phones can
// open them. The page only shows it.
import {
  BREAK_LABEL,
  DEFAULT_ROOMS,
  DEFAULT_SLOTS,
  FrameSpecError,
  parseRoom,
  parseSlot,
  todayIn,
  type RoomSpec,
  type SlotSpec,
} from '../../shared/event-frame.ts';
import { eventPaths } from '../../shared/links.ts';
import type { CreatedEventBody, HttpErrorBody, ServerConfig } from '../../shared/protocol.ts';
import type { Language } from '../../shared/language.ts';
import { fieldProblem } from './field-problem.ts';
import { errorText } from './i18n/i18n.svelte.ts';
import { refusalText } from './refusal.ts';
import { ShareLink } from './share-link.svelte.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The day after `date` (YYYY-MM-DD), counted in UTC so that no clock change skips or repeats one. */
export function dayAfter(date: string): string {
  return new Date(Date.parse(`${date}T12:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** The date a new day of the form proposes: the day after the latest one filled in, not taken yet (today when none is). */
export function nextFreeDate(dates: readonly string[], today: string): string {
  const filled = dates.filter(Boolean);
  if (filled.length === 0) return today;
  let next = dayAfter(filled.reduce((latest, date) => (date > latest ? date : latest)));
  while (filled.includes(next)) next = dayAfter(next);
  return next;
}

/** The lines of a text field that hold something, trimmed. */
const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

export class NewEventForm {
  title = $state('');
  /** Optional short address, e.g. "ruhr26" for /e/ruhr26; empty: made from the title. */
  slug = $state('');
  dates = $state<string[]>([]);
  timezone = $state('');
  locale = $state<Language>('de');
  rooms = $state('');
  slots = $state('');
  token = $state('');
  needsToken = $state(false);
  /** What the last try came to, in the page's language; empty when all is well. */
  message = $state('');
  titleProblem = $state('');
  busy = $state(false);
  created = $state<CreatedEventBody | null>(null);
  /** The new event's links as phones can open them (the projector's address, not localhost). */
  #share = $state<ShareLink | null>(null);
  readonly #timezone: string;

  constructor(language: Language, timezone: string) {
    this.#timezone = timezone;
    this.timezone = timezone;
    this.locale = language;
    this.dates = [todayIn(timezone)];
    this.rooms = DEFAULT_ROOMS[language].split(',').join('\n');
    this.slots = DEFAULT_SLOTS.split(',')
      .map((slot) => slot.replace(/^lunch/, language === 'de' ? 'Mittagspause' : 'Lunch'))
      .join('\n');
    void fetch('/api/config')
      .then((response) => response.json())
      .then((config: ServerConfig) => (this.needsToken = config.createNeedsToken))
      .catch(() => {});
  }

  /** Another day, proposed as the day after the latest one: a form that can be sent as it is. */
  addDate(): void {
    this.dates = [...this.dates, nextFreeDate(this.dates, todayIn(this.#timezone))];
  }

  removeDate(index: number): void {
    this.dates = this.dates.filter((_, i) => i !== index);
  }

  /** Checks what the page can, then asks the server to make the event. False when something is wrong (`message` or `titleProblem` says what). */
  async create(): Promise<boolean> {
    this.titleProblem = fieldProblem(this.title, 'title');
    if (this.titleProblem) return false;
    // One room or slot per line, sent as lists: a room called "Bibliothek, Lesesaal" stays one room.
    let frame: { rooms: RoomSpec[]; slots: SlotSpec[] };
    try {
      frame = { rooms: lines(this.rooms).map(parseRoom), slots: lines(this.slots).map((line) => parseSlot(line, BREAK_LABEL[this.locale])) };
    } catch (error) {
      if (!(error instanceof FrameSpecError)) throw error;
      this.message = refusalText(error.refusal);
      return false;
    }
    const shortName = this.slug.trim().toLowerCase();
    return this.#post('/api/events', {
      title: this.title,
      ...(shortName ? { slug: shortName } : {}),
      dates: this.dates.filter(Boolean),
      timezone: this.timezone,
      locale: this.locale,
      ...frame,
    });
  }

  /** A new event from an exported file's text; `frameOnly` leaves its sessions out. */
  async importFrom(text: string, frameOnly: boolean, badFile: string): Promise<boolean> {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      this.message = badFile;
      return false;
    }
    return this.#post('/api/events/import', { data, frameOnly });
  }

  /** The board's link with its key, as phones can open it. */
  get facilitatorUrl(): string {
    const { created } = this;
    if (!created) return '';
    return this.#share ? this.#share.address(eventPaths.board(created.slug, created.key)) : created.facilitatorUrl;
  }

  /** The attendees' link, as phones can open it. */
  get attendeeUrl(): string {
    const { created } = this;
    if (!created) return '';
    return this.#share ? this.#share.url : created.attendeeUrl;
  }

  /** Back to an empty form for another event. */
  another(): void {
    this.created = null;
    this.#share = null;
  }

  async #post(path: string, body: unknown): Promise<boolean> {
    this.busy = true;
    this.message = '';
    try {
      const response = await fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
        body: JSON.stringify(body),
      });
      if (!response.ok) {
        const { error } = ((await response.json().catch(() => ({}))) as Partial<HttpErrorBody>) ?? {};
        this.message = refusalText(error ?? { code: 'internal' });
        return false;
      }
      const created = (await response.json()) as CreatedEventBody;
      this.created = created;
      this.#share = new ShareLink(created.slug);
      return true;
    } catch {
      this.message = errorText('no_answer');
      return false;
    } finally {
      this.busy = false;
    }
  }
}
