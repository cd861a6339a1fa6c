import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import svelteConfig from './svelte.config.js';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'data/', '.stryker-tmp/', 'reports/'] },
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  // Layout is Prettier's business (npm run check runs it): no lint rule argues with it.
  prettier,
  ...svelte.configs.prettier,
  {
    // Svelte components: TypeScript in <script lang="ts">, and runes in .svelte.ts modules.
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'], svelteConfig } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Maps and sets that views read are replaced whole in $state.raw, never changed in place;
      // the others are bookkeeping no view reads. Svelte's reactive versions would cost for nothing.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  // The layers point one way: shared/ ← db/ ← server/, and shared/ ← client/. Rules and storage
  // never reach up; the server and the browser meet only in shared/ (the protocol, the texts the
  // server says itself) and in the build (the server loads the built client's files).
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/db/**', '**/server/**', '**/client/**'], message: 'shared/ holds pure rules: it imports only from shared/.' }] },
      ],
    },
  },
  {
    files: ['db/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/server/**', '**/client/**'], message: 'db/ is storage: it imports from shared/ and db/ only.' }] },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/client/**'], message: 'server/ does not import client/: what both need belongs in shared/.' }] },
      ],
    },
  },
  {
    files: ['client/**/*.ts', 'client/**/*.svelte'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/server/**', '**/db/**'], message: 'client/ runs in the browser: it imports from client/ and shared/ only.' }],
        },
      ],
    },
  },
);
