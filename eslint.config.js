import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const electronOnlyHere = 'Only main/app/ and preload/ may import electron (see docs/ARCHITECTURE.md).';

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      '.demo-data/**',
      'test-results/**',
      'playwright-report/**',
      'tests/output/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: electronOnlyHere }] }],
    },
  },
  {
    // The Electron shell and the preload are the only places that talk to Electron.
    files: ['main/app/**/*.ts', 'preload/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The notice templates in resources/ are renderer code too (React, drawn in the page).
    files: ['renderer/**/*.{ts,tsx}', 'resources/notices/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The renderer talks to the app only through the API: types from the contract, nothing else.
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: electronOnlyHere }],
          patterns: [
            {
              group: [
                '**/db/**',
                '**/main/services/**',
                '**/main/app/**',
                '**/main/web/**',
                '**/main/cli/**',
                'node:*',
              ],
              message: 'The renderer may import only main/api/contract.ts and main/api/errors.ts.',
            },
          ],
        },
      ],
    },
  },
);
