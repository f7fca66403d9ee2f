// The Angular example app (demo/angular), built by Angular's own application builder (@angular/build:application,
// run through Architect as `ng build` runs it) with strict template checks, used in Chromium.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { launchChromium, repoRoot, serveApp, uploadThroughApp } from './app-harness.mjs';

const appDir = join(repoRoot, 'demo/angular');

/** `ng build` without the CLI package: Architect runs the builder named in angular.json. */
async function buildAngularApp() {
  const architect = createRequire(import.meta.url).resolve('@angular-devkit/architect/bin/cli.js');
  try {
    await promisify(execFile)(process.execPath, [architect, 'example:build'], {
      cwd: appDir,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    // Template type errors land here: strictTemplates checks `$event` against the element's event map.
    throw new Error(`Angular build failed:\n${error.stdout}\n${error.stderr}`, { cause: error });
  }
}

describe('Angular example (demo/angular)', () => {
  let app;
  let browser;

  before(async () => {
    const [, launched] = await Promise.all([buildAngularApp(), launchChromium()]);
    browser = launched;
    app = await serveApp(join(appDir, 'dist/browser'));
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('uploads a picked file and hands the media JSON to the (wistia-upload-success) handler', async () => {
    const { page } = await uploadThroughApp(browser, app);
    await page.close();
  });
});
