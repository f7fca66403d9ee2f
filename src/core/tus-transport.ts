import { TransportError } from './transport.js';
import { RELAY_REF_HEADER, type RawResponse } from './wistia-api.js';

/** One request of the tus protocol: any method, its own headers, a body slice or none. */
export interface ExchangeOptions {
  method: 'POST' | 'PATCH' | 'HEAD' | 'DELETE';
  url: string;
  token: string;
  headers: Record<string, string>;
  body?: Blob;
  signal: AbortSignal;
  /** Bytes of this request's body sent so far, as the browser reports them. */
  onUploadProgress?: (loaded: number) => void;
  /** The last byte of this request's body is sent. */
  onBodySent?: () => void;
}

/** An answer with the response headers the protocol needs (`Location`, `Upload-Offset`), lower-cased. */
export interface Exchanged extends RawResponse {
  headers: Record<string, string>;
}

/** Every exposed response header, lower-cased; asking for one CORS hides logs a console error in Chromium. */
function headersOf(xhr: XMLHttpRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of xhr.getAllResponseHeaders().split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/**
 * One tus request with `XMLHttpRequest`, which reports upload progress inside a chunk. The chunk is a slice of the
 * `File`, streamed from disk by the browser. The token goes only in `Authorization`.
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
    xhr.setRequestHeader('Tus-Resumable', '1.0.0');
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    if (onUploadProgress) xhr.upload.onprogress = (e) => onUploadProgress(e.loaded);
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
