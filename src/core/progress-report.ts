import type { Entry } from './item-index.js';
import { ProgressPacer, progressEventOf } from './progress-meter.js';
import type { Clock } from './runtime.js';

/** What the report needs of the queue. */
interface ReportHost {
  readonly clock: Clock;
  act(step: () => void): void;
  emit(event: Event): void;
  bytesMoved(entry: Entry): void;
}

/** Progress of the items being sent, told at the queue's pace: it comes with the engine, as only sending moves bytes. */
export interface ProgressReport {
  /** Bytes moved for `entry`: report them at the queue's pace. */
  progressed(entry: Entry): void;
  /** Reports `entry`'s latest bytes now, if not yet reported. */
  reportProgress(entry: Entry): void;
  /** `entry` left: nothing more is told of it. */
  forget(entry: Entry): void;
  /** Stops a report still waiting for its turn. */
  cancel(): void;
}

export function progressReport(host: ReportHost): ProgressReport {
  const dirty = new Set<Entry>();
  const flush = () => {
    const due = [...dirty];
    dirty.clear();
    for (const entry of due) {
      if (entry.phase.name !== 'sending' && entry.phase.name !== 'finishing') continue;
      entry.reported = entry.item.loaded;
      host.emit(progressEventOf(entry.item, entry.meter!));
    }
  };
  const pacer = new ProgressPacer(() => host.act(flush), host.clock);
  return {
    progressed(entry) {
      dirty.add(entry);
      host.bytesMoved(entry);
      pacer.schedule();
    },
    reportProgress(entry) {
      dirty.delete(entry);
      const { item } = entry;
      if (item.source !== 'file' || entry.reported >= item.total) return;
      item.loaded = item.total;
      entry.reported = item.total;
      host.bytesMoved(entry);
      host.emit(progressEventOf(entry.item, entry.meter!));
    },
    forget: (entry) => void dirty.delete(entry),
    cancel: () => pacer.cancel(),
  };
}
