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

/**
 * One POST with `XMLHttpRequest`, the only browser API that reports upload progress.
 * The body is handed over as is, so a `File` inside `FormData` is streamed from disk, never read into memory.
 * Timing out is the caller's job: it aborts through `signal`.
 */
export function send(options: SendOptions): Promise<RawResponse> {
  const { url, body, token, signal, onUploadProgress, onBodySent } = options;
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new TransportError('aborted'));
    const xhr = new XMLHttpRequest();
    const onAbort = () => xhr.abort();
    const settle = (result: () => void) => () => {
      signal.removeEventListener('abort', onAbort);
      result();
    };
    xhr.open('POST', url);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => onUploadProgress?.(e.loaded, e.lengthComputable ? e.total : 0);
    xhr.upload.onload = () => onBodySent?.();
    xhr.onload = settle(() =>
      resolve({
        status: xhr.status,
        body: xhr.responseText,
        retryAfter: xhr.getResponseHeader('Retry-After'),
        // From the exposed list: asking for a header CORS hides logs a console error in Chromium.
        relayRef: new RegExp(`^${RELAY_REF_HEADER}:(.*)`, 'im').exec(xhr.getAllResponseHeaders())?.[1]?.trim() ?? null,
      }),
    );
    xhr.onerror = xhr.ontimeout = settle(() => reject(new TransportError('network')));
    xhr.onabort = settle(() => reject(new TransportError('aborted')));
    signal.addEventListener('abort', onAbort, { once: true });
    xhr.send(body);
  });
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
