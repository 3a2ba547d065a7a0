// Compiles apps/*/src and libs/*/src to dist/ with swc (decorator metadata kept for Nest DI, path aliases rewritten),
// and the web console (apps/console, a Vite build) to dist/console. Type checking is `npm run typecheck`; this only emits.
import { transformFile } from '@swc/core';
import { createRequire } from 'node:module';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildConsole } from './build-console.mjs';

const require = createRequire(import.meta.url);
const { swcOptions, root } = require('./swc-options.cjs');
const outDir = path.join(root, 'dist');

async function* sources(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) yield full;
  }
}

async function build() {
  const started = Date.now();
  await rm(outDir, { recursive: true, force: true });
  let count = 0;
  for (const top of ['apps', 'libs']) {
    for (const project of await readdir(path.join(root, top))) {
      // The console is a browser app: Vite bundles it below.
      if (top === 'apps' && project === 'console') continue;
      const src = path.join(root, top, project, 'src');
      for await (const file of sources(src)) {
        const rel = path.relative(root, file).replace(/\.ts$/, '.js');
        const target = path.join(outDir, rel);
        const options = { ...swcOptions(), filename: file, outputPath: target, sourceFileName: path.relative(path.dirname(target), file) };
        const { code, map } = await transformFile(file, options);
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, map ? `${code}\n//# sourceMappingURL=${path.basename(target)}.map` : code);
        if (map) await writeFile(`${target}.map`, map);
        count++;
      }
    }
  }
  console.log(`build: ${count} files → dist/ in ${Date.now() - started} ms`);
  await buildConsole(path.join(outDir, 'console'));
}

build().catch((error) => {
  console.error(`build failed: ${error.message}`);
  process.exit(1);
});
