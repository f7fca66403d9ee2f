import { FileRejectEvent, QueueCompleteEvent, UploadCancelEvent } from './events.js';
import { fileCandidates, linkCandidate, newEntry, type Candidate } from './admission.js';
import { appFields } from './file-rules.js';
import { startEngine, type EngineHost, type StartEngine } from './engine.js';
import { freshLife, ItemIndex, moveEntry, snapshot, type Entry } from './item-index.js';
import { canRetry, isFinished, isPending, queueOutcome } from './item-phase.js';
import type { EngineLessUploader, ItemRunner } from './runner-contract.js';
import { normaliseLink, validS3, type NormalisedLink } from './link-rules.js';
import { checkOptions, DEFAULT_OPTIONS, type Defaulted } from './options.js';
import { Outbox } from './outbox.js';
import type { Poller, PollerClass } from './poller-slot.js';
import { ProcessingPoller } from './processing-watch.js';
import { tusClient, type TusClient } from './resumable-item.js';
import type { ProgressReport } from './progress-report.js';
import { systemClock, type Clock } from './clock.js';
import type { Runtime } from './runtime.js';
import type { TokenClient } from './token-client.js';
import type { ItemPhase, MediaFields, Uploader, UploadItem, UploaderOptions } from './types.js';

export type { EngineLessUploader };

/**
 * Creates the headless upload engine. Throws a `TypeError` naming the option when a value cannot be used.
 * `runtime` replaces the clock, network, transport or randomness, for tests; apps leave it out.
 */
export function createUploader(options: UploaderOptions = {}, runtime?: Partial<Runtime>): Uploader {
  const queue = createQueue(options, runtime);
  queue.tus = tusClient;
  queue.Poller = ProcessingPoller;
  queue.useEngine(startEngine);
  return queue;
}

/**
 * An uploader without its engine yet (see `EngineLessUploader`). Its events are dispatched on it, or handed to
 * `tell` instead: an element that dispatches them itself spares each a second dispatch nobody listens to.
 */
export function createQueue(
  options: UploaderOptions = {},
  runtime: Partial<Runtime> = {},
  tell?: (event: Event) => void,
): EngineLessUploader {
  checkOptions(options);
  return new UploadQueue(options, runtime, tell);
}

class UploadQueue extends EventTarget implements EngineLessUploader, EngineHost {
  options: Readonly<UploaderOptions>;
  // Given by the engine when it starts (`useEngine`).
  runtime!: Runtime;
  tokens!: TokenClient;
  poller!: Poller;
  progress?: ProgressReport;
  tus?: TusClient;
  needTus?: () => Promise<unknown>;
  Poller?: PollerClass;
  needPoller?: () => Promise<PollerClass>;
  readonly clock: Clock;
  readonly #list = new ItemIndex();
  readonly #entries = this.#list.byId;
  #runner?: ItemRunner;
  /** Processing is watched (`watchProcessing`), as the poller is told once there is one. */
  #watching = true;
  readonly #watchers = new Set<() => void>();
  readonly #outbox: Outbox;
  /** Steps running (`act`), and whether one changed the list: subscribers are told when the last ends. */
  #steps = 0;
  #watchersDue = false;
  /** Something was queued since the last `wistia-queue-complete`. */
  #hadWork = false;

  constructor(
    options: UploaderOptions,
    readonly runtimeParts: Partial<Runtime>,
    tell: (event: Event) => void = (event) => void this.dispatchEvent(event),
  ) {
    super();
    this.options = { ...options };
    this.clock = runtimeParts.clock ?? systemClock;
    this.#outbox = new Outbox(tell, () => this.#settle());
  }

  useEngine(start: StartEngine): void {
    if (this.#runner) return;
    this.#runner = start(this);
    this.poller.pause(!this.#watching);
    // Items queued while the engine was on its way go now.
    this.settled();
  }

  #move(entry: Entry, to: ItemPhase): void {
    moveEntry(entry, to, this.clock, (moved, from) => this.touched(moved, from));
  }

  get items(): readonly UploadItem[] {
    return this.#list.items;
  }

  act(step: () => void): void {
    this.#steps++;
    try {
      this.#outbox.run(step);
    } finally {
      if (--this.#steps === 0 && this.#watchersDue) this.#tellWatchers();
    }
  }

  emit(event: Event): void {
    this.#outbox.tell(event);
  }

  configure(options: Partial<UploaderOptions>): void {
    checkOptions(options);
    this.act(() => {
      this.options = { ...this.options, ...options };
      this.settled();
    });
  }

  option<K extends keyof Defaulted>(key: K): Defaulted[K] {
    const value = this.options[key] as Defaulted[K] | undefined | null;
    return value === undefined || value === null ? DEFAULT_OPTIONS[key] : value;
  }

  add(files: Iterable<File>): UploadItem[] {
    const added: Entry[] = [];
    this.act(() => {
      const limits = {
        multiple: this.option('multiple'),
        accept: this.option('accept'),
        maxFileSize: this.option('maxFileSize'),
        maxFiles: this.option('maxFiles'),
      };
      for (const taken of fileCandidates(files, limits, this.#list.counted)) added.push(this.#admit(taken));
      this.settled();
    });
    return added.map(snapshot);
  }

  addUrl(url: string, fields: MediaFields = {}): UploadItem {
    return this.#addLink(normaliseLink(url), fields, url);
  }

  addS3(bucket: string, key: string, fields: MediaFields = {}): UploadItem {
    return this.#addLink(validS3(bucket, key), fields, `s3://${bucket}/${key}`);
  }

  #addLink(link: NormalisedLink, fields: MediaFields, original: string): UploadItem {
    let entry!: Entry;
    this.act(() => {
      entry = this.#admit(linkCandidate(link, fields, original, this.option('maxFiles'), this.#list.counted));
      this.settled();
    });
    return snapshot(entry);
  }

  /** Puts a new item in the list, either queued or already rejected with its reason. */
  #admit(taken: Candidate): Entry {
    const phase: ItemPhase = taken.error ? 'rejected' : this.option('manual') ? 'held' : 'waiting';
    const entry = newEntry(taken, phase, this.clock);
    this.#list.add(entry);
    this.#tellWatchers();
    if (taken.error) this.emit(new FileRejectEvent({ item: snapshot(entry) }));
    else this.#hadWork = true;
    return entry;
  }

  touched(entry: Entry, from?: ItemPhase): void {
    this.#list.changed(entry, from);
    this.#tellWatchers();
  }

  /** Bytes moved: `items` shows them, but subscribers are not called, as progress events tell them at their pace. */
  bytesMoved(entry: Entry): void {
    this.#list.changed(entry);
  }

  /** Subscribers hear of a change once per step, not once per item it touched. */
  #tellWatchers(): void {
    this.#watchersDue = this.#steps > 0;
    if (!this.#watchersDue) for (const listener of this.#watchers) listener();
  }

  update(id: string, fields: MediaFields): void {
    const entry = this.#entries.get(id);
    if (!entry || (entry.phase.name !== 'held' && entry.phase.name !== 'waiting')) return;
    Object.assign(entry.item, appFields(fields));
    this.touched(entry);
  }

  start(): void {
    this.act(() => {
      for (const entry of this.#entries.values()) if (entry.phase.name === 'held') this.#move(entry, 'waiting');
      this.settled();
    });
  }

  cancel(id?: string): void {
    this.act(() => {
      if (id === undefined) for (const entry of this.#entries.values()) this.#cancelOne(entry);
      else this.#cancelOne(this.#entries.get(id));
      this.settled();
    });
  }

  /** Queued or uploading items end `cancelled`; one Wistia already has is uploaded for good and stays as it is. */
  #cancelOne(entry: Entry | undefined): void {
    if (!entry || !isPending(entry.item.status)) return;
    this.progress?.forget(entry);
    this.#move(entry, 'cancelled');
    this.#runner?.cancelled(entry);
    this.emit(new UploadCancelEvent({ item: snapshot(entry) }));
  }

  retry(id?: string): void {
    this.act(() => {
      const targets =
        id === undefined
          ? [...this.#entries.values()].filter((e) => e.item.status === 'failed')
          : [this.#entries.get(id)];
      for (const entry of targets) if (entry && canRetry(entry.item)) this.#revive(entry);
      this.settled();
    });
  }

  /** A new life of a failed or cancelled item that Wistia does not have. */
  #revive(entry: Entry): void {
    this.#move(entry, 'waiting');
    Object.assign(entry.item, { loaded: 0, attempts: 0, error: undefined });
    entry.life = freshLife();
    this.touched(entry);
    this.#hadWork = true;
  }

  remove(id: string): void {
    this.act(() => {
      const entry = this.#entries.get(id);
      if (!entry) return;
      // Cancelled first, so its end is told; gone before the queue can be reported complete without it.
      this.#cancelOne(entry);
      if (this.#entries.get(id) === entry) this.#forget(entry);
      this.settled();
    });
  }

  clear(): void {
    this.act(() => {
      for (const entry of this.#entries.values()) if (isFinished(entry.item.status)) this.#forget(entry);
    });
  }

  /** Takes an item off the list: its phase ended, its processing no longer watched. */
  #forget(entry: Entry): void {
    entry.phase.end();
    if (entry.watched) this.poller.unwatch(entry.watched);
    entry.watched = undefined;
    this.#list.delete(entry);
    this.progress?.forget(entry);
    this.#tellWatchers();
  }

  subscribe(listener: () => void): () => void {
    this.#watchers.add(listener);
    return () => this.#watchers.delete(listener);
  }

  watchProcessing(on: boolean): void {
    this.#watching = on;
    if (this.#runner) this.poller.pause(!on);
  }

  dispose(): void {
    this.#outbox.close();
    if (this.#runner) this.poller.dispose();
    for (const entry of this.#entries.values()) this.#forget(entry);
    this.progress?.cancel();
    if (this.#runner) this.tokens.dispose();
  }

  settled(): void {
    this.#outbox.settleLater();
  }

  /** After every step, once its events are told: start waiting items while there is room, then say if all is done. */
  #settle(): void {
    const limit = this.option('concurrency');
    const runner = this.#runner;
    for (const entry of runner ? this.#list.waiting : []) {
      if (this.#list.slots >= limit) break;
      void runner!.begin(entry);
    }
    if (!this.#hadWork || this.#list.pending > 0) return;
    this.#hadWork = false;
    this.emit(new QueueCompleteEvent(queueOutcome(this.items)));
  }
}
