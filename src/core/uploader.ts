import {
  FileRejectEvent,
  MediaReadyEvent,
  QueueCompleteEvent,
  UploadCancelEvent,
  UploadErrorEvent,
  UploadProgressEvent,
  UploadRetryEvent,
  UploadStartEvent,
  UploadSuccessEvent,
  type UploaderEventMap,
} from './events.js';
import { isActive, isFinished, moveTo } from './item-state.js';
import { isSecureEndpoint, normaliseLink, validS3, type NormalisedLink } from './link-rules.js';
import { ProgressMeter, ProgressPacer } from './progress-meter.js';
import { inferredType, rejectFile, truncateName } from './file-rules.js';
import { isOffline, retryDelay, sleep, waitForOnline } from './retry-policy.js';
import { TokenClient, TokenError } from './token-client.js';
import { send, TransportError } from './transport.js';
import type { MediaFields, UploadError, UploadItem, UploaderOptions, WistiaMedia } from './types.js';
import { classifyResponse, fileUploadBody, importBody, WistiaDefaults, type Classified } from './wistia-api.js';
import { waitUntilProcessed } from './processing-watch.js';

/** Defaults of every option, matching the element's attribute defaults. */
export const DEFAULT_OPTIONS = {
  tokenCredentials: 'same-origin' as RequestCredentials,
  uploadUrl: WistiaDefaults.uploadUrl,
  s3CopyUrl: WistiaDefaults.s3CopyUrl,
  apiUrl: WistiaDefaults.apiUrl,
  accept: 'video/*',
  maxFileSize: 0,
  maxFiles: 0,
  concurrency: 2,
  retries: 3,
  stallTimeout: 30_000,
  manual: false,
  waitForReady: false,
};

/** The headless engine: an `EventTarget` firing the element's events, with the element's methods. */
export interface Uploader extends EventTarget {
  /** A snapshot of the list, oldest first. */
  readonly items: readonly UploadItem[];
  /** The options in force; change them with `configure`. */
  readonly options: Readonly<UploaderOptions>;
  configure(options: Partial<UploaderOptions>): void;
  /** Queues files; with `max`, files of this call beyond the first `max` are refused with `rejected_count`. */
  add(files: Iterable<File>, options?: AddOptions): UploadItem[];
  addUrl(url: string, fields?: MediaFields): UploadItem;
  addS3(bucket: string, key: string, fields?: MediaFields): UploadItem;
  /** Changes name/description/project/contact of an item that has not started yet. */
  update(id: string, fields: MediaFields): void;
  start(): void;
  cancel(id?: string): void;
  retry(id?: string): void;
  remove(id: string): void;
  clear(): void;
  /** Stops everything without events; the uploader is not used afterwards. */
  dispose(): void;
  addEventListener<K extends keyof UploaderEventMap>(
    type: K,
    listener: (event: UploaderEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
}

/** Per-call limits of `add`, e.g. one file per drop when the element is not `multiple`. */
export interface AddOptions {
  max?: number;
}

/** An item with what only the engine needs to know about it. */
interface Entry {
  item: UploadItem;
  /** Bumped whenever the app takes control (cancel, retry, remove): a running attempt that sees it changed stops. */
  life: number;
  /** Owned by a running upload loop. */
  running: boolean;
  /** Waiting for `start()` in manual mode. */
  held: boolean;
  controller?: AbortController;
  meter: ProgressMeter;
}

let sequence = 0;
const newId = () => `wu-${Date.now().toString(36)}-${(++sequence).toString(36)}`;

/** Creates the headless upload engine (SPEC §8). */
export function createUploader(options: UploaderOptions = {}): Uploader {
  return new UploadQueue(options);
}

class UploadQueue extends EventTarget implements Uploader {
  private opts: UploaderOptions;
  private readonly entries: Entry[] = [];
  private readonly tokens: TokenClient;
  private readonly progress = new ProgressPacer(() => this.flushProgress());
  private readonly dirty = new Set<Entry>();
  private inFlight = 0;
  /** Something was queued since the last `wistia-queue-complete`. */
  private hadWork = false;

  constructor(options: UploaderOptions) {
    super();
    this.opts = { ...options };
    this.tokens = new TokenClient(() => this.opts);
  }

  get options(): Readonly<UploaderOptions> {
    return this.opts;
  }

  get items(): readonly UploadItem[] {
    return this.entries.map((e) => ({ ...e.item }));
  }

  configure(options: Partial<UploaderOptions>): void {
    this.opts = { ...this.opts, ...options };
    this.pump();
  }

  private option<K extends keyof typeof DEFAULT_OPTIONS>(key: K): (typeof DEFAULT_OPTIONS)[K] {
    const value = this.opts[key] as (typeof DEFAULT_OPTIONS)[K] | undefined | null;
    return value === undefined || value === null ? DEFAULT_OPTIONS[key] : value;
  }

  add(files: Iterable<File>, { max }: AddOptions = {}): UploadItem[] {
    const added: Entry[] = [];
    // Counted once and kept up to date: recounting per file made a drop of thousands quadratic.
    let count = this.countTowardsLimit();
    for (const file of files) {
      const entry = this.newEntry({
        source: 'file',
        name: file.name,
        size: file.size,
        type: inferredType(file),
        file,
        total: file.size,
      });
      const error =
        max !== undefined && added.length >= max
          ? tooManyAtOnce(max)
          : rejectFile(file, {
              accept: this.option('accept'),
              maxFileSize: this.option('maxFileSize'),
              maxFiles: this.option('maxFiles'),
              count,
            });
      this.admit(entry, error);
      if (!error) count++;
      added.push(entry);
    }
    this.pump();
    return added.map((e) => ({ ...e.item }));
  }

  addUrl(url: string, fields: MediaFields = {}): UploadItem {
    return this.addLink(normaliseLink(url), fields, url);
  }

  addS3(bucket: string, key: string, fields: MediaFields = {}): UploadItem {
    return this.addLink(validS3(bucket, key), fields, `s3://${bucket}/${key}`);
  }

  private addLink(link: NormalisedLink, fields: MediaFields, original: string): UploadItem {
    const base = { ...fields, total: 0 };
    const entry =
      link.kind === 'url'
        ? this.newEntry({ ...base, source: 'url', url: link.url, name: fields.name ?? link.name })
        : link.kind === 's3'
          ? this.newEntry({
              ...base,
              source: 's3',
              bucket: link.bucket,
              sourceFile: link.sourceFile,
              name: fields.name ?? link.name,
            })
          : this.newEntry({
              ...base,
              source: /^s3:/i.test(original.trim()) ? 's3' : 'url',
              url: original,
              name: original.trim(),
            });
    const limit = this.option('maxFiles');
    const error: UploadError | undefined =
      link.kind === 'invalid'
        ? link.error
        : limit > 0 && this.countTowardsLimit() >= limit
          ? { code: 'rejected_count', message: `No more than ${limit} items can be added.`, retryable: false }
          : undefined;
    this.admit(entry, error);
    this.pump();
    return { ...entry.item };
  }

  private newEntry(fields: Partial<UploadItem> & Pick<UploadItem, 'source' | 'name' | 'total'>): Entry {
    const item: UploadItem = { id: newId(), status: 'queued', loaded: 0, attempts: 0, ...fields };
    // Cut by code points and before the extension: slicing UTF-16 units could split an emoji and lose the type.
    item.name = truncateName(item.name);
    return { item, life: 0, running: false, held: this.option('manual'), meter: new ProgressMeter() };
  }

  /** Puts the entry in the list, either queued or already rejected with its reason. */
  private admit(entry: Entry, error: UploadError | undefined): void {
    this.entries.push(entry);
    if (error) {
      entry.item.error = error;
      moveTo(entry.item, 'rejected');
      this.dispatchEvent(new FileRejectEvent({ item: { ...entry.item } }));
    } else {
      this.hadWork = true;
    }
  }

  private countTowardsLimit(): number {
    return this.entries.filter((e) => e.item.status !== 'rejected').length;
  }

  private find(id: string): Entry | undefined {
    return this.entries.find((e) => e.item.id === id);
  }

  update(id: string, fields: MediaFields): void {
    const entry = this.find(id);
    if (!entry || entry.item.status !== 'queued' || entry.running) return;
    Object.assign(entry.item, appFields(fields));
  }

  start(): void {
    for (const entry of this.entries) entry.held = false;
    this.pump();
  }

  cancel(id?: string): void {
    const targets = id === undefined ? this.entries : [this.find(id)];
    for (const entry of targets) {
      if (!entry || (entry.item.status !== 'queued' && entry.item.status !== 'uploading')) continue;
      this.stop(entry);
      moveTo(entry.item, 'cancelled');
      this.dispatchEvent(new UploadCancelEvent({ item: { ...entry.item } }));
    }
    this.afterChange();
  }

  retry(id?: string): void {
    const targets = id === undefined ? this.entries.filter((e) => e.item.status === 'failed') : [this.find(id)];
    for (const entry of targets) {
      if (!entry || (entry.item.status !== 'failed' && entry.item.status !== 'cancelled')) continue;
      this.stop(entry);
      moveTo(entry.item, 'queued');
      Object.assign(entry.item, { loaded: 0, attempts: 0, error: undefined, media: undefined });
      entry.held = false;
      this.hadWork = true;
    }
    this.pump();
  }

  remove(id: string): void {
    const entry = this.find(id);
    if (!entry) return;
    if (entry.item.status === 'queued' || entry.item.status === 'uploading') this.cancel(id);
    this.stop(entry);
    this.entries.splice(this.entries.indexOf(entry), 1);
    this.afterChange();
  }

  clear(): void {
    for (const entry of this.entries.filter((e) => isFinished(e.item.status))) {
      this.entries.splice(this.entries.indexOf(entry), 1);
    }
  }

  dispose(): void {
    for (const entry of this.entries) this.stop(entry);
    this.entries.length = 0;
    this.tokens.dispose();
  }

  /** Ends whatever is running for the entry; the running loop notices the new life and goes quiet. */
  private stop(entry: Entry): void {
    entry.life++;
    entry.controller?.abort();
    entry.controller = undefined;
    this.dirty.delete(entry);
  }

  /** Starts queued items while there is room. */
  private pump(): void {
    const limit = Math.max(1, Math.floor(this.option('concurrency')) || 1);
    for (const entry of this.entries) {
      if (this.inFlight >= limit) break;
      if (entry.item.status === 'queued' && !entry.held && !entry.running) void this.run(entry);
    }
  }

  private async run(entry: Entry): Promise<void> {
    const life = entry.life;
    entry.running = true;
    this.inFlight++;
    try {
      const fields = await this.askApp(entry);
      if (entry.life !== life) return;
      if (fields === false) return;
      moveTo(entry.item, 'uploading');
      this.dispatchEvent(new UploadStartEvent({ item: { ...entry.item } }));
      await this.attempts(entry, life, fields);
    } finally {
      entry.running = false;
      this.inFlight--;
      this.afterChange();
    }
  }

  /** `beforeUpload`: the app may edit the fields or refuse the item. */
  private async askApp(entry: Entry): Promise<MediaFields | false> {
    const hook = this.opts.beforeUpload;
    let answer: unknown;
    try {
      answer = hook ? await hook({ ...entry.item }) : undefined;
    } catch (err) {
      answer = { refused: err instanceof Error && err.message ? err.message : 'The page refused this file.' };
    }
    if (answer === false || (answer && typeof answer === 'object' && 'refused' in answer)) {
      const message = (answer as { refused?: string })?.refused ?? 'The page refused this file.';
      entry.item.error = { code: 'rejected_by_app', message, retryable: false };
      moveTo(entry.item, 'rejected');
      this.dispatchEvent(new FileRejectEvent({ item: { ...entry.item } }));
      return false;
    }
    if (answer && typeof answer === 'object') Object.assign(entry.item, appFields(answer as MediaFields));
    const { item } = entry;
    return {
      name: item.name,
      description: item.description ?? this.opts.description,
      projectId: item.projectId ?? this.opts.projectId,
      contactId: item.contactId ?? this.opts.contactId,
    };
  }

  /** Attempts until success, a final failure, or the app takes over; retries and the 401 repeat live here. */
  private async attempts(entry: Entry, life: number, fields: MediaFields): Promise<void> {
    const insecure = this.insecureEndpoint(entry.item);
    if (insecure) {
      // Refused before the token is fetched: it must never travel in clear text.
      const message = `The endpoint ${insecure} is not secure: use https (http only for localhost).`;
      return this.fail(entry, { code: 'insecure_url', message, retryable: false });
    }
    let retriesUsed = 0;
    let refreshedToken = false;
    for (;;) {
      const controller = new AbortController();
      entry.controller = controller;
      entry.item.attempts++;
      entry.item.loaded = 0;
      entry.meter.reset();
      let outcome: Classified;
      let token: string | undefined;
      try {
        await waitForOnline(controller.signal);
        token = await this.tokens.get(controller.signal);
        outcome = classifyResponse(await this.sendItem(entry, fields, token, controller.signal));
      } catch (err) {
        if (entry.life !== life) return;
        outcome = { ok: false, error: errorFrom(err) };
      }
      if (entry.life !== life) return;
      if (outcome.ok) return this.succeed(entry, life, outcome.media);
      if (outcome.unauthorized && !refreshedToken && token) {
        refreshedToken = true;
        this.tokens.invalidate(token);
        continue;
      }
      const { error } = outcome;
      if (error.retryable && isOffline()) continue;
      if (!error.retryable || retriesUsed >= this.option('retries')) return this.fail(entry, error);
      retriesUsed++;
      const delayMs = retryDelay(retriesUsed, outcome.retryAfterMs);
      this.dispatchEvent(
        new UploadRetryEvent({ item: { ...entry.item }, error, attempt: entry.item.attempts + 1, delayMs }),
      );
      try {
        await sleep(delayMs, controller.signal);
      } catch {
        return;
      }
      if (entry.life !== life) return;
    }
  }

  /** The first endpoint this item would send the token to that is neither https nor local. */
  private insecureEndpoint(item: UploadItem): string | undefined {
    const endpoints: string[] = [item.source === 's3' ? this.option('s3CopyUrl') : this.option('uploadUrl')];
    if (this.option('waitForReady')) endpoints.push(this.option('apiUrl'));
    const base = typeof location === 'undefined' ? undefined : location.href;
    return endpoints.find((url) => !isSecureEndpoint(url, base));
  }

  private sendItem(entry: Entry, fields: MediaFields, token: string, signal: AbortSignal) {
    const { item } = entry;
    const common = { token, signal, stallTimeout: this.option('stallTimeout') };
    if (item.source === 'file' && item.file) {
      return send({
        ...common,
        url: this.option('uploadUrl'),
        body: fileUploadBody(item.file, fields, truncateName(item.file.name)),
        onUploadProgress: (loaded, total) => this.onProgress(entry, loaded, total),
      });
    }
    if (item.source === 's3') {
      const body = importBody(
        [
          ['bucket', item.bucket!],
          ['source_file', item.sourceFile!],
        ],
        fields,
      );
      return send({ ...common, url: this.option('s3CopyUrl'), body });
    }
    return send({ ...common, url: this.option('uploadUrl'), body: importBody([['url', item.url!]], fields) });
  }

  /** Multipart adds a few hundred bytes around the file: scale to the file's own size. */
  private onProgress(entry: Entry, loaded: number, total: number): void {
    const size = entry.item.total;
    entry.item.loaded = total > 0 ? Math.min(size, Math.round((loaded / total) * size)) : Math.min(size, loaded);
    entry.meter.sample(entry.item.loaded);
    this.dirty.add(entry);
    this.progress.schedule();
  }

  private flushProgress(): void {
    for (const entry of this.dirty) this.emitProgress(entry);
    this.dirty.clear();
  }

  private emitProgress(entry: Entry): void {
    if (entry.item.status !== 'uploading') return;
    const { loaded, total } = entry.item;
    this.dispatchEvent(
      new UploadProgressEvent({
        item: { ...entry.item },
        loaded,
        total,
        percent: total > 0 ? Math.min(100, (loaded / total) * 100) : 0,
        bytesPerSecond: entry.meter.bytesPerSecond,
        secondsLeft: entry.meter.secondsLeft(loaded, total),
      }),
    );
  }

  private succeed(entry: Entry, life: number, media: WistiaMedia): void {
    const { item } = entry;
    // The last progress (every byte sent) reaches listeners before the success, whatever the pacing held back.
    const unreported = this.dirty.delete(entry) || item.loaded < item.total;
    item.loaded = item.total;
    if (unreported) this.emitProgress(entry);
    item.media = media;
    entry.controller = undefined;
    const wait = this.option('waitForReady');
    moveTo(item, wait ? 'processing' : 'succeeded');
    this.dispatchEvent(new UploadSuccessEvent({ item: { ...item }, media }));
    // Processing can take minutes: it must not hold one of the upload slots.
    if (wait) void this.watchProcessing(entry, life, media);
  }

  private async watchProcessing(entry: Entry, life: number, media: WistiaMedia): Promise<void> {
    const controller = new AbortController();
    entry.controller = controller;
    const result = await waitUntilProcessed({
      media,
      apiUrl: this.option('apiUrl'),
      tokens: this.tokens,
      signal: controller.signal,
    });
    if (entry.life !== life || !result) return;
    entry.controller = undefined;
    entry.item.media = result.media;
    if (result.ready) {
      moveTo(entry.item, 'succeeded');
      this.dispatchEvent(new MediaReadyEvent({ item: { ...entry.item }, media: result.media }));
    } else {
      this.fail(entry, result.error);
    }
    this.afterChange();
  }

  private fail(entry: Entry, error: UploadError): void {
    this.dirty.delete(entry);
    entry.controller = undefined;
    entry.item.error = error;
    moveTo(entry.item, 'failed');
    this.dispatchEvent(new UploadErrorEvent({ item: { ...entry.item }, error }));
  }

  /** Fires `wistia-queue-complete` once nothing is queued or in flight after some work. */
  private afterChange(): void {
    this.pump();
    if (!this.hadWork || this.entries.some((e) => isActive(e.item.status))) return;
    this.hadWork = false;
    const having = (status: UploadItem['status']) =>
      this.entries.filter((e) => e.item.status === status).map((e) => ({ ...e.item }));
    this.dispatchEvent(
      new QueueCompleteEvent({
        succeeded: having('succeeded'),
        failed: having('failed'),
        cancelled: having('cancelled'),
      }),
    );
  }
}

function tooManyAtOnce(max: number): UploadError {
  const message =
    max === 1 ? 'Only one file can be added at a time.' : `No more than ${max} files can be added at once.`;
  return { code: 'rejected_count', message, retryable: false };
}

/** Fields the app sets on an item: unset ones are ignored, and a name is held to Wistia's limit like any other. */
function appFields(fields: MediaFields): Partial<MediaFields> {
  const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<MediaFields>;
  if (typeof set.name === 'string') set.name = truncateName(set.name);
  return set;
}

/** Maps what went wrong without an HTTP answer to the error an item ends with. */
function errorFrom(err: unknown): UploadError {
  if (err instanceof TokenError) return err.error;
  if (err instanceof TransportError && err.reason === 'stalled') {
    return { code: 'stalled', message: 'The upload stopped making progress.', retryable: true };
  }
  return { code: 'network', message: 'The connection was lost.', retryable: true };
}
