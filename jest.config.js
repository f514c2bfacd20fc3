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
  testTimeout: 30000,
  maxWorkers: 2,
};
