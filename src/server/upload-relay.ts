// The upload relay: the browser uploads to the site with a relay token, the site streams on to Wistia with its own
// Wistia token, so no Wistia credential ever reaches the page. docs/relay.md says what it guards and how.

import { createCorsPolicy } from './cors-policy.js';
import { errorResponse, jsonResponse } from './json-response.js';
import { createMemoryRateLimiter, type RateLimiter } from './memory-rate-limiter.js';
import { toRedactedError } from './redact-secrets.js';
import { RelayBodyError } from './relay-errors.js';
import { FIELDS_LIMIT, loadBusboy } from './relay-form.js';
import { checkStatusRef, RELAY_REF_HEADER } from './relay-status-ref.js';
import { checkRelaySecret, relayKey, verifyRelayToken, type RelayTokenClaims } from './relay-token.js';
import { relayUpload } from './relay-uploads.js';
import { createUpstream, type UpstreamTimeouts } from './relay-upstream.js';
import { checkStoreTimeout, storeUnavailableResponse, withinStoreDeadline } from './store-deadline.js';
import { parseUpstreamUrl } from './upstream-request.js';
import { checkResumableOptions, type ResumableOptions } from './resumable/resumable-options.js';
import type { ResumableRoutes } from './resumable/tus-routes.js';

export interface UploadRelayOptions {
  /** The secret `relayTokenIssuer` signs with. */
  secret: string;
  /** A Wistia token with upload and read permission, kept on the server; it never leaves it. */
  wistiaToken: string;
  /** Largest upload, whatever a token allows. Default: the token's limit alone. */
  maxBytes?: number;
  /** Default `https://upload.wistia.com/`. */
  uploadUrl?: string;
  /** Default `https://upload.wistia.com/s3_copy`. */
  s3CopyUrl?: string;
  /** Default `https://api.wistia.com`. */
  apiUrl?: string;
  /** Where the relay is mounted, e.g. `/api/wistia`; routes are relative to it. Default `/`. */
  basePath?: string;
  /** Origins whose pages may call the relay. Default `'*'`: any page, since every call needs a relay token. */
  allowedOrigins?: readonly string[] | '*';
  /**
   * Most time without progress before a request ends: Wistia taking no byte of an upload, or not answering a link
   * import, an S3 copy or a status read (504); also the most time the browser may take to send the fields before
   * the file (408). Default 60 000 ms.
   */
  idleTimeoutMs?: number;
  /** Uploads one subject may have in flight at once, across instances when the store is shared. Default 4. */
  maxConcurrentUploads?: number;
  /** Where those uploads are counted: `createMemoryRateLimiter()` (default) or `createRedisRateLimiter(...)`. */
  rateLimit?: RateLimiter;
  /** Most time the store may take; past it (or when it fails) the answer is 503 with Retry-After. Default 2000. */
  storeTimeoutMs?: number;
  /** S3 buckets the site copies from (`POST /s3_copy`); none by default, so S3 copies are refused. */
  s3Buckets?: readonly string[];
  /** After an upload's last byte, most time to wait for Wistia's answer. Default 600 000 ms (10 minutes). */
  answerTimeoutMs?: number;
  /**
   * Also take resumable uploads (tus 1.0) at `{basePath}/files/`: `{ directory }` for one relay process,
   * `{ s3, redis }` for several instances. Needs Node and the optional `@tus/server` package (docs/relay.md).
   */
  resumable?: ResumableOptions;
  /** Receives upstream failures with the secret and the Wistia token removed. */
  onError?: (error: Error) => void;
  /** Clock in milliseconds, for tests. Default `Date.now`. */
  now?: () => number;
}

export type UploadRelay = (request: Request) => Promise<Response>;

/** Wistia's own 401 for the upload host is HTML; the relay answers the same way. */
const UNAUTHORIZED_HTML =
  '<!DOCTYPE html>\n<html><head><title>401 Unauthorized</title></head>' +
  '<body><h1>Unauthorized</h1><p>Check your access_token.</p></body></html>\n';
/** The only media fields a status read passes on. */
const STATUS_FIELDS = ['hashed_id', 'status', 'progress', 'thumbnail'] as const;
const HASHED_ID = /^[A-Za-z0-9]{1,64}$/;
/** Headers a tus client sends, and those of the answers it reads. */
const TUS_REQUEST_HEADERS = 'Tus-Resumable, Upload-Length, Upload-Offset, Upload-Metadata';
const TUS_ANSWER_HEADERS =
  'Location, Tus-Resumable, Tus-Version, Tus-Extension, Tus-Max-Size, Upload-Offset, Upload-Length, Upload-Expires';
/** An upload's slot lapses this long after its last renewal, so a crashed instance frees it. */
const SLOT_LEASE_MS = 60_000;

/** Creates the relay: `POST /`, `POST /s3_copy` and `GET /v1/medias/{hashed_id}.json`, relative to `basePath`. */
export function createUploadRelay(options: UploadRelayOptions): UploadRelay {
  const secret = checkRelaySecret(options?.secret, 'createUploadRelay');
  const { wistiaToken } = options;
  if (typeof wistiaToken !== 'string' || wistiaToken.trim() === '') {
    throw new TypeError('createUploadRelay needs wistiaToken (a Wistia token with upload and read permission).');
  }
  const maxBytes = positiveInteger(options.maxBytes ?? Number.MAX_SAFE_INTEGER, 'maxBytes');
  const maxConcurrentUploads = positiveInteger(options.maxConcurrentUploads ?? 4, 'maxConcurrentUploads');
  const uploadUrl = parseUpstreamUrl(options.uploadUrl ?? 'https://upload.wistia.com/', 'uploadUrl');
  const s3CopyUrl = parseUpstreamUrl(options.s3CopyUrl ?? 'https://upload.wistia.com/s3_copy', 's3CopyUrl');
  const apiUrl = parseUpstreamUrl(options.apiUrl ?? 'https://api.wistia.com', 'apiUrl');
  const basePath = `/${(options.basePath ?? '/').replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');
  const timeouts: UpstreamTimeouts = {
    idleMs: options.idleTimeoutMs ?? 60_000,
    answerMs: options.answerTimeoutMs ?? 600_000,
  };
  const store = options.rateLimit ?? createMemoryRateLimiter();
  if (typeof store.acquireSlot !== 'function' || typeof store.releaseSlot !== 'function') {
    throw new TypeError('createUploadRelay needs a rateLimit store with acquireSlot and releaseSlot.');
  }
  const storeTimeoutMs = checkStoreTimeout(options.storeTimeoutMs);
  const importRules = { s3Buckets: [...(options.s3Buckets ?? [])] };
  const now = options.now ?? Date.now;
  const key = relayKey(secret);
  const secrets = [secret, wistiaToken];
  const resumableOptions = options.resumable === undefined ? undefined : checkResumableOptions(options.resumable);
  const cors = createCorsPolicy(options.allowedOrigins ?? '*', {
    methods: resumableOptions === undefined ? ['GET', 'POST'] : ['GET', 'POST', 'HEAD', 'PATCH', 'DELETE'],
    credentials: false,
    defaultHeaders: `Authorization, Content-Type, ${RELAY_REF_HEADER}${resumableOptions ? `, ${TUS_REQUEST_HEADERS}` : ''}`,
    exposeHeaders: `Retry-After, ${RELAY_REF_HEADER}${resumableOptions ? `, ${TUS_ANSWER_HEADERS}` : ''}`,
    refusal: 'This site may not upload through this relay.',
  });
  const report = (error: unknown): void => {
    try {
      options.onError?.(toRedactedError(error, secrets));
    } catch {
      // A failing error hook must not turn an answer into a crash.
    }
  };
  // Loaded once; a missing package is said at once in onError, and again by every upload (500).
  const busboy = loadBusboy();
  busboy.catch(report);
  // Node-only, so loaded only when asked for: the relay without it runs on any Fetch API runtime.
  const resumable: Promise<ResumableRoutes> | undefined =
    resumableOptions &&
    import('./resumable/tus-routes.js').then(({ createResumableRoutes }) =>
      createResumableRoutes({
        options: resumableOptions,
        basePath,
        maxBytes,
        key,
        uploadUrl,
        wistiaToken,
        timeouts,
        secrets,
        report,
        now,
        storeTimeoutMs,
      }),
    );
  resumable?.catch(report);
  const inStore = <T>(work: () => T | Promise<T>): Promise<T> =>
    withinStoreDeadline(store.storeName, storeTimeoutMs, work);

  /** Checks the relay token; undefined means refused. */
  const admit = async (request: Request): Promise<RelayTokenClaims | undefined> => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
    const checked = match?.[1] === undefined ? undefined : await verifyRelayToken(await key, match[1], now());
    return checked?.ok ? checked.claims : undefined;
  };

  /** Runs `work` in one of the subject's upload slots; 429 when they are all taken. */
  const inSlot = async (claims: RelayTokenClaims, work: () => Promise<Response>): Promise<Response> => {
    const lease = crypto.randomUUID();
    const take = (): Promise<boolean> =>
      inStore(() => store.acquireSlot!(claims.subject, lease, maxConcurrentUploads, SLOT_LEASE_MS, now()));
    if (!(await take())) {
      return errorResponse(429, `At most ${maxConcurrentUploads} uploads at once. Try again when one ends.`, {
        'Retry-After': '5',
      });
    }
    const renew = setInterval(() => void take().catch(report), SLOT_LEASE_MS / 3);
    try {
      return await work();
    } finally {
      clearInterval(renew);
      await inStore(() => store.releaseSlot!(claims.subject, lease)).catch(report);
    }
  };

  /** Reads, checks and forwards one upload, in one of the subject's slots. */
  const upload = async (request: Request, claims: RelayTokenClaims, kind: 'upload' | 's3'): Promise<Response> => {
    const limit = Math.min(claims.maxBytes, maxBytes) + FIELDS_LIMIT;
    const declared = Number(request.headers.get('content-length') ?? NaN);
    if (declared > limit) return errorResponse(413, 'The upload is larger than allowed.');
    return inSlot(claims, async () => {
      let fieldsTimer: ReturnType<typeof setTimeout> | undefined;
      const fieldsDeadline = new Promise<RelayBodyError>((resolve) => {
        const refusal = new RelayBodyError(408, 'The form did not arrive in time.');
        fieldsTimer = setTimeout(() => resolve(refusal), timeouts.idleMs);
      });
      try {
        return await relayUpload({
          request,
          claims,
          kind,
          target: kind === 's3' ? s3CopyUrl : uploadUrl,
          wistiaToken,
          limit,
          importRules,
          busboy: () => busboy,
          fieldsDeadline,
          upstream: createUpstream(request.signal, timeouts, report, secrets),
          key,
        });
      } catch (error) {
        if (error instanceof RelayBodyError) return errorResponse(error.status, error.message);
        throw error;
      } finally {
        clearTimeout(fieldsTimer);
      }
    });
  };

  /** A tus request; the chunks (PATCH) count as uploads in flight, like one-request uploads. */
  const tus = async (request: Request, claims: RelayTokenClaims): Promise<Response> => {
    const routes = await resumable!;
    return request.method.toUpperCase() === 'PATCH'
      ? inSlot(claims, () => routes(request, claims))
      : routes(request, claims);
  };

  const status = async (request: Request, claims: RelayTokenClaims, hashedId: string): Promise<Response> => {
    // Checked before Wistia is asked: another subject's media is the same 404 as one that does not exist.
    const ref = request.headers.get(RELAY_REF_HEADER);
    if (!(await checkStatusRef(await key, ref, hashedId, claims))) return errorResponse(404, 'Media not found.');
    const url = new URL(`v1/medias/${hashedId}.json`, `${apiUrl.href.replace(/\/*$/, '')}/`);
    const upstream = createUpstream(request.signal, timeouts, report, secrets);
    const answer = await upstream.run({ url, method: 'GET', wistiaToken }, 'status');
    if (!answer.ok) return answer.response;
    const { media } = answer;
    return jsonResponse(
      200,
      Object.fromEntries(STATUS_FIELDS.filter((name) => name in media).map((name) => [name, media[name]])),
    );
  };

  return async function handleRelayRequest(request: Request): Promise<Response> {
    const corsHeaders = cors.headersFor(request);
    const method = request.method.toUpperCase();
    let response: Response;
    try {
      const route = routeOf(new URL(request.url).pathname, basePath, resumable !== undefined);
      if (method === 'OPTIONS') return cors.preflight(request);
      if (route === undefined) response = errorResponse(404, 'Not found.');
      else if (route.method !== 'any' && method !== route.method) {
        response = errorResponse(405, `Use ${route.method}.`, { Allow: route.method });
      } else {
        const claims = await admit(request);
        if (claims === undefined) response = unauthorized(route.kind);
        else if (route.kind === 'status') response = await status(request, claims, route.hashedId);
        else if (route.kind === 'tus') response = await tus(request, claims);
        else response = await upload(request, claims, route.kind);
      }
    } catch (error) {
      // A browser that went away mid-body is no failure of the relay; nobody reads this answer.
      if (request.signal.aborted) return errorResponse(499, 'The upload was abandoned.');
      report(error);
      response =
        error instanceof Error && error.name === 'StoreUnavailableError'
          ? storeUnavailableResponse()
          : errorResponse(500, 'The upload relay failed. Try again later.');
    }
    corsHeaders.forEach((value, name) => response.headers.set(name, value));
    return response;
  };
}

type Route =
  | { kind: 'upload' | 's3'; method: 'POST' }
  | { kind: 'status'; method: 'GET'; hashedId: string }
  | { kind: 'tus'; method: 'any' };

function routeOf(pathname: string, basePath: string, resumable: boolean): Route | undefined {
  if (pathname !== basePath && !pathname.startsWith(`${basePath}/`)) return undefined;
  const rest = pathname.slice(basePath.length).replace(/\/+$/, '');
  if (rest === '') return { kind: 'upload', method: 'POST' };
  if (rest === '/s3_copy') return { kind: 's3', method: 'POST' };
  if (resumable && /^\/files(?:\/[^/]+)?$/.test(rest)) return { kind: 'tus', method: 'any' };
  const media = /^\/v1\/medias\/([^/]+)\.json$/.exec(rest)?.[1];
  return media !== undefined && HASHED_ID.test(media) ? { kind: 'status', method: 'GET', hashedId: media } : undefined;
}

function unauthorized(kind: Route['kind']): Response {
  // The Data API answers its errors in JSON, the upload host in HTML; tus clients read neither, JSON it is.
  if (kind === 'status' || kind === 'tus') return errorResponse(401, 'Invalid credentials.');
  return new Response(UNAUTHORIZED_HTML, {
    status: 401,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer.`);
  return value;
}
