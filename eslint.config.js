// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Bare built-in names are matched exactly (`paths`), so a local './crypto' module is fine.
const nodeBuiltinNames = [
  'fs',
  'path',
  'os',
  'child_process',
  'http',
  'https',
  'crypto',
  'url',
  'net',
];
const nodeBuiltinPaths = (message) => nodeBuiltinNames.map((name) => ({ name, message }));

export default tseslint.config(
  {
    ignores: [
      'node_modules',
      'out',
      'dist',
      'release',
      'test-results',
      'playwright-report',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
      // Node globals only where Node runs (below); renderer/ and shared/ see browser globals.
      globals: { ...globals.browser },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // renderer/ runs in a browser (Chromium or Electron's sandboxed renderer): no Electron, no Node.
    files: ['renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltinPaths('renderer/ runs in a browser: use the Host interface instead.'),
            {
              name: 'electron',
              message: 'renderer/ runs in a browser: use the Host interface instead.',
            },
          ],
          patterns: [
            {
              group: ['node:*'],
              message: 'renderer/ runs in a browser: use the Host interface instead.',
            },
            {
              group: ['**/main/**', '**/server/**', '**/preload/**'],
              message: 'renderer/ may import only renderer/ and shared/.',
            },
          ],
        },
      ],
    },
  },
  {
    // shared/ is pure TypeScript, imported by every runtime.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltinPaths('shared/ is pure: no Electron or Node imports.'),
            { name: 'electron', message: 'shared/ is pure: no Electron or Node imports.' },
          ],
          patterns: [
            { group: ['node:*'], message: 'shared/ is pure: no Electron or Node imports.' },
            {
              group: ['**/main/**', '**/server/**', '**/preload/**', '**/renderer/**'],
              message: 'shared/ imports nothing from other folders.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron'], message: 'server/ runs without Electron.' },
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/**'],
              message: 'server/ may import only server/ and shared/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: [
      'main/**',
      'preload/**',
      'server/**',
      'test/**',
      'bench/**',
      'scripts/**',
      '*.ts',
      '*.js',
      '**/*.test.ts',
      '**/*.test.tsx',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // The sandboxed preload can require only 'electron'; everything else is bundled in.
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltinPaths('A sandboxed preload has no Node built-ins.'),
          patterns: [
            { group: ['node:*'], message: 'A sandboxed preload has no Node built-ins.' },
            {
              group: ['**/main/**', '**/server/**', '**/renderer/**'],
              message: 'preload/ may import only shared/ and electron.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['renderer/public/service-worker.js'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
);
