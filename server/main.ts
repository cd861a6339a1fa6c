// Open the database, migrate, seed the demo on first start, build, listen, close gracefully.
import { claimDatabase, DatabaseUnusableError, DEFAULT_DB_PATH } from '../db/open.ts';
import { openConfiguredStore } from '../db/configured-store.ts';
import { DEMO_SLUG, seedDemoIfEmpty } from './seed-demo.ts';
import type { Store } from '../db/store.ts';
import { buildApp } from './app.ts';
import { crossProcessAdapter, type CrossProcessAdapter } from './adapter.ts';
import { DEFAULT_RETENTION } from './expiry.ts';
import { DEFAULT_LIMITS, type CommandLimits } from './rate-limit.ts';
import { attendeeUrl, facilitatorUrl, lanUrls, publicBaseUrl } from './links.ts';
import { parseTrustProxy, TrustProxyError, type TrustProxy } from './client-address.ts';

const dbPath = process.env.PITCHBOARD_DB ?? DEFAULT_DB_PATH;
const port = Number(process.env.PORT ?? 3000);
// All interfaces by default: the phones in the room must reach the laptop.
const host = process.env.HOST ?? '0.0.0.0';

/** Days from an environment variable: a whole number from 0 (0: keep forever), else the default. */
function days(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`Pitchboard cannot start. ${name} must be a whole number of days (0 keeps events forever), not "${process.env[name]}".`);
    process.exit(1);
  }
  return value;
}
/**
 * PITCHBOARD_FACILITATOR_RATE: commands a second on one facilitator screen and on all of an
 * event's together (benchmarks send more than a person); unset, the defaults (50 and 150).
 */
function facilitatorLimits(): Pick<CommandLimits, 'facilitatorCommandsPerEvent' | 'facilitatorCommandsPerScreen'> {
  const raw = process.env.PITCHBOARD_FACILITATOR_RATE;
  if (raw === undefined) return DEFAULT_LIMITS;
  const perSecond = Number(raw);
  if (!(perSecond > 0)) {
    console.error(`Pitchboard cannot start. PITCHBOARD_FACILITATOR_RATE must be a number of commands a second above 0, not "${raw}".`);
    process.exit(1);
  }
  return {
    facilitatorCommandsPerEvent: { burst: Math.max(DEFAULT_LIMITS.facilitatorCommandsPerEvent.burst, 6 * perSecond), perSecond },
    facilitatorCommandsPerScreen: { burst: Math.max(DEFAULT_LIMITS.facilitatorCommandsPerScreen.burst, 6 * perSecond), perSecond },
  };
}
/** PITCHBOARD_CONNECTIONS_PER_NETWORK: open connections from one network address (a venue's NAT) on all processes together. */
function connectionLimit(): Pick<CommandLimits, 'connectionsPerAddress'> {
  const raw = process.env.PITCHBOARD_CONNECTIONS_PER_NETWORK;
  if (raw === undefined) return DEFAULT_LIMITS;
  const bound = Number(raw);
  if (!(Number.isSafeInteger(bound) && bound > 0)) {
    console.error(`Pitchboard cannot start. PITCHBOARD_CONNECTIONS_PER_NETWORK must be a whole number of connections above 0, not "${raw}".`);
    process.exit(1);
  }
  return { connectionsPerAddress: bound };
}
const limits: CommandLimits = { ...DEFAULT_LIMITS, ...facilitatorLimits(), ...connectionLimit() };

let trustProxy: TrustProxy;
try {
  trustProxy = parseTrustProxy(process.env.PITCHBOARD_TRUST_PROXY);
} catch (error) {
  if (!(error instanceof TrustProxyError)) throw error;
  console.error(`Pitchboard cannot start. ${error.message}`);
  process.exit(1);
}
// Push services want to know who runs a server: a mail or web address.
const pushContact = process.env.PITCHBOARD_PUSH_CONTACT;
if (pushContact && !/^(mailto:.+@.+|https:\/\/.+)/.test(pushContact)) {
  console.error(`Pitchboard cannot start. PITCHBOARD_PUSH_CONTACT must be a mailto: or https: address, not "${pushContact}".`);
  process.exit(1);
}
const retention = {
  untouchedDays: days('PITCHBOARD_KEEP_UNTOUCHED_DAYS', DEFAULT_RETENTION.untouchedDays),
  endedDays: days('PITCHBOARD_KEEP_DAYS', DEFAULT_RETENTION.endedDays),
};

// DATABASE_URL: PostgreSQL, shared by several processes (docs/operations.md); else the SQLite file, claimed by this one.
const databaseUrl = process.env.DATABASE_URL || undefined;
let store: Store;
let where: string;
let lock: ReturnType<typeof claimDatabase> | undefined;
try {
  if (!databaseUrl) lock = claimDatabase(dbPath);
  ({ store, where } = await openConfiguredStore({ databaseUrl, sqliteFile: dbPath }));
} catch (error) {
  lock?.release();
  // One sentence that names the file, not a stack trace.
  if (error instanceof DatabaseUnusableError) {
    console.error(`Pitchboard cannot start. ${error.message}`);
    process.exit(1);
  }
  throw error;
}

// Several processes on one PostgreSQL database tell each other of their changes through an
// adapter: Redis Streams with REDIS_URL, else PostgreSQL itself (docs/operations.md).
const redisUrl = process.env.REDIS_URL || undefined;
let crossProcess: CrossProcessAdapter | undefined;
if (redisUrl && !databaseUrl) {
  console.error(
    'Pitchboard cannot start. REDIS_URL carries the notices between processes on one PostgreSQL database: set DATABASE_URL too, or unset REDIS_URL.',
  );
  process.exit(1);
}
try {
  crossProcess = await crossProcessAdapter({
    redisUrl,
    databaseUrl,
    failed: (error) => console.error(`Pitchboard's adapter between processes: ${error.message}`),
  });
} catch (error) {
  console.error(`Pitchboard cannot start. Redis is not reachable at REDIS_URL (${(error as Error).message}): start it, or fix REDIS_URL.`);
  await store.close();
  process.exit(1);
}

const demo = await seedDemoIfEmpty(store);
const app = await buildApp({
  store,
  adapter: crossProcess?.adapter,
  budget: crossProcess?.budget,
  retention,
  limits,
  logger: { level: process.env.LOG_LEVEL ?? 'warn' },
  trustProxy,
  createToken: process.env.PITCHBOARD_CREATE_TOKEN || undefined,
});
await app.listen({ port, host });

const address = app.server.address();
const actualPort = typeof address === 'object' && address ? address.port : port;
const base = publicBaseUrl(actualPort, host);
// One write, so that whoever reads the output (a person, a test) gets all links at once.
const lines = [`Pitchboard is listening on ${base} (database: ${where}${crossProcess ? `; other processes heard through ${crossProcess.where}` : ''})`];
if (demo) {
  lines.push(
    'Demo barcamp created.',
    `  Facilitator (keep this link to yourself): ${facilitatorUrl(base, demo.slug, demo.key)}`,
    `  Attendees:                                ${attendeeUrl(base, demo.slug)}`,
  );
} else if (await store.findEvent(DEMO_SLUG)) {
  lines.push(
    `  Attendees: ${attendeeUrl(base, DEMO_SLUG)}`,
    `  The facilitator link was printed at the first start. Lost it? ${sameDatabase()}npm run event:key -- --slug ${DEMO_SLUG}`,
  );
}
if (host === '0.0.0.0' && !process.env.PUBLIC_URL) {
  const lan = lanUrls(actualPort);
  if (lan.length) lines.push(`  Phones on the same network: ${lan.join(', ')}`);
}
console.log(lines.join('\n'));

/**
 * What the command line needs to reach this server's database: the file when it is not the
 * default. A database URL is not repeated, as it may hold a password.
 */
function sameDatabase(): string {
  if (databaseUrl) return 'DATABASE_URL=<the same> ';
  if (dbPath === DEFAULT_DB_PATH) return '';
  return `PITCHBOARD_DB=${/^[\w./-]+$/.test(dbPath) ? dbPath : `'${dbPath.replaceAll("'", `'\\''`)}'`} `;
}

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  console.log(`${signal}: closing Pitchboard…`);
  await app.close();
  await crossProcess?.close();
  await store.close();
  lock?.release();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
