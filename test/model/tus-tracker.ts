import { EventName, type Uploader } from '../../src/core/index.js';
import type { Exchanged } from '../../src/core/transport.js';
import { metadataOf, type FakeTusRelay, type TusAnswer, type TusRequest } from './tus-relay.js';

/** What one file's upload did since the relay last confirmed more of it: failures without progress. */
interface SinceProgress {
  failures: number;
  unauthorized: number;
  conflicts: number;
}

/**
 * Holds the resumable path to its rules from the wire and the events alone: offsets never go backwards and no
 * chunk goes again once the relay confirmed it; after a failure the next `PATCH` waits for a `HEAD`; chunks are at
 * most the chunk size; a resume says the offset the relay told; success only with the media the relay's one leg to
 * Wistia made for that file; failure only once more failures without progress than `retries` were seen; a cancel
 * of an upload the relay holds terminates it. Counts what was reached, for the table.
 */
export class TusTracker {
  readonly violations: string[] = [];
  readonly reached = new Set<string>();
  /** Per upload URL: the highest offset the engine was told. */
  readonly #told = new Map<string, number>();
  /** Upload URLs whose latest request failed: the next `PATCH` must come after a `HEAD`. */
  readonly #needHead = new Set<string>();
  /** Per file name: the upload URL the engine knows, and the offset its latest `HEAD` told. */
  readonly #urlOf = new Map<string, string>();
  readonly #headOffset = new Map<string, number>();
  readonly #since = new Map<string, SinceProgress>();
  readonly #ended = new Set<string>();
  /** Upload URLs a cancel must terminate. */
  readonly #toDelete = new Set<string>();
  /** A new uploader took over the storage, as after a reload. */
  #reloaded = false;
  /** Files whose upload the relay said was gone: the next creation starts them over. */
  readonly #expired = new Set<string>();

  constructor(
    private readonly relay: FakeTusRelay,
    private readonly chunkBytes: number,
    private readonly retries: () => number,
  ) {
    relay.onRequest = (request) => this.#sent(request);
    relay.onAnswer = (request, kind, told) => this.#answered(request, kind, told);
    relay.onAborted = (request) => this.#needHead.add(request.url);
  }

  violation(text: string): void {
    this.violations.push(text);
  }

  #fileOf(url: string): string | undefined {
    return this.relay.fileOf.get(url);
  }

  #sinceOf(file: string): SinceProgress {
    let since = this.#since.get(file);
    if (!since) this.#since.set(file, (since = { failures: 0, unauthorized: 0, conflicts: 0 }));
    return since;
  }

  #sent(request: TusRequest): void {
    const { url, method, token } = request;
    if (url.includes(token)) this.violation(`token in the URL ${url}`);
    if (method === 'DELETE') return void this.#toDelete.delete(url);
    if (method !== 'PATCH') return;
    const told = this.#told.get(url) ?? 0;
    const offset = request.offset ?? -1;
    if (offset < told) this.violation(`PATCH at ${offset} after the relay confirmed ${told} of ${url}`);
    if (this.#needHead.has(url)) this.violation(`PATCH to ${url} after a failure without asking HEAD`);
    if (request.bytes > this.chunkBytes) this.violation(`chunk of ${request.bytes} bytes`);
    const length = this.relay.uploads.get(url)?.length;
    if (length !== undefined && offset + request.bytes > length) this.violation(`chunk past the end of ${url}`);
    this.reached.add(request.bytes === 0 ? 'empty PATCH at the end' : 'chunk');
  }

  #answered(request: TusRequest, kind: TusAnswer, told: Exchanged | 'network'): void {
    const { url, method } = request;
    if (method === 'DELETE') return;
    const failed = told === 'network' || told.status >= 300;
    const file =
      method === 'POST' ? metadataOf(request.options.headers['Upload-Metadata']).filename : this.#fileOf(url);
    if (file === undefined) return;
    if (method === 'POST' && !failed) {
      this.#urlOf.set(file, told.headers.location!);
      this.reached.add(this.#expired.delete(file) ? 'new upload after an expiry' : 'create');
    }
    if (failed) {
      this.#needHead.add(url);
      if (kind === 'expired') this.#expired.add(file);
      if (kind === 'cut' && method === 'PATCH') this.reached.add('chunk cut mid-way');
      if (kind === 'lost' && request.bytes > 0 && (request.offset ?? 0) + request.bytes === this.#lengthOf(url))
        this.reached.add('final answer lost');
    }
    const since = this.#sinceOf(file);
    if (kind === 'cut' || kind === 'lost' || kind === 'broken') since.failures++;
    if (kind === 'unauthorized') since.unauthorized++;
    if (told !== 'network' && told.status === 409) {
      since.conflicts++;
      this.reached.add('stale offset (409)');
    }
    // An upload gone mid-way starts again from a new one: like a 409, a turn without progress that the engine bounds.
    if (told !== 'network' && method === 'PATCH' && request.bytes > 0 && [403, 404, 410].includes(told.status)) {
      since.conflicts++;
    }
    if (told === 'network' || told.status >= 300) return;
    const offset = Number(told.headers['upload-offset'] ?? NaN);
    if (!Number.isFinite(offset)) return;
    const before = this.#told.get(url) ?? 0;
    if (offset < before) this.violation(`the relay went back on ${url}`);
    this.#told.set(url, Math.max(before, offset));
    if (method === 'HEAD') {
      this.#urlOf.set(file, url);
      if (this.#needHead.delete(url)) this.reached.add('HEAD after a failure');
      this.#headOffset.set(file, offset);
    }
    if (method === 'PATCH' && offset > before) {
      if (since.failures > this.retries()) this.reached.add('more failures than retries, each after progress');
      this.#since.set(file, { failures: 0, unauthorized: 0, conflicts: 0 });
    }
  }

  #lengthOf(url: string): number | undefined {
    return this.relay.uploads.get(url)?.length;
  }

  listen(uploader: Uploader): void {
    uploader.addEventListener(EventName.uploadResume, ({ detail }) => {
      const expected = this.#headOffset.get(detail.item.name);
      if (detail.offset !== expected) this.violation(`resumed at ${detail.offset}, the relay said ${expected}`);
      if (detail.item.loaded !== detail.offset) this.violation(`resumed with loaded ${detail.item.loaded}`);
      this.reached.add(this.#reloaded ? 'resume after a reload' : 'resume');
    });
    uploader.addEventListener(EventName.uploadStart, ({ detail }) => this.#ended.delete(detail.item.id));
    const ended = (id: string, what: string) => {
      if (this.#ended.has(id)) this.violation(`a second end (${what}) of ${id}`);
      this.#ended.add(id);
      this.reached.add(`end ${what}`);
    };
    uploader.addEventListener(EventName.uploadSuccess, ({ detail }) => {
      ended(detail.item.id, 'succeeded');
      const made = this.relay.mediaOf.get(detail.item.name) ?? [];
      if (!made.includes(detail.media.id)) this.violation(`success with media ${detail.media.id} the relay never made`);
      this.#since.delete(detail.item.name);
    });
    uploader.addEventListener(EventName.uploadCancel, ({ detail }) => {
      ended(detail.item.id, 'cancelled');
      const url = this.#urlOf.get(detail.item.name);
      if (url && this.relay.uploads.has(url)) this.#toDelete.add(url);
      this.#urlOf.delete(detail.item.name);
    });
    // An answer awaited past its limit is given up without a word on the wire: a failure the events tell.
    uploader.addEventListener(EventName.uploadRetry, ({ detail }) => {
      if (detail.error.code === 'stalled') this.#sinceOf(detail.item.name).failures++;
    });
    uploader.addEventListener(EventName.uploadError, ({ detail }) => {
      const { code, status } = detail.error;
      ended(detail.item.id, `failed ${code}`);
      const since = this.#sinceOf(detail.item.name);
      if (code === 'stalled') since.failures++;
      // A relay that refused four turns in a row ended that attempt: one failure without progress, as a drop is.
      const failures = since.failures + Math.floor(since.conflicts / 4);
      const refused = detail.error.reason === 'errorRelayRefused';
      const early =
        (['network', 'server', 'stalled'].includes(code) && failures <= this.retries()) ||
        (refused && !([409, 403, 404, 410].includes(status!) && since.conflicts > 3)) ||
        (code === 'unauthorized' && since.unauthorized < 2) ||
        !['network', 'server', 'stalled', 'unauthorized'].includes(code);
      if (early) this.violation(`failed ${code} ${status ?? ''} after ${JSON.stringify(since)}`);
      this.#since.delete(detail.item.name);
    });
  }

  /** A new life or a reload: what the last life counted starts again, and it may end once more. */
  forget(file: string, id?: string): void {
    this.#since.delete(file);
    // The new life has not taken the upload up yet: a cancel before it does has nothing to terminate.
    this.#urlOf.delete(file);
    if (id) this.#ended.delete(id);
  }

  reloaded(): void {
    this.#reloaded = true;
  }

  /** After every step: each cancel of an upload the relay holds has sent its DELETE. */
  check(): void {
    for (const url of this.#toDelete) if (this.relay.uploads.has(url)) this.violation(`no DELETE of ${url}`);
    this.#toDelete.clear();
  }

  /** The relay ran Wistia's leg once per upload; a second media of a file needs its upload cancelled first. */
  checkMedia(cancels: Map<string, number>): void {
    for (const [file, made] of this.relay.mediaOf)
      if (made.length > 1 + (cancels.get(file) ?? 0)) this.violation(`${made.length} media of ${file}`);
  }
}
