import { RELAY_REF_HEADER, type RawResponse } from './wistia-api.js';

/** Why a request produced no HTTP answer: the connection failed, or the engine aborted it. */
export type TransportFailure = 'network' | 'aborted';

export class TransportError extends Error {
  constructor(readonly reason: TransportFailure) {
    // Never shown: the engine words the item's error from its table.
    super(reason);
    this.name = 'TransportError';
  }
}

export interface SendOptions {
  url: string;
  body: FormData | URLSearchParams;
  token: string;
  signal: AbortSignal;
  /** Bytes of the request body sent so far, as the browser reports them. */
  onUploadProgress?: (loaded: number, total: number) => void;
  /** The last byte of the body is sent: from here only Wistia's answer is awaited. */
  onBodySent?: () => void;
}

/** One request of any method: a whole upload, or one request of a resumable upload with its own headers. */
export interface ExchangeOptions extends Omit<SendOptions, 'body'> {
  method: 'POST' | 'PATCH' | 'HEAD' | 'DELETE';
  headers: Record<string, string>;
  /** A `FormData` or `URLSearchParams` body, or a slice of a `File`; the browser streams a file from disk. */
  body?: FormData | URLSearchParams | Blob;
}

/** An answer with every response header exposed to the page (`Location`, `Upload-Offset`), names lower-cased. */
export interface Exchanged extends RawResponse {
  headers: Record<string, string>;
}

/** Every exposed response header: asking for one CORS hides logs a console error in Chromium. */
function headersOf(xhr: XMLHttpRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of xhr.getAllResponseHeaders().split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/**
 * One request with `XMLHttpRequest`, the only browser API that reports upload progress. The body is handed over as
 * is, so a `File` (or a slice of one) is streamed from disk, never read into memory. The token goes only in
 * `Authorization`. Timing out is the caller's job: it aborts through `signal`.
 */
export function exchange(options: ExchangeOptions): Promise<Exchanged> {
  const { method, url, token, headers, body, signal, onUploadProgress, onBodySent } = options;
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new TransportError('aborted'));
    const xhr = new XMLHttpRequest();
    const onAbort = () => xhr.abort();
    const settle = (result: () => void) => () => {
      signal.removeEventListener('abort', onAbort);
      result();
    };
    xhr.open(method, url);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    if (onUploadProgress) xhr.upload.onprogress = (e) => onUploadProgress(e.loaded, e.lengthComputable ? e.total : 0);
    if (onBodySent) xhr.upload.onload = onBodySent;
    xhr.onload = settle(() => {
      const answer = headersOf(xhr);
      resolve({
        status: xhr.status,
        body: xhr.responseText,
        retryAfter: answer['retry-after'] ?? null,
        relayRef: answer[RELAY_REF_HEADER.toLowerCase()] ?? null,
        headers: answer,
      });
    });
    xhr.onerror = xhr.ontimeout = settle(() => reject(new TransportError('network')));
    xhr.onabort = settle(() => reject(new TransportError('aborted')));
    signal.addEventListener('abort', onAbort, { once: true });
    xhr.send(body ?? null);
  });
}

/** One POST of a whole file, link or S3 copy to Wistia (or the relay), with upload progress. */
export function send(options: SendOptions): Promise<RawResponse> {
  return exchange({ ...options, method: 'POST', headers: { Accept: 'application/json' } });
}

/**
 * A GET with the bearer token through `fetch`, for the media status while it is processed; `relayRef` is the
 * upload relay's reference for that media, which its status reads require.
 */
export async function getJson(
  url: string,
  token: string,
  signal: AbortSignal,
  relayRef?: string,
): Promise<RawResponse> {
  try {
    const res = await fetch(url, {
      headers: {
        Authorization: `Bearer ${token}`,
        Accept: 'application/json',
        ...(relayRef && { [RELAY_REF_HEADER]: relayRef }),
      },
      credentials: 'omit',
      signal,
    });
    return { status: res.status, body: await res.text(), retryAfter: res.headers.get('Retry-After') };
  } catch {
    throw new TransportError(signal.aborted ? 'aborted' : 'network');
  }
}
