// `node -r ./infra/register.cjs file.ts`: runs TypeScript (benchmarks, scripts) through the build's swc options.
const { transformSync } = require('@swc/core');
const fs = require('node:fs');
const { swcOptions } = require('./swc-options.cjs');

require('reflect-metadata');
require.extensions['.ts'] = function compileTs(module, filename) {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...swcOptions({ sourceMaps: 'inline' }), filename, swcrc: false });
  module._compile(code, filename);
};
