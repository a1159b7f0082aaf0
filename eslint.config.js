import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

// The flow of DESIGN.md: electron/core never reaches into Electron or the shells; the renderer
// reaches the core only through the preload bridge's types in electron/shared.
const coreMayNotImport = {
  patterns: [
    { group: ['electron', 'electron/*'], message: 'electron/core runs in plain Node: no Electron imports.' },
    { group: ['**/main/**', '**/main', '**/preload/**', '**/renderer/**'], message: 'electron/core must not import the shells.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'renderer/dist/**', 'node_modules/**', 'out/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['electron/core/**/*.ts'], rules: { 'no-restricted-imports': ['error', coreMayNotImport] } },
  {
    files: ['electron/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', '**/core/**', '**/main/**', '**/preload/**', '**/renderer/**'],
              message: 'electron/shared is the contract: core, main and the renderer import it, never the other way.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.svelte'],
    languageOptions: { globals: { ...globals.browser }, parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', '**/electron/core/**', '**/electron/main/**', 'node:*'],
              message: 'The renderer talks to the app only through the preload bridge.',
            },
          ],
        },
      ],
    },
  },
);
