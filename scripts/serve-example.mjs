// Serves a built example app (or any folder) on one origin with the Wistia stand-in under /wistia/:
// `node scripts/serve-example.mjs demo/angular/dist/browser [port]`. The example tests use `serveApp` too.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createWistiaStandin } from '../demo/wistia-standin/index.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

/**
 * Starts one origin serving the stand-in under /wistia/ and static files from `dir` everywhere else
 * (`/` and directories answer their index.html). `extra` maps URL paths to files outside `dir`.
 * @param {string} dir
 * @param {{ extra?: Record<string, string>, port?: number }} [options]
 */
export async function serveApp(dir, { extra = {}, port = 0 } = {}) {
  const standin = createWistiaStandin();
  const root = resolve(dir);
  const server = createServer((req, res) => {
    standin.handle(req, res, () => {
      serveStatic(root, extra, req, res).catch(() => {
        res.statusCode = 500;
        res.end();
      });
    });
  });
  await new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    standin,
    origin: `http://127.0.0.1:${address.port}`,
    async close() {
      standin.reset();
      server.closeAllConnections();
      await new Promise((done) => server.close(() => done(undefined)));
    },
  };
}

/** @param {string} root @param {Record<string, string>} extra */
async function serveStatic(root, extra, req, res) {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://app.invalid').pathname);
  let file = extra[path] ?? normalize(join(root, path));
  if (!(path in extra) && file !== root && !file.startsWith(root + sep)) {
    res.statusCode = 403;
    res.end();
    return;
  }
  let info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    file = join(file, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  if (!info?.isFile()) {
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/plain');
    res.end(`Not found: ${path}`);
    return;
  }
  res.setHeader('Content-Type', TYPES[extname(file)] ?? 'application/octet-stream');
  res.setHeader('Content-Length', info.size);
  createReadStream(file).pipe(res);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir, port = '5176'] = process.argv.slice(2);
  if (!dir) {
    console.error('Usage: node scripts/serve-example.mjs <folder> [port]');
    process.exit(2);
  }
  const app = await serveApp(dir, { port: Number(port) });
  console.log(`Serving ${dir} with the Wistia stand-in on ${app.origin}/`);
}
