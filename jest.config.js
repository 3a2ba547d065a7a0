// Three suites, told apart by file name: *.unit.spec.ts (no I/O), *.int.spec.ts (real Postgres + NATS),
// *.e2e.spec.ts (HTTP through the gateway). Integration and e2e suites run serially (`--runInBand`).
const { swcOptions, aliasMapper } = require('./infra/swc-options.cjs');

// Packages the specs load that ship ES modules only (the EventSource handed to real SDK clients): compiled like ours.
const ESM_ONLY = ['eventsource', 'eventsource-parser'];
const ESM_ONLY_FILES = `/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`;

const swc = ['@swc/jest', { ...swcOptions(), swcrc: false }];

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc, [ESM_ONLY_FILES]: swc },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper: aliasMapper(),
  moduleFileExtensions: ['ts', 'js', 'json'],
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/bench'],
  setupFiles: ['<rootDir>/infra/jest.setup.cjs'],
  setupFilesAfterEnv: ['<rootDir>/infra/jest.after-env.cjs'],
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.unit.spec.ts'] },
    { ...common, displayName: 'int', testMatch: ['**/*.int.spec.ts'], slowTestThreshold: 30 },
    { ...common, displayName: 'e2e', testMatch: ['**/*.e2e.spec.ts'], slowTestThreshold: 30 },
  ],
};
