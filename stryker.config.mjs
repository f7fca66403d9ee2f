// Mutation testing of the engine: `npm run mutation` (all of src/core, slow), or one file at a time with
// `npm run mutation -- --mutate src/core/retry-policy.ts`. Not part of `npm test`: each mutant runs the model and
// regression tests (a few seconds each), so a whole run takes a long while on two cores.
export default {
  testRunner: 'command',
  commandRunner: {
    // Fewer model runs than `npm test`: enough to kill what the model can kill, fast enough to run per mutant.
    command: 'MODEL_RUNS=50 node --import ./test/helpers/register-ts.mjs --test test/model/*.test.ts',
  },
  mutate: ['src/core/**/*.ts', '!src/core/index.ts', '!src/core/types.ts', '!src/core/events.ts'],
  coverageAnalysis: 'off',
  concurrency: 2,
  timeoutMS: 30_000,
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['dist', 'bench/results.json', 'demo', 'reports', 'test-results'],
  cleanTempDir: 'always',
};
