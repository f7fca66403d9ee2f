import { tableError } from './messages.js';
import { sleep } from './retry-policy.js';
import type { TokenClient } from './token-client.js';
import { getJson } from './transport.js';
import type { UploadError, WistiaMedia } from './types.js';
import { isMedia, mediaStatusUrl, parseJson } from './wistia-api.js';

const FIRST_POLL_MS = 2000;
const MAX_POLL_MS = 15_000;
/** Give up after this many polls in a row that got no usable answer. */
const MAX_FAILED_POLLS = 8;

export type ProcessingResult =
  { ready: true; media: WistiaMedia } | { ready: false; media: WistiaMedia; error: UploadError };

export interface WatchOptions {
  media: WistiaMedia;
  apiUrl: string;
  tokens: TokenClient;
  signal: AbortSignal;
}

/**
 * Polls the media until Wistia reports it `ready` or `failed`: first 2 s after the upload, then doubling up to 15 s.
 * Resolves `undefined` when stopped through `signal`.
 */
export async function waitUntilProcessed({
  media,
  apiUrl,
  tokens,
  signal,
}: WatchOptions): Promise<ProcessingResult | undefined> {
  let delay = FIRST_POLL_MS;
  let failures = 0;
  let latest = media;
  while (failures < MAX_FAILED_POLLS) {
    let token: string | undefined;
    try {
      await sleep(delay, signal);
      delay = Math.min(delay * 2, MAX_POLL_MS);
      token = await tokens.get(signal);
      const res = await getJson(mediaStatusUrl(apiUrl, media.hashed_id), token, signal);
      const body = res.status === 200 ? parseJson(res.body) : undefined;
      if (res.status === 401) tokens.invalidate(token);
      if (!isMedia(body)) {
        failures++;
        continue;
      }
      failures = 0;
      latest = { ...latest, ...body };
      if (body.status === 'ready') return { ready: true, media: latest };
      if (body.status === 'failed') {
        return { ready: false, media: latest, error: tableError('processing_failed', 'errorProcessingFailed', false) };
      }
    } catch {
      if (signal.aborted) return undefined;
      failures++;
    }
  }
  return {
    ready: false,
    media: latest,
    error: tableError('processing_failed', 'errorProcessingUnknown', false),
  };
}
