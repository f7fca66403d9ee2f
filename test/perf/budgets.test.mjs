// Budgets that are not timings, checked on the built script-tag bundle in Chromium: the file being uploaded is
// never read into memory, and the element renders at most once per frame. Bundle sizes are checked by size-limit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { diskFile, MiB, startBench } from '../../bench/harness.mjs';

/** Far below the 256 MiB file: reading it, or a copy of it, into memory would show. */
const MEMORY_BOUND_MB = 4;

describe('performance budgets of dist/wistia-uploader.min.js', () => {
  let bench;
  let file;
  before(async () => {
    bench = await startBench();
    file = await diskFile(256 * MiB);
  });
  after(async () => {
    await file?.dispose();
    await bench?.close();
  });

  it('uploads a 256 MiB file picked from disk without reading it into memory, at most one render per frame', async () => {
    const result = await bench.uploadFromDisk('element', file);
    assert.ok(result.heapGrowthMB < MEMORY_BOUND_MB, `JS heap grew by ${result.heapGrowthMB.toFixed(2)} MB`);
    assert.ok(
      result.backingGrowthMB < MEMORY_BOUND_MB,
      `ArrayBuffer memory grew by ${result.backingGrowthMB.toFixed(2)} MB`,
    );
    assert.ok(result.renders > 0, 'the list was never drawn');
    assert.ok(result.rendersPerFrame <= 1, `${result.rendersPerFrame} renders in one frame`);
  });

  it('draws many short uploads at most once per frame, however many events arrive in it', async () => {
    const result = await bench.uploadMany(100, 10 * 1024);
    assert.equal(result.succeeded, 100);
    assert.ok(result.renders > 1, 'the list was never redrawn');
    assert.ok(result.maxPerFrame <= 1, `${result.maxPerFrame} renders in one frame`);
  });
});
