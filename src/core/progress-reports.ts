import type { Clock } from './clock.js';
import type { Entry } from './item-index.js';
import { ProgressPacer, progressEventOf } from './progress-meter.js';

/** What the reports need of the queue: a changed item told to the list, an event told, a step run in order. */
export interface ProgressHost {
  touched(entry: Entry): void;
  emit(event: Event): void;
  act(step: () => void): void;
}

/** The `wistia-upload-progress` events of one uploader: paced, and the last one always told before success. */
export class ProgressReports {
  readonly #dirty = new Set<Entry>();
  readonly #pacer: ProgressPacer;

  constructor(
    private readonly host: ProgressHost,
    clock: Clock,
  ) {
    this.#pacer = new ProgressPacer(() => host.act(() => this.#flush()), clock);
  }

  /** Bytes went out: the list changes now, the event goes with the next paced flush. */
  progressed(entry: Entry): void {
    this.#dirty.add(entry);
    this.host.touched(entry);
    this.#pacer.schedule();
  }

  /** The whole file went out: its final progress event is told now, before the item succeeds. */
  reportAll(entry: Entry): void {
    this.#dirty.delete(entry);
    const { item } = entry;
    if (item.source !== 'file' || entry.reported >= item.total) return;
    item.loaded = item.total;
    entry.reported = item.total;
    this.host.touched(entry);
    this.host.emit(progressEventOf(entry.item, entry.meter));
  }

  /** No further event for this item (cancelled or removed). */
  forget(entry: Entry): void {
    this.#dirty.delete(entry);
  }

  dispose(): void {
    this.#pacer.cancel();
  }

  #flush(): void {
    const due = [...this.#dirty];
    this.#dirty.clear();
    for (const entry of due) {
      if (entry.phase.name !== 'sending' && entry.phase.name !== 'finishing') continue;
      entry.reported = entry.item.loaded;
      this.host.emit(progressEventOf(entry.item, entry.meter));
    }
  }
}
