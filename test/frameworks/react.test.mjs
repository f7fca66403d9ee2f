// The React example app (demo/react), built with Vite and @vitejs/plugin-react, used in Chromium.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'vite';
import { launchChromium, repoRoot, serveApp, uploadThroughApp } from './app-harness.mjs';

const appDir = join(repoRoot, 'demo/react');

describe('React example (demo/react)', () => {
  let app;
  let browser;

  before(async () => {
    await build({ configFile: join(appDir, 'vite.config.ts'), logLevel: 'warn' });
    [app, browser] = await Promise.all([serveApp(join(appDir, 'dist')), launchChromium()]);
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('type-checks against the published types of wistia-uploader/react', () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', join(appDir, 'tsconfig.json')], { cwd: repoRoot, stdio: 'pipe' });
  });

  it('uploads a picked file and hands the media JSON to the onUploadSuccess prop', async () => {
    const { page } = await uploadThroughApp(browser, app);
    await page.close();
  });
});
