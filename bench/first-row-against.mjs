// `node bench/first-row-against.mjs <other min.js> [runs]`: the first row after a pick (first-row.mjs) of the built
// script-tag file against another build of it (e.g. one from before a change), interleaved in one browser so that a
// busy machine slows both alike. Prints medians and their ratio, through the button and straight into the input.
import { readFile } from 'node:fs/promises';
import { firstRow } from './first-row.mjs';
import { startBench } from './harness.mjs';

const [other, runs = '21'] = process.argv.slice(2);
if (!other) throw new Error('Usage: node bench/first-row-against.mjs <other wistia-uploader.min.js> [runs]');
const benches = { now: await startBench(), other: await startBench({ bundle: await readFile(other, 'utf8') }) };
const rows = { now: { button: [], direct: [] }, other: { button: [], direct: [] } };
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
try {
  // Not counted: the first pages of a fresh browser are the slowest.
  for (const bench of Object.values(benches)) await firstRow(bench, { viaButton: true });
  for (let i = 0; i < Number(runs); i++) {
    for (const name of i % 2 ? ['other', 'now'] : ['now', 'other']) {
      for (const viaButton of [true, false]) {
        const { rowMs } = await firstRow(benches[name], { viaButton });
        rows[name][viaButton ? 'button' : 'direct'].push(rowMs);
      }
    }
  }
} finally {
  for (const bench of Object.values(benches)) await bench.close();
}
for (const kind of ['button', 'direct']) {
  const [now, then] = [median(rows.now[kind]), median(rows.other[kind])];
  console.log(
    `${kind}: this build ${now.toFixed(1)} ms, the other ${then.toFixed(1)} ms, ratio ${(now / then).toFixed(2)}`,
  );
}
