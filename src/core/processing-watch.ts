import { tableError } from './messages.js';
import type { TokenClient } from './token-client.js';
import type { Transport } from './runtime.js';
import type { UploadError, WistiaMedia } from './types.js';
import { fieldsOf, mediaStatusUrl, parseJson } from './wistia-api.js';

export const FIRST_POLL_MS = 2000;
const MAX_POLL_MS = 15_000;
/** Give up after this many polls in a row that got no usable answer. */
const MAX_FAILED_POLLS = 8;

export type ProcessingResult =
  | { outcome: 'ready'; media: WistiaMedia }
  | { outcome: 'failed'; media: WistiaMedia; error: UploadError }
  /** The token may upload but not read media (401/403, also with a fresh token): the upload itself stands. */
  | { outcome: 'unreadable'; media: WistiaMedia; status: number };

export interface WatchOptions {
  media: WistiaMedia;
  /** The upload relay's reference for this media, when it came through one. */
  relayRef?: string;
  apiUrl: string;
  projectId?: string;
  tokens: TokenClient;
  transport: Transport;
  /** Resolves after `ms`; never resolves once the watch is stopped. */
  delay: (ms: number) => Promise<void>;
  signal: AbortSignal;
}

/**
 * Polls the media until Wistia reports it `ready` or `failed`: first 2 s after the upload, then doubling up to 15 s,
 * for as long as Wistia says it is processing. Stopped through `signal` (and `delay`), it never settles.
 */
export async function waitUntilProcessed(options: WatchOptions): Promise<ProcessingResult> {
  const { media, relayRef, apiUrl, projectId, tokens, transport, delay, signal } = options;
  let wait = FIRST_POLL_MS;
  let failures = 0;
  let refusedOnce = false;
  let latest = media;
  while (failures < MAX_FAILED_POLLS) {
    await delay(wait);
    wait = Math.min(wait * 2, MAX_POLL_MS);
    let token: string;
    let answer: { status: number; body: string };
    try {
      token = await tokens.get(projectId, signal);
      answer = await transport.getJson(mediaStatusUrl(apiUrl, media.hashed_id), token, signal, relayRef);
    } catch {
      failures++;
      continue;
    }
    if (answer.status === 401 || answer.status === 403) {
      if (refusedOnce) return { outcome: 'unreadable', media: latest, status: answer.status };
      // Once with a fresh token: the first may simply have expired.
      refusedOnce = true;
      tokens.invalidate(projectId, token);
      continue;
    }
    const body = answer.status === 200 ? parseJson(answer.body) : undefined;
    if (!isStatus(body)) {
      failures++;
      continue;
    }
    failures = 0;
    latest = { ...latest, ...body };
    if (body.status === 'ready') return { outcome: 'ready', media: latest };
    if (body.status === 'failed') {
      return {
        outcome: 'failed',
        media: latest,
        error: tableError('processing_failed', 'errorProcessingFailed', false),
      };
    }
  }
  return { outcome: 'failed', media: latest, error: tableError('processing_failed', 'errorProcessingUnknown', false) };
}

/** A status answer: Wistia's whole media, or the upload relay's few fields (`hashed_id`, `status`, …). */
function isStatus(value: unknown): value is Partial<WistiaMedia> & { status: string } {
  const v = fieldsOf(value);
  return typeof v.hashed_id === 'string' && typeof v.status === 'string';
}
