/// <reference types="node" />
// The relay's tus 1.0 routes at `{basePath}/files/` (creation, termination, expiration), on @tus/server. The relay
// checks every request before tus sees it: the token, the creating subject (in the upload id), the size and the
// metadata; a finished upload's PATCH is answered with Wistia's kept answer, never sent to Wistia again.

import { errorResponse, jsonResponse } from '../json-response.js';
import { RelayBodyError } from '../relay-errors.js';
import { RELAY_REF_HEADER, signStatusRef } from '../relay-status-ref.js';
import type { RelayTokenClaims } from '../relay-token.js';
import type { UpstreamTimeouts } from '../relay-upstream.js';
import { followHeldFile } from './held-file-follower.js';
import type { KeptAnswer } from './kept-answers.js';
import type { CheckedResumableOptions } from './resumable-options.js';
import { createTusStores, loadOptional, type TusServerModule } from './tus-stores.js';
import { isUploadOf, newUploadId } from './upload-ids.js';
import { checkUploadMetadata, type UploadMetadata } from './upload-metadata.js';
import { createWistiaLeg, type FinishedUpload } from './wistia-leg.js';

export interface ResumableContext {
  options: CheckedResumableOptions;
  /** Where the relay is mounted, without a trailing slash ('' at the root). */
  basePath: string;
  /** The relay's own size limit (the token's applies too). */
  maxBytes: number;
  key: Promise<CryptoKey>;
  uploadUrl: URL;
  wistiaToken: string;
  timeouts: UpstreamTimeouts;
  secrets: readonly string[];
  report(error: Error): void;
  now(): number;
  /** Most time a Redis step may take (resumable: { redis }). */
  storeTimeoutMs: number;
}

/** Answers one request under `{basePath}/files`, from a token already verified. */
export type ResumableRoutes = (request: Request, claims: RelayTokenClaims) => Promise<Response>;

type HeldUpload = { id: string; size?: number; metadata?: UploadMetadata; creation_date?: string };

const TUS_VERSION = '1.0.0';
/** How often expired uploads and answers are deleted. */
const SWEEP_EVERY_MS = 60 * 60 * 1000;

export async function createResumableRoutes(context: ResumableContext): Promise<ResumableRoutes> {
  const tus = await loadOptional<TusServerModule>('@tus/server', 'resumable uploads');
  const { datastore, read, heldPath, removeFinished, locker, answers } = await createTusStores(
    tus,
    context.options,
    context.now,
    context.storeTimeoutMs,
  );
  // Deferred length would skip the byte limit checked at creation: the relay never offers it.
  datastore.extensions = datastore.extensions.filter((extension) => extension !== 'creation-defer-length');
  const { expirationMs } = context.options;
  const key = await context.key;
  const path = `${context.basePath}/files`;
  const claimsOf = new WeakMap<Request, RelayTokenClaims>();
  // The upload each PATCH handed to tus writes to, for its early Wistia leg.
  const unfinished = new WeakMap<Request, HeldUpload>();
  const leg = createWistiaLeg({
    answers,
    read: async (id) => read(id),
    ...(heldPath === undefined
      ? {}
      : {
          follow: (upload, signal, waiting) =>
            followHeldFile({
              path: heldPath(upload.id),
              size: upload.size,
              signal,
              idleMs: context.timeouts.idleMs,
              waiting,
            }),
        }),
    remove: removeFinished,
    uploadUrl: context.uploadUrl,
    wistiaToken: context.wistiaToken,
    timeouts: context.timeouts,
    secrets: context.secrets,
    report: context.report,
    expirationMs,
  });
  const held = (upload: HeldUpload): FinishedUpload => ({
    id: upload.id,
    size: upload.size ?? 0,
    metadata: upload.metadata,
    createdAt: upload.creation_date === undefined ? context.now() : Date.parse(upload.creation_date),
  });
  const finished = (upload: HeldUpload) => leg.finish(held(upload));
  const answerOf = async (kept: KeptAnswer, claims: RelayTokenClaims): Promise<Response> =>
    keptResponse(kept, claims, key);

  const server = new tus.Server({
    path,
    datastore,
    locker,
    relativeLocation: true,
    maxSize: context.maxBytes,
    disableTerminationForFinishedUploads: true,
    namingFunction: (req) => newUploadId(key, claimsOf.get(req as unknown as Request)!.subject),
    onUploadFinish: async (req, upload) => {
      const response = await answerOf(await finished(upload), claimsOf.get(req as unknown as Request)!);
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => (headers[name] = value));
      return { status_code: response.status, headers, body: await response.text() };
    },
  });
  const sweep = async (): Promise<void> => {
    await server.cleanUpExpiredUploads();
    await answers.sweep(context.now());
  };
  setInterval(() => void sweep().catch(context.report), Math.min(SWEEP_EVERY_MS, expirationMs)).unref();

  const create = (request: Request, claims: RelayTokenClaims): Response | undefined => {
    if (request.headers.has('upload-defer-length') || request.headers.has('upload-concat')) {
      return errorResponse(400, 'Send Upload-Length: the relay takes uploads of a known size only.');
    }
    const length = request.headers.get('upload-length') ?? '';
    if (!/^\d{1,16}$/.test(length)) return errorResponse(400, 'Send Upload-Length: the size of the file in bytes.');
    if (Number(length) > Math.min(claims.maxBytes, context.maxBytes)) {
      return errorResponse(413, 'The upload is larger than allowed.');
    }
    let metadata: UploadMetadata;
    try {
      const header = request.headers.get('upload-metadata');
      metadata = header === null || header.trim() === '' ? undefined : tus.Metadata.parse(header);
    } catch {
      return errorResponse(400, 'Upload-Metadata cannot be read.');
    }
    try {
      checkUploadMetadata(metadata, claims);
    } catch (error) {
      if (error instanceof RelayBodyError) return errorResponse(error.status, error.message);
      throw error;
    }
    return undefined;
  };

  /** A PATCH the relay answers itself (a stale offset; a finished upload: Wistia's answer); undefined: tus writes. */
  const patchBeforeTus = async (
    request: Request,
    claims: RelayTokenClaims,
    id: string,
  ): Promise<Response | undefined> => {
    const offset = offsetOf(request);
    // tus refuses a PATCH without a readable offset.
    if (offset === undefined) return undefined;
    const kept = await answers.get(id);
    if (kept !== undefined) return offset === kept.size ? answerOf(kept, claims) : conflict(kept.size);
    const upload = await datastore.getUpload(id).catch(() => undefined);
    if (upload === undefined || upload.size === undefined) return notFound();
    // A stale offset is refused before tus would wait for the upload's lock, and its body is never read.
    if (offset !== upload.offset) return conflict(upload.offset);
    if (upload.offset < upload.size) {
      unfinished.set(request, upload);
      return undefined;
    }
    return answerOf(await finished(upload), claims);
  };

  return async function handleTusRequest(request, claims) {
    // tus would take this header as the method, past the checks below.
    if (request.headers.has('x-http-method-override')) return errorResponse(400, 'X-HTTP-Method-Override is refused.');
    const method = request.method.toUpperCase();
    const rest = new URL(request.url).pathname.slice(path.length).replace(/^\/+|\/+$/g, '');
    if (rest === '') {
      if (method !== 'POST') return errorResponse(405, 'Use POST.', { Allow: 'POST' });
      const refusal = create(request, claims);
      if (refusal !== undefined) return refusal;
    } else {
      // Finished files are never served back: no GET.
      if (!['HEAD', 'PATCH', 'DELETE'].includes(method)) {
        return errorResponse(405, 'Use HEAD, PATCH or DELETE.', { Allow: 'HEAD, PATCH, DELETE' });
      }
      // Another subject's upload is the same 404 as one that does not exist.
      if (!(await isUploadOf(key, rest, claims.subject))) return notFound();
      if (method === 'HEAD') {
        const kept = await answers.get(rest);
        if (kept !== undefined) return headOfFinished(kept);
      }
      if (method === 'PATCH') {
        const answer = await patchBeforeTus(request, claims, rest);
        if (answer !== undefined) return answer;
      }
    }
    claimsOf.set(request, claims);
    const response = await server.handleWeb(request);
    // A terminated upload's early leg ends before its closing boundary: Wistia makes no media of it.
    if (method === 'DELETE' && response.status === 204) leg.abort(rest);
    const upload = unfinished.get(request);
    // Once a chunk is held (not for a PATCH tus refused), Wistia's leg starts and follows the held file; the final
    // PATCH waits for its answer.
    if (
      upload !== undefined &&
      response.status === 204 &&
      Number(response.headers.get('upload-offset')) < (upload.size ?? 0)
    ) {
      leg.start(held(upload));
    }
    // The relay's own CORS policy applies, not tus's.
    const foreign: string[] = [];
    response.headers.forEach((_, name) => name.startsWith('access-control-') && foreign.push(name));
    for (const name of foreign) response.headers.delete(name);
    return response;
  };
}

function offsetOf(request: Request): number | undefined {
  const value = request.headers.get('upload-offset');
  return value !== null && /^\d{1,16}$/.test(value) ? Number(value) : undefined;
}

/** A stale offset: 409 without reading the body (the client asks HEAD and goes on). */
function conflict(offset: number): Response {
  return errorResponse(409, 'Upload-Offset conflict: ask HEAD for the offset.', {
    'Tus-Resumable': TUS_VERSION,
    'Upload-Offset': String(offset),
  });
}

function notFound(): Response {
  return errorResponse(404, 'Upload not found.', { 'Tus-Resumable': TUS_VERSION });
}

function headOfFinished(kept: KeptAnswer): Response {
  return new Response(null, {
    status: 200,
    headers: {
      'Tus-Resumable': TUS_VERSION,
      'Upload-Offset': String(kept.size),
      'Upload-Length': String(kept.size),
      'Cache-Control': 'no-store',
    },
  });
}

/** Wistia's kept answer as the final PATCH's answer; a 200 carries the status reference of this subject. */
async function keptResponse(kept: KeptAnswer, claims: RelayTokenClaims, key: CryptoKey): Promise<Response> {
  const headers: Record<string, string> = { 'Tus-Resumable': TUS_VERSION, 'Upload-Offset': String(kept.size) };
  if (kept.retryAfter !== undefined) headers['Retry-After'] = kept.retryAfter;
  const body = JSON.parse(kept.body) as Record<string, unknown>;
  if (kept.status !== 200) return jsonResponse(kept.status, body, headers);
  const media = body;
  const hashedId = media['hashed_id'];
  if (typeof hashedId !== 'string') return errorResponse(502, 'Wistia answered without a media id. Try again later.');
  headers[RELAY_REF_HEADER] = await signStatusRef(key, hashedId, { ...claims, projectId: kept.projectId });
  return jsonResponse(200, media, headers);
}
