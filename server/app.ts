// buildApp: the whole server, ready to listen. main.ts listens; tests listen on port 0.
import { PushNotifier } from './push.ts';
import { backoffFromEnv, Webhooks } from './webhooks.ts';
import { existsSync } from 'node:fs';
import zlib from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerOptions } from 'socket.io';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import helmet from '@fastify/helmet';
import compress from '@fastify/compress';
import { DamagedDataError, type Store } from '../db/store.ts';
import { sendDamagedEvent } from './damaged-event.ts';
import { CommandWriter } from './writer.ts';
import { attachRealtime, eventRoom, type PitchboardServer } from './realtime.ts';
import { DEFAULT_LIMITS, type CommandLimits } from './rate-limit.ts';
import { DEFAULT_RETENTION, expireEvents, type Retention } from './expiry.ts';
import { registerApiRoutes } from './routes/api.ts';
import { registerClientRoutes } from './routes/client.ts';
import { registerEventRoutes } from './routes/events.ts';
import { registerPlanFileRoutes, withoutFeedId } from './routes/plan-files.ts';
import { registerOpenApi } from './openapi.ts';
import { sendError, sendRefusal } from './http-error.ts';
import { ajvRefusal, RefusedRequest } from './schema-refusal.ts';
import { trustFunction, type TrustProxy } from './client-address.ts';
import { budgetInMemory, type BudgetMaker } from './rate-limit.ts';
import { FIELD_FORMATS } from '../shared/fields.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The Socket.IO server, for graceful close and for tests that cut connections. */
    io: PitchboardServer;
    /** Pushes to phones whose starred sessions change (tests wait for them to go out). */
    push: PushNotifier;
    /** Posts every change to the event's webhooks (tests wait for them to go out). */
    webhooks: Webhooks;
  }
}

/**
 * The built client (vite build). This file is server/app.ts in the source tree and
 * dist/app/server/app.js in the server's build (tsconfig.server.json): one or three folders below
 * the package, whose dist/client it serves either way.
 */
export const DEFAULT_CLIENT_DIR = fileURLToPath(new URL(import.meta.url.endsWith('.js') ? '../../client' : '../dist/client', import.meta.url));

export interface AppOptions {
  /** Where the events are kept: SQLite or PostgreSQL (db/store.ts). */
  store: Store;
  /** The built client (vite build); when missing, the server says how to build it. */
  clientDir?: string;
  logger?: FastifyServerOptions['logger'];
  /** Limits for commands from phones (tests make them small). */
  limits?: CommandLimits;
  /** How often open facilitator screens are checked against the event's key (ms). */
  keyCheckMs?: number;
  /** Which proxies in front are trusted to tell the client's address in X-Forwarded-For (PITCHBOARD_TRUST_PROXY). */
  trustProxy?: TrustProxy;
  /** Take http and local push endpoints (PITCHBOARD_PUSH_ALLOW_HTTP=1): for tests' own receivers only. */
  pushAllowHttp?: boolean;
  /** Take http and local webhook addresses (PITCHBOARD_WEBHOOK_ALLOW_HTTP=1): for tests' own receivers only. */
  webhookAllowHttp?: boolean;
  /** The pauses before a failed webhook post is sent again (PITCHBOARD_WEBHOOK_BACKOFF_MS, e.g. "50,100"). */
  webhookBackoffMs?: readonly number[];
  /** When set, creating events over HTTP needs it (PITCHBOARD_CREATE_TOKEN). */
  createToken?: string;
  /** How long a client may take to send a request's headers, and the whole request (ms). */
  httpTimeouts?: { headersMs: number; requestMs: number };
  /** The address people reach the server by (PUBLIC_URL), e.g. behind a proxy; default: the env. */
  publicUrl?: string;
  /** How long old events are kept (PITCHBOARD_KEEP_DAYS, PITCHBOARD_KEEP_UNTOUCHED_DAYS). */
  retention?: Retention;
  /** The Socket.IO adapter between processes on one database (see main.ts); none for one process. */
  adapter?: ServerOptions['adapter'];
  /** Where the budgets that hold across processes are kept (see adapter.ts); in memory for one process. */
  budget?: BudgetMaker;
}

/**
 * The logger as given, but a request's address is written without a phone's feed id: the
 * address is its only key. (Facilitator keys and giver tokens never travel in an address.)
 */
function withoutSecretsInLog(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (logger === false || logger === undefined) return logger;
  const given = logger === true ? {} : logger;
  return {
    ...given,
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: withoutFeedId(request.url),
        host: request.host,
        remoteAddress: request.ip,
        remotePort: request.socket?.remotePort,
      }),
      ...given.serializers,
    },
  };
}

/** How often old events are looked for (and once at start). */
const EXPIRY_CHECK_MS = 60 * 60 * 1000;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: withoutSecretsInLog(options.logger ?? false),
    // A body bigger than this is never a valid request here.
    bodyLimit: 256 * 1024,
    // A client that sends its request a byte now and then holds a connection and memory: cut it
    // off. Generous for a phone on bad wifi (an import of 256 KB at 100 kbit/s takes 20 s).
    requestTimeout: options.httpTimeouts?.requestMs ?? 30_000,
    http: {
      headersTimeout: options.httpTimeouts?.headersMs ?? 10_000,
      // Node looks at unfinished requests this often (30 s unless told).
      connectionsCheckingInterval: Math.min(options.httpTimeouts?.headersMs ?? 10_000, 2_000),
    },
    // A function, as Fastify takes a hop count as "trust nobody".
    trustProxy: options.trustProxy ? trustFunction(options.trustProxy) : false,
    // HTTP bodies are checked like socket payloads: no coercion, no silently dropped fields.
    // `x-errorMessage` is the schema's own words for a rule (shared/fields.ts), shown instead of a
    // regular expression; `verbose` hands the formatter the schema that refused.
    // The fields' formats are the functions the socket's checker runs (shared/fields.ts).
    ajv: {
      customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false, keywords: ['x-errorMessage'], verbose: true, formats: FIELD_FORMATS },
    },
    // An address the router cannot read (a broken %-escape, a name longer than any slug) is
    // answered in the same JSON shape as every other refusal.
    frameworkErrors(error, _request, reply) {
      const status = error.statusCode ?? 400;
      void sendError(reply as FastifyReply, status, 'invalid', 'bad_format', error.message);
    },
    // The refusal names the field and what is wrong with it, as the socket's does.
    schemaErrorFormatter: (errors) => new RefusedRequest(ajvRefusal(errors)),
    // Every command is acknowledged synchronously, so at close nothing is lost by cutting the
    // remaining connections (phones that went away mid-request would otherwise hold it open).
    forceCloseConnections: true,
  });
  const { store } = options;
  const writer = new CommandWriter(store);
  const limits = options.limits ?? DEFAULT_LIMITS;
  // Names of events that do not exist and wrong keys, over the socket and as pages: one budget
  // per address, so that nobody learns which events exist by guessing.
  const budget = options.budget ?? budgetInMemory;
  const failedLookups = budget('failed-lookups', limits.failedLookupsPerAddress);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        // 'self' takes in the WebSocket of the same host and port; nothing else is reached.
        connectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    // Served over plain http on a venue laptop: no HSTS that would lock phones out.
    hsts: false,
  });

  // Answers of the API (a 150-session board is ~60 KB of JSON) go out compressed on the fly.
  // The client's files are compressed at build time and carry their content-encoding already.
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    // Quality 5 of 11: nearly the size of the best, in a fraction of the time.
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } },
  });

  const publicUrl = options.publicUrl ?? (process.env.PUBLIC_URL || undefined);
  await registerOpenApi(app);
  registerApiRoutes(app, { store, writer, publicUrl, limits });
  // Links point where the request came from, unless PUBLIC_URL says otherwise.
  const baseUrl = (request: FastifyRequest) => publicUrl?.replace(/\/+$/, '') ?? `${request.protocol}://${request.host}`;
  registerEventRoutes(app, {
    store,
    writer,
    limits,
    budget,
    createToken: options.createToken,
    baseUrl,
  });
  const push = new PushNotifier({
    store,
    allowHttp: options.pushAllowHttp ?? process.env.PITCHBOARD_PUSH_ALLOW_HTTP === '1',
    contact: process.env.PITCHBOARD_PUSH_CONTACT || (publicUrl?.startsWith('https://') ? publicUrl : 'mailto:pitchboard@localhost'),
    // Neither the endpoint nor the keys: only what went wrong.
    failed: (error) => app.log.warn({ err: { message: (error as Error).message } }, 'a push failed'),
  });
  registerPlanFileRoutes(app, { store, writer, baseUrl, limits, push });
  const webhooks = new Webhooks({
    store,
    allowHttp: options.webhookAllowHttp ?? process.env.PITCHBOARD_WEBHOOK_ALLOW_HTTP === '1',
    backoffMs: options.webhookBackoffMs ?? backoffFromEnv(process.env.PITCHBOARD_WEBHOOK_BACKOFF_MS),
    // Neither the address nor the secret: only what went wrong.
    failed: (error) => app.log.warn({ err: { message: (error as Error).message } }, 'a webhook post failed'),
  });
  app.setErrorHandler((error, request, reply) => {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 429) return sendError(reply, 429, 'rate_limited', 'too_many_requests', 'Too many requests. Please wait a minute.');
    if (error instanceof RefusedRequest) return sendRefusal(reply, status ?? 400, error.refusal);
    // Fastify's own refusals (a body the schema refuses, malformed JSON, an empty or too large
    // body, a content type it does not read, a poisoned prototype key) are the sender's mistake:
    // said as such, never a 500.
    if (status !== undefined && status >= 400 && status < 500) {
      const message = (error as Error).message;
      if (status === 401) return sendError(reply, status, 'unauthorized', 'wrong_key', message);
      if (status === 403) return sendError(reply, status, 'forbidden', 'facilitator_only', message);
      if (status === 404) return sendError(reply, status, 'not_found', 'no_such', message);
      // Fastify's own: a body too large, malformed JSON, a content type it does not read.
      return sendError(reply, status, 'invalid', status === 413 ? 'too_big' : 'bad_format', message);
    }
    store.noteFailure(error);
    app.log.error({ err: error }, 'request failed');
    // An event whose stored data does not parse: said in a sentence (and /healthz says which).
    if (error instanceof DamagedDataError) return sendDamagedEvent(request, reply);
    return sendError(reply, 500, 'internal', 'server_error', 'Something went wrong on the server.');
  });
  const clientDir = options.clientDir ?? DEFAULT_CLIENT_DIR;
  await registerClientRoutes(app, {
    store,
    writer,
    failedLookups,
    clientDir: existsSync(path.join(clientDir, 'index.html')) ? clientDir : undefined,
  });

  let stopping = false;
  const io = attachRealtime(app.server, {
    stopping: () => stopping,
    store,
    writer,
    log: app.log,
    limits,
    failedLookups,
    keyCheckMs: options.keyCheckMs,
    trustProxy: options.trustProxy,
    push,
    webhooks,
    adapter: options.adapter,
  });
  app.decorate('io', io);
  app.decorate('push', push);
  app.decorate('webhooks', webhooks);

  const retention = options.retention ?? DEFAULT_RETENTION;
  const expire = async () => {
    try {
      // A screen open on any process keeps its event (the adapter asks the others).
      const gone = await expireEvents(store, writer, retention, async (slug) => (await io.in(eventRoom(slug)).fetchSockets()).length > 0);
      if (gone.length) app.log.info({ events: gone.length }, 'deleted old events');
    } catch (error) {
      store.noteFailure(error);
      app.log.error({ err: error }, 'deleting old events failed');
    }
  };
  const expiry = setInterval(() => void expire(), EXPIRY_CHECK_MS);
  expiry.unref();
  app.addHook('onReady', expire);
  // Before the HTTP server stops: open sockets would keep it from closing (upgraded connections
  // are not HTTP requests Fastify can end), and the screens let go of reconnect to another process.
  app.addHook('preClose', async () => {
    stopping = true;
    io.local.disconnectSockets(true);
  });
  app.addHook('onClose', async () => {
    clearInterval(expiry);
    webhooks.close();
    await io.close();
  });
  return app;
}
