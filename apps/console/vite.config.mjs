// The console's build: a static single-page app the gateway serves at `/` (infra/build-console.mjs builds it).
// `npx vite apps/console` serves it for development, its API calls proxied to a gateway on STRATA_URL.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const gateway = process.env.STRATA_URL ?? 'http://127.0.0.1:8000';
const libs = fileURLToPath(new URL('../../libs/', import.meta.url));

/** The browser-safe libs the console imports (as its tsconfig's paths): the contracts' faces and the rules. */
const alias = [
  { find: /^@strata\/contracts$/, replacement: `${libs}contracts/src/index.ts` },
  { find: /^@strata\/contracts\/([a-z-]+)$/, replacement: `${libs}contracts/src/$1/index.ts` },
  { find: /^@strata\/rules$/, replacement: `${libs}rules/src/index.ts` },
];

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: { alias },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 1000 },
  server: { proxy: { '/api': gateway, '/ofrep': gateway } },
});
