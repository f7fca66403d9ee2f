// One loopback HTTP server for the benchmark and the budget tests: the Wistia stand-in under /wistia/, the built
// files under /dist/, pages and scripts held in memory, and an upload sink that only counts bytes.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { createWistiaStandin } from '../demo/wistia-standin/index.mjs';

const repoRoot = resolve(import.meta.dirname, '..');
const TYPES = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.json': 'application/json',
  '.map': 'application/json',
  '.html': 'text/html',
};

/** Media JSON as Wistia answers an upload, so the element accepts what the sink answers. */
function sinkMedia(bytes) {
  const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const id = Math.floor(Math.random() * 1e9);
  return {
    id,
    hashed_id: `sink${id.toString(36)}`,
    name: 'sink',
    type: 'Video',
    created: now,
    updated: now,
    duration: 0,
    progress: 0,
    status: 'queued',
    thumbnail: { url: 'data:,', width: 1, height: 1 },
    bytes,
  };
}

/**
 * `POST /bench/sink/`: reads the body and throws it away, then answers media JSON. It does no multipart parsing
 * and no hashing, so it shows whether the stand-in's own work limits the measured speed.
 */
function sink(req, res) {
  let bytes = 0;
  req.on('data', (chunk) => (bytes += chunk.length));
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(sinkMedia(bytes)));
  });
}

/**
 * Starts the server on 127.0.0.1 (any free port).
 * @returns {Promise<{ origin: string, standin: ReturnType<typeof createWistiaStandin>, page(path: string, body: string, type?: string): void, close(): Promise<void> }>}
 */
export async function startPageServer() {
  const standin = createWistiaStandin();
  /** @type {Map<string, { body: string, type: string }>} */
  const pages = new Map();
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path.startsWith('/wistia/')) return standin.handle(req, res);
    if (path.startsWith('/bench/sink/') && req.method === 'POST') return sink(req, res);
    const inMemory = pages.get(path);
    if (inMemory) {
      res.writeHead(200, { 'content-type': `${inMemory.type}; charset=utf-8`, 'cache-control': 'no-store' });
      return res.end(inMemory.body);
    }
    if (path.startsWith('/dist/')) return serveFile(join(repoRoot, normalize(path)), res);
    res.writeHead(404).end();
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', () => done(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    origin: `http://127.0.0.1:${port}`,
    standin,
    page(path, body, type = 'text/html') {
      pages.set(path, { body, type });
    },
    async close() {
      standin.reset();
      server.closeAllConnections();
      await new Promise((done) => server.close(() => done(undefined)));
    },
  };
}

async function serveFile(file, res) {
  if (!file.startsWith(join(repoRoot, 'dist'))) return res.writeHead(404).end();
  try {
    const info = await stat(file);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': info.size,
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(res);
  } catch {
    res.writeHead(404).end();
  }
}
