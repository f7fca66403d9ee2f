import { createRunner, type ItemRunner, type RunnerHost } from './item-runner.js';
import { ProcessingPoller } from './processing-watch.js';
import { runtimeWith, type Runtime } from './runtime.js';
import { TokenClient } from './token-client.js';

/** What the engine takes from the queue it sends for; it fills in the parts it brings. */
export interface EngineHost extends Omit<RunnerHost, 'runtime' | 'tokens' | 'poller'> {
  readonly runtimeParts: Partial<Runtime>;
  runtime: Runtime;
  tokens: TokenClient;
  poller: ProcessingPoller;
}

/**
 * Gives a queue what sends its items: the runner, the token client, the status poller and the XHR transport. The
 * element loads this module when its first item needs it; `createUploader` starts it at once.
 */
export function startEngine(queue: EngineHost): ItemRunner {
  const runtime = (queue.runtime = runtimeWith(queue.runtimeParts));
  queue.tokens = new TokenClient(() => queue.options, runtime.clock);
  queue.poller = new ProcessingPoller({
    ...runtime,
    tokens: queue.tokens,
    apiUrl: () => queue.option('apiUrl'),
    act: (step) => queue.act(step),
  });
  return createRunner(queue);
}

export type StartEngine = typeof startEngine;
