// Status requests a minute with 100 items processing (goal ≤ 60): the built core on a fake clock, network and
// transport, every status answer "processing", counted over the tenth minute. Run alone: `node bench/status-rate.mjs`.
import { pathToFileURL } from 'node:url';
import { createUploader } from '../dist/core.js';

export async function statusRate(items = 100, minutes = 10) {
  let time = 0;
  const timers = new Map();
  let next = 1;
  const clock = {
    now: () => time,
    setTimeout: (callback, ms) => (timers.set(next, { at: time + ms, callback }), next++),
    clearTimeout: (id) => timers.delete(id),
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  const reads = [];
  const media = (n, status) => JSON.stringify({ id: n, hashed_id: `h${n}`, name: 'm', type: 'Video', status });
  const transport = {
    send: async ({ body }) => ({ status: 200, body: media(Number(body.get('file').name.split('.')[0]), undefined) }),
    getJson: async (url) => (
      reads.push(time),
      { status: 200, body: media(Number(/h(\d+)/.exec(url)[1]), 'processing') }
    ),
  };
  const network = { isOffline: () => false, onOnline: () => () => {} };
  const uploader = createUploader(
    { getToken: async () => 'token', waitForReady: true, multiple: true, concurrency: items },
    { clock, network, transport, random: () => 0.5 },
  );
  uploader.add(Array.from({ length: items }, (_, i) => new File(['x'], `${i + 1}.mp4`, { type: 'video/mp4' })));
  const end = minutes * 60_000;
  while (time < end) {
    await settle();
    let due;
    for (const entry of timers) if (!due || entry[1].at < due[1].at) due = entry;
    if (!due) break;
    timers.delete(due[0]);
    time = Math.max(time, due[1].at);
    due[1].callback();
  }
  uploader.dispose();
  return reads.filter((at) => at >= end - 60_000).length;
}

export const statusRow = (perMinute) =>
  `| status requests a minute, 100 items processing | ${perMinute} | | | ≤ 60${perMinute <= 60 ? '' : ' ✗'} |`;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(statusRow(await statusRate()));
}
