// One loopback origin for scripts that drive the element in a real browser (soak, benchmarks): the Wistia stand-in
// under /wistia/, the repository's files read-only everywhere else, pages held in memory, and response headers of
// your choice on pages (e.g. a Content-Security-Policy). `node scripts/page-server.mjs [port]` serves it by hand.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createWistiaStandin } from '../demo/wistia-standin/index.mjs';

export const repoRoot = resolve(import.meta.dirname, '..');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * @typedef {object} PageServerOptions
 * @property {string} [root] folder served as static files (default: the repository)
 * @property {Record<string, string>} [headers] added to every HTML answer, in-memory pages included
 * @property {number} [port] 0 (default): any free port
 * @property {import('../demo/wistia-standin/standin.mjs').StandinOptions} [standin]
 */

/**
 * Starts the server on 127.0.0.1.
 * @param {PageServerOptions} [options]
 */
export async function startPageServer({ root = repoRoot, headers = {}, port = 0, standin: standinOptions } = {}) {
  const standin = createWistiaStandin(standinOptions);
  const base = resolve(root);
  /** @type {Map<string, { body: string, type: string, headers: Record<string, string> }>} */
  const pages = new Map();
  const server = createServer((req, res) => {
    standin.handle(req, res, () => {
      const path = safePath(req.url);
      const page = path === undefined ? undefined : pages.get(path);
      if (page) {
        res.writeHead(200, { 'Content-Type': page.type, 'Cache-Control': 'no-store', ...headers, ...page.headers });
        res.end(page.body);
        return;
      }
      serveFile(base, path, headers, res).catch(() => res.writeHead(500).end());
    });
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done(undefined));
  });
  const { port: bound } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    standin,
    origin: `http://127.0.0.1:${bound}`,
    /**
     * Serves `body` at `path` from memory.
     * @param {string} path @param {string} body @param {string} [type] @param {Record<string, string>} [pageHeaders]
     */
    page(path, body, type = 'text/html; charset=utf-8', pageHeaders = {}) {
      pages.set(path, { body, type, headers: pageHeaders });
    },
    async close() {
      standin.reset();
      server.closeAllConnections();
      await new Promise((done) => server.close(() => done(undefined)));
    },
  };
}

/** The decoded path, or undefined when it cannot be decoded. @param {string | undefined} url */
function safePath(url) {
  try {
    return decodeURIComponent(new URL(url ?? '/', 'http://page.invalid').pathname);
  } catch {
    return undefined;
  }
}

/**
 * @param {string} base @param {string | undefined} path @param {Record<string, string>} headers
 * @param {import('node:http').ServerResponse} res
 */
async function serveFile(base, path, headers, res) {
  const file = path === undefined ? '' : normalize(join(base, path));
  // Nothing outside the root, and no dot-files (.git, .env …).
  if (!file.startsWith(base + sep) || file.split(sep).some((part) => part.startsWith('.')))
    return res.writeHead(404).end();
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return res.writeHead(404).end();
  const type = TYPES[extname(file)] ?? 'application/octet-stream';
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': info.size,
    'Cache-Control': 'no-store',
    ...(type.startsWith('text/html') ? headers : {}),
  });
  createReadStream(file).pipe(res);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await startPageServer({ port: Number(process.argv[2] ?? 0) });
  console.log(`Serving the repository with the Wistia stand-in on ${server.origin}/`);
}
