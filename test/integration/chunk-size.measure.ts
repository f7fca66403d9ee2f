// Not a test: the measurement behind the resumable chunk size (docs/engine.md, "Resumable uploads"). Named so
// `npm test` leaves it out; run it alone, one engine at a time:
//   npm run build && node scripts/test-browsers.mjs chromium -- --files test/integration/chunk-size.measure.ts
// It uploads one 64 MiB file through the real relay on loopback, once in one request and once per chunk size, twice.
import { createUploader } from '../../src/core/index.js';
import { makeFile, settled } from '../helpers/core-fixtures.js';

const MiB = 1024 * 1024;
const SIZE_MIB = 64;
/** 0: the one-request relay upload, for comparison. */
const CHUNKS_MIB = [0, 1, 4, 8, 16, 64];

describe('resumable chunk size', () => {
  it('prints the time of one upload per chunk size', async function () {
    this.timeout(800_000);
    const file = makeFile('measure.mp4', SIZE_MIB * MiB);
    for (let round = 1; round <= 2; round++) {
      for (const chunk of CHUNKS_MIB) {
        const res = await fetch('/tus-relay/line', { method: 'POST', body: JSON.stringify({ cutAt: [] }) });
        const { uploadUrl } = (await res.json()) as { uploadUrl: string };
        const options = { tokenUrl: '/tus-relay/token', uploadUrl, resumable: chunk > 0 };
        const uploader = createUploader(options, { chunkBytes: chunk * MiB });
        const started = performance.now();
        uploader.add([file]);
        await settled(uploader);
        const ms = performance.now() - started;
        const rate = ((SIZE_MIB / ms) * 1000).toFixed(1);
        console.log(
          `round ${round}, chunk ${chunk || 'none'} MiB: ${uploader.items[0]!.status}, ${ms.toFixed(0)} ms, ${rate} MiB/s`,
        );
        uploader.dispose();
      }
    }
  });
});
