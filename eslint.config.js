// typescript-eslint's recommended rules over the TypeScript sources, tests and benches (flat config).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.datapedia/', 'coverage/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', fetch: 'readonly' } },
  },
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } } },
  {
    rules: {
      // Control characters are matched on purpose: logs, ledger text and pages strip or escape them.
      'no-control-regex': 'off',
      // Layout belongs to Prettier, whose line breaks this rule would misread (as eslint-config-prettier does).
      'no-unexpected-multiline': 'off',
      // A binding assigned once after closures that read it (composition wiring, graceful stop) stays `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Unused bindings are already refused by tsc (noUnusedLocals); `_`-prefixed ones are deliberate.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
);
