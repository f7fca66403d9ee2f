// Measurements of <wistia-uploader> in headless Chromium against a loopback server, each next to a baseline
// measured the same way: a bare XMLHttpRequest for uploads. Start-up (startup.mjs) and the first row after a pick
// (first-row.mjs) are measured with the pages it opens.
// Used by `npm run bench` (bench/run.mjs) and by the budget tests in test/perf/.
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, findChromium } from '../test/helpers/find-chromium.mjs';
import { barePage, BUNDLE_FILE, elementPage } from './bench-pages.mjs';
import { startPageServer } from './page-server.mjs';

export const repoRoot = resolve(import.meta.dirname, '..');
const MiB = 1024 * 1024;

/** Where uploads go: the Wistia stand-in (parses multipart, hashes the file) or a sink that only counts bytes. */
export const TARGETS = { standin: '/wistia/upload/', sink: '/bench/sink/' };

/** A file of `bytes` on disk, sparse so creating it costs no writes; removed by `dispose`. */
export async function diskFile(bytes, name = 'clip.mp4') {
  const dir = await mkdtemp(join(tmpdir(), 'wistia-bench-'));
  const path = join(dir, name);
  const handle = await open(path, 'w');
  await handle.truncate(bytes);
  await handle.close();
  return { path, bytes, dispose: () => rm(dir, { recursive: true, force: true }) };
}

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/** Samples JS heap and ArrayBuffer memory until `stop()`; returns the peaks. */
function sampleMemory(cdp, everyMs = 200) {
  let running = true;
  const peak = { heap: 0, backing: 0 };
  const loop = (async () => {
    while (running) {
      const [m, usage] = await Promise.all([metrics(cdp), cdp.send('Runtime.getHeapUsage')]);
      peak.heap = Math.max(peak.heap, m.JSHeapUsedSize);
      peak.backing = Math.max(peak.backing, usage.backingStorageSize ?? 0);
      await new Promise((done) => setTimeout(done, everyMs));
    }
  })();
  return async () => {
    running = false;
    await loop;
    return peak;
  };
}

/** Opens the browser and the server every measurement shares; `bundle` replaces the built script-tag file. */
export async function startBench({ bundle } = {}) {
  bundle ??= await readFile(join(repoRoot, BUNDLE_FILE), 'utf8');
  const server = await startPageServer();
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  // Served where the built file is, so that it finds its upload piece beside it in dist/chunks/.
  server.page(`/${BUNDLE_FILE}`, bundle, 'text/javascript');
  for (const [name, target] of Object.entries(TARGETS)) {
    server.page(`/element-${name}.html`, elementPage(server.origin, target));
    server.page(`/bare-${name}.html`, barePage(server.origin, target));
  }

  /** A fresh context per run: nothing cached or defined from an earlier one. */
  async function freshPage(path) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.origin + path);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
    return { page, cdp, close: () => context.close() };
  }

  /**
   * One upload of a disk file picked through the file input (`setInputFiles`), by the element or a bare XHR.
   * Returns speed, peak memory growth over the start, and the main thread's busy share of the wall time.
   */
  async function uploadFromDisk(kind, file, { target = 'standin' } = {}) {
    server.standin.reset();
    const run = await freshPage(`/${kind}-${target}.html`);
    const { page, cdp } = run;
    try {
      if (kind === 'element') {
        await page.evaluate(async () => {
          const el = document.querySelector('wistia-uploader');
          await customElements.whenDefined('wistia-uploader');
          await el.updateComplete;
          const root = el.shadowRoot;
          const stats = window.countRenders(customElements.get('wistia-uploader'));
          let t0 = 0;
          let progress = 0;
          root.addEventListener('change', () => (t0 = performance.now()), { capture: true, once: true });
          el.addEventListener('wistia-upload-progress', () => progress++);
          window.result = new Promise((resolve) => {
            el.addEventListener(
              'wistia-upload-success',
              () => resolve({ ms: performance.now() - t0, progress, ...stats }),
              { once: true },
            );
            el.addEventListener('wistia-upload-error', (e) => resolve({ error: e.detail.error.message }), {
              once: true,
            });
          });
        });
      } else {
        await page.evaluate(async () => {
          const token = await window.tokenReady;
          const input = document.getElementById('file');
          window.result = new Promise((resolve) => {
            input.addEventListener(
              'change',
              async () => {
                const t0 = performance.now();
                try {
                  const answer = await window.upload(input.files[0], token);
                  resolve(
                    answer.status === 200
                      ? { ms: performance.now() - t0, progress: answer.progress }
                      : { error: `HTTP ${answer.status}` },
                  );
                } catch (error) {
                  resolve({ error: String(error) });
                }
              },
              { once: true },
            );
          });
        });
      }
      await cdp.send('HeapProfiler.collectGarbage');
      const before = await metrics(cdp);
      const baseBacking = (await cdp.send('Runtime.getHeapUsage')).backingStorageSize ?? 0;
      const stopSampling = sampleMemory(cdp);
      await page.setInputFiles(kind === 'element' ? 'wistia-uploader input[type=file]' : '#file', file.path);
      const result = await page.evaluate(() => window.result);
      const after = await metrics(cdp);
      const peak = await stopSampling();
      if (result.error) throw new Error(`${kind} upload failed: ${result.error}`);
      const wall = after.Timestamp - before.Timestamp;
      // CDP commands (the sampling above) run on the main thread too: they are the bench's, not the page's.
      const busy =
        after.TaskDuration - before.TaskDuration - (after.DevToolsCommandDuration - before.DevToolsCommandDuration);
      return {
        seconds: result.ms / 1000,
        mbPerSecond: file.bytes / MiB / (result.ms / 1000),
        heapGrowthMB: Math.max(0, Math.max(peak.heap, after.JSHeapUsedSize) - before.JSHeapUsedSize) / MiB,
        backingGrowthMB: Math.max(0, peak.backing - baseBacking) / MiB,
        busyPercent: (busy / wall) * 100,
        progressEvents: result.progress,
        renders: result.renders,
        frames: result.frames,
        rendersPerFrame: result.maxPerFrame,
      };
    } finally {
      await run.close();
    }
  }

  /**
   * `count` small files made in the page and added at once: time to the rendered list, time until the page
   * has painted and runs the next task, and the longest task seen (the Long Tasks API reports those over 50 ms).
   */
  async function addMany(count, { target = 'standin', watchMs = 1000 } = {}) {
    server.standin.reset();
    const run = await freshPage(`/element-${target}.html`);
    try {
      return await run.page.evaluate(
        async ({ count, watchMs }) => {
          const el = document.querySelector('wistia-uploader');
          await customElements.whenDefined('wistia-uploader');
          await el.updateComplete;
          const bytes = new Uint8Array(1024);
          const files = Array.from(
            { length: count },
            (_, i) => new File([bytes], `clip-${i}.mp4`, { type: 'video/mp4' }),
          );
          const long = [];
          const observer = new PerformanceObserver((list) => long.push(...list.getEntries().map((e) => e.duration)));
          observer.observe({ type: 'longtask' });
          await new Promise((done) => setTimeout(done, 100));
          const t0 = performance.now();
          el.addFiles(files);
          const added = performance.now();
          await el.updateComplete;
          const rendered = performance.now();
          await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
          const usable = performance.now();
          await new Promise((done) => setTimeout(done, watchMs));
          observer.disconnect();
          const rows = el.shadowRoot.querySelectorAll('.items li').length;
          return {
            addMs: added - t0,
            renderMs: rendered - t0,
            usableMs: usable - t0,
            longestTaskMs: Math.max(0, ...long),
            longTasks: long.length,
            rows,
          };
        },
        { count, watchMs },
      );
    } finally {
      await run.close();
    }
  }

  /** Uploads `count` in-page files of `size` bytes with the given concurrency; the time until `wistia-queue-complete`. */
  async function uploadMany(count, size, concurrency, { target = 'standin' } = {}) {
    server.standin.reset();
    const run = await freshPage(`/element-${target}.html`);
    try {
      return await run.page.evaluate(
        async ({ count, size, concurrency }) => {
          const el = document.querySelector('wistia-uploader');
          await customElements.whenDefined('wistia-uploader');
          await el.updateComplete;
          if (concurrency !== undefined) el.concurrency = concurrency;
          const stats = window.countRenders(customElements.get('wistia-uploader'));
          const bytes = new Uint8Array(size);
          const files = Array.from(
            { length: count },
            (_, i) => new File([bytes], `clip-${i}.mp4`, { type: 'video/mp4' }),
          );
          const done = new Promise((resolve) =>
            el.addEventListener('wistia-queue-complete', (e) => resolve(e.detail), { once: true }),
          );
          const t0 = performance.now();
          el.addFiles(files);
          const detail = await done;
          return {
            seconds: (performance.now() - t0) / 1000,
            succeeded: detail.succeeded.length,
            failed: detail.failed.length,
            ...stats,
          };
        },
        { count, size, concurrency },
      );
    } finally {
      await run.close();
    }
  }

  return {
    browser,
    server,
    bundle,
    freshPage,
    uploadFromDisk,
    addMany,
    uploadMany,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

export { BUNDLE_FILE, MiB };
