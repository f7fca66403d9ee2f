import type { Clock } from './runtime.js';
import type { QueueCompleteDetail } from './events.js';
import type { ItemPhase, ItemStatus, UploadItem } from './types.js';

/** The only moves an item may make; anything else is a bug in the engine. */
const moves: Record<ItemPhase, readonly ItemPhase[]> = {
  held: ['waiting', 'cancelled'],
  waiting: ['held', 'asking', 'cancelled'],
  asking: ['authorizing', 'offline', 'rejected', 'failed', 'cancelled'],
  authorizing: ['sending', 'offline', 'backing-off', 'failed', 'cancelled'],
  // The answer can come before the browser reports the last byte sent.
  sending: ['finishing', 'authorizing', 'offline', 'backing-off', 'processing', 'succeeded', 'failed', 'cancelled'],
  finishing: ['authorizing', 'offline', 'backing-off', 'processing', 'succeeded', 'failed', 'cancelled'],
  'backing-off': ['authorizing', 'offline', 'cancelled'],
  offline: ['authorizing', 'failed', 'cancelled'],
  processing: ['succeeded', 'failed'],
  succeeded: [],
  failed: ['waiting'],
  cancelled: ['waiting'],
  rejected: [],
};

const QUEUED: readonly ItemPhase[] = ['held', 'waiting', 'asking'];
const UPLOADING: readonly ItemPhase[] = ['authorizing', 'sending', 'finishing', 'backing-off', 'offline'];

export class IllegalTransitionError extends Error {
  constructor(from: ItemPhase, to: ItemPhase) {
    super(`An upload item cannot go from "${from}" to "${to}".`);
    this.name = 'IllegalTransitionError';
  }
}

/** The status a phase belongs to; the phases from processing on are statuses of their own. */
export function statusOfPhase(phase: ItemPhase): ItemStatus {
  return QUEUED.includes(phase) ? 'queued' : UPLOADING.includes(phase) ? 'uploading' : (phase as ItemStatus);
}

/** Holds a slot of `concurrency`: the app has been asked, or an attempt is under way. */
export function holdsSlot(phase: ItemPhase): boolean {
  return UPLOADING.includes(phase) || phase === 'asking';
}

/** Queued or uploading: what `wistia-queue-complete` waits for. Processing is not. */
export function isPending(status: ItemStatus): boolean {
  return status === 'queued' || status === 'uploading';
}

/**
 * In flight: being sent or waiting to be. What the `uploading` attribute, the unload guard and form validity count.
 * Processing is not (the file is with Wistia), and an item held for `start()` waits for the user, not the network.
 */
export function isInFlight(item: { status: ItemStatus; phase: ItemPhase }): boolean {
  return item.status === 'uploading' || (item.status === 'queued' && item.phase !== 'held');
}

/** Queued in `manual` mode, waiting for Start: its name and description can be edited. */
export const isHeld = (item: { status: ItemStatus; phase: ItemPhase }) =>
  item.status === 'queued' && item.phase === 'held';

/** With Wistia, processed or not: the form and `wistia-queue-complete` count it as succeeded. */
export function isUploaded(status: ItemStatus): boolean {
  return status === 'succeeded' || status === 'processing';
}

/** How a queue ended, item by item (copies): an uploaded item counts as succeeded while Wistia processes it. */
export function queueOutcome(items: readonly UploadItem[]): QueueCompleteDetail {
  const having = (test: (item: UploadItem) => boolean) => items.filter(test).map((item) => ({ ...item }));
  return {
    succeeded: having((item) => isUploaded(item.status)),
    failed: having((item) => item.status === 'failed'),
    cancelled: having((item) => item.status === 'cancelled'),
  };
}

/** Retry starts a new life only where sending again cannot make a second media: never once Wistia has it. */
export function canRetry(item: UploadItem): boolean {
  return (item.status === 'failed' || item.status === 'cancelled') && item.media === undefined;
}

/** Ended one way or another: `clear()` may take it off the list. */
export function isFinished(status: ItemStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled' || status === 'rejected';
}

/**
 * One stay of an item in a phase. It owns the phase's timers and `AbortController`; leaving the phase ends it,
 * which disposes both, so a late continuation of a phase that was left sees `active === false` and does nothing.
 */
export class PhaseRun {
  #controller?: AbortController;
  active = true;
  readonly #timers = new Set<unknown>();
  readonly #cleanups: (() => void)[] = [];
  readonly #clock: Clock;

  constructor(
    readonly name: ItemPhase,
    clock: Clock,
    /** A request that goes on across the move (sending → finishing) keeps its controller. */
    carried?: AbortController,
  ) {
    this.#clock = clock;
    this.#controller = carried;
  }

  /**
   * Made on first use: most phases (held, waiting, cancelled…) never hand out a signal, and aborting one costs a
   * `DOMException` with its stack, which made a reset of thousands of items slow.
   */
  get controller(): AbortController {
    if (this.#controller) return this.#controller;
    this.#controller = new AbortController();
    // A run already left hands out a signal that says so, as it would have had it been made before.
    if (!this.active) this.#controller.abort();
    return this.#controller;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Runs `callback` after `ms`, unless the phase has been left by then. */
  after(ms: number, callback: () => void): void {
    // A run already left sets no timer: nothing would ever clear it.
    if (!this.active) return;
    const handle = this.#clock.setTimeout(() => {
      this.#timers.delete(handle);
      if (this.active) callback();
    }, ms);
    this.#timers.add(handle);
  }

  clearTimers(): void {
    for (const handle of this.#timers) this.#clock.clearTimeout(handle);
    this.#timers.clear();
  }

  onEnd(cleanup: () => void): void {
    this.#cleanups.push(cleanup);
  }

  /** Leaves the phase: timers cleared, listeners removed, and its request aborted unless handed on. */
  end(handOver = false): void {
    this.active = false;
    this.clearTimers();
    for (const cleanup of this.#cleanups.splice(0)) cleanup();
    if (!handOver) this.#controller?.abort();
  }
}

/** Phases from which an item is (or may be) sent: an item Wistia has answered 200 for never enters them again. */
const SENDING_SIDE: readonly ItemPhase[] = ['waiting', ...QUEUED, ...UPLOADING];

/**
 * Moves an item to `to`, ending the phase it was in; throws when the move is not allowed. `uploaded`: Wistia has
 * the media, so the item is uploaded for good and no move leads back to sending it.
 */
export function enterPhase(
  current: PhaseRun,
  to: ItemPhase,
  clock: Clock,
  carryRequest = false,
  uploaded = false,
): PhaseRun {
  if (!moves[current.name].includes(to) || (uploaded && SENDING_SIDE.includes(to))) {
    throw new IllegalTransitionError(current.name, to);
  }
  current.end(carryRequest);
  return new PhaseRun(to, clock, carryRequest ? current.controller : undefined);
}
