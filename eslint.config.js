// ESLint 9 flat config. Besides the usual TypeScript and React hooks rules it encodes the layers of
// docs/architecture.md ("Where things live"): each zone below names a folder and what it must not
// import. eslint-plugin-import-x was chosen over eslint-plugin-boundaries and dependency-cruiser
// because one plugin gives both the layer rules (no-restricted-paths) and cycle detection (no-cycle)
// inside the one `npm run lint`, resolved by the same TypeScript resolver as the code.
import js from '@eslint/js'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import importX from 'eslint-plugin-import-x'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import { e2eZones, layerZones, testZones } from './scripts/lint/layers.js'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'docs/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      // Type-aware where it pays: promises that nobody awaits or that are handed to a void callback
      // lose their errors; the rest of the type-checked presets mostly restate what tsc already says.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      // Only when every name of a destructuring could be const: \`let [word, rest] = …\` then \`rest = …\`
      // reads better than splitting the pattern.
      'prefer-const': ['error', { destructuring: 'all' }],
      // Off on purpose: finding and escaping control characters in untrusted topics and payloads is
      // this project's job, so a regular expression with \x00-\x1f in it is never the mistake the rule
      // assumes.
      'no-control-regex': 'off',
    },
  },
  {
    // Small files with one concern: past 400 lines a file is doing two things (tests aside).
    files: ['**/*.{ts,tsx,js}'],
    ignores: ['**/*.test.{ts,tsx}', 'e2e/**/*.spec.ts'],
    rules: { 'max-lines': ['error', { max: 400 }] },
  },
  {
    files: ['**/*.test.{ts,tsx}', '**/test-support/**'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: testZones }] },
  },
  {
    files: ['e2e/**/*.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { zones: [...layerZones, ...e2eZones] }] },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // The domain layer is plain TypeScript: no React, no DOM-bound libraries, no MQTT client.
    files: ['src/model/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', 'react/*', 'zustand', 'zustand/*', 'mqtt', 'mqtt/*', 'recharts'],
              message: 'src/model is plain TypeScript: no React, store or MQTT client',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: globals.node },
  },
)
