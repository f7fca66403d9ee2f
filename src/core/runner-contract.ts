// What the queue, its runner and its engine ask of each other: the engine comes with the runner, the queue before them.
import type { StartEngine } from './engine.js';
import type { Entry } from './item-index.js';
import type { Defaulted } from './options.js';
import type { Poller, PollerClass } from './poller-slot.js';
import type { ProgressReport } from './progress-report.js';
import type { TusClient } from './resumable-item.js';
import type { Runtime } from './runtime.js';
import type { TokenClient } from './token-client.js';
import type { ItemPhase, Uploader, UploaderOptions } from './types.js';

/** What the runner needs from the queue it works for. */
export interface RunnerHost {
  readonly runtime: Runtime;
  readonly tokens: TokenClient;
  readonly poller: Poller;
  readonly options: Readonly<UploaderOptions>;
  /** An option as set, or its default. */
  option<K extends keyof Defaulted>(key: K): Defaulted[K];
  /** Tells `event` once the step under way is complete. */
  emit(event: Event): void;
  /** Runs a continuation (a timer, an answer) as one step: its events are told after all its changes. */
  act(step: () => void): void;
  /** Bytes moved, told at the queue's pace. */
  readonly progress: ProgressReport;
  /** An item left its slot or ended: start the next, and tell when the queue is complete. */
  settled(): void;
  /** The resumable client, once here (the element fetches it only for `resumable`). */
  readonly tus?: TusClient;
  /** Resolves once `tus` is here: asked only when `resumable` is set before it came. */
  needTus?(): Promise<unknown>;
  /** `entry` changed, from phase `from` (itself, when only its fields changed). */
  touched(entry: Entry, from?: ItemPhase): void;
}

/** What the queue asks of its runner. */
export interface ItemRunner {
  /** Takes a slot: asks `beforeUpload`, then makes the first attempt. */
  begin(entry: Entry): Promise<void>;
  /** The queue cancelled the item: the relay may let go of what it holds of it. */
  cancelled(entry: Entry): void;
}

/** An uploader whose engine comes later: it takes, checks and lists items at once, and sends them once it has one. */
export interface EngineLessUploader extends Uploader {
  useEngine(start: StartEngine): void;
  /** Runs several calls as one step: its events are told, and subscribers called, once it is complete. */
  act(step: () => void): void;
  /** The resumable client, given apart from the engine: only `resumable` needs it. */
  tus?: TusClient;
  /** Asked by an item of a `resumable` queue before `tus` came; resolves once it is here. */
  needTus?: () => Promise<unknown>;
  /** The status poller's class, given apart from the engine: only `waitForReady` needs it. */
  Poller?: PollerClass;
  /** Brings `Poller` when an item is to be watched before it came. */
  needPoller?: () => Promise<PollerClass>;
}
