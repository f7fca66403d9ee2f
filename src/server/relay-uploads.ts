// The relay's two upload routes: a multipart file (read with busboy, rebuilt for Wistia) and a link import or S3
// copy (a small form, checked field by field). Either way only checked fields go upstream.

import { errorResponse } from './json-response.js';
import { multipartBoundary } from './multipart-framing.js';
import { takeNodeBodyReader, type ChunkReader } from './node-body.js';
import { readLimitedText } from './read-limited-text.js';
import { mediaResponse, type UpstreamAnswer } from './relay-answers.js';
import { RelayBodyError } from './relay-errors.js';
import { checkedImportForm, checkedMediaFields, type ImportRules } from './relay-fields.js';
import { FIELDS_LIMIT, readUploadForm, type BusboyFactory } from './relay-form.js';
import { RELAY_REF_HEADER, signStatusRef } from './relay-status-ref.js';
import type { RelayTokenClaims } from './relay-token.js';
import type { Upstream } from './relay-upstream.js';

const FORM_TYPE = 'application/x-www-form-urlencoded';

export interface UploadContext {
  request: Request;
  claims: RelayTokenClaims;
  kind: 'upload' | 's3';
  target: URL;
  wistiaToken: string;
  /** The body limit for this request: the token's and the relay's, plus room for the fields. */
  limit: number;
  importRules: ImportRules;
  busboy: () => Promise<BusboyFactory>;
  /** Resolves with a 408 refusal once the fields before the file have taken too long. */
  fieldsDeadline: Promise<RelayBodyError>;
  upstream: Upstream;
  key: Promise<CryptoKey>;
}

/** Reads, checks and forwards one upload; a RelayBodyError it throws is the browser's answer. */
export async function relayUpload(context: UploadContext): Promise<Response> {
  const { request, kind } = context;
  const contentType = request.headers.get('content-type') ?? '';
  if (contentType.toLowerCase().startsWith(FORM_TYPE)) return relayImport(context);
  const multipart = kind === 'upload' ? multipartBoundary(contentType) : { problem: 'not multipart' };
  if ('problem' in multipart) {
    if (multipart.problem !== 'not multipart')
      throw new RelayBodyError(400, `The multipart body is ambiguous: ${multipart.problem}`);
    const expected = kind === 's3' ? FORM_TYPE : `multipart/form-data or ${FORM_TYPE}`;
    throw new RelayBodyError(400, `Send the upload as ${expected}.`);
  }
  return relayFile(context, multipart.boundary);
}

async function relayImport(context: UploadContext): Promise<Response> {
  const { request, claims, kind, upstream } = context;
  const read = await Promise.race([readLimitedText(request, FIELDS_LIMIT), context.fieldsDeadline]);
  if (read instanceof RelayBodyError) throw read;
  if (!read.ok) throw new RelayBodyError(400, 'The form is too large or not UTF-8.');
  const fields = checkedImportForm(read.text, kind, claims, context.importRules);
  const body = new URLSearchParams(fields).toString();
  const answer = await upstream.run(
    {
      url: context.target,
      method: 'POST',
      wistiaToken: context.wistiaToken,
      headers: { 'Content-Type': FORM_TYPE },
      body,
    },
    kind,
  );
  return answered(context, answer);
}

async function relayFile(context: UploadContext, boundary: string): Promise<Response> {
  const { request, claims, upstream } = context;
  const busboy = await context.busboy();
  const declared = request.headers.get('content-length');
  // Straight from Node's stream behind toNodeHandler; from the Fetch body anywhere else.
  const reader: ChunkReader =
    takeNodeBodyReader(request) ?? (request.body ?? new ReadableStream<Uint8Array>()).getReader();
  const form = await readUploadForm(reader, {
    busboy,
    boundary,
    declaredLength: declared === null || !/^\d+$/.test(declared) ? undefined : Number(declared),
    maxBytes: context.limit,
    fieldsDeadline: context.fieldsDeadline,
  });
  let checked;
  try {
    checked = checkedMediaFields(claims, form.fields);
  } catch (error) {
    await form.cancel();
    throw error;
  }
  const built = form.rebuild(checked, {
    onProgress: upstream.watch.progress,
    onSent: upstream.watch.sent,
    onProblem: upstream.watch.problem,
  });
  const headers: Record<string, string> = { 'Content-Type': built.contentType };
  if (built.contentLength !== undefined) headers['Content-Length'] = String(built.contentLength);
  const answer = await upstream.run(
    { url: context.target, method: 'POST', wistiaToken: context.wistiaToken, headers, body: built.body },
    'upload',
  );
  return answered(context, answer);
}

/** Wistia's media JSON, with the reference that lets this subject read its status later. */
async function answered(context: UploadContext, answer: UpstreamAnswer): Promise<Response> {
  if (!answer.ok) return answer.response;
  const hashedId = answer.media['hashed_id'];
  if (typeof hashedId !== 'string') return errorResponse(502, 'Wistia answered without a media id. Try again later.');
  const ref = await signStatusRef(await context.key, hashedId, context.claims);
  return mediaResponse(answer.media, { [RELAY_REF_HEADER]: ref });
}
