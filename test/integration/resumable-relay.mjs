// The upload relay with resumable uploads (tus), for browser tests: a real relay on its own Node server with a
// stand-in as Wistia behind it, reached by the page through a TCP proxy that can cut the line, on another origin
// than the page (so CORS and its exposed headers are tested too). The web test runner mounts `middleware()`, which
// answers the page at /tus-relay/: relay tokens, and a control route to set a line up and read what Wistia got.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStandinServer } from '../../demo/wistia-standin/index.mjs';
import { startCuttingProxy } from '../node/cutting-proxy.mjs';
import { listen, wistiaEndpoints } from '../node/relay-helpers.mjs';
import { loadServerBuild } from '../node/server-build.mjs';

const PREFIX = '/tus-relay/';
const SECRET = 'browser-resumable-secret-0123456789abcdefghij';
const WISTIA_TOKEN = 'browser-resumable-wistia-token-7c41';

/** Started on the first request that needs it: other test files never pay for it. */
let started;
let line;

async function start() {
  const lib = await loadServerBuild();
  const wistia = await startStandinServer({ apiToken: WISTIA_TOKEN });
  const directory = await mkdtemp(join(tmpdir(), 'browser-resumable-'));
  const relay = await listen(
    lib.toNodeHandler(
      lib.createUploadRelay({
        secret: SECRET,
        wistiaToken: WISTIA_TOKEN,
        ...wistiaEndpoints(wistia.url),
        basePath: '/relay',
        resumable: { directory },
      }),
    ),
  );
  const tokens = lib.toNodeHandler(
    lib.createTokenHandler({
      authorize: () => ({ subject: 'browser-visitor' }),
      issuer: lib.relayTokenIssuer({ secret: SECRET }),
      rateLimit: false,
    }),
  );
  return { wistia, relay, tokens };
}

/** A fresh line to the relay, cut once the page has sent `cutAt` bytes through it (each mark once). */
async function newLine(relay, cutAt) {
  await line?.close();
  const { port } = new URL(relay.origin);
  line = await startCuttingProxy({ targets: [{ port: Number(port) }], cutAt });
  return line;
}

const json = (res, status, body) => {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
};

async function readJson(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

/** Koa middleware for the web test runner. */
export function resumableRelayMiddleware() {
  return async (ctx, next) => {
    if (!ctx.path.startsWith(PREFIX)) return next();
    ctx.respond = false;
    const { req, res } = ctx;
    try {
      started ??= start();
      const { wistia, relay, tokens } = await started;
      const route = ctx.path.slice(PREFIX.length);
      if (route === 'token') return await tokens(req, res);
      if (route === 'line') {
        // A new line for a test: Wistia's records cleared, the page told where the relay is on this line.
        const { cutAt = [] } = await readJson(req);
        wistia.standin.reset();
        const opened = await newLine(relay, cutAt);
        return json(res, 200, { uploadUrl: `${opened.origin}/relay/` });
      }
      if (route === 'received') {
        const uploads = wistia.standin.records.filter((r) => r.route === 'upload' && r.status === 200);
        const files = uploads.map((r) => ({ bytes: r.files[0]?.bytes, sha256: r.files[0]?.sha256 }));
        return json(res, 200, { media: files, cuts: line?.cuts ?? 0 });
      }
      json(res, 404, { error: `No route ${ctx.path}` });
    } catch (error) {
      json(res, 500, { error: String(error?.stack ?? error) });
    }
  };
}
