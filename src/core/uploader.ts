import { FileRejectEvent, QueueCompleteEvent, UploadCancelEvent } from './events.js';
import { DEFAULT_OPTIONS } from './defaults.js';
import { appFields, inferredType, overFileLimit, rejectFile, tooManyAtOnce } from './file-rules.js';
import { isFinished, isInFlight, isPending, isUploaded, PhaseRun, statusOfPhase } from './item-phase.js';
import { createRunner, snapshot, type Entry, type ItemRunner, type RunnerHost } from './item-runner.js';
import { linkItem, normaliseLink, validS3, type NormalisedLink } from './link-rules.js';
import { ProgressMeter, ProgressPacer, progressEventOf } from './progress-meter.js';
import { runtimeWith, type Runtime } from './runtime.js';
import { TokenClient } from './token-client.js';
import { truncateName } from './wistia-api.js';
import type {
  ItemPhase,
  MediaFields,
  Uploader,
  UploadError,
  UploadItem,
  UploaderOptions,
} from './types.js';

let sequence = 0;
const newId = () => `wu-${Date.now().toString(36)}-${(++sequence).toString(36)}`;

/**
 * Creates the headless upload engine (SPEC §8).
 * `runtime` replaces the clock, network, transport or randomness, for tests; apps leave it out.
 */
export function createUploader(options: UploaderOptions = {}, runtime?: Partial<Runtime>): Uploader {
  return new UploadQueue(options, runtimeWith(runtime));
}

class UploadQueue extends EventTarget implements Uploader, RunnerHost {
  options: Readonly<UploaderOptions>;
  readonly tokens: TokenClient;
  watching = true;
  readonly #entries: Entry[] = [];
  readonly #byId = new Map<string, Entry>();
  readonly #runner: ItemRunner;
  readonly #progress: ProgressPacer;
  readonly #dirty = new Set<Entry>();
  readonly #watchers = new Set<() => void>();
  /** Something was queued since the last `wistia-queue-complete`. */
  #hadWork = false;

  constructor(
    options: UploaderOptions,
    readonly runtime: Runtime,
  ) {
    super();
    this.options = { ...options };
    this.tokens = new TokenClient(() => this.options, runtime.clock);
    this.#progress = new ProgressPacer(() => this.#flushProgress(), runtime.clock);
    this.#runner = createRunner(this);
  }

  get items(): readonly UploadItem[] {
    return this.#entries.map(snapshot);
  }

  configure(options: Partial<UploaderOptions>): void {
    this.options = { ...this.options, ...options };
    this.#pump();
  }

  option<K extends keyof typeof DEFAULT_OPTIONS>(key: K): (typeof DEFAULT_OPTIONS)[K] {
    const value = this.options[key] as (typeof DEFAULT_OPTIONS)[K] | undefined | null;
    return value === undefined || value === null ? DEFAULT_OPTIONS[key] : value;
  }

  emit = (event: Event) => void this.dispatchEvent(event);

  add(files: Iterable<File>): UploadItem[] {
    const added: Entry[] = [];
    const max = this.options.multiple === false ? 1 : undefined;
    // Counted once and kept up to date: recounting per file made a drop of thousands quadratic.
    let count = this.#countTowardsLimit();
    for (const file of files) {
      const error =
        max !== undefined && added.length >= max
          ? tooManyAtOnce(max)
          : rejectFile(file, {
              accept: this.option('accept'),
              maxFileSize: this.option('maxFileSize'),
              maxFiles: this.option('maxFiles'),
              count,
            });
      const { name, size } = file;
      added.push(this.#admit({ source: 'file', name, size, type: inferredType(file), file, total: size }, error));
      if (!error) count++;
    }
    this.#pump();
    return added.map(snapshot);
  }

  addUrl(url: string, fields: MediaFields = {}): UploadItem {
    return this.#addLink(normaliseLink(url), fields, url);
  }

  addS3(bucket: string, key: string, fields: MediaFields = {}): UploadItem {
    return this.#addLink(validS3(bucket, key), fields, `s3://${bucket}/${key}`);
  }

  #addLink(link: NormalisedLink, fields: MediaFields, original: string): UploadItem {
    const item: NewItem = { ...appFields(fields), ...linkItem(link, original, fields.name), total: 0 };
    const error =
      link.kind === 'invalid' ? link.error : overFileLimit(this.option('maxFiles'), this.#countTowardsLimit());
    const entry = this.#admit(item, error);
    this.#pump();
    return snapshot(entry);
  }

  /** Puts a new item in the list, either queued or already rejected with its reason. */
  #admit(fields: NewItem, error: UploadError | undefined): Entry {
    const phase: ItemPhase = error ? 'rejected' : this.option('manual') ? 'held' : 'waiting';
    const status = statusOfPhase(phase);
    const item: UploadItem = { id: newId(), status, phase, loaded: 0, attempts: 0, ...fields };
    // Cut by code points and before the extension: slicing UTF-16 units could split an emoji and lose the type.
    item.name = truncateName(item.name);
    if (error) item.error = error;
    const entry: Entry = {
      item,
      phase: new PhaseRun(phase, this.runtime.clock),
      life: freshLife(),
      meter: new ProgressMeter(() => this.runtime.clock.now()),
      reported: 0,
    };
    this.#entries.push(entry);
    this.#byId.set(item.id, entry);
    this.changed();
    if (error) this.emit(new FileRejectEvent({ item: snapshot(entry) }));
    else this.#hadWork = true;
    return entry;
  }

  #countTowardsLimit(): number {
    return this.#entries.filter((e) => e.item.status !== 'rejected').length;
  }

  update(id: string, fields: MediaFields): void {
    const entry = this.#byId.get(id);
    if (!entry || (entry.phase.name !== 'held' && entry.phase.name !== 'waiting')) return;
    Object.assign(entry.item, appFields(fields));
  }

  start(): void {
    for (const entry of this.#entries) if (entry.phase.name === 'held') this.#runner.move(entry, 'waiting');
    this.#pump();
  }

  cancel(id?: string): void {
    const targets = id === undefined ? [...this.#entries] : [this.#byId.get(id)];
    for (const entry of targets) if (entry) this.#cancelOne(entry);
    this.settled();
  }

  #cancelOne(entry: Entry): void {
    if (!isPending(entry.item.status)) return;
    this.#dirty.delete(entry);
    this.#runner.move(entry, 'cancelled');
    this.emit(new UploadCancelEvent({ item: snapshot(entry) }));
  }

  retry(id?: string): void {
    const targets = id === undefined ? this.#entries.filter((e) => e.item.status === 'failed') : [this.#byId.get(id)];
    for (const entry of targets) {
      if (!entry || (entry.item.status !== 'failed' && entry.item.status !== 'cancelled')) continue;
      this.#runner.move(entry, 'waiting');
      Object.assign(entry.item, { loaded: 0, attempts: 0, error: undefined, media: undefined });
      entry.life = freshLife();
      this.#hadWork = true;
    }
    this.#pump();
  }

  remove(id: string): void {
    const entry = this.#byId.get(id);
    if (!entry) return;
    // Cancelled first, so its end is told; then gone before the queue can be reported complete without it.
    this.#cancelOne(entry);
    if (this.#byId.get(id) !== entry) return;
    this.#forget(entry);
    this.#entries.splice(this.#entries.indexOf(entry), 1);
    this.settled();
  }

  clear(): void {
    const kept = this.#entries.filter((entry) => {
      if (!isFinished(entry.item.status)) return true;
      this.#forget(entry);
      return false;
    });
    this.#entries.splice(0, this.#entries.length, ...kept);
  }

  #forget(entry: Entry): void {
    entry.phase.end();
    this.#byId.delete(entry.item.id);
    this.#dirty.delete(entry);
    this.changed();
  }

  subscribe(listener: () => void): () => void {
    this.#watchers.add(listener);
    return () => this.#watchers.delete(listener);
  }

  changed(): void {
    for (const listener of this.#watchers) listener();
  }

  watchProcessing(on: boolean): void {
    if (this.watching === on) return;
    this.watching = on;
    // Entering the phase again ends the poll in progress, or starts a new one.
    for (const entry of this.#entries) {
      if (entry.phase.name !== 'processing') continue;
      const processing = this.#runner.move(entry, 'processing');
      if (on) this.#runner.watch(entry, processing);
    }
  }

  dispose(): void {
    for (const entry of this.#entries) this.#forget(entry);
    this.#entries.length = 0;
    this.#progress.cancel();
    this.tokens.dispose();
  }

  /** Starts waiting items while there is room. */
  #pump(): void {
    const limit = Math.max(1, Math.floor(this.option('concurrency')) || 1);
    let inFlight = this.#entries.filter((e) => isInFlight(e.phase.name)).length;
    for (const entry of this.#entries) {
      if (inFlight >= limit) break;
      if (entry.phase.name !== 'waiting') continue;
      inFlight++;
      void this.#runner.begin(entry);
    }
  }

  settled(): void {
    this.#pump();
    if (!this.#hadWork || this.#entries.some((e) => isPending(e.item.status))) return;
    this.#hadWork = false;
    const having = (test: (e: Entry) => boolean) => this.#entries.filter(test).map(snapshot);
    this.emit(
      new QueueCompleteEvent({
        // Processing is not in flight: an uploaded item counts as succeeded while Wistia processes it.
        succeeded: having((e) => isUploaded(e.item.status)),
        failed: having((e) => e.item.status === 'failed'),
        cancelled: having((e) => e.item.status === 'cancelled'),
      }),
    );
  }

  progressed(entry: Entry): void {
    this.#dirty.add(entry);
    this.#progress.schedule();
  }

  reportProgress(entry: Entry): void {
    this.#dirty.delete(entry);
    const { item } = entry;
    if (item.source !== 'file' || entry.reported >= item.total) return;
    item.loaded = item.total;
    entry.reported = item.total;
    this.emit(progressEventOf(entry.item, entry.meter));
  }

  #flushProgress(): void {
    const due = [...this.#dirty];
    this.#dirty.clear();
    for (const entry of due) {
      if (entry.phase.name !== 'sending' && entry.phase.name !== 'finishing') continue;
      entry.reported = entry.item.loaded;
      this.emit(progressEventOf(entry.item, entry.meter));
    }
  }
}

type NewItem = Omit<UploadItem, 'id' | 'status' | 'phase' | 'loaded' | 'attempts'>;

function freshLife() {
  return { retriesUsed: 0, refreshed: false, started: false };
}
