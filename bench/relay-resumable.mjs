// The resumable rows of the relay bench (`node bench/relay-resumable.mjs [--quick] [--chunk-mib N]` alone, after
// `npm run build`):
// a tus upload against a one-request upload through the same relay process in one run, the bytes a cut line costs,
// and the relay's memory while it holds a file on disk and sends it on to the stand-in.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startCuttingProxy } from '../test/node/cutting-proxy.mjs';
import { createUpload, patchChunk, sendFile } from '../test/node/tus-client.mjs';
import { relayToken, SECRET, startChild, timed, WISTIA_TOKEN, withRss } from './relay.mjs';

const MiB = 1024 * 1024;
/** The chunk size the bench's tus client sends: the element's own. */
const CHUNK_MiB = 8;
export const RESUMABLE_TARGETS = { throughputRatio: 0.8, cutBytesRatio: 1.05, rssGrowthMB: 64 };

/** A file of `bytes` made of one random MiB repeated (the relay does not look at the content). */
function makeFile(bytes) {
  const file = Buffer.allocUnsafe(bytes);
  const block = randomBytes(MiB);
  for (let at = 0; at < bytes; at += MiB) block.copy(file, at, 0, Math.min(MiB, bytes - at));
  return file;
}

/** CPU seconds (user + system) a process has used, from /proc (Linux): unlike MB/s, it barely moves with the load. */
function cpuOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * One tus upload of `file`; resolves with MB/s from creation to the final answer (Wistia's leg included) and how
 * long the final PATCH took (its chunk, then the wait for Wistia's answer).
 */
async function resumableUpload(relayUrl, token, file, chunkMiB) {
  const started = performance.now();
  const url = await createUpload(`${relayUrl}files/`, {
    token,
    size: file.byteLength,
    metadata: { filename: 'b.mp4' },
  });
  let final;
  let lastStarted = started;
  for (let offset = 0; offset < file.byteLength; offset += chunkMiB * MiB) {
    lastStarted = performance.now();
    final = await patchChunk(url, { token, offset, bytes: file.subarray(offset, offset + chunkMiB * MiB) });
    if (final.status !== 204) break;
  }
  if (final.status !== 200) throw new Error(`resumable upload answered ${final.status}: ${final.text.slice(0, 200)}`);
  const ended = performance.now();
  return { mbs: file.byteLength / 1e6 / ((ended - started) / 1000), finalMs: ended - lastStarted };
}

export async function resumableBench({ quick = false, runs = 3, chunkMiB = CHUNK_MiB, log = () => {} } = {}) {
  const size = (quick ? 256 : 1024) * MiB;
  const directory = await mkdtemp(join(tmpdir(), 'relay-bench-'));
  const standin = await startChild('standin', SECRET, WISTIA_TOKEN);
  const relay = await startChild('relay', SECRET, WISTIA_TOKEN, standin.url, directory);
  try {
    const token = await relayToken();
    const file = makeFile(size);
    await timed(relay.url, token, 8 * MiB);
    await resumableUpload(relay.url, token, file.subarray(0, 8 * MiB), chunkMiB);

    log(`resumable: throughput, ${runs} × ${size / MiB} MiB each way, interleaved`);
    const oneRequest = [];
    const resumable = [];
    const growths = [];
    const finals = [];
    const cpu = { one: 0, resumable: 0 };
    for (let i = 0; i < runs; i++) {
      for (const kind of i % 2 ? ['resumable', 'one'] : ['one', 'resumable']) {
        const cpuBefore = cpuOf(relay.child.pid);
        if (kind === 'one') oneRequest.push(await timed(relay.url, token, size));
        else {
          const { result, growthMB } = await withRss(relay.child.pid, () =>
            resumableUpload(relay.url, token, file, chunkMiB),
          );
          resumable.push(result.mbs);
          finals.push(result.finalMs);
          growths.push(growthMB);
        }
        cpu[kind] += cpuOf(relay.child.pid) - cpuBefore;
      }
    }

    log(`resumable: ${size / MiB} MiB with the line cut at 30, 60 and 90 %`);
    let cutBytesRatio;
    let cuts;
    const proxy = await startCuttingProxy({
      targets: [{ port: new URL(relay.url).port }],
      cutAt: [0.3, 0.6, 0.9].map((share) => Math.round(size * share)),
    });
    try {
      const url = await createUpload(`${proxy.origin}/relay/files/`, { token, size });
      const sentBefore = proxy.forwarded;
      const { final } = await sendFile(url, { token, file, chunkSize: chunkMiB * MiB, failures: 6 });
      if (final.status !== 200) throw new Error(`the cut upload answered ${final.status}`);
      cutBytesRatio = (proxy.forwarded - sentBefore) / size;
      cuts = proxy.cuts;
    } finally {
      await proxy.close();
    }
    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    return {
      sizeMiB: size / MiB,
      chunkMiB,
      oneRequestMBs: median(oneRequest),
      resumableMBs: median(resumable),
      throughputRatio: median(resumable) / median(oneRequest),
      cutBytesRatio,
      cuts,
      rssGrowthMB: Math.max(...growths),
      finalMs: median(finals),
      cpuPerGiB: { one: cpu.one / runs / (size / 1024 / MiB), resumable: cpu.resumable / runs / (size / 1024 / MiB) },
      runs: { oneRequest, resumable, growths, finals },
    };
  } finally {
    relay.child.kill();
    standin.child.kill();
    await rm(directory, { recursive: true, force: true });
  }
}

export function resumableRows(r) {
  const f = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
  const mark = (ok) => (ok ? '' : ' ✗');
  const t = RESUMABLE_TARGETS;
  return [
    `| upload relay, resumable: throughput, ${r.sizeMiB} MiB in ${r.chunkMiB} MiB chunks, to Wistia's answer | ${f(r.resumableMBs, 0)} MB/s | one request through the same relay ${f(r.oneRequestMBs, 0)} MB/s | ${f(r.throughputRatio, 2)}${mark(r.throughputRatio >= t.throughputRatio)} | ≥ ${t.throughputRatio} |`,
    `| upload relay, resumable: the final PATCH (its chunk, then Wistia's answer), median | ${f(r.finalMs, 0)} ms | | | |`,
    `| upload relay, resumable: relay process CPU per GiB | ${f(r.cpuPerGiB.resumable, 2)} s | one request through the same relay ${f(r.cpuPerGiB.one, 2)} s | ${f(r.cpuPerGiB.resumable / r.cpuPerGiB.one, 2)} | |`,
    `| upload relay, resumable: bytes sent for ${r.sizeMiB} MiB cut at 30, 60, 90 % (${r.cuts} cuts), headers included | ${f(r.cutBytesRatio, 3)} × size | | | ≤ ${t.cutBytesRatio}${mark(r.cutBytesRatio <= t.cutBytesRatio)} |`,
    `| upload relay, resumable: relay process RSS growth during one ${r.sizeMiB} MiB upload (worst run) | ${f(r.rssGrowthMB)} MB | | | ≤ ${t.rssGrowthMB} MB${mark(r.rssGrowthMB <= t.rssGrowthMB)} |`,
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const quick = process.argv.includes('--quick');
  const chunkAt = process.argv.indexOf('--chunk-mib');
  const result = await resumableBench({
    quick,
    ...(chunkAt > 0 ? { chunkMiB: Number(process.argv[chunkAt + 1]) } : {}),
    runs: quick ? 1 : 3,
    log: (...parts) => console.error('[relay bench]', ...parts),
  });
  console.log(
    [
      '| figure | relay | baseline (same run) | ratio | target |',
      '| --- | ---: | ---: | ---: | --- |',
      ...resumableRows(result),
    ].join('\n'),
  );
}
