import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { createWistiaStandin } from './demo/wistia-standin/index.mjs';
import { currentEngine, engineCommands, engineSummaryReporter, launcherFor } from './test/helpers/engines.mjs';
import { folderDropCommand } from './test/element/folder-drop-command.mjs';
import { cspPages, freshScriptTagPages } from './test/element/server-plugins.mjs';
import { lockedPages, lockedPageRecorder } from './test/hostile/locked-page.mjs';
import { resumableRelayMiddleware } from './test/integration/resumable-relay.mjs';
import { visualCompareCommand } from './test/visual/baseline-command.mjs';

const require = createRequire(import.meta.url);
const standin = createWistiaStandin();
// One engine per run (scripts/test-browsers.mjs runs the three one after another).
const engine = currentEngine();

/** xhr-mock is CommonJS only: bundle it once to ESM and serve it under its own name. */
function xhrMockPlugin() {
  let code;
  return {
    name: 'xhr-mock-esm',
    resolveImport: ({ source }) => (source === 'xhr-mock' ? '/__xhr-mock.js' : undefined),
    async serve(context) {
      if (context.path !== '/__xhr-mock.js') return undefined;
      code ??= (
        await build({
          entryPoints: [require.resolve('xhr-mock')],
          bundle: true,
          format: 'esm',
          write: false,
          logLevel: 'silent',
        })
      ).outputFiles[0].text;
      return { body: code, type: 'js' };
    },
  };
}

export default {
  // test/model runs in Node (npm run test:model): the engine on a fake clock, no browser needed.
  files: ['test/**/*.test.ts', '!test/model/**'],
  nodeResolve: true,
  // One page at a time: the stand-in's scripted answers are shared by every test file.
  concurrency: 1,
  middleware: [lockedPageRecorder(), standin.koa(), resumableRelayMiddleware(), freshScriptTagPages(), cspPages()],
  plugins: [
    xhrMockPlugin(),
    engineCommands(),
    folderDropCommand(),
    lockedPages(),
    visualCompareCommand(),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
  ],
  browsers: [launcherFor(engine)],
  reporters: [defaultReporter(), engineSummaryReporter(engine)],
  // Lit's development build says so once per page: a passing run prints only what needs reading.
  // The element's own set-up warnings are expected where a test sets things up wrong on purpose (and checked there).
  filterBrowserLogs: ({ args }) => !/^(Lit is in dev mode|wistia-uploader: )/.test(String(args[0])),
  // Bounds on hangs, not on speed: a browser on a busy machine starts and runs slower, and still passes.
  browserStartTimeout: 120_000,
  testsStartTimeout: 120_000,
  testsFinishTimeout: 600_000,
  testFramework: { config: { timeout: 60_000 } },
  // V8 coverage exists only in Chromium, so the thresholds are checked there.
  coverage: engine === 'chromium',
  coverageConfig: {
    include: ['src/core/**/*.ts'],
    threshold: { lines: 90, statements: 90, functions: 85, branches: 80 },
    reportDir: 'coverage',
    reporters: ['text-summary', 'lcov'],
  },
};
