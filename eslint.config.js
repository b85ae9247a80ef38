// Lint that keeps workflow code deterministic and promises handled.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers, bottom up: schemas/ (contracts, wire names) · services/platform/ (config, db,
 * kafka, temporal, telemetry) · activities/ (the send gate, each channel's folder) ·
 * services/processes/ (ingest, router, projector, worker, the composition root) ·
 * services/cli/ (operator CLI, demo). Workflows sit on schemas/ alone, and so do segments/
 * (pure definitions the platform evaluates; workflows and schemas name their ids as types).
 * A file imports only from its own layer and those below; tests and benchmarks may import anything.
 */
const above = {
  schemas: ['**/workflows/**', '**/activities/**', '**/services/**', '**/infra/**', '**/test/**', '**/bench/**'],
  segments: ['**/workflows/**', '**/activities/**', '**/services/**', '**/infra/**', '**/test/**', '**/bench/**'],
  platform: ['**/workflows/**', '**/activities/**', '**/processes/**', '**/cli/**', '**/test/**', '**/bench/**'],
  activities: ['**/workflows/**', '**/processes/**', '**/cli/**', '**/test/**', '**/bench/**'],
  processes: ['**/cli/**', '**/test/**', '**/bench/**'],
  cli: ['**/test/**', '**/bench/**'],
};
const layer = (files, banned) => ({
  files,
  ignores: ['**/*.test.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [{ group: banned, message: 'Import only from this layer and those below it (see eslint.config.js).' }] },
    ],
  },
});

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'crypto',
  'http',
  'https',
  'net',
  'os',
  'child_process',
  'timers',
  'timers/promises',
  'events',
  'stream',
  'url',
  'util',
  'worker_threads',
  'process',
];

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
    // The console's browser script, served as it is: outside the TypeScript project, with the
    // browser's globals and Chart.js's (loaded before it).
    files: ['services/processes/console/assets/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'script',
      globals: { document: 'readonly', getComputedStyle: 'readonly', Chart: 'readonly' },
    },
  },
  layer(['schemas/**/*.ts'], above.schemas),
  layer(['segments/**/*.ts'], above.segments),
  layer(['services/platform/**/*.ts'], above.platform),
  layer(['activities/**/*.ts'], above.activities),
  layer(['services/processes/**/*.ts'], above.processes),
  layer(['services/cli/**/*.ts'], above.cli),
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
            {
              group: ['pg', 'kafkajs', 'nodemailer', '@temporalio/client', '@temporalio/worker'],
              message: 'Workflow code must not do I/O: use an activity.',
            },
            {
              group: ['**/services/**', '**/infra/**'],
              message: 'Workflows may import only @temporalio/workflow, schemas/, segments/ and workflows/.',
            },
            { group: ['**/activities/**'], allowTypeImports: true, message: 'Import activities as types only (proxyActivities).' },
          ],
        },
      ],
    },
  },
);
