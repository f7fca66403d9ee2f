import type { PollerContext, ProcessingPoller, Watched } from './processing-watch.js';

/** What the engine asks of its status poller. */
export type Poller = Pick<ProcessingPoller, 'watch' | 'unwatch' | 'pause' | 'dispose'>;
export type PollerClass = new (context: PollerContext) => Poller;

/**
 * The engine's status poller: the real one at once where its class is given (the core), else one that holds the
 * watches until `fetch` brings the class (the element fetches it only for `wait-for-ready`).
 */
export function pollerFor(
  context: PollerContext,
  given: PollerClass | undefined,
  fetch: (() => Promise<PollerClass>) | undefined,
): Poller {
  if (given) return new given(context);
  let real: Poller | undefined;
  let paused = false;
  let disposed = false;
  const held = new Set<Watched>();
  const arrived = (Class: PollerClass) => {
    if (real || disposed) return;
    real = new Class(context);
    real.pause(paused);
    for (const subject of held) real.watch(subject);
    held.clear();
  };
  return {
    watch(subject) {
      if (real) return real.watch(subject);
      held.add(subject);
      void fetch?.().then(arrived);
    },
    unwatch: (subject) => (real ? real.unwatch(subject) : void held.delete(subject)),
    pause(on) {
      paused = on;
      real?.pause(on);
    },
    dispose() {
      disposed = true;
      held.clear();
      real?.dispose();
    },
  };
}
