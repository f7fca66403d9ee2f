// Serves a built example app beside the Wistia stand-in, opens it in Chromium and uploads a file through it,
// as a visitor would: the shared steps of every framework example's test.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright';
import { build } from 'vite';
import { serveApp } from '../../scripts/serve-example.mjs';
import { CHROMIUM_ARGS, findChromium } from '../helpers/find-chromium.mjs';

export { serveApp };

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Headless Chromium found as the browser tests find it (`CHROME_PATH` first). */
export function launchChromium() {
  return chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
}

/** A few bytes named like a video: the stand-in stores what it receives and answers with media JSON. */
export function videoFile(name = 'example-clip.mp4') {
  return {
    name,
    mimeType: 'video/mp4',
    buffer: Buffer.from(`not really a video, but bytes to upload: ${name}`.repeat(64)),
  };
}

/**
 * Opens the app, picks a file in the element's own file input and waits until the app shows the media it
 * received in its `wistia-upload-success` handler (an element with `data-hashed-id`, text = media name).
 * Then checks with the stand-in that this media exists under that id and name.
 * @param {import('playwright').Browser} browser
 * @param {{ origin: string }} app
 * @param {string} [path]
 */
export async function uploadThroughApp(browser, app, path = '/') {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // Failed loads are reported below with their URL.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console error: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  try {
    await page.goto(new URL(path, app.origin).toString());
    await page.waitForFunction(() => customElements.get('wistia-uploader') !== undefined, null, { timeout: 60_000 });
    const file = videoFile();
    await page.locator('wistia-uploader input[type=file]').setInputFiles(file);

    const shown = page.locator('[data-hashed-id]').first();
    await shown.waitFor({ timeout: 60_000 });
    const hashedId = await shown.getAttribute('data-hashed-id');
    const name = (await shown.textContent())?.trim();
    assert.match(hashedId ?? '', /^[a-z0-9]{6,}$/, 'the app shows the hashed id of the new media');
    assert.equal(name, file.name, 'the app shows the media name Wistia answered with');

    const media = await mediaFromStandin(app.origin, hashedId);
    assert.equal(media.hashed_id, hashedId);
    assert.equal(media.name, file.name);
    assert.deepEqual(problems, [], 'no errors in the page');
    return { page, hashedId, media };
  } catch (error) {
    await page.close();
    throw error;
  }
}

/** Asks the stand-in's Data API for a media, with a token of its own. */
async function mediaFromStandin(origin, hashedId) {
  const grant = await fetch(`${origin}/wistia/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ project_id: null }),
  }).then((res) => res.json());
  const res = await fetch(`${origin}/wistia/api/v1/medias/${hashedId}.json`, {
    headers: { Authorization: `Bearer ${grant.token}`, Accept: 'application/json' },
  });
  assert.equal(res.status, 200, `the stand-in knows media ${hashedId}`);
  return res.json();
}

/**
 * The whole test of a Vite-built example app: build it, type-check it, serve it beside the stand-in and
 * upload through it.
 * @param {{ title: string, dir: string, typecheckTitle: string, uploadTitle: string }} example
 */
export function describeViteExample({ title, dir, typecheckTitle, uploadTitle }) {
  const appDir = join(repoRoot, dir);
  describe(title, () => {
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

    it(typecheckTitle, () => {
      const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
      execFileSync(process.execPath, [tsc, '-p', join(appDir, 'tsconfig.json')], { cwd: repoRoot, stdio: 'pipe' });
    });

    it(uploadTitle, async () => {
      const { page } = await uploadThroughApp(browser, app);
      await page.close();
    });
  });
}
