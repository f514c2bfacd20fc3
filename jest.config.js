/**
 * Jest runs TypeScript through ts-jest in transpile-only mode (tsconfig `isolatedModules`):
 * `tsc --noEmit` type-checks separately. (SWC was dropped: its per-platform binaries are not all
 * on this machine's registry, which left `npm ci` unable to validate the lock file.)
 */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  globalSetup: '<rootDir>/tests/helpers/global-setup.mjs',
  // Generous on purpose, for tests and hooks alike (beforeAll set-ups build apps and databases):
  // on a loaded machine (load average ~10) a set-up takes several times its usual time. A test
  // waits for events, never for delays (tests/helpers/eventually.ts).
  testTimeout: 120_000,
  maxWorkers: 2,
};
