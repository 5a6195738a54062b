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

const coreKeepsNoHttp = [
  { regex: '^hono($|/)', message: 'The core knows nothing of HTTP: keep Hono in packages/server/src/http.' },
  { regex: '^@hono/', message: 'The core knows nothing of HTTP: keep Hono in packages/server/src/http.' },
  { regex: '^\\.{1,2}/(.*/)?http(/.*)?$', message: 'The core never imports the HTTP face (packages/server/src/http).' },
  { regex: '(^|/)store/(sqlite|postgres)/', message: 'Only core/store opens its adapters; hold the Store port instead.' },
];
const engineKnowsNoDomain = {
  regex: '^\\.\\./(templates|registry|deploy|promotions|access|audit|app-model)(/|$)',
  message: 'The operations engine imports no domain folder: domains register their handlers with it.',
};
const httpUsesCoreEntry = {
  regex: '^(\\.\\./)+core/(?!index\\.js$)',
  message: 'The HTTP face imports the core only through its public entry (core/index.ts).',
};
const noStoreAdapters = { regex: '(^|/)store/(sqlite|postgres)/', message: 'Only core/store opens its adapters; hold the Store port instead.' };

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
      'no-restricted-imports': ['error', { patterns: [...coreKeepsNoHttp] }],
      // Times the core stores go through shared/clock.ts (isoNow/isoAfter), so both dialects read them back alike.
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='toISOString'] > MemberExpression > CallExpression[callee.property.name='now']", message: 'Write stored times with isoNow/isoAfter from shared/clock.ts.' }],
    },
  },
  {
    files: ['packages/server/src/core/shared/clock.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // The engine runs any kind of work and knows none: domains register handlers with it.
    files: ['packages/server/src/core/operations/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...coreKeepsNoHttp, engineKnowsNoDomain] }],
    },
  },
  {
    // The HTTP face sees the core only through its public entry, like any embedder.
    files: ['packages/server/src/http/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [httpUsesCoreEntry, noStoreAdapters] }],
    },
  },
  {
    // Only the store picks and opens its adapters (open-store.ts); everything else holds the Store port.
    files: ['packages/server/src/**/*.ts'],
    ignores: ['packages/server/src/core/store/**', 'packages/server/src/http/**', 'packages/server/src/core/operations/**', 'packages/server/src/core/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noStoreAdapters] }],
    },
  },
);
