// For integration tests: each test starts its own server (with its own options); the server and
// every client the test opened are closed after it.
import { afterEach } from 'vitest';
import { connectClient, startTestServer, type TestClient, type TestServer } from './server.ts';

export function serverPerTest() {
  let current: TestServer | undefined;
  const clients: TestClient[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.close());
    await current?.close();
    current = undefined;
  });
  return {
    async start(options?: Parameters<typeof startTestServer>[0]): Promise<TestServer> {
      current = await startTestServer(options);
      return current;
    },
    /** A client of the running test's event; with the key, the facilitator; a device id of its own unless told. */
    async client(key?: string, device?: string): Promise<TestClient> {
      const c = await connectClient(current!.url, { event: current!.slug, key, device });
      clients.push(c);
      return c;
    },
  };
}
