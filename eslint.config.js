// Lint for the whole repository: ESLint's and typescript-eslint's recommended
// rules (not the type-checked sets, so it runs fast on small machines), plus the
// boundary that keeps the delivery core embeddable: packages/server/src/core
// never imports the HTTP face or Hono.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const nodeGlobals = {
  process: 'readonly',
  console: 'readonly',
  URL: 'readonly',
  Buffer: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  fetch: 'readonly',
};

export default defineConfig(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.turbo/**',
      '**/coverage/**',
      '**/.caravan/**',
      '**/.harness/**',
      'packages/contracts/src/generated/**',
      'test/harness/k8s/**/build/**',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: nodeGlobals },
  },
  {
    // Pragmatic: code smells warn, only real breakage fails the build.
    rules: {
      // `_`-prefixed names are deliberate placeholders.
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'warn',
      'no-useless-assignment': 'warn',
      'preserve-caught-error': 'warn',
    },
  },
  {
    files: ['**/test/**', 'test/**', '**/*.test.ts', '**/*.test-d.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['packages/server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^hono($|/)', message: 'The core knows nothing of HTTP: keep Hono in packages/server/src/http.' },
            { regex: '^@hono/', message: 'The core knows nothing of HTTP: keep Hono in packages/server/src/http.' },
            { regex: '^\\.{1,2}/(.*/)?http(/.*)?$', message: 'The core never imports the HTTP face (packages/server/src/http).' },
          ],
        },
      ],
    },
  },
);
