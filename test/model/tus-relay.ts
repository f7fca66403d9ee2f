import type { ExchangeOptions, Exchanged } from '../../src/core/transport.js';
import type { ResumeStore } from '../../src/core/runtime.js';
import { TransportError } from '../../src/core/transport.js';

export const FILES = 'https://relay.test/files/';

/** How the test answers one tus request. */
export type TusAnswer = 'good' | 'cut' | 'lost' | 'broken' | 'unauthorized' | 'stale' | 'expired';

/** One tus request on the wire, waiting for the test's answer. */
export interface TusRequest {
  n: number;
  method: ExchangeOptions['method'];
  url: string;
  token: string;
  offset?: number;
  bytes: number;
  options: ExchangeOptions;
  done: boolean;
}

interface HeldUpload {
  filename: string;
  length: number;
  offset: number;
  /** Wistia's answer, kept once the relay's one leg to Wistia ran. */
  media?: number;
}

/** Decodes `Upload-Metadata`, as the relay would. */
export function metadataOf(header: string | undefined): Record<string, string> {
  const pairs = (header ?? '').split(',').filter(Boolean);
  return Object.fromEntries(pairs.map((pair) => pair.split(' ')).map(([key, value]) => [key, atob(value ?? '')]));
}

/** localStorage as the engine sees it; it outlives an uploader, as the page's storage outlives a reload. */
export class MemoryStore implements ResumeStore {
  readonly map = new Map<string, string>();
  getItem = (key: string) => this.map.get(key) ?? null;
  setItem = (key: string, value: string) => void this.map.set(key, value);
  removeItem = (key: string) => void this.map.delete(key);
}

/**
 * A tus relay in memory whose every answer the test chooses: `good` is what a correct relay answers (`409` at a
 * stale offset, the kept answer for an empty `PATCH` at the end, Wistia's leg run once per upload); the others are
 * what a bad line or a busy relay does. It writes down what it told, for the tracker to hold the engine to.
 */
export class FakeTusRelay {
  readonly requests: TusRequest[] = [];
  readonly uploads = new Map<string, HeldUpload>();
  /** The file of every upload ever made, kept after it expired or was terminated. */
  readonly fileOf = new Map<string, string>();
  /** Media made by Wistia's leg, per file name. */
  readonly mediaOf = new Map<string, number[]>();
  #count = 0;
  #media = 0;

  get pending(): TusRequest[] {
    return this.requests.filter((r) => !r.done);
  }

  exchange = (options: ExchangeOptions): Promise<Exchanged> =>
    new Promise((resolve, reject) => {
      if (options.signal.aborted) return reject(new TransportError('aborted'));
      const offset = options.headers['Upload-Offset'];
      const request: TusRequest = {
        n: ++this.#count,
        method: options.method,
        url: options.url,
        token: options.token,
        ...(offset !== undefined && { offset: Number(offset) }),
        bytes: options.body instanceof Blob ? options.body.size : 0,
        options,
        done: false,
      };
      const onAbort = () =>
        this.#end(request, () => {
          this.onAborted?.(request);
          reject(new TransportError('aborted'));
        });
      options.signal.addEventListener('abort', onAbort, { once: true });
      (request as TusRequest & { answer?: (a: TusAnswer) => void }).answer = (kind) =>
        this.#end(request, () => {
          options.signal.removeEventListener('abort', onAbort);
          const outcome = this.#handle(request, kind);
          if (outcome === 'network') reject(new TransportError('network'));
          else resolve(outcome);
        });
      this.requests.push(request);
      this.onRequest?.(request);
    });

  /** Told of each request as it goes out, before anything answers it. */
  onRequest?: (request: TusRequest) => void;
  /** Told of each request the engine gave up on. */
  onAborted?: (request: TusRequest) => void;
  /** Told of each answer the engine is given. */
  onAnswer?: (request: TusRequest, kind: TusAnswer, told: Exchanged | 'network') => void;

  answer(request: TusRequest, kind: TusAnswer): void {
    (request as TusRequest & { answer(a: TusAnswer): void }).answer(kind);
  }

  /** The browser reports `fraction` of a chunk sent. */
  progress(request: TusRequest, fraction: number): void {
    const sent = Math.round(request.bytes * fraction);
    request.options.onUploadProgress?.(sent, request.bytes);
    if (sent >= request.bytes && request.bytes > 0) request.options.onBodySent?.();
  }

  #end(request: TusRequest, then: () => void): void {
    if (request.done) return;
    request.done = true;
    then();
  }

  #handle(request: TusRequest, kind: TusAnswer): Exchanged | 'network' {
    const told = this.#answer(request, kind);
    this.onAnswer?.(request, kind, told);
    return told;
  }

  #answer(request: TusRequest, kind: TusAnswer): Exchanged | 'network' {
    const status = (code: number, headers: Record<string, string> = {}, body = ''): Exchanged => ({
      status: code,
      body,
      headers,
    });
    if (kind === 'broken') return status(500);
    if (kind === 'unauthorized') return status(401, {}, '<html>Unauthorized</html>');
    if (kind === 'stale' && request.method === 'PATCH') return status(409);
    if (request.method === 'POST') {
      if (kind === 'cut') return 'network';
      const url = `${FILES}u${request.n}`;
      const meta = metadataOf(request.options.headers['Upload-Metadata']);
      const length = Number(request.options.headers['Upload-Length']);
      this.uploads.set(url, { filename: meta.filename ?? '', length, offset: 0 });
      this.fileOf.set(url, meta.filename ?? '');
      return kind === 'lost' ? 'network' : status(201, { location: url });
    }
    const upload = this.uploads.get(request.url);
    if (kind === 'expired' && upload) this.uploads.delete(request.url);
    if (!upload || kind === 'expired') return status(404);
    if (request.method === 'DELETE') {
      this.uploads.delete(request.url);
      return kind === 'good' ? status(204) : 'network';
    }
    const offsetHeader = () => ({ 'upload-offset': String(upload.offset), 'upload-length': String(upload.length) });
    if (request.method === 'HEAD') return kind === 'good' || kind === 'stale' ? status(200, offsetHeader()) : 'network';
    if (request.offset !== upload.offset) return status(409);
    // A cut chunk leaves the bytes that arrived before the cut, as a relay writing them as they come does.
    const arrived = kind === 'cut' ? Math.floor(request.bytes / 2) : request.bytes;
    upload.offset += arrived;
    if (kind === 'cut') return 'network';
    if (upload.offset < upload.length) return kind === 'lost' ? 'network' : status(204, offsetHeader());
    if (upload.media === undefined) {
      upload.media = ++this.#media;
      const made = this.mediaOf.get(upload.filename) ?? [];
      this.mediaOf.set(upload.filename, [...made, upload.media]);
    }
    if (kind === 'lost') return 'network';
    const media = { id: upload.media, hashed_id: `h${upload.media}abcdef`, name: 'm', type: 'Video', created: 'c' };
    return {
      ...status(200, offsetHeader(), JSON.stringify({ ...media, updated: 'u' })),
      relayRef: `ref-${upload.media}`,
    };
  }
}
