// @ts-check
import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'dist-package/', 'node_modules/', '.outpost-demo/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: './tsconfig.eslint.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['protocol/**', 'daemon/**', 'tui/**', 'client/**', 'demo/**', 'printers/**', 'bin/**', 'scripts/**', 'test/**'],
    rules: { 'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'use named exports' }] },
  },
  {
    // protocol/ is the shared vocabulary: pure types, schemas and codecs
    files: ['protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^node:', message: 'protocol/ stays free of Node APIs' },
            { regex: '^(react|ink)', message: 'protocol/ has no UI' },
            { regex: '^\\.\\./(daemon|tui|printers|bin|client|demo)', message: 'protocol/ imports nothing of ours' },
          ],
        },
      ],
    },
  },
  {
    // printers/ renders documents to bytes: pure, like protocol/. The transports, the PNG
    // preview and the virtual printer do I/O and live apart.
    files: ['printers/**/*.ts'],
    ignores: ['printers/transports/**', 'printers/sim/**', 'printers/preview-png.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^node:', message: 'rendering stays free of Node APIs' },
            { regex: '(^|/)(daemon|tui|bin)/', message: 'printers/ imports only protocol/' },
          ],
        },
      ],
    },
  },
  {
    files: ['tui/**/*.ts', 'tui/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)daemon/', message: 'tui/ talks to the daemon only through protocol/ and the socket' }] },
      ],
    },
  },
  {
    // the socket client is its own compile unit, used by bin/, tui/, scripts/ and the tests: it speaks only the protocol
    files: ['client/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^\\.\\./(daemon|tui|printers|bin|demo|scripts)/', message: 'client/ imports only protocol/' },
            { regex: '^(react|ink)', message: 'client/ has no UI' },
          ],
        },
      ],
    },
  },
  {
    files: ['daemon/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)(tui|client|demo)/', message: 'daemon/ never imports tui/, the client or the demo' },
            { regex: '^(react|ink)', message: 'daemon/ has no UI' },
          ],
        },
      ],
    },
  },
  {
    // tests use loose casts on purpose to feed malformed input
    files: ['test/**/*.ts', 'test/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
  prettier,
)
