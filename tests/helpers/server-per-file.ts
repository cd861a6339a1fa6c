// For integration tests: one server for the whole file, started before its first test, and a
// fresh copy of the test event for each test, so that no test sees another's changes. A test
// that needs other options, or spends a budget of the one address all tests come from (failed
// lookups, new devices), starts a server of its own (server-per-test.ts).
//
// The mutation run (vitest.mutation.config.ts sets PITCHBOARD_SERVER_PER_TEST) starts one for each
// test instead: it credits a test only with the code that runs while it runs, and code that runs
// before any test (the app, its routes and schemas, built as the server starts) it leaves out.
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createEvent } from '../../server/create-event.ts';
import { connectClient, startTestServer, TEST_EVENT, type TestClient, type TestServer } from './server.ts';

/** The file's server as one test sees it: its slug and key are this test's own event's. */
export type EventOnServer = Omit<TestServer, 'close'>;

export function serverPerFile(options?: Parameters<typeof startTestServer>[0]) {
  let server: TestServer | undefined;
  let current: EventOnServer | undefined;
  let events = 0;
  const clients: TestClient[] = [];
  const perTest = process.env.PITCHBOARD_SERVER_PER_TEST === '1';
  const start = async () => {
    server = await startTestServer(options);
  };
  const stop = async () => {
    await server?.close();
    server = undefined;
  };
  beforeAll(async () => {
    if (!perTest) await start();
  });
  beforeEach(async () => {
    if (perTest) await start();
    const { slug, key } = createEvent(server!.store, { ...TEST_EVENT, slug: `${TEST_EVENT.slug}-${++events}` });
    const { close: _close, ...shared } = server!;
    current = { ...shared, slug, key };
  });
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.close());
    current = undefined;
    if (perTest) await stop();
  });
  afterAll(stop);
  return {
    /** The server, with this test's event. */
    get server(): EventOnServer {
      if (!current) throw new Error('the server of the file is there only inside a test');
      return current;
    },
    /** A client of this test's event, closed after the test; with the key, the facilitator; a device id of its own unless told. */
    async client(key?: string, device?: string): Promise<TestClient> {
      const c = await connectClient(current!.url, { event: current!.slug, key, device });
      clients.push(c);
      return c;
    },
  };
}
