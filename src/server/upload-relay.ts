// The upload relay (SPEC §9): the browser uploads to the site with a relay token, the site streams on to Wistia
// with its own Wistia token, so no Wistia credential ever reaches the page.

import { createCorsPolicy } from './cors-policy.js';
import { errorResponse, jsonResponse } from './json-response.js';
import { takeNodeBodyReader } from './node-body.js';
import { readLimitedText } from './read-limited-text.js';
import { toRedactedError } from './redact-secrets.js';
import { FIELDS_LIMIT, multipartBoundary, peekUpload, RelayBodyError } from './relay-body.js';
import { checkRelaySecret, relayKey, verifyRelayToken, type RelayTokenClaims } from './relay-token.js';
import { createUpstream, type UpstreamTimeouts } from './relay-upstream.js';
import { parseUpstreamUrl } from './upstream-request.js';

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
   * Most time without progress before a request ends 504: Wistia taking no byte of an upload, or not answering a
   * link import, an S3 copy or a status read. Default 60 000 ms.
   */
  idleTimeoutMs?: number;
  /** After an upload's last byte, most time to wait for Wistia's answer. Default 600 000 ms (10 minutes). */
  answerTimeoutMs?: number;
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
const FORM_TYPE = 'application/x-www-form-urlencoded';
/** The only media fields a status read passes on. */
const STATUS_FIELDS = ['hashed_id', 'status', 'progress', 'thumbnail'] as const;
const HASHED_ID = /^[A-Za-z0-9]{1,64}$/;

/** Creates the relay: `POST /`, `POST /s3_copy` and `GET /v1/medias/{hashed_id}.json`, relative to `basePath`. */
export function createUploadRelay(options: UploadRelayOptions): UploadRelay {
  const secret = checkRelaySecret(options?.secret, 'createUploadRelay');
  const { wistiaToken } = options;
  if (typeof wistiaToken !== 'string' || wistiaToken.trim() === '') {
    throw new TypeError('createUploadRelay needs wistiaToken (a Wistia token with upload and read permission).');
  }
  const maxBytes = options.maxBytes ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new RangeError('maxBytes must be a positive integer.');
  const uploadUrl = parseUpstreamUrl(options.uploadUrl ?? 'https://upload.wistia.com/', 'uploadUrl');
  const s3CopyUrl = parseUpstreamUrl(options.s3CopyUrl ?? 'https://upload.wistia.com/s3_copy', 's3CopyUrl');
  const apiUrl = parseUpstreamUrl(options.apiUrl ?? 'https://api.wistia.com', 'apiUrl');
  const basePath = `/${(options.basePath ?? '/').replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');
  const timeouts: UpstreamTimeouts = {
    idleMs: options.idleTimeoutMs ?? 60_000,
    answerMs: options.answerTimeoutMs ?? 600_000,
  };
  const now = options.now ?? Date.now;
  const key = relayKey(secret);
  const cors = createCorsPolicy(options.allowedOrigins ?? '*', {
    methods: ['GET', 'POST'],
    credentials: false,
    defaultHeaders: 'Authorization, Content-Type',
    refusal: 'This site may not upload through this relay.',
  });
  const report = (error: unknown): void => {
    try {
      options.onError?.(toRedactedError(error, [secret, wistiaToken]));
    } catch {
      // A failing error hook must not turn an answer into a crash.
    }
  };

  /** Checks the relay token; undefined means refused (the body is then discarded). */
  const admit = async (request: Request): Promise<RelayTokenClaims | undefined> => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '');
    const checked = match?.[1] === undefined ? undefined : await verifyRelayToken(await key, match[1], now());
    return checked?.ok ? checked.claims : undefined;
  };

  const upload = async (request: Request, claims: RelayTokenClaims, target: URL, s3: boolean): Promise<Response> => {
    const contentType = request.headers.get('content-type') ?? '';
    const limit = Math.min(claims.maxBytes, maxBytes) + FIELDS_LIMIT;
    const declared = Number(request.headers.get('content-length') ?? NaN);
    if (declared > limit) return refuse(request, errorResponse(413, 'The upload is larger than allowed.'));
    const upstream = createUpstream(request.signal, timeouts, report);

    if (contentType.toLowerCase().startsWith(FORM_TYPE)) {
      const read = await readLimitedText(request, FIELDS_LIMIT);
      if (!read.ok) return errorResponse(400, 'The form is too large or not UTF-8.');
      const fields = new URLSearchParams(read.text);
      const problem = projectProblem(claims, fields.getAll('project_id').at(-1));
      if (problem !== undefined) return problem;
      return upstream.run({
        url: target,
        method: 'POST',
        wistiaToken,
        headers: { 'Content-Type': FORM_TYPE },
        body: read.text,
      });
    }
    const boundary = s3 ? undefined : multipartBoundary(contentType);
    if (boundary === undefined) {
      const expected = s3 ? FORM_TYPE : `multipart/form-data or ${FORM_TYPE}`;
      return refuse(request, errorResponse(400, `Send the upload as ${expected}.`));
    }
    let peeked;
    try {
      // Straight from Node's stream behind toNodeHandler; from the Fetch body anywhere else.
      const reader = takeNodeBodyReader(request) ?? (request.body ?? new ReadableStream<Uint8Array>()).getReader();
      peeked = await peekUpload(reader, boundary, {
        maxBytes: limit,
        onProgress: upstream.watch.progress,
        onSent: upstream.watch.sent,
        onProblem: upstream.watch.problem,
      });
    } catch (error) {
      if (error instanceof RelayBodyError) return errorResponse(error.status, error.message);
      throw error;
    }
    const problem = projectProblem(claims, peeked.fields['project_id']);
    if (problem !== undefined) {
      await peeked.body.cancel().catch(() => undefined);
      return problem;
    }
    const headers: Record<string, string> = { 'Content-Type': contentType };
    if (Number.isSafeInteger(declared)) headers['Content-Length'] = String(declared);
    return upstream.run({ url: target, method: 'POST', wistiaToken, headers, body: peeked.body });
  };

  const status = async (request: Request, claims: RelayTokenClaims, hashedId: string): Promise<Response> => {
    const url = new URL(`v1/medias/${hashedId}.json`, `${apiUrl.href.replace(/\/*$/, '')}/`);
    const answer = await createUpstream(request.signal, timeouts, report).run({ url, method: 'GET', wistiaToken });
    if (answer.status === 401)
      report(new Error("Upload relay: Wistia refused the relay's token for a status read; it needs read permission."));
    if (answer.status !== 200) return answer;
    const media = Object(await answer.json()) as Record<string, unknown>;
    const project = (media['project'] as { hashed_id?: unknown } | null | undefined)?.hashed_id;
    // A token for one project reads only that project's media.
    if (claims.projectId !== null && project !== claims.projectId) {
      return errorResponse(404, `Media with hashed id '${hashedId}' not found.`);
    }
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
      const route = routeOf(new URL(request.url).pathname, basePath);
      if (method === 'OPTIONS') return cors.preflight(request);
      if (route === undefined) response = await refuse(request, errorResponse(404, 'Not found.'));
      else if (method !== route.method)
        response = await refuse(request, errorResponse(405, `Use ${route.method}.`, { Allow: route.method }));
      else {
        const claims = await admit(request);
        if (claims === undefined) response = await refuse(request, unauthorized(route.kind));
        else if (route.kind === 'status') response = await status(request, claims, route.hashedId);
        else response = await upload(request, claims, route.kind === 's3' ? s3CopyUrl : uploadUrl, route.kind === 's3');
      }
    } catch (error) {
      // A browser that went away mid-body is no failure of the relay; nobody reads this answer.
      if (request.signal.aborted) return errorResponse(499, 'The upload was abandoned.');
      report(error);
      response = await refuse(request, errorResponse(500, 'The upload relay failed. Try again later.'));
    }
    corsHeaders.forEach((value, name) => response.headers.set(name, value));
    return response;
  };
}

type Route = { kind: 'upload' | 's3'; method: 'POST' } | { kind: 'status'; method: 'GET'; hashedId: string };

function routeOf(pathname: string, basePath: string): Route | undefined {
  if (pathname !== basePath && !pathname.startsWith(`${basePath}/`)) return undefined;
  const rest = pathname.slice(basePath.length).replace(/\/+$/, '');
  if (rest === '') return { kind: 'upload', method: 'POST' };
  if (rest === '/s3_copy') return { kind: 's3', method: 'POST' };
  const media = /^\/v1\/medias\/([^/]+)\.json$/.exec(rest)?.[1];
  return media !== undefined && HASHED_ID.test(media) ? { kind: 'status', method: 'GET', hashedId: media } : undefined;
}

/** A token is for one project (or Wistia's default, when none was asked for): the form must name that one. */
function projectProblem(claims: RelayTokenClaims, sent: string | undefined): Response | undefined {
  const asked = sent === undefined || sent.trim() === '' ? null : sent.trim();
  if (asked === claims.projectId) return undefined;
  return errorResponse(400, 'This upload token is for another project: ask for a token for this project.');
}

function unauthorized(kind: Route['kind']): Response {
  // The Data API answers its errors in JSON, the upload host in HTML.
  if (kind === 'status') return errorResponse(401, 'Invalid credentials.');
  return new Response(UNAUTHORIZED_HTML, {
    status: 401,
    headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' },
  });
}

/** An early answer: the body is discarded, not read, so the browser still receives it. */
async function refuse(request: Request, response: Response): Promise<Response> {
  if (request.body !== null && !request.bodyUsed) await request.body.cancel().catch(() => undefined);
  return response;
}
