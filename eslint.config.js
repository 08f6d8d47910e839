// Typed ESLint over TypeScript sources, zero warnings in CI (`npm run check`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      '.dist-build-*/',
      '.astro/',
      '.data/',
      'node_modules/',
      'test/fixtures/',
      '**/*.astro',
      '**/*.mjs',
      '**/*.cjs',
      'eslint.config.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Handlers and adapters are async by contract even when one implementation has nothing to await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // The three zones: domain is pure, islands run in the browser; neither reaches the server.
    files: ['src/domain/**/*.ts', 'src/islands/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/server/**', '**/server'], message: 'domain/ and islands/ never import server/.' },
            { group: ['node:*', 'stripe', 'pg', '@electric-sql/*', 'drizzle-orm*'], message: 'No I/O modules here.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'api/**/*.ts'],
    ignores: ['src/server/stripe/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'stripe', message: 'Only src/server/stripe/ imports stripe.' }] },
      ],
    },
  },
  {
    // Deployed functions stay lean: the local runtime, the emulator and PGlite never enter their
    // import graph (PGlite is loaded on demand by src/server/db/pglite.ts, left out by vercel.json).
    files: ['src/server/**/*.ts', 'api/**/*.ts'],
    ignores: ['src/server/db/pglite.ts', 'src/server/stripe/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'stripe', message: 'Only src/server/stripe/ imports stripe.' }],
          patterns: [
            { group: ['**/dev/**', '**/dev'], message: 'src/dev/ is the local runtime: functions never import it.' },
            { group: ['@electric-sql/*'], message: 'Only src/server/db/pglite.ts loads PGlite, on demand.' },
          ],
        },
      ],
    },
  },
);
