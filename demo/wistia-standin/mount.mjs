// Ways to run the stand-in: inside Vite (dev and preview), or on its own HTTP server for scripts.
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createWistiaStandin } from './standin.mjs';

/**
 * Puts the handler first in a connect stack: Vite's own CORS and host checks would otherwise answer the
 * stand-in's preflights for it, and differently from Wistia.
 * @param {{ use: Function, stack?: { route: string, handle: Function }[] }} middlewares
 * @param {import('./standin.mjs').WistiaStandin['handle']} handle
 */
function mountFirst(middlewares, handle) {
  if (Array.isArray(middlewares.stack)) middlewares.stack.unshift({ route: '', handle });
  else middlewares.use(handle);
}

/**
 * Vite plugin serving the stand-in under /wistia/ in `vite` and `vite preview`; both share one stand-in.
 * @param {import('./standin.mjs').StandinOptions} [options]
 */
export function wistiaStandinVitePlugin(options) {
  const standin = createWistiaStandin(options);
  return {
    name: 'wistia-standin',
    /** @param {{ middlewares: any }} server */
    configureServer(server) {
      mountFirst(server.middlewares, standin.handle);
    },
    /** @param {{ middlewares: any }} server */
    configurePreviewServer(server) {
      mountFirst(server.middlewares, standin.handle);
    },
    api: { standin },
  };
}

/**
 * Runs the stand-in on a plain HTTP server (default 127.0.0.1, port 0 = any free port).
 * @param {{ port?: number, host?: string } & import('./standin.mjs').StandinOptions} [options]
 */
export async function startStandinServer({ port = 0, host = '127.0.0.1', ...options } = {}) {
  const standin = createWistiaStandin(options);
  const server = createServer((req, res) => standin.handle(req, res));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${hostPart}:${address.port}`;
  return {
    standin,
    server,
    port: address.port,
    origin,
    /** Base URL of the stand-in's routes, e.g. http://127.0.0.1:8787/wistia/ */
    url: `${origin}/wistia/`,
    async close() {
      standin.reset();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(() => resolve(undefined)));
    },
  };
}

/** `[port] [--token <token>]`, the port also from PORT and the token from STANDIN_API_TOKEN. */
export function parseMountArguments(args, env = process.env) {
  const at = args.indexOf('--token');
  const apiToken = at === -1 ? env.STANDIN_API_TOKEN : args[at + 1];
  if (at !== -1 && !apiToken)
    throw new Error('--token needs a value: node demo/wistia-standin/mount.mjs 8787 --token dev-token');
  const rest = at === -1 ? args : args.filter((_, i) => i !== at && i !== at + 1);
  return { port: Number(rest[0] ?? env.PORT ?? 8787), ...(apiToken ? { apiToken } : {}) };
}

// `node demo/wistia-standin/mount.mjs [port] [--token <token>]` serves the stand-in for manual trials (curl, another
// page). With a token, it accepts that token forever, as Wistia accepts an API token: your own backend's token
// endpoint can hand it out (staticUploadTokenIssuer), so the stand-in sits behind your backend as Wistia would.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const options = parseMountArguments(process.argv.slice(2));
  const running = await startStandinServer(options);
  console.log(`Wistia stand-in listening on ${running.url}`);
  if (options.apiToken) console.log(`It accepts the token you gave it: point upload-url at ${running.url}upload/`);
}
