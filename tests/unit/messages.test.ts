// Every text the read-only screens use is in the core catalog they load, in both languages;
// the facilitator's texts are complete in both languages too.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clockText } from '../../client/lib/i18n/clock.ts';
import { de, en } from '../../client/lib/i18n/messages.ts';

const READ_ONLY_SCREENS = [
  'client/views/AttendeeView.svelte',
  'client/views/BeamerView.svelte',
  'client/views/DoorView.svelte',
  'client/views/NotFound.svelte',
  'client/components/ConnectionBadge.svelte',
  'client/components/LanguageSwitch.svelte',
  'client/components/PageHeader.svelte',
  'client/components/PlanEntry.svelte',
  'client/components/ChangeAnnouncer.svelte',
  'client/components/Countdown.svelte',
  'client/lib/format.ts',
  'client/lib/i18n/i18n.svelte.ts',
];

describe('the core texts', () => {
  it('hold every key the read-only screens use', () => {
    const keys = Object.keys(en);
    const missing: string[] = [];
    for (const file of READ_ONLY_SCREENS) {
      const source = readFileSync(file, 'utf8');
      for (const [, key] of source.matchAll(/\bt\('([\w.:-]+)'/g)) if (!(key! in en)) missing.push(`${file}: ${key}`);
      // Keys built from a prefix, e.g. t(`attendee.view.${name}`): some key must start with it.
      for (const [, prefix] of source.matchAll(/\bt\(`([\w.:-]+)\$\{/g)) {
        if (!keys.some((key) => key.startsWith(prefix!))) missing.push(`${file}: ${prefix}…`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('exist in German for every English key', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
  });
});

describe('times of the plan', () => {
  it('are written as Intl writes them in each language and region, at every minute of the day', () => {
    for (const language of ['de', 'en', 'en-US', 'en-GB', 'en-IE'] as const) {
      const intl = new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' });
      for (let minute = 0; minute < 24 * 60; minute++) {
        const time = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
        // Newer ICU puts a narrow no-break space before AM/PM; the plan uses a plain one.
        expect(clockText(time, language)).toBe(intl.format(minute * 60_000).replace(/\u202f/g, ' '));
      }
    }
  });
});
