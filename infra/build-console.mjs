// Builds the web console (apps/console, React + Vite) into a directory the gateway serves at `/`:
//   node infra/build-console.mjs [outDir]   (default dist/console)
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function buildConsole(outDir = path.join(root, 'dist', 'console')) {
  const started = Date.now();
  const { build } = await import('vite');
  await build({
    configFile: path.join(root, 'apps', 'console', 'vite.config.mjs'),
    logLevel: 'warn',
    build: { outDir: path.resolve(outDir), emptyOutDir: true },
  });
  console.log(`build: console → ${path.relative(root, path.resolve(outDir)) || outDir} in ${Date.now() - started} ms`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildConsole(process.argv[2]).catch((error) => {
    console.error(`console build failed: ${error.message}`);
    process.exit(1);
  });
}
