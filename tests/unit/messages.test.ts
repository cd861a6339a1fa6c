// Every text the read-only screens use is in the catalog they load (the core, the public screens',
// the push switch's), in both languages; every text in a catalog is said by some screen; undo's
// refusals and the plan's times read right in both languages.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { moreEn } from '../../client/lib/i18n/messages-more.ts';
import { refusalCatalogs } from '../../client/lib/i18n/messages-refusals.ts';
import { obstacleText } from '../../client/lib/describe.ts';
import { clockText } from '../../client/lib/i18n/clock.ts';
import { i18n } from '../../client/lib/i18n/i18n.svelte.ts';
import { de, en } from '../../client/lib/i18n/messages.ts';
import { screensDe, screensEn } from '../../client/lib/i18n/messages-screens.ts';
import { pushDe, pushEn } from '../../client/lib/i18n/messages-push.ts';
import type { UndoObstacle } from '../../shared/undo.ts';

/** The phone's screens: their texts are the core's, loaded with the page. */
const READ_ONLY_SCREENS = [
  'client/views/AttendeeView.svelte',
  'client/views/NotFound.svelte',
  'client/components/ConnectionBadge.svelte',
  'client/components/LanguageSwitch.svelte',
  'client/components/PageHeader.svelte',
  'client/components/PlanEntry.svelte',
  'client/components/ChangeAnnouncer.svelte',
  'client/lib/format.ts',
  'client/lib/i18n/i18n.svelte.ts',
];

/** The other public screens: the core's texts and their own (messages-screens.ts, which they import). */
const OTHER_PUBLIC_SCREENS = [
  'client/views/BeamerView.svelte',
  'client/views/DoorView.svelte',
  'client/views/EmbedView.svelte',
  'client/components/Countdown.svelte',
];

/** The keys `files` use that `keys` does not hold. */
function missingKeys(files: string[], keys: string[]): string[] {
  const missing: string[] = [];
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    for (const [, key] of source.matchAll(/\bt\('([\w.:-]+)'/g)) if (!keys.includes(key!)) missing.push(`${file}: ${key}`);
    // Keys built from a prefix, e.g. t(`attendee.view.${name}`): some key must start with it.
    for (const [, prefix] of source.matchAll(/\bt\(`([\w.:-]+)\$\{/g)) {
      if (!keys.some((key) => key.startsWith(prefix!))) missing.push(`${file}: ${prefix}…`);
    }
  }
  return missing;
}

describe('the core texts', () => {
  it("hold every key the phone's screens use", () => {
    expect(missingKeys(READ_ONLY_SCREENS, Object.keys(en))).toEqual([]);
  });

  it('with the public screens’ own, hold every key the projector, the door signs and the embedded plan use', () => {
    expect(missingKeys(OTHER_PUBLIC_SCREENS, [...Object.keys(en), ...Object.keys(screensEn)])).toEqual([]);
    for (const file of OTHER_PUBLIC_SCREENS) expect(readFileSync(file, 'utf8'), file).toContain("import '../lib/i18n/messages-screens.ts';");
  });

  it('with the push switch’s own, hold every key the switch on "Mein Plan" uses', () => {
    const files = ['client/components/PushToggle.svelte', 'client/lib/push-switch.svelte.ts'];
    expect(missingKeys(files, [...Object.keys(en), ...Object.keys(pushEn)])).toEqual([]);
    for (const file of files) expect(readFileSync(file, 'utf8'), file).toMatch(/import '[./]+(lib\/)?i18n\/messages-push\.ts';/);
  });

  it('exist in German for every English key', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(screensDe).sort()).toEqual(Object.keys(screensEn).sort());
    expect(Object.keys(pushDe).sort()).toEqual(Object.keys(pushEn).sort());
  });
});

describe('every catalog', () => {
  // A text no screen says still costs every phone its bytes (the attendee's 60 KB), and a
  // translator's time. A key counts as said where the code names it in quotes, or builds it
  // from a prefix (t(`attendee.view.${name}`)).
  it('holds only texts some screen says', () => {
    const sources = ['client', 'shared', 'server']
      .flatMap((folder) => readdirSync(folder, { recursive: true, encoding: 'utf8' }).map((file) => path.join(folder, file)))
      .filter((file) => /\.(ts|svelte)$/.test(file) && !file.startsWith('client/lib/i18n/messages'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const prefixes = [...sources.matchAll(/`([\w.]+\.)\$\{/g)].map(([, prefix]) => prefix!);
    const keys = [...Object.keys(en), ...Object.keys(screensEn), ...Object.keys(pushEn), ...Object.keys(moreEn), ...Object.keys(refusalCatalogs.en)];
    const unsaid = keys.filter((key) => !sources.includes(`'${key}'`) && !sources.includes(`"${key}"`) && !prefixes.some((prefix) => key.startsWith(prefix)));
    expect(unsaid).toEqual([]);
  });
});

describe('an undo refused', () => {
  // One of each kind: the compiler asks for a new kind here.
  const obstacles: { [K in UndoObstacle['kind']]: Extract<UndoObstacle, { kind: K }> } = {
    session_gone: { kind: 'session_gone' },
    cell_gone: { kind: 'cell_gone' },
    break: { kind: 'break', time: '12:00' },
    closed: { kind: 'closed', room: 'Raum B', time: '11:00' },
    taken: { kind: 'taken', room: 'Raum A', time: '10:00', title: 'Kochen' },
    placed_since: { kind: 'placed_since', title: 'Kochen' },
    room_exists: { kind: 'room_exists' },
    room_gone: { kind: 'room_gone' },
    slot_gone: { kind: 'slot_gone' },
    day_gone: { kind: 'day_gone' },
    overlap: { kind: 'overlap', start: '10:00', end: '10:45' },
    date_taken: { kind: 'date_taken', date: '2026-05-09' },
  };

  it('says every obstacle in both languages, every field filled in, times and dates as the language writes them', () => {
    const said: Record<string, string[]> = {};
    for (const language of ['en', 'de'] as const) {
      i18n.language = language;
      said[language] = Object.values(obstacles).map(obstacleText);
    }
    for (const text of [...said.en!, ...said.de!]) expect(text).not.toMatch(/undo\.obstacle|\{/);
    expect(said.de).toContain('Am Sa., 9. Mai gibt es jetzt schon einen Tag');
    expect(said.en).toContain(`it would overlap ${clockText('10:00', 'en-US')}–${clockText('10:45', 'en-US')}, added since`);
    expect(new Set(said.de).size).toBe(Object.keys(obstacles).length);
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
