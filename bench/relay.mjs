// The upload relay's rows of `npm run bench` (also `node bench/relay.mjs [--quick]` alone, after `npm run build`):
// throughput through the relay against straight to the stand-in, in one run, and the relay process's memory while
// it carries one big upload and ten at once. Bodies are generated as streams; nothing is written to disk.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './harness.mjs';

const MiB = 1024 * 1024;
export const SECRET = randomBytes(32).toString('base64url');
export const WISTIA_TOKEN = randomBytes(32).toString('hex');
const BOUNDARY = '----relaybench';
const CHUNK = randomBytes(MiB);

/** Targets: the relay reads the form and writes a new body, and must stay close to a straight upload. */
export const RELAY_TARGETS = { throughputRatio: 0.85, bigRssGrowthMB: 64, concurrentRssGrowthMB: 128 };

export function startChild(...args) {
  const child = fork(join(repoRoot, 'bench/relay-child.mjs'), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return once(child, 'message').then(([{ url }]) => ({ child, url }));
}

/** Resident memory of a process, from /proc (Linux), in bytes. */
export function rssOf(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : NaN;
}

/** A token as relayTokenIssuer signs it, from the built server package. */
export async function relayToken() {
  const { relayTokenIssuer } = await import(pathToFileURL(join(repoRoot, 'dist/server/index.js')).href);
  return (await relayTokenIssuer({ secret: SECRET })({ subject: 'bench' })).token;
}

/** POSTs a multipart body with a generated file of `bytes`, streamed with back-pressure; resolves with the status. */
export function upload(url, token, bytes) {
  const head = Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="bench.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: 'POST',
      agent: false,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
        'content-length': head.length + bytes + tail.length,
      },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('error', reject);
    (async () => {
      req.write(head);
      for (let left = bytes; left > 0; left -= CHUNK.length) {
        if (!req.write(left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left))) await once(req, 'drain');
      }
      req.end(tail);
    })().catch((error) => req.destroy(error));
  });
}

/** Runs `work` while sampling the relay's RSS every 20 ms; growth is the peak over the RSS just before. */
export async function withRss(pid, work) {
  const before = rssOf(pid);
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 20);
  try {
    const result = await work();
    return { result, growthMB: (Math.max(peak, rssOf(pid)) - before) / 1e6 };
  } finally {
    clearInterval(timer);
  }
}

export async function timed(url, token, bytes) {
  const started = performance.now();
  const { status, text } = await upload(url, token, bytes);
  if (status !== 200) throw new Error(`upload answered ${status}: ${text.slice(0, 200)}`);
  return bytes / 1e6 / ((performance.now() - started) / 1000);
}

/**
 * @param {{ quick?: boolean, runs?: number, log?: (...parts: unknown[]) => void }} [options]
 */
export async function relayBench({ quick = false, runs = 5, log = () => {} } = {}) {
  const big = (quick ? 256 : 1024) * MiB;
  const each = (quick ? 25 : 100) * MiB;
  const standin = await startChild('standin', SECRET, WISTIA_TOKEN);
  const relay = await startChild('relay', SECRET, WISTIA_TOKEN, standin.url);
  try {
    // The stand-in takes the server-held token itself; the relay takes a relay token.
    const token = await relayToken();
    const direct = `${standin.url}upload/`;
    // Warm both up (the relay's first upstream request loads node:http paths once).
    await timed(direct, WISTIA_TOKEN, 8 * MiB);
    await timed(relay.url, token, 8 * MiB);

    log(`relay: throughput, ${runs} × ${big / MiB} MiB each way, interleaved`);
    const straight = [];
    const through = [];
    const growths = [];
    for (let i = 0; i < runs; i++) {
      const order = i % 2 ? ['relay', 'direct'] : ['direct', 'relay'];
      for (const kind of order) {
        if (kind === 'direct') straight.push(await timed(direct, WISTIA_TOKEN, big));
        else {
          const { result, growthMB } = await withRss(relay.child.pid, () => timed(relay.url, token, big));
          through.push(result);
          growths.push(growthMB);
        }
      }
    }
    log(`relay: ten concurrent ${each / MiB} MiB uploads`);
    const concurrent = await withRss(relay.child.pid, () =>
      Promise.all(Array.from({ length: 10 }, () => upload(relay.url, token, each))),
    );
    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    return {
      bigMiB: big / MiB,
      eachMiB: each / MiB,
      directMBs: median(straight),
      relayMBs: median(through),
      throughputRatio: median(through) / median(straight),
      bigRssGrowthMB: Math.max(...growths),
      concurrentSucceeded: concurrent.result.filter((answer) => answer.status === 200).length,
      concurrentRssGrowthMB: concurrent.growthMB,
      runs: { straight, through, growths },
    };
  } finally {
    relay.child.kill();
    standin.child.kill();
  }
}

/** The rows for the bench's Markdown table. */
export function relayRows(r) {
  const f = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
  const mark = (ok) => (ok ? '' : ' ✗');
  const t = RELAY_TARGETS;
  return [
    `| upload relay: throughput, ${r.bigMiB} MiB through the relay to the stand-in | ${f(r.relayMBs, 0)} MB/s | straight to the stand-in ${f(r.directMBs, 0)} MB/s | ${f(r.throughputRatio, 2)}${mark(r.throughputRatio >= t.throughputRatio)} | ≥ ${t.throughputRatio} |`,
    `| upload relay: relay process RSS growth during one ${r.bigMiB} MiB upload (worst run) | ${f(r.bigRssGrowthMB)} MB | | | ≤ 64 MB${mark(r.bigRssGrowthMB <= t.bigRssGrowthMB)} |`,
    `| upload relay: 10 concurrent ${r.eachMiB} MiB uploads: succeeded; RSS growth | ${r.concurrentSucceeded}/10; ${f(r.concurrentRssGrowthMB)} MB | | | 10/10, ≤ 128 MB${mark(r.concurrentSucceeded === 10 && r.concurrentRssGrowthMB <= t.concurrentRssGrowthMB)} |`,
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  const result = await relayBench({
    quick,
    runs: quick ? 1 : 3,
    log: (...parts) => console.error('[relay bench]', ...parts),
  });
  console.log(
    [
      '| figure | relay | baseline (same run) | ratio | target |',
      '| --- | ---: | ---: | ---: | --- |',
      ...relayRows(result),
    ].join('\n'),
  );
}
