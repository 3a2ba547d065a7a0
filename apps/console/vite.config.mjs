// The console's build: a static single-page app the gateway serves at `/` (infra/build-console.mjs builds it).
// `npx vite apps/console` serves it for development, its API calls proxied to a gateway on STRATA_URL.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const gateway = process.env.STRATA_URL ?? 'http://127.0.0.1:8000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 1000 },
  server: { proxy: { '/api': gateway, '/ofrep': gateway } },
});
