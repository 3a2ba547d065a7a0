import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/tmp/**', '**/.nx/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      // An app imports libs, rules and contracts, never another app; libs never import apps; rules read only
      // contracts (faces) and other rules; contracts stand alone, so faces never depend on rules.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:rules', 'type:contracts'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib', 'type:rules', 'type:contracts'] },
            { sourceTag: 'type:rules', onlyDependOnLibsWithTags: ['type:rules', 'type:contracts'] },
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/apps/*', '../../apps/**', '../../../apps/**'], message: 'Import another service through @strata/contracts, never its app code.' }] }],
    },
  },
  {
    // The faces and the rules are imported by the browser console too: no Node built-ins, no Node globals.
    files: ['libs/contracts/src/**/*.ts', 'libs/rules/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/apps/*', '../../apps/**', '../../../apps/**'], message: 'Import another service through @strata/contracts, never its app code.' },
            { group: ['node:*', 'fs', 'path', 'crypto', 'os', 'util', 'stream', 'buffer'], message: 'Contracts and rules are browser-safe: Node-only helpers go where they are used.' },
          ],
        },
      ],
      'no-restricted-globals': ['error', { name: 'Buffer', message: 'Browser-safe code: use Uint8Array / utf8Length.' }, { name: 'process', message: 'Browser-safe code: no process.' }],
    },
  },
  {
    files: ['**/*.spec.ts', 'bench/**/*.ts', 'libs/testing/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
