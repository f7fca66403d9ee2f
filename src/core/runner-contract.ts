// What the queue and its runner ask of each other: the runner comes with the engine, the queue before it.
import type { Entry } from './item-index.js';
import type { Defaulted } from './options.js';
import type { Poller } from './poller-slot.js';
import type { ProgressReport } from './progress-report.js';
import type { TusClient } from './resumable-item.js';
import type { Runtime } from './runtime.js';
import type { TokenClient } from './token-client.js';
import type { ItemPhase, UploaderOptions } from './types.js';

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
