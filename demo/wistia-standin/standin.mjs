// createWistiaStandin: a local, same-origin fake of Wistia's Upload API, token endpoint and media status.
import { finished } from 'node:stream/promises';
import { answerPreflight, applyCors, writeJson } from './http-answers.mjs';
import { MediaStore } from './media-store.mjs';
import { loadOpenapiCheck } from './openapi-check.mjs';
import { RequestLog } from './request-log.mjs';
import { ScriptQueue } from './scripted-faults.mjs';
import { TokenStore } from './token-store.mjs';
import { controlRoute } from './routes-control.mjs';
import { mediaRoute, thumbnailRoute } from './routes-media.mjs';
import { tokenRoute } from './routes-token.mjs';
import { uploadRoute } from './routes-upload.mjs';
import { isExpectedSocketError, resetSocket } from './request-body.mjs';
import { createRelayRoutes } from './routes-relay.mjs';
import { newRelayLine, resetRelayLine } from './relay-line.mjs';

/** Every route lives under this prefix, on the page's own origin. */
export const STANDIN_PREFIX = '/wistia/';
/** The stand-in's own token endpoint and the relay-token one. */
const TOKEN_ROUTE = /^\/wistia\/(?:relay-)?token\/?$/;

/**
 * @typedef {object} StandinOptions
 * @property {number} [tokenTtlSeconds] token lifetime (default 3600)
 * @property {'wistia' | 'oauth'} [tokenShape] `{token, expires_at}` (default) or `{access_token, expires_in}`
 * @property {number | null} [videoLimit] media the account may hold before uploads get the video-limit 400 (default none)
 * @property {{ queued?: number, processing?: number }} [processingMs] time spent queued, then processing (default 1000, 2000)
 * @property {number} [chunkDelayMs] standing pause between upload body chunks (default 0)
 * @property {string} [openapiPath] Wistia's OpenAPI document (default <repo>/../shared/wistia-openapi.yaml)
 * @property {string} [apiToken] a token accepted forever, like a Wistia API token kept on a server
 * @property {Partial<import('./http-answers.mjs').Misbehaviour>} [misbehave] answer like a misconfigured service
 * @property {import('./routes-relay.mjs').RelayServerLib} [relayServer] `wistia-uploader/server`: serves the upload
 *   relay under /wistia/relay and relay tokens at /wistia/relay-token, with this stand-in as Wistia behind them
 */
/** @typedef {(ctx: any, next: () => Promise<unknown>) => Promise<unknown>} KoaMiddleware */
/**
 * @typedef {object} WistiaStandin
 * @property {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next?: (error?: unknown) => void) => void} handle
 *   connect-style handler; requests outside /wistia/ go to `next` (or get a 404 without one)
 * @property {() => KoaMiddleware} koa Koa middleware, for the web test runner's `middleware` option
 * @property {() => void} reset clears records, scripts, tokens, media and settings; ends requests in flight
 * @property {() => ReturnType<RequestLog['snapshot']>} log the request log, as `GET /wistia/control/log` answers it
 * @property {ReturnType<RequestLog['snapshot']>['requests']} records the request records alone
 * @property {(route: import('./scripted-faults.mjs').ScriptableRoute, responses: import('./scripted-faults.mjs').ScriptedAnswer[]) => void} script
 *   queues scripted answers, as `POST /wistia/control/script` does
 * @property {import('./openapi-check.mjs').OpenapiCheck} openapi the conformance checks in use
 */

/**
 * @param {StandinOptions} [options]
 * @returns {WistiaStandin}
 */
export function createWistiaStandin(options = {}) {
  const initialSettings = () => ({
    tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
    tokenShape: options.tokenShape ?? 'wistia',
    videoLimit: options.videoLimit ?? null,
    processingMs: {
      queued: options.processingMs?.queued ?? 1000,
      processing: options.processingMs?.processing ?? 2000,
    },
    chunkDelayMs: options.chunkDelayMs ?? 0,
    misbehave: {
      preflightWithoutAuthorization: false,
      retryAfterHidden: false,
      tokenWithoutCors: false,
      relayWrongSecret: false,
      ...options.misbehave,
    },
  });

  /** @type {import('./exchange.mjs').StandinState} */
  const state = {
    settings: initialSettings(),
    tokens: new TokenStore(),
    media: new MediaStore(),
    scripts: new ScriptQueue(),
    log: new RequestLog(),
    openapi: loadOpenapiCheck({ specPath: options.openapiPath }),
    live: new Set(),
    lifetime: new AbortController(),
    line: newRelayLine(),
  };

  if (options.apiToken) state.tokens.addApiToken(options.apiToken);
  const relay =
    options.relayServer && createRelayRoutes(options.relayServer, state.tokens, () => state.settings, state.line);
  const log = () => state.log.snapshot(state.openapi.enabled);
  const reset = () => {
    state.lifetime.abort();
    state.lifetime = new AbortController();
    // Stalled and delayed requests would otherwise hang on into the next test.
    for (const socket of state.live) resetSocket(socket);
    state.live.clear();
    state.settings = initialSettings();
    state.tokens.clear();
    state.media.clear();
    state.scripts.clear();
    state.log.clear();
    resetRelayLine(state.line);
  };
  const api = { reset, log };

  /** @type {WistiaStandin['handle']} */
  const handle = (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://standin.invalid');
    if (!url.pathname.startsWith(STANDIN_PREFIX)) {
      if (next) next();
      else writeJson(res, 404, { error: 'Not found.' });
      return;
    }
    if (relay?.handle(req, res, url.pathname)) return;
    const { misbehave } = state.settings;
    if (!(misbehave.tokenWithoutCors && TOKEN_ROUTE.test(url.pathname))) applyCors(req, res, misbehave);
    if (req.method === 'OPTIONS') return answerPreflight(req, res, misbehave);
    route(req, res, url).catch((error) => {
      console.error('wistia-standin: internal error', error);
      writeJson(res, 500, { error: 'Internal stand-in error.' });
    });
  };

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:http').ServerResponse} res
   * @param {URL} url
   */
  async function route(req, res, url) {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    /** @type {RegExpExecArray | null} */
    let match;
    const only = (/** @type {string} */ allowed) =>
      method === allowed ? null : writeJson(res, 405, { error: `Use ${allowed}.` }, { Allow: allowed });

    if (/^\/wistia\/upload\/?$/.test(path)) return only('POST') ?? uploadRoute(state, req, res, url, 'upload');
    if (/^\/wistia\/upload\/s3_copy\/?$/.test(path))
      return only('POST') ?? uploadRoute(state, req, res, url, 's3_copy');
    if ((match = /^\/wistia\/api\/v1\/medias\/([^/]+)\.json$/.exec(path))) {
      return only('GET') ?? mediaRoute(state, req, res, url, match[1]);
    }
    if ((match = /^\/wistia\/thumbnails\/([a-z0-9]+)\.svg$/.exec(path)))
      return only('GET') ?? thumbnailRoute(state, res, match[1]);
    if (/^\/wistia\/token\/?$/.test(path)) return only('POST') ?? tokenRoute(state, req, res, url);
    if (relay && /^\/wistia\/relay-token\/?$/.test(path)) return only('POST') ?? relay.token(req, res);
    if ((match = /^\/wistia\/control\/([a-z_]+)\/?$/.exec(path))) return controlRoute(state, api, req, res, match[1]);
    return writeJson(res, 404, { error: `No stand-in route for ${path}.` });
  }

  return {
    handle,
    koa() {
      return async (ctx, next) => {
        if (!ctx.path.startsWith(STANDIN_PREFIX)) return next();
        // The stand-in writes the raw response itself; Koa must not answer on top of it.
        ctx.respond = false;
        // Resets and cut bodies are what the stand-in is for: the server must not report them as its own errors.
        const onerror = ctx.onerror;
        ctx.onerror = (error) => {
          if (!isExpectedSocketError(error)) onerror.call(ctx, error);
        };
        handle(ctx.req, ctx.res);
        await finished(ctx.res).catch(() => {});
      };
    },
    reset,
    log,
    get records() {
      return log().requests;
    },
    script(routeName, responses) {
      state.scripts.add(routeName, responses);
    },
    openapi: state.openapi,
  };
}
