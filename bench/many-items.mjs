// Ending many items at once, with the longest main-thread task each takes (goal: none over 50 ms):
// a form reset of 10,000 queued items, and 5,000 refusals dismissed by the next file a visitor picks.
// Run alone: `node bench/many-items.mjs` (after `npm run build -- --mode bundle` or `npm run build`).
import { pathToFileURL } from 'node:url';

/** Queues `count` held files in a form and resets it: every item is removed, in one go. */
export const formReset = (bench, count) => endMany(bench, count, 'reset');

/** Adds `count` files the element refuses, then picks one more: the refusals are dismissed with the new input. */
export const dismissRefusals = (bench, count) => endMany(bench, count, 'dismiss');

async function endMany(bench, count, kind) {
  const run = await bench.freshPage('/element-standin.html');
  try {
    return await run.page.evaluate(
      async ({ count, kind }) => {
        const el = document.querySelector('wistia-uploader');
        await customElements.whenDefined('wistia-uploader');
        const form = document.createElement('form');
        el.before(form);
        form.append(el);
        el.manual = true;
        if (kind === 'dismiss') el.accept = 'image/*';
        await el.updateComplete;
        const bytes = new Uint8Array(16);
        el.addFiles(Array.from({ length: count }, (_, i) => new File([bytes], `clip-${i}.mp4`, { type: 'video/mp4' })));
        await el.updateComplete;
        await new Promise((done) => setTimeout(done, 200));
        const long = [];
        const observer = new PerformanceObserver((list) => long.push(...list.getEntries().map((e) => e.duration)));
        observer.observe({ type: 'longtask' });
        await new Promise((done) => setTimeout(done, 100));
        const t0 = performance.now();
        if (kind === 'reset') form.reset();
        else {
          const input = el.shadowRoot.querySelector('input[type=file]');
          const picked = new DataTransfer();
          picked.items.add(new File([bytes], 'photo.png', { type: 'image/png' }));
          input.files = picked.files;
          input.dispatchEvent(new Event('change', { bubbles: true }));
        }
        const ended = performance.now();
        await el.updateComplete;
        await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
        const drawn = performance.now();
        await new Promise((done) => setTimeout(done, 500));
        observer.disconnect();
        return {
          callMs: ended - t0,
          drawnMs: drawn - t0,
          longestTaskMs: Math.max(0, ...long),
          left: el.items.length,
        };
      },
      { count, kind },
    );
  } finally {
    await run.close();
  }
}

/** The table rows: median and worst longest task of each. */
export function manyItemsRows({ reset, dismiss }, median) {
  const row = (label, list) => {
    const longest = list.map((r) => r.longestTaskMs);
    const med = median(longest);
    const worst = Math.max(...longest);
    const ms = (v) => (v < 50 ? '< 50' : v.toFixed(0));
    return `| ${label}: longest task (median; worst), items left | ${ms(med)} ms; ${ms(worst)} ms; ${list[0]?.left} | | | ≤ 50 ms${med <= 50 ? '' : ' ✗'} |`;
  };
  return [row('form reset of 10,000 queued items', reset), row('5,000 refusals dismissed by the next pick', dismiss)];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { startBench } = await import('./harness.mjs');
  const bench = await startBench();
  try {
    const runs = Number(process.argv[2] ?? 3);
    const results = { reset: [], dismiss: [] };
    for (let i = 0; i < runs; i++) {
      results.reset.push(await formReset(bench, 10_000));
      results.dismiss.push(await dismissRefusals(bench, 5_000));
    }
    console.log(JSON.stringify(results));
    const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
    console.log(manyItemsRows(results, median).join('\n'));
  } finally {
    await bench.close();
  }
}
