import { RelayRefusal } from './failures.js';
import type { ResumeStore, Transport } from './runtime.js';
import type { Exchanged } from './transport.js';
import type { MediaFields } from './types.js';
import { truncateName } from './wistia-defaults.js';
import { isMedia, parseJson, type RawResponse } from './wistia-api.js';

/** Where an upload relay speaks tus: `files/` under its upload URL. */
export function tusEndpoint(uploadUrl: string): string {
  const base = typeof location === 'undefined' ? undefined : location.href;
  const url = new URL(uploadUrl, base);
  url.pathname = `${url.pathname.replace(/\/*$/, '/')}files/`;
  return url.href;
}

/** tus metadata values are base64 of UTF-8 text. */
function base64(text: string): string {
  return btoa(Array.from(new TextEncoder().encode(text), (byte) => String.fromCharCode(byte)).join(''));
}

/** `Upload-Metadata`: the relay builds Wistia's multipart fields from these, in the same order. */
export function uploadMetadata(file: File, fields: MediaFields): string {
  const entries: [string, string | undefined][] = [
    ['filename', truncateName(file.name)],
    ['filetype', file.type],
    ['project_id', fields.projectId],
    ['name', fields.name],
    ['description', fields.description],
    ['contact_id', fields.contactId],
  ];
  return entries
    .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
    .map(([key, value]) => `${key} ${base64(value)}`)
    .join(',');
}

/** One attempt of a resumable upload: its token and signal, and what the engine is told along the way. */
export interface TusAttempt {
  endpoint: string;
  token: string;
  signal: AbortSignal;
  /** Bytes of the file sent so far, counting those the relay already held. */
  onUploadProgress(loaded: number, total: number): void;
  /** The relay holds every byte: from here only its answer (Wistia's) is awaited. */
  onBodySent(): void;
  /** An upload made before goes on from `offset`. */
  onResume(offset: number): void;
  /** The relay confirmed more bytes than it held before: this attempt made progress. */
  onAcknowledged(offset: number): void;
}

const TUS = { 'Tus-Resumable': '1.0.0' };

/** Answers after which the upload is gone at the relay (expired, unknown, or not this visitor's): start over. */
const GONE = [403, 404, 410];
/**
 * A relay that keeps refusing the offset its own `HEAD` gave, or losing uploads, is not followed round in circles:
 * the attempt ends as the relay's failure, which a retry may mend (it goes on from where the relay stopped).
 */
const MAX_CONFLICTS = 3;

/** The offset a relay answered, when it is one: a whole number of bytes no greater than the file. */
function heldOffset(res: Exchanged, size: number): number | undefined {
  const text = res.headers['upload-offset'];
  const offset = text !== undefined && /^\d+$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(offset) && offset <= size ? offset : undefined;
}

/**
 * One file's tus upload to the relay, across the attempts of one item's life: created once, then sent chunk by
 * chunk from the offset the relay holds. Its URL is remembered by file and project, so the same file added again
 * after a reload goes on too. Each attempt resolves with the relay's last answer, which the engine classifies as
 * it would Wistia's: the final `PATCH` is answered with Wistia's own answer.
 */
export class TusUpload {
  url?: string;
  /** Bytes the relay has confirmed; a new attempt asks again (`HEAD`) before sending. */
  offset = 0;
  /** Where the latest attempt went, which the remembered URL is keyed by. */
  #endpoint?: string;

  constructor(
    readonly file: File,
    readonly fields: MediaFields,
    readonly transport: Transport,
    readonly storage: ResumeStore,
    readonly chunkBytes: number,
  ) {}

  /** Keyed by what identifies the file without reading it, and by where and into which project it goes. */
  #key(endpoint: string): string {
    const { name, size, lastModified } = this.file;
    return `wistia-uploader:tus:${JSON.stringify([endpoint, this.fields.projectId ?? '', name, size, lastModified])}`;
  }

  #forget(endpoint: string): void {
    this.url = undefined;
    this.offset = 0;
    this.storage.removeItem(this.#key(endpoint));
  }

  #call(a: TusAttempt, method: 'POST' | 'HEAD', url: string, headers = {}) {
    return this.transport.exchange({ method, url, token: a.token, headers: { ...TUS, ...headers }, signal: a.signal });
  }

  async send(a: TusAttempt): Promise<RawResponse> {
    const size = this.file.size;
    this.#endpoint = a.endpoint;
    this.url ??= this.storage.getItem(this.#key(a.endpoint)) ?? undefined;
    let offset: number | undefined;
    let conflicts = 0;
    for (;;) {
      if (offset === undefined && this.url !== undefined) {
        const head = await this.#call(a, 'HEAD', this.url);
        if (GONE.includes(head.status)) this.#forget(a.endpoint);
        else if (head.status >= 300 || (offset = heldOffset(head, size)) === undefined) return head;
        else {
          // More held than confirmed before: the request that failed made progress after all (a cut chunk).
          const progressed = offset > this.offset;
          a.onResume((this.offset = offset));
          if (progressed) {
            conflicts = 0;
            a.onAcknowledged(offset);
          }
        }
      }
      if (offset === undefined) {
        const created = await this.#create(a, size);
        if (created) return created;
        offset = 0;
      }
      const at = offset;
      const last = at >= size;
      // Every byte is held but no answer came (a lost final answer): an empty PATCH asks for the relay's kept one.
      if (last) a.onBodySent();
      const end = Math.min(size, at + this.chunkBytes);
      const res = await this.transport.exchange({
        method: 'PATCH',
        url: this.url!,
        token: a.token,
        headers: { ...TUS, 'Upload-Offset': String(at), 'Content-Type': 'application/offset+octet-stream' },
        body: last ? undefined : this.file.slice(at, end),
        signal: a.signal,
        onUploadProgress: (loaded) => a.onUploadProgress(Math.min(end, at + loaded), size),
        onBodySent: end === size ? a.onBodySent : undefined,
      });
      const moved = res.status >= 200 && res.status < 300 ? heldOffset(res, size) : undefined;
      if (res.status === 200 && isMedia(parseJson(res.body))) {
        this.#forget(a.endpoint);
        return res;
      }
      if (moved !== undefined && moved > at) {
        offset = this.offset = moved;
        conflicts = 0;
        a.onAcknowledged(moved);
        continue;
      }
      // A stale offset (Chromium re-sends a cut request at its old offset): ask where the relay is, and go on.
      const stale = res.status === 409;
      // Expired mid-way: a new upload from the first byte; once every byte is held, only the answer was lost.
      const expired = GONE.includes(res.status) && !last;
      if (!stale && !expired) return res;
      if (++conflicts > MAX_CONFLICTS) throw new RelayRefusal(res.status);
      if (expired) this.#forget(a.endpoint);
      offset = undefined;
    }
  }

  /** `POST` to the endpoint; undefined once the upload exists, else the refusal to classify. */
  async #create(a: TusAttempt, size: number): Promise<RawResponse | undefined> {
    const res = await this.#call(a, 'POST', a.endpoint, {
      'Upload-Length': String(size),
      'Upload-Metadata': uploadMetadata(this.file, this.fields),
    });
    const location = res.headers.location;
    if (res.status !== 201 || !location) return res;
    this.url = new URL(location, a.endpoint).href;
    this.offset = 0;
    this.storage.setItem(this.#key(a.endpoint), this.url);
    return undefined;
  }

  /** Cancelled: the relay may drop the held bytes now rather than at expiry. Failures change nothing for the item. */
  async terminate(token: () => Promise<string>): Promise<void> {
    const { url } = this;
    if (url === undefined || this.#endpoint === undefined) return;
    // Forgotten at once: a retry right after the cancel must not go on with an upload about to be deleted.
    this.#forget(this.#endpoint);
    const signal = new AbortController().signal;
    await token()
      .then((t) => this.transport.exchange({ method: 'DELETE', url, token: t, headers: TUS, signal }))
      .catch(() => {});
  }
}
