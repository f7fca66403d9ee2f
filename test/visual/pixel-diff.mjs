// Compares two PNGs the way a reviewer would: a pixel counts as changed when a channel moved by more than
// `threshold` (anti-aliasing and font hinting move a few levels), and the pictures match while at most `maxRatio`
// of the pixels changed. Pictures of different sizes never match: a layout moved.
import { PNG } from 'pngjs';

export const DEFAULT_THRESHOLD = 40;
export const DEFAULT_MAX_RATIO = 0.005;

/** @returns {{ same: boolean, changed: number, ratio: number, reason?: string }} */
export function comparePngs(
  actualBuffer,
  expectedBuffer,
  { threshold = DEFAULT_THRESHOLD, maxRatio = DEFAULT_MAX_RATIO } = {},
) {
  const actual = PNG.sync.read(actualBuffer);
  const expected = PNG.sync.read(expectedBuffer);
  if (actual.width !== expected.width || actual.height !== expected.height) {
    const size = (png) => `${png.width}×${png.height}`;
    return { same: false, changed: NaN, ratio: 1, reason: `size ${size(actual)}, baseline ${size(expected)}` };
  }
  let changed = 0;
  for (let i = 0; i < actual.data.length; i += 4) {
    for (let channel = 0; channel < 4; channel++) {
      if (Math.abs(actual.data[i + channel] - expected.data[i + channel]) > threshold) {
        changed++;
        break;
      }
    }
  }
  const ratio = changed / (actual.width * actual.height);
  return { same: ratio <= maxRatio, changed, ratio };
}
