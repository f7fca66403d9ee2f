// `npm run soak [-- --seed N --items N]`: pushes hundreds of uploads through <wistia-uploader> in headless Chromium
// against the Wistia stand-in on loopback, with faults injected at random, and checks that none was lost, sent
// twice or corrupted, sent again after its whole body arrived, or sent with a token of another project. Bounded: it stops by itself within the time budget. Exit 1 when any figure is above zero.
import { parseArgs } from 'node:util';
import { chromium } from 'playwright';
import { startPageServer } from '../../scripts/page-server.mjs';
import { CHROMIUM_ARGS, findChromium } from '../helpers/find-chromium.mjs';
import { faultScripts, describeFault, FAULT_RATE } from './faults.mjs';
import { audit } from './audit.mjs';
import { LOCKED_CSP } from '../hostile/locked-page.mjs';

const { values: args } = parseArgs({
  options: {
    seed: { type: 'string' },
    items: { type: 'string', default: '320' },
    'budget-s': { type: 'string', default: '240' },
  },
});
const seed = args.seed !== undefined ? Number(args.seed) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
const itemCount = Number(args.items);
const budgetMs = Number(args['budget-s']) * 1000;
const started = Date.now();
const deadline = started + budgetMs;

/** mulberry32: small, seedable, good enough to pick faults and timings. */
function prng(state) {
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
const random = prng(seed);
const between = (min, max) => min + Math.floor(random() * (max - min + 1));
const pick = (list) => list[Math.floor(random() * list.length)];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const control = (name, body) =>
  fetch(`${server.origin}/wistia/control/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

/** Mostly small files, some medium, a few large: what people drop. */
function fileSize() {
  const r = random();
  if (r < 0.6) return between(1, 64 * 1024);
  if (r < 0.9) return between(64 * 1024, 1024 * 1024);
  return between(1024 * 1024, 8 * 1024 * 1024);
}

console.log(
  `soak: seed ${seed}, ${itemCount} items, budget ${budgetMs / 1000} s (replay: npm run soak -- --seed ${seed})`,
);

// Tokens live 40 s and are refreshed 30 s before expiry, so the run also goes through many ordinary refreshes.
// The page runs under the strict policy of the locked-down page test, so any violation shows in the figures.
const server = await startPageServer({
  headers: { 'Content-Security-Policy': LOCKED_CSP },
  standin: { tokenTtlSeconds: 40 },
});
const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
const disturbances = { offline: 0, cancels: 0, moves: 0, detaches: 0, clears: 0, 'project switches': 0 };
/** Epoch ms spans while the browser was offline: a request dropped then was dropped by the network, not the engine. */
const offlineSpans = [];
const PROJECTS = ['soak-a', 'soak-b', 'soak-c', null];
const pageProblems = [];
let peakHeap = 0;

try {
  for (const [route, responses] of Object.entries(faultScripts(random))) server.standin.script(route, responses);

  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => pageProblems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource|ERR_/.test(message.text()))
      pageProblems.push(message.text());
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const sampleHeap = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    peakHeap = Math.max(peakHeap, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
  };

  await page.goto(`${server.origin}/test/soak/page.html`);
  await page.waitForFunction(() => 'soak' in window);
  await page.evaluate((s) => window.soak.init(s), seed);

  let stopDisturbing = false;
  const background = [
    // The network drops out now and then, for up to 2.5 s.
    (async () => {
      while (!stopDisturbing) {
        await sleep(between(5000, 12000));
        if (stopDisturbing) break;
        disturbances.offline++;
        const span = { from: Date.now() };
        offlineSpans.push(span);
        await context.setOffline(true);
        await sleep(between(300, 2500));
        await context.setOffline(false);
        span.to = Date.now();
      }
    })(),
    // The page moves the element around: to another container, into a shadow root, or out of the page briefly.
    (async () => {
      while (!stopDisturbing) {
        await sleep(between(700, 2500));
        if (stopDisturbing) break;
        const kind = pick(['swap', 'swap', 'shadow', 'detach']);
        await page.evaluate(([k, ms]) => window.soak.move(k, ms), [kind, between(50, 800)]);
        disturbances[kind === 'detach' ? 'detaches' : 'moves']++;
      }
    })(),
    // Now and then every token the site handed out expires at once, so uploads meet Wistia's own 401.
    (async () => {
      while (!stopDisturbing) {
        await sleep(between(6000, 15000));
        if (stopDisturbing) break;
        disturbances['tokens expired'] = (disturbances['tokens expired'] ?? 0) + 1;
        await control('tokens', { expireAll: true });
      }
    })(),
    // The site switches the project uploads go to while uploads run: tokens must follow.
    (async () => {
      while (!stopDisturbing) {
        await sleep(between(1500, 5000));
        if (stopDisturbing) break;
        await page.evaluate((p) => window.soak.setProject(p), pick(PROJECTS));
        disturbances['project switches']++;
      }
    })(),
    (async () => {
      while (!stopDisturbing) {
        await sleep(1000);
        await sampleHeap();
      }
    })(),
  ];
  // Bursts of remove(id), cancel + retry(id) and retry(id) on recent items while they run; stopped with the input,
  // so no retry starts a life after the drain has begun.
  let stopStorms = false;
  const added = [];
  const storms = (async () => {
    while (!stopStorms) {
      await sleep(between(1500, 4000));
      if (stopStorms || added.length === 0) continue;
      const recent = added.slice(-40);
      const actions = Array.from({ length: between(3, 8) }, () => {
        const r = random();
        return {
          name: pick(recent),
          action: r < 0.25 ? 'remove' : r < 0.6 ? 'cancel-retry' : 'retry',
          delayMs: between(0, 1500),
        };
      });
      const done = await page.evaluate((a) => window.soak.storm(a), actions);
      disturbances.storms = (disturbances.storms ?? 0) + 1;
      for (const [kind, times] of Object.entries(done))
        disturbances[`storm ${kind}`] = (disturbances[`storm ${kind}`] ?? 0) + times;
    }
  })();

  // Feed the element in small bursts, as people drop and paste.
  const cancels = [];
  let n = 0;
  while (n < itemCount && Date.now() < deadline - 60_000) {
    await sleep(between(20, 250));
    const kind = random();
    const batch = [];
    if (kind < 0.7) {
      const specs = Array.from({ length: Math.min(between(1, 4), itemCount - n) }, () => ({
        n: ++n,
        size: fileSize(),
      }));
      await page.evaluate(([s, via]) => window.soak.addFiles(s, via), [specs, random() < 0.5 ? 'drop' : 'api']);
      batch.push(...specs.map((s) => `soak-f${s.n}.mp4`));
    } else if (kind < 0.85) {
      await page.evaluate(([i, via]) => window.soak.importUrl(i, via), [++n, random() < 0.5 ? 'field' : 'api']);
      batch.push(`soak-u${n}.mp4`);
    } else {
      await page.evaluate((i) => window.soak.importS3(i), ++n);
      batch.push(`soak-s${n}.mp4`);
    }
    added.push(...batch);
    for (const name of batch) {
      if (random() < 0.05) {
        cancels.push(
          sleep(between(0, 3000)).then(async () => {
            const how = await page.evaluate((x) => window.soak.cancel(x), name);
            if (how === 'button' || how === 'api') disturbances.cancels++;
          }),
        );
      }
    }
    if (n % 60 === 0) {
      await page.evaluate(() => window.soak.clearFinished());
      disturbances.clears++;
    }
  }
  await Promise.all(cancels);
  stopStorms = true;
  await storms;

  // Drain: no more input; wait until every accepted item has ended, or the budget runs out.
  let pending;
  for (;;) {
    pending = await page.evaluate(() => window.soak.pending());
    if ((pending.active === 0 && pending.open === 0 && pending.connected) || Date.now() > deadline) break;
    await sleep(250);
  }
  stopDisturbing = true;
  await context.setOffline(false);
  await Promise.all(background);
  // A late duplicate event would show up here.
  await sleep(1500);
  await sampleHeap();

  const report = await page.evaluate(() => window.soak.report());
  const result = await audit({ report, log: server.standin.log(), origin: server.origin, offlineSpans });
  print(result, report);
  const bad = result.lost + result.duplicated + result.mismatched + result.resentAfterBody + result.wrongProject;
  process.exitCode = bad > 0 || result.badEnds.length > 0 || result.faultRate < FAULT_RATE ? 1 : 0;
} finally {
  await browser.close();
  await server.close();
}

function print(result, report) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const line = (label, value) => console.log(`  ${label.padEnd(38)} ${value}`);
  const kinds = (counts) =>
    Object.entries(counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'none';
  console.log(`soak: seed ${seed}, ${seconds} s`);
  line(
    'items accepted (files / urls / s3)',
    `${result.items} (${result.byKind.file ?? 0} / ${result.byKind.url ?? 0} / ${result.byKind.s3 ?? 0})`,
  );
  line('requests to the stand-in', result.requests);
  line('requests with an injected fault', `${result.faulted} (${(result.faultRate * 100).toFixed(1)} %)`);
  line(
    'faults by kind',
    kinds(Object.fromEntries(Object.entries(result.faults).map(([k, v]) => [describeFault(k), v]))),
  );
  line('page disturbances', kinds(disturbances));
  line('terminal events by kind', kinds(result.terminal));
  line('items by how they ended', kinds(result.ends));
  line('lives (adding, or an effective retry)', result.lives);
  line('items with != 1 terminal event per life', result.notOneTerminal.length);
  line('items not ended as uploaded/failed/cancelled/rejected', result.badEnds.length);
  line(
    'slow answers after the whole body',
    `${result.slowAnswers} (${result.slowerThanStall} slower than stall-timeout)`,
  );
  line('whole file sent again after a complete body without a failed answer', result.resentAfterBody);
  line(
    'sent again after the network dropped / the user acted',
    `${result.excusedResends.offline} / ${result.excusedResends.user}`,
  );
  line('requests checked for the token project', result.projectChecked);
  line('token used for another project', result.wrongProject);
  line('files received twice or more as a success', result.duplicated);
  line('bytes mismatched (SHA-256)', result.mismatched);
  line('successes whose media never arrived', result.missingMedia.length);
  line('token requests', result.tokenRequests);
  line('peak JS heap', `${(peakHeap / 1024 / 1024).toFixed(1)} MB`);
  line('CSP violations / page errors', `${report.violations.length} / ${pageProblems.length}`);
  for (const problem of [...result.problems, ...pageProblems].slice(0, 20)) console.log(`  ! ${problem}`);
  if (result.faultRate < FAULT_RATE)
    console.log(`  ! fault rate below ${FAULT_RATE * 100} %: the run proves too little`);
  console.log(
    `lost ${result.lost}, duplicated ${result.duplicated}, mismatched ${result.mismatched}, ` +
      `re-sent after a complete body ${result.resentAfterBody}, token for another project ${result.wrongProject}`,
  );
}
