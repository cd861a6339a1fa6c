// npm run event:create -- --title "…" [--date YYYY-MM-DD[,YYYY-MM-DD]] [--rooms "A:40,B:20"]
//   [--slots "10:00-10:45,lunch 12:00-13:00,13:00-13:45"] [--timezone Europe/Berlin] [--locale de|en] [--slug …]
// npm run event:key -- --slug demo        (a new facilitator link; the old one stops working)
// Each prints one JSON line on success; errors go to stderr with exit code 1.
import { parseArgs } from 'node:util';
import { DEFAULT_DB_PATH } from '../db/open.ts';
import { openConfiguredStore } from '../db/configured-store.ts';
import type { Store } from '../db/store.ts';
import { FrameSpecError } from '../shared/event-frame.ts';
import { createEvent, rotateFacilitatorKey } from './create-event.ts';
import { facilitatorUrl, publicBaseUrl } from './links.ts';

const USAGE = `Usage:
  npm run event:create -- --title "Barcamp Ruhr" [--date 2026-05-09] [--rooms "A:40,B:20"]
                          [--slots "10:00-10:45,11:00-11:45,lunch 12:00-13:00,13:00-13:45"]
                          [--timezone Europe/Berlin] [--locale de|en] [--slug barcamp-ruhr]
  npm run event:key -- --slug demo`;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const [subcommand, ...rest] = process.argv.slice(2);
let values: Record<string, string | undefined>;
try {
  ({ values } = parseArgs({
    args: rest,
    options: {
      title: { type: 'string' },
      date: { type: 'string' },
      rooms: { type: 'string' },
      slots: { type: 'string' },
      timezone: { type: 'string' },
      locale: { type: 'string' },
      slug: { type: 'string' },
    },
    strict: true,
  }));
} catch (error) {
  fail(`${(error as Error).message}\n\n${USAGE}`);
}

const base = publicBaseUrl(Number(process.env.PORT ?? 3000));
let store: Store;
try {
  ({ store } = await openConfiguredStore({ databaseUrl: process.env.DATABASE_URL || undefined, sqliteFile: process.env.PITCHBOARD_DB ?? DEFAULT_DB_PATH }));
} catch (error) {
  fail((error as Error).message);
}

try {
  if (subcommand === 'create') {
    if (!values.title) fail(`--title is required.\n\n${USAGE}`);
    const locale = values.locale ?? 'de';
    if (locale !== 'de' && locale !== 'en') fail('--locale must be de or en.');
    const { slug, key } = await createEvent(store, {
      title: values.title,
      slug: values.slug,
      dates: values.date
        ?.split(',')
        .map((d) => d.trim())
        .filter(Boolean),
      timezone: values.timezone,
      locale,
      rooms: values.rooms,
      slots: values.slots,
    });
    console.log(JSON.stringify({ slug, key, facilitatorUrl: facilitatorUrl(base, slug, key) }));
  } else if (subcommand === 'key') {
    if (!values.slug) fail(`--slug is required.\n\n${USAGE}`);
    const key = await rotateFacilitatorKey(store, values.slug);
    if (!key) fail(`There is no event "${values.slug}".`);
    console.log(JSON.stringify({ slug: values.slug, key, facilitatorUrl: facilitatorUrl(base, values.slug, key) }));
  } else {
    fail(USAGE);
  }
} catch (error) {
  if (error instanceof FrameSpecError) fail(error.message);
  throw error;
} finally {
  await store.close();
}
