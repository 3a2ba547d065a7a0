#!/usr/bin/env node
// `strata` (SPEC §9): the built CLI after `npm run build` / `npm start`, else (or with STRATA_CLI_SOURCE=1) its source.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const built = path.join(root, 'dist/apps/cli/src/main.js');
if (process.env.STRATA_CLI_SOURCE !== '1' && fs.existsSync(built)) require(built);
else {
  require(path.join(root, 'infra/register.cjs'));
  require(path.join(root, 'apps/cli/src/main.ts'));
}
