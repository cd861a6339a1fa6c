import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { compression } from 'vite-plugin-compression2';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const socketClientBrowserBuild = path.join(
  path.dirname(createRequire(import.meta.url).resolve('socket.io-client/package.json')),
  'dist',
  'socket.io.esm.min.js',
);

// `npm start` builds first: a person starting the demo does not need rolldown's note that the
// Svelte plugin took most of the build's time (PLUGIN_TIMINGS), printed on every slow machine.
const QUIET = { bundlerTimings: false };

// The API server for `npm run dev` (server/dev.ts starts it on this port).
const apiPort = Number(process.env.PITCHBOARD_API_PORT ?? 3001);

export default defineConfig(({ isSsrBuild }) => ({
  root: 'client',
  // client/public (robots.txt, the service worker) belongs to the browser's build only.
  publicDir: isSsrBuild ? false : 'public',
  // The client lives in client/, the Svelte config beside package.json (svelte-check reads it there).
  plugins: [
    svelte({ configFile: fileURLToPath(new URL('./svelte.config.js', import.meta.url)) }),
    // Brotli and gzip copies beside each file, made once at build time; the server picks one by
    // the browser's Accept-Encoding (@fastify/static preCompressed) and never compresses per request.
    isSsrBuild ? [] : compression({ algorithms: ['brotliCompress', 'gzip'], include: /\.(html|js|mjs|css|svg|json|txt)$/ }),
  ],
  // The attendee page's renderer is one file with everything it imports (Svelte and its helpers,
  // the socket client): the server loads it at run time, where only the production dependencies
  // are installed (`npm ci --omit=dev`), and these are build inputs. It never opens the socket,
  // so it carries the browser's self-contained build of the socket client, not Node's (ws, http).
  ssr: { noExternal: true },
  resolve: isSsrBuild ? { alias: { 'socket.io-client': socketClientBrowserBuild } } : {},
  build: isSsrBuild
    ? // The attendee page's renderer for the server (`vite build --ssr entry-server.ts`).
      { outDir: '../dist/server', emptyOutDir: true, target: 'node20', rollupOptions: { checks: QUIET } }
    : {
        outDir: '../dist/client',
        emptyOutDir: true,
        // The server reads it to link a page's files; bench/bundle-sizes.ts to report them.
        manifest: true,
        target: 'es2022',
        rollupOptions: {
          checks: QUIET,
          // Every page's shell, and the script of the server-rendered attendee page.
          input: {
            index: fileURLToPath(new URL('./client/index.html', import.meta.url)),
            attendee: fileURLToPath(new URL('./client/attendee.ts', import.meta.url)),
          },
        },
      },
  server: {
    proxy: {
      '/api': `http://localhost:${apiPort}`,
      '/healthz': `http://localhost:${apiPort}`,
      '/socket.io': { target: `http://localhost:${apiPort}`, ws: true },
    },
  },
}));
