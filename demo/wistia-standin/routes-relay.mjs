// /wistia/relay/* and /wistia/relay-token: the package's upload relay and a relay-token endpoint, with this
// stand-in as the Wistia behind them, so the demo and the tests can upload the way a site with a relay does.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cutIfDue } from './relay-line.mjs';

/** @type {string | undefined} where every stand-in of this process holds resumable uploads, removed at exit */
let heldUploads;
function heldUploadsDirectory() {
  if (heldUploads === undefined) {
    const directory = mkdtempSync(join(tmpdir(), 'wistia-standin-relay-'));
    process.once('exit', () => rmSync(directory, { recursive: true, force: true }));
    heldUploads = directory;
  }
  return heldUploads;
}

/** Where the relay is mounted; point `upload-url`, `s3-copy-url` and `api-url` here. */
export const RELAY_PREFIX = '/wistia/relay';

/**
 * @typedef {object} RelayServerLib the parts of `wistia-uploader/server` the relay routes use
 * @property {Function} createUploadRelay
 * @property {Function} createTokenHandler
 * @property {Function} relayTokenIssuer
 * @property {Function} toNodeHandler
 */

/**
 * The relay is handed in (`createWistiaStandin({ relayServer })`) because the stand-in is plain JavaScript and the
 * server package is TypeScript: Vite passes the sources, Node scripts the build.
 * @param {RelayServerLib} lib
 * @param {import('./token-store.mjs').TokenStore} tokens
 * @param {() => import('./exchange.mjs').Settings} settings
 * @param {import('./relay-line.mjs').RelayLine} line the line to the relay: its chunks are cut while `cutting` is on
 */
export function createRelayRoutes(lib, tokens, settings, line) {
  const secret = randomBytes(32).toString('base64url');
  // A relay with another secret refuses every token the endpoint signs: the misconfiguration `doctor` must catch.
  const wrongSecret = randomBytes(32).toString('base64url');
  const wistiaToken = randomBytes(32).toString('hex');
  tokens.addApiToken(wistiaToken);

  const tokenHandler = lib.toNodeHandler(
    lib.createTokenHandler({
      authorize: () => ({ subject: 'standin-visitor' }),
      issuer: lib.relayTokenIssuer({ secret }),
      rateLimit: false,
    }),
  );
  /** @type {Map<string, Function>} one relay per upstream address and secret */
  const relays = new Map();
  const relayFor = (/** @type {import('node:http').IncomingMessage} */ req) => {
    // Upstream is this very server, reached on the address the request came in on, never a Host header's.
    const { localAddress = '127.0.0.1', localPort } = req.socket;
    const host = localAddress.includes(':') ? `[${localAddress}]` : localAddress;
    const origin = `http://${host === '[::ffff:127.0.0.1]' ? '127.0.0.1' : host}:${localPort}`;
    const wrong = settings().misbehave.relayWrongSecret;
    const key = `${origin} ${wrong}`;
    let relay = relays.get(key);
    if (!relay) {
      relay = lib.toNodeHandler(
        lib.createUploadRelay({
          secret: wrong ? wrongSecret : secret,
          wistiaToken,
          uploadUrl: `${origin}/wistia/upload/`,
          s3CopyUrl: `${origin}/wistia/upload/s3_copy`,
          apiUrl: `${origin}/wistia/api`,
          basePath: RELAY_PREFIX,
          // The bucket the demo page suggests; S3 copies from any other are refused.
          s3Buckets: ['demo-bucket'],
          // tus at /wistia/relay/files/, for the element's `resumable` attribute.
          resumable: { directory: heldUploadsDirectory() },
        }),
      );
      relays.set(key, relay);
    }
    return relay;
  };

  return {
    /** `POST /wistia/relay-token`: relay tokens for anyone, as a site's endpoint would give its signed-in users. */
    token: tokenHandler,
    /**
     * Answers a request under /wistia/relay (preflights included: CORS there is the relay's own).
     * @param {import('node:http').IncomingMessage} req
     * @param {import('node:http').ServerResponse} res
     * @param {string} path
     * @returns {boolean} whether the request was the relay's
     */
    handle(req, res, path) {
      if (path !== RELAY_PREFIX && !path.startsWith(`${RELAY_PREFIX}/`)) return false;
      cutIfDue(line, req, path);
      void relayFor(req)(req, res);
      return true;
    },
  };
}
