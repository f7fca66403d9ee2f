// The demo page (`npm start`) and its "Cut the connection" switch: a visitor turns it on and uploads through the
// resumable example; the stand-in's relay really cuts chunks half-way, and the upload still ends as one media.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createServer } from 'vite';
import { launchChromium, repoRoot } from './app-harness.mjs';

/** 20 MB: three chunks of at most 8 MiB, so a cut chunk, a whole one and a cut last one. */
const SIZE = 20_000_000;

describe('demo page: the "Cut the connection" switch', () => {
  let server;
  let origin;
  let browser;

  before(async () => {
    // The offline demo, whatever the shell that runs the tests has set.
    for (const name of ['WISTIA_API_TOKEN', 'WISTIA_TOKEN_ISSUER', 'WISTIA_PROJECT_ID']) delete process.env[name];
    server = await createServer({
      configFile: join(repoRoot, 'vite.config.ts'),
      logLevel: 'error',
      server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
    });
    await server.listen();
    origin = `http://127.0.0.1:${server.httpServer.address().port}`;
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const control = async (name, body) => {
    const res = await fetch(`${origin}/wistia/control/${name}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    assert.equal(res.status, 200, `control ${name}`);
    return res.json();
  };

  it('cuts chunks for real while on, and the upload goes on from where it stopped to one media', async (t) => {
    await control('reset', {});
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(error.message));
    try {
      await page.goto(origin);
      await page.waitForFunction(() => customElements.get('wistia-uploader') !== undefined, null, { timeout: 120_000 });
      await page.evaluate(() => {
        const seen = (window.seen = []);
        const element = document.querySelector('#resumable');
        for (const type of ['wistia-upload-resume', 'wistia-upload-success', 'wistia-upload-error'])
          element.addEventListener(type, (event) => seen.push({ type, ...event.detail, item: undefined }));
      });

      const cutSwitch = page.getByRole('switch', { name: 'Cut the connection' });
      await cutSwitch.check();
      await page.waitForFunction(() => document.querySelector('#cut-status').textContent !== '');
      assert.deepEqual(await control('cut', {}), { ok: true, cutting: true, cuts: 0 }, 'the switch reached the relay');

      const bytes = Buffer.alloc(SIZE);
      for (let i = 0; i < SIZE; i += 4096) bytes.writeUInt32BE(i, i);
      await page.locator('#resumable input[type=file]').setInputFiles({
        name: 'cut-line.mp4',
        mimeType: 'video/mp4',
        buffer: bytes,
      });
      await page.waitForFunction(() => window.seen.some((e) => e.type !== 'wistia-upload-resume'), null, {
        timeout: 180_000,
      });
      const seen = await page.evaluate(() => window.seen);
      const ends = seen.filter((e) => e.type !== 'wistia-upload-resume');
      assert.deepEqual(
        ends.map((e) => e.type),
        ['wistia-upload-success'],
        JSON.stringify(ends),
      );
      const resumes = seen.filter((e) => e.type === 'wistia-upload-resume').map((e) => e.offset);
      assert.ok(resumes.length >= 1, 'the upload went on after a cut');
      assert.ok(
        resumes.every((offset) => offset > 0 && offset < SIZE),
        `each resume goes on from bytes the relay kept: ${resumes}`,
      );

      const line = await control('cut', {});
      assert.ok(line.cuts >= 2, `the relay cut the first and the last chunk: ${line.cuts} cut(s)`);
      t.diagnostic(`${line.cuts} connection(s) cut; resumed at ${resumes.join(', ')} of ${SIZE} bytes`);
      const log = await control('log');
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      assert.equal(log.successesBySha256[sha256], 1, 'Wistia got the whole file, once');
      assert.equal(log.requests.filter((r) => r.route === 'upload' && r.status === 200).length, 1, 'one media');
      await page.waitForFunction(() =>
        /\d+ connection\(s\) cut so far/.test(document.querySelector('#cut-status').textContent),
      );
      assert.deepEqual(problems, [], 'no errors in the page');
    } finally {
      await page.close();
    }
  });
});
