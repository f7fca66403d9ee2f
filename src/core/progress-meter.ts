/** Weight of the newest speed sample: high enough to follow real changes, low enough to hide jitter. */
const SMOOTHING = 0.3;
/** Samples closer together than this say little about speed. */
const MIN_SAMPLE_MS = 100;

/** Speed and time left for one upload, from the byte counts the browser reports. */
export class ProgressMeter {
  private lastLoaded = 0;
  private lastTime = 0;
  private speed = 0;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.lastTime = this.now();
  }

  /** Starts over, e.g. for a new attempt. */
  reset(): void {
    this.lastLoaded = 0;
    this.lastTime = this.now();
    this.speed = 0;
  }

  sample(loaded: number): void {
    const time = this.now();
    const elapsed = time - this.lastTime;
    if (elapsed < MIN_SAMPLE_MS) return;
    const instant = ((loaded - this.lastLoaded) * 1000) / elapsed;
    this.speed = this.speed === 0 ? instant : this.speed + SMOOTHING * (instant - this.speed);
    this.lastLoaded = loaded;
    this.lastTime = time;
  }

  get bytesPerSecond(): number {
    return Math.max(0, Math.round(this.speed));
  }

  /** `Infinity` until a speed is known. */
  secondsLeft(loaded: number, total: number): number {
    if (loaded >= total) return 0;
    return this.speed > 0 ? Math.ceil((total - loaded) / this.speed) : Infinity;
  }
}

/** Runs `flush` at most once per animation frame; falls back to a timer where there are no frames (workers, hidden tabs). */
export class FrameBatcher {
  private scheduled = false;
  constructor(private readonly flush: () => void) {}

  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    let done = false;
    const run = () => {
      if (done) return;
      done = true;
      this.scheduled = false;
      this.flush();
    };
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
    setTimeout(run, 250);
  }
}
