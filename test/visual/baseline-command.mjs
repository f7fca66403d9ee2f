// `visual-compare`: the screenshot a test just took against its committed baseline,
// test/visual/baselines/<engine>/<name>.png. UPDATE_BASELINES=1 writes the baselines instead (then look at them).
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentEngine } from '../helpers/engines.mjs';
import { comparePngs } from './pixel-diff.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function visualCompareCommand() {
  return {
    name: 'visual-compare',
    executeCommand({ command, payload }) {
      if (command !== 'visual-compare') return undefined;
      const engine = currentEngine();
      const shot = resolve(root, 'test-results/screenshots', engine, `${payload.name}.png`);
      const baseline = resolve(root, 'test/visual/baselines', engine, `${payload.name}.png`);
      if (process.env.UPDATE_BASELINES === '1') {
        mkdirSync(dirname(baseline), { recursive: true });
        copyFileSync(shot, baseline);
        return { same: true, updated: true };
      }
      if (!existsSync(baseline)) {
        return {
          same: false,
          reason: `no baseline ${relative(root, baseline)}: run with UPDATE_BASELINES=1 and review it`,
        };
      }
      const result = comparePngs(readFileSync(shot), readFileSync(baseline));
      return { ...result, shot: relative(root, shot), baseline: relative(root, baseline) };
    },
  };
}
