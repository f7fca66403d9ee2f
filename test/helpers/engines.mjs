// The three engines the browser suite runs in, one `wtr` process each: ENGINE=chromium|firefox|webkit.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { chromeLauncher } from '@web/test-runner-chrome';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import { CHROMIUM_ARGS, findChromium } from './find-chromium.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ENGINES = ['chromium', 'firefox', 'webkit'];

export function currentEngine() {
  const engine = process.env.ENGINE ?? 'chromium';
  if (!ENGINES.includes(engine)) throw new Error(`ENGINE must be one of ${ENGINES.join(', ')}, not "${engine}".`);
  return engine;
}

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
const MINIBROWSER = process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

export function launcherFor(engine) {
  if (engine === 'chromium') {
    return chromeLauncher({ launchOptions: { executablePath: findChromium(), args: CHROMIUM_ARGS, headless: true } });
  }
  if (engine === 'firefox') {
    return chromeLauncher({
      puppeteer,
      launchOptions: { browser: 'firefox', executablePath: FIREFOX, headless: true },
    });
  }
  // WebKitWebDriver is started (with a display) by scripts/test-browsers.mjs, which passes its port.
  const port = Number(process.env.WEBDRIVER_PORT);
  if (!port) throw new Error('ENGINE=webkit needs WEBDRIVER_PORT: run it through `npm run test:webkit`.');
  return webdriverLauncher({
    automationProtocol: 'webdriver',
    hostname: '127.0.0.1',
    port,
    path: '/',
    logLevel: 'error',
    capabilities: {
      browserName: 'MiniBrowser',
      // Without it webdriverio asks for webSocketUrl (BiDi) and WebKitWebDriver refuses the session.
      'wdio:enforceWebDriverClassic': true,
      // Media off: WebKitGTK's GStreamer can deadlock the page's process when a video that is still being typefound
      // is let go (the previews do that), and the run then hangs. Safari's media stack is not GStreamer; previews
      // are tested in Chromium and Firefox, and here they are given up as in any browser without video.
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation', '--enable-media=false'] },
    },
  });
}

/** WebDriver key codes for the keys the tests press. */
const WEBDRIVER_KEYS = {
  Enter: '\uE007',
  Tab: '\uE004',
  Shift: '\uE008',
  Space: ' ',
  Escape: '\uE00C',
  Backspace: '\uE003',
  ArrowDown: '\uE015',
  ArrowUp: '\uE013',
  ArrowLeft: '\uE012',
  ArrowRight: '\uE014',
};

/** `press-key` presses one key or chord ("Shift+Tab"), one WebDriver call per key so none is dropped. */
async function pressKey(session, key) {
  const names = key.split('+');
  if (session.browser.type === 'puppeteer') {
    const { keyboard } = session.browser.getPage(session.id);
    for (const name of names.slice(0, -1)) await keyboard.down(name);
    const last = names.at(-1);
    await keyboard.press(last === 'Space' ? ' ' : last);
    for (const name of names.slice(0, -1).reverse()) await keyboard.up(name);
    return;
  }
  const codes = names.map((name) => WEBDRIVER_KEYS[name] ?? name);
  const actions = [
    ...codes.map((value) => ({ type: 'keyDown', value })),
    ...codes.reverse().map((value) => ({ type: 'keyUp', value })),
  ];
  await session.browser.driver.performActions([{ type: 'key', id: 'keyboard', actions }]);
  await session.browser.driver.releaseActions();
}

/**
 * A PNG of the element (or the whole viewport). Element screenshots come out black in WebKit under Xvfb, so
 * there the viewport is shot and cropped to the element's box.
 */
async function screenshot(session, { name, selector, rect }) {
  const path = resolve(root, 'test-results/screenshots', currentEngine(), `${name}.png`);
  mkdirSync(dirname(path), { recursive: true });
  if (session.browser.type === 'puppeteer') {
    const page = session.browser.getPage(session.id);
    const element = selector ? await page.$(selector) : null;
    if (element) await element.screenshot({ path });
    else await page.screenshot({ path });
    return path;
  }
  const { PNG } = await import('pngjs');
  const png = PNG.sync.read(Buffer.from(await session.browser.driver.takeScreenshot(), 'base64'));
  if (!rect) {
    writeFileSync(path, PNG.sync.write(png));
    return path;
  }
  // Device pixels may differ from CSS pixels: scale the box by the picture's width over the viewport's.
  const scale = png.width / rect.viewportWidth;
  const x = Math.max(0, Math.floor(rect.x * scale));
  const y = Math.max(0, Math.floor(rect.y * scale));
  const width = Math.min(png.width - x, Math.ceil(rect.width * scale));
  const height = Math.min(png.height - y, Math.ceil(rect.height * scale));
  const cropped = new PNG({ width, height });
  PNG.bitblt(png, cropped, x, y, width, height, 0, 0);
  writeFileSync(path, PNG.sync.write(cropped));
  return path;
}

/** Media features switched at run time: only CDP can, so only Chromium runs the tests that need it. */
async function emulateMedia(session, features) {
  if (currentEngine() !== 'chromium') throw new Error('Run-time media emulation exists only in Chromium (CDP).');
  const page = session.browser.getPage(session.id);
  // Straight to CDP: puppeteer's own call refuses forced-colors. One CDP session per page, as emulation ends with it.
  let client = cdpSessions.get(page);
  if (!client) cdpSessions.set(page, (client = await page.createCDPSession()));
  const list = Object.entries(features).map(([name, value]) => ({ name, value }));
  await client.send('Emulation.setEmulatedMedia', { features: list });
}

const cdpSessions = new WeakMap();

/** Folders of files handed to a file input: the browser may read them until the run ends, then they go. */
const filesOnDisk = [];
process.once('exit', () => filesOnDisk.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/**
 * Puts files from disk into the file input of the element marked `data-set-files`, as the file dialog does, so the
 * engine types them from the system as it would for a visitor.
 */
async function setFiles(session, { names }) {
  const dir = mkdtempSync(resolve(tmpdir(), 'wistia-uploader-files-'));
  filesOnDisk.push(dir);
  const paths = names.map((name) => {
    const path = resolve(dir, name);
    writeFileSync(path, Buffer.alloc(1024, 7));
    return path;
  });
  const find = () => document.querySelector('[data-set-files]')?.shadowRoot?.querySelector('input[type=file]') ?? null;
  if (session.browser.type === 'puppeteer') {
    const page = session.browser.getPage(session.id);
    const input = (await page.evaluateHandle(find)).asElement();
    if (!input) throw new Error('No element marked data-set-files with a file input.');
    await input.uploadFile(...paths);
    return true;
  }
  const { driver } = session.browser;
  const input = await driver.execute(find);
  if (!input) throw new Error('No element marked data-set-files with a file input.');
  const id = input['element-6066-11e4-a52e-4f735466cecf'] ?? input.ELEMENT;
  await driver.elementSendKeys(id, paths.join('\n'));
  return true;
}

/** Tests limited to other engines, with the reason each gives, for the summary at the end of the run. */
const limited = new Map();

export function engineCommands() {
  return {
    name: 'engine-commands',
    async executeCommand({ command, payload, session }) {
      if (command === 'engine-press-key') return pressKey(session, payload.key).then(() => true);
      if (command === 'engine-screenshot') return screenshot(session, payload);
      if (command === 'engine-set-files') return setFiles(session, payload);
      if (command === 'engine-emulate-media') return emulateMedia(session, payload).then(() => true);
      if (command === 'engine-limited') {
        limited.set(`${payload.title}`, { engines: payload.engines, reason: payload.reason });
        return true;
      }
      return undefined;
    },
  };
}

function countTests(suite, counts) {
  for (const test of suite?.tests ?? []) {
    if (test.skipped) counts.limited++;
    else if (test.passed) counts.passed++;
    else counts.failed++;
  }
  for (const child of suite?.suites ?? []) countTests(child, counts);
  return counts;
}

/**
 * Ends the engine's run with how many tests ran, which were limited to other engines and why, and a pass line;
 * also writes test-results/summary-<engine>.json for scripts/test-browsers.mjs to add up.
 */
export function engineSummaryReporter(engine) {
  return {
    onTestRunFinished({ sessions, testCoverage }) {
      const counts = { passed: 0, failed: 0, limited: 0 };
      let sessionErrors = 0;
      for (const session of sessions) {
        countTests(session.testResults, counts);
        if (session.errors?.length) sessionErrors += session.errors.length;
      }
      const coverageMet = !testCoverage || testCoverage.passed;
      const ok = sessions.every((s) => s.passed) && counts.failed === 0 && sessionErrors === 0 && coverageMet;
      const lines = [
        '',
        `${engine}: ${counts.passed + counts.failed} tests ran, ${counts.limited} limited to other engines`,
        ...[...limited].map(
          ([title, { engines, reason }]) => `  - ${title} — only in ${engines.join(', ')}: ${reason}`,
        ),
        ok
          ? `PASS ${engine}: ${counts.passed} passed, 0 failed`
          : `FAIL ${engine}: ${counts.passed} passed, ${counts.failed} failed${sessionErrors ? `, ${sessionErrors} file errors` : ''}${coverageMet ? '' : ', coverage below its threshold'}`,
      ];
      mkdirSync(resolve(root, 'test-results'), { recursive: true });
      writeFileSync(
        resolve(root, `test-results/summary-${engine}.json`),
        JSON.stringify(
          { engine, ok, ...counts, sessionErrors, coverageMet, limitedTests: Object.fromEntries(limited) },
          null,
          2,
        ),
      );
      // After the default reporter's own output, so the pass line is the engine's last.
      setTimeout(() => console.log(lines.join('\n')), 0);
    },
  };
}
