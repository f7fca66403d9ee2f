import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { createWistiaStandin } from './demo/wistia-standin/index.mjs';
import { CHROMIUM_ARGS, findChromium } from './test/helpers/find-chromium.mjs';
import { folderDropCommand } from './test/element/folder-drop-command.mjs';
import { cspPages, screenshotPlugin } from './test/element/server-plugins.mjs';
import { lockedPages } from './test/hostile/locked-page.mjs';

const require = createRequire(import.meta.url);
const standin = createWistiaStandin();

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
  files: ['test/**/*.test.ts'],
  nodeResolve: true,
  // One page at a time: the stand-in's scripted answers are shared by every test file.
  concurrency: 1,
  middleware: [standin.koa(), cspPages()],
  plugins: [
    xhrMockPlugin(),
    screenshotPlugin(),
    folderDropCommand(),
    lockedPages(),
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }),
  ],
  browsers: [
    playwrightLauncher({ product: 'chromium', launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS } }),
  ],
  testFramework: { config: { timeout: 20000 } },
  coverage: true,
  coverageConfig: {
    include: ['src/core/**/*.ts'],
    threshold: { lines: 90, statements: 90, functions: 85, branches: 80 },
    reportDir: 'coverage',
    reporters: ['text-summary', 'lcov'],
  },
};
