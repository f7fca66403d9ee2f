import type { Entry } from './item-index.js';
import { createRunner } from './item-runner.js';
import type { ItemRunner, RunnerHost } from './runner-contract.js';
import { pollerFor, type Poller, type PollerClass } from './poller-slot.js';
import { progressReport, type ProgressReport } from './progress-report.js';
import { runtimeWith, type Clock, type Runtime } from './runtime.js';
import { TokenClient } from './token-client.js';

/** What the engine takes from the queue it sends for; it fills in the parts it brings. */
export interface EngineHost extends Omit<RunnerHost, 'runtime' | 'tokens' | 'poller' | 'progress'> {
  progress?: ProgressReport;
  readonly clock: Clock;
  readonly runtimeParts: Partial<Runtime>;
  runtime: Runtime;
  tokens: TokenClient;
  poller: Poller;
  /** The status poller's class, given apart from the engine: only `waitForReady` needs it. */
  readonly Poller?: PollerClass;
  /** Brings `Poller` when it was not given: asked once an item is to be watched. */
  readonly needPoller?: () => Promise<PollerClass>;
  /** Bytes moved for `entry`: the progress report's, told by its events. */
  bytesMoved(entry: Entry): void;
}

/**
 * Gives a queue what sends its items: the runner, the token client, the status poller and the XHR transport. The
 * element loads this module when its first item needs it; `createUploader` starts it at once.
 */
export function startEngine(queue: EngineHost): ItemRunner {
  const runtime = (queue.runtime = runtimeWith(queue.runtimeParts));
  queue.tokens = new TokenClient(() => queue.options, runtime.clock);
  queue.progress = progressReport(queue);
  const context = {
    ...runtime,
    tokens: queue.tokens,
    apiUrl: () => queue.option('apiUrl'),
    act: queue.act.bind(queue),
  };
  queue.poller = pollerFor(context, queue.Poller, queue.needPoller);
  // Every part the runner needs is given above.
  return createRunner(queue as RunnerHost);
}

export type StartEngine = typeof startEngine;
