import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', 'data/', '.stryker-tmp/', '**/*.svelte'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  // The layers point one way: shared/ ← db/ ← server/. Rules and storage never reach up.
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/db/**', '**/server/**', '**/client/**'], message: 'shared/ holds pure rules: it imports only from shared/.' }] }] },
  },
  {
    files: ['db/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**', '**/client/**'], message: 'db/ is storage: it imports from shared/ and db/ only.' }] }] },
  },
);
