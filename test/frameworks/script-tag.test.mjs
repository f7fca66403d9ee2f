// The plain-HTML example (demo/script-tag): one classic <script src> of dist/wistia-uploader.min.js, no build.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchChromium, repoRoot, serveApp, uploadThroughApp } from './app-harness.mjs';

describe('script-tag example (demo/script-tag)', () => {
  let app;
  let browser;

  before(async () => {
    app = await serveApp(join(repoRoot, 'demo/script-tag'), {
      // As on a site: the script, and beside it the pieces it fetches once a file is added or an option needs them.
      extra: {
        '/wistia-uploader.min.js': join(repoRoot, 'dist/wistia-uploader.min.js'),
        ...Object.fromEntries(
          ['upload', 'tus', 'poll', 'folders'].map((name) => [
            `/chunks/${name}.min.js`,
            join(repoRoot, `dist/chunks/${name}.min.js`),
          ]),
        ),
      },
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  it('uploads a picked file and hands the media JSON to a plain addEventListener handler', async () => {
    const { page } = await uploadThroughApp(browser, app);
    await page.close();
  });

  it('needs no request beyond the one script until a file is added (Lit is inside it)', async () => {
    const page = await browser.newPage();
    const scripts = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(app.origin);
    await page.waitForFunction(() => customElements.get('wistia-uploader') !== undefined);
    await page.close();
    assert.deepEqual(scripts, ['/wistia-uploader.min.js']);
  });
});
