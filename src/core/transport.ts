import type { RawResponse } from './wistia-api.js';

/** Why a request produced no HTTP answer. */
export type TransportFailure = 'network' | 'stalled' | 'aborted';

export class TransportError extends Error {
  constructor(readonly reason: TransportFailure) {
    super(reason === 'stalled' ? 'The upload stopped making progress.' : 'The connection to Wistia was lost.');
    this.name = 'TransportError';
  }
}

export interface SendOptions {
  url: string;
  body: FormData | URLSearchParams;
  token: string;
  signal: AbortSignal;
  /** Milliseconds without any progress before the request is given up as stalled (0: never). */
  stallTimeout: number;
  /** Bytes of the request body sent so far, as the browser reports them. */
  onUploadProgress?: (loaded: number, total: number) => void;
}

/**
 * One POST with `XMLHttpRequest`, the only browser API that reports upload progress.
 * The body is handed over as is, so a `File` inside `FormData` is streamed from disk, never read into memory.
 */
export function send(options: SendOptions): Promise<RawResponse> {
  const { url, body, token, signal, stallTimeout, onUploadProgress } = options;
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new TransportError('aborted'));
    const xhr = new XMLHttpRequest();
    let stallTimer: ReturnType<typeof setTimeout> | undefined;
    let stalled = false;

    const armStallTimer = () => {
      if (stallTimer !== undefined) clearTimeout(stallTimer);
      if (stallTimeout > 0) {
        stallTimer = setTimeout(() => {
          stalled = true;
          xhr.abort();
        }, stallTimeout);
      }
    };
    const finish = () => {
      if (stallTimer !== undefined) clearTimeout(stallTimer);
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = () => xhr.abort();

    xhr.open('POST', url);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      armStallTimer();
      onUploadProgress?.(e.loaded, e.lengthComputable ? e.total : 0);
    };
    xhr.onprogress = armStallTimer;
    xhr.onload = () => {
      finish();
      resolve({ status: xhr.status, body: xhr.responseText, retryAfter: xhr.getResponseHeader('Retry-After') });
    };
    xhr.onerror = () => {
      finish();
      reject(new TransportError('network'));
    };
    xhr.onabort = () => {
      finish();
      reject(new TransportError(stalled ? 'stalled' : 'aborted'));
    };
    xhr.ontimeout = xhr.onerror;
    signal.addEventListener('abort', onAbort, { once: true });
    armStallTimer();
    xhr.send(body);
  });
}

/** A GET with the bearer token through `fetch`, for the media status while it is processed. */
export async function getJson(url: string, token: string, signal: AbortSignal): Promise<RawResponse> {
  try {
    const res = await fetch(url, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      credentials: 'omit',
      signal,
    });
    return { status: res.status, body: await res.text(), retryAfter: res.headers.get('Retry-After') };
  } catch {
    throw new TransportError(signal.aborted ? 'aborted' : 'network');
  }
}
