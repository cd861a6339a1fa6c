// The server's own secrets, made once when a database is first opened (SQLite's in db/open.ts,
// PostgreSQL's in db/postgres-store.ts) and kept in it: both stores make them here.
import { createECDH, randomBytes } from 'node:crypto';

/** The server's secret (server/auth.ts): 256 bits from the system's own source. */
export function newServerSecret(): Buffer {
  return randomBytes(32);
}

/** A Web Push key pair (VAPID): P-256, both halves base64url as VAPID writes them. */
export function newPushKeyPair(): { publicKey: string; privateKey: string } {
  const pair = createECDH('prime256v1');
  pair.generateKeys();
  return {
    publicKey: pair.getPublicKey().toString('base64url'),
    // 32 bytes always: a key that happens to start with zeros is written with them.
    privateKey: Buffer.concat([Buffer.alloc(32), pair.getPrivateKey()])
      .subarray(-32)
      .toString('base64url'),
  };
}
