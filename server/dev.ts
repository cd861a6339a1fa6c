// npm run dev: Vite with hot reload on PORT (default 3000), in front of the real server on
// PORT+1, which restarts when server code changes. Its own database (data/dev.db unless
// PITCHBOARD_DB says otherwise), so that it never serves npm start's file beside it.
import { spawn } from 'node:child_process';
import { createServer } from 'vite';
import { DEV_DB_PATH } from '../db/open.ts';

const port = Number(process.env.PORT ?? 3000);
const apiPort = port + 1;
process.env.PITCHBOARD_API_PORT = String(apiPort);

const api = spawn(process.execPath, ['--import', 'tsx', '--watch', 'server/main.ts'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PITCHBOARD_DB: process.env.PITCHBOARD_DB ?? DEV_DB_PATH,
    PORT: String(apiPort),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://localhost:${port}`,
  },
});

const vite = await createServer({ configFile: 'vite.config.ts', server: { port, strictPort: true, host: true } });
await vite.listen();
console.log(`Vite (hot reload) on http://localhost:${port}, API on http://127.0.0.1:${apiPort}`);

function stop() {
  api.kill('SIGTERM');
  void vite.close().then(() => process.exit(0));
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
