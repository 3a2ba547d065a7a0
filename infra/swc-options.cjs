// One swc configuration for the build (infra/build.mjs) and for jest (@swc/jest), so tests run the code as shipped.
const path = require('node:path');
const tsconfig = require('../tsconfig.base.json');

const root = path.resolve(__dirname, '..');

/** @returns {import('@swc/core').Options} */
function swcOptions({ sourceMaps = true } = {}) {
  return {
    sourceMaps,
    module: { type: 'commonjs', strict: true },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      keepClassNames: true,
      baseUrl: root,
      paths: tsconfig.compilerOptions.paths,
    },
  };
}

/** jest moduleNameMapper entries for the workspace path aliases. */
function aliasMapper() {
  return Object.fromEntries(
    Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, path.join(root, target)]),
  );
}

module.exports = { swcOptions, aliasMapper, root };
