// Lint that keeps workflow code deterministic and promises handled.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'crypto', 'http', 'https', 'net', 'os', 'child_process', 'timers', 'timers/promises', 'events', 'stream', 'url', 'util', 'worker_threads', 'process'];

export default tseslint.config(
  { ignores: ['node_modules/', '.local/', 'bin/', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'before', 'after'] }] },
      ],
      // kafkajs hands eachBatch its helpers as methods to destructure.
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox and is replayed: no I/O, no
    // Node builtins, no infrastructure clients. Activities are imported as types only.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: nodeBuiltins, message: 'Workflow code must be deterministic: no Node builtins.' },
            { group: ['pg', 'kafkajs', 'nodemailer', '@temporalio/client', '@temporalio/worker'], message: 'Workflow code must not do I/O: use an activity.' },
            { group: ['**/services/**', '**/infra/**'], message: 'Workflows may import only @temporalio/workflow, schemas/ and workflows/.' },
            { group: ['**/activities/**'], allowTypeImports: true, message: 'Import activities as types only (proxyActivities).' },
          ],
        },
      ],
    },
  },
);
