// For integration tests: one server for the whole file, started before its first test, and a
// fresh copy of the test event for each test, so that no test sees another's changes. A test
// that needs other options, or spends a budget of the one address all tests come from (failed
// lookups, new devices), starts a server of its own (`ownServer`), closed after it.
//
// The mutation run (vitest.mutation.config.ts sets PITCHBOARD_SERVER_PER_TEST) starts the file's
// server for each test instead: it credits a test only with the code that runs while it runs,
// and code that runs before any test (the app, its routes and schemas, built as the server
// starts) it leaves out.
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createEvent } from '../../server/create-event.ts';
import { connectClient, startTestServer, TEST_EVENT, type TestClient, type TestServer } from './server.ts';

/** The file's server as one test sees it: its slug and key are this test's own event's. */
export type EventOnServer = Omit<TestServer, 'close'>;

type ServerOptions = Parameters<typeof startTestServer>[0];

export function serverPerFile(options?: ServerOptions) {
  const perTest = process.env.PITCHBOARD_SERVER_PER_TEST === '1';
  let shared: TestServer | undefined;
  let current: EventOnServer | undefined;
  let events = 0;
  const own: TestServer[] = [];
  const clients: TestClient[] = [];
  const start = async () => {
    shared = await startTestServer(options);
  };
  const stop = async () => {
    await shared?.close();
    shared = undefined;
  };
  beforeAll(async () => {
    if (!perTest) await start();
  });
  beforeEach(async () => {
    if (perTest) await start();
    const { slug, key } = await createEvent(shared!.store, { ...TEST_EVENT, slug: `${TEST_EVENT.slug}-${++events}` });
    const { close: _close, ...server } = shared!;
    current = { ...server, slug, key };
  });
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.close());
    await Promise.all(own.splice(0).map((server) => server.close()));
    current = undefined;
    if (perTest) await stop();
  });
  afterAll(stop);
  return {
    /** The file's server, with this test's event. */
    get server(): EventOnServer {
      if (!current) throw new Error('the server of the file is there only inside a test');
      return current;
    },
    /** A server of this test's own, with the test event; closed after the test. The test's clients connect to the last one started. */
    async ownServer(ownOptions?: ServerOptions): Promise<TestServer> {
      const server = await startTestServer(ownOptions);
      own.push(server);
      return server;
    },
    /** A client of this test's event (on its own server if it started one), closed after the test; with the key, the facilitator; a device id of its own unless told. */
    async client(key?: string, device?: string): Promise<TestClient> {
      const target = own.at(-1) ?? current!;
      const c = await connectClient(target.url, { event: target.slug, key, device });
      clients.push(c);
      return c;
    },
  };
}
