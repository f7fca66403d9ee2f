import { UploadProgressEvent } from './events.js';
import type { Clock } from './runtime.js';
import type { UploadItem } from './types.js';

/** Weight of the newest speed sample: high enough to follow real changes, low enough to hide jitter. */
const SMOOTHING = 0.3;
/** Samples closer together than this say little about speed. */
const MIN_SAMPLE_MS = 100;

/** Speed and time left for one upload, from the byte counts the browser reports. */
export class ProgressMeter {
  #lastLoaded = 0;
  #lastTime: number;
  #speed = 0;
  readonly #now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
    this.#lastTime = now();
  }

  /** Starts over, e.g. for a new attempt. */
  reset(): void {
    this.#lastLoaded = 0;
    this.#lastTime = this.#now();
    this.#speed = 0;
  }

  sample(loaded: number): void {
    const time = this.#now();
    const elapsed = time - this.#lastTime;
    if (elapsed < MIN_SAMPLE_MS) return;
    const instant = ((loaded - this.#lastLoaded) * 1000) / elapsed;
    this.#speed = this.#speed === 0 ? instant : this.#speed + SMOOTHING * (instant - this.#speed);
    this.#lastLoaded = loaded;
    this.#lastTime = time;
  }

  get bytesPerSecond(): number {
    return Math.max(0, Math.round(this.#speed));
  }

  /** `Infinity` until a speed is known. */
  secondsLeft(loaded: number, total: number): number {
    if (loaded >= total) return 0;
    return this.#speed > 0 ? Math.ceil((total - loaded) / this.#speed) : Infinity;
  }
}

/**
 * Least time between two progress events of one uploader: three frames, and just under Chromium's own pace of upload
 * progress (about every 60 ms), so nearly every event goes out at once instead of from a timer task of its own.
 */
export const PROGRESS_INTERVAL_MS = 50;

/**
 * Runs `flush` at most once per interval: at once when the last run is older, else when the interval is up.
 * Timers, not animation frames: asking for a frame makes the page draw one, which cost the main thread more than
 * the whole upload, and frames stop in hidden tabs and workers.
 */
export class ProgressPacer {
  #last = -Infinity;
  #timer: unknown;
  readonly #flush: () => void;
  readonly #clock: Clock;

  constructor(flush: () => void, clock: Clock) {
    this.#flush = flush;
    this.#clock = clock;
  }

  schedule(): void {
    if (this.#timer !== undefined) return;
    const wait = this.#last + PROGRESS_INTERVAL_MS - this.#clock.now();
    if (wait <= 0) return this.#run();
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#run();
    }, wait);
  }

  /** Stops a flush still waiting for its turn. */
  cancel(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #run(): void {
    this.#last = this.#clock.now();
    this.#flush();
  }
}

/** The progress event of `item` as it stands, with `meter`'s speed. */
export function progressEventOf(item: UploadItem, meter: ProgressMeter): UploadProgressEvent {
  const { loaded, total } = item;
  return new UploadProgressEvent({
    item: { ...item },
    loaded,
    total,
    percent: total > 0 ? Math.min(100, (loaded / total) * 100) : 0,
    bytesPerSecond: meter.bytesPerSecond,
    secondsLeft: meter.secondsLeft(loaded, total),
  });
}
