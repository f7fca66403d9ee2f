import { enterPhase, holdsSlot, isPending, statusOfPhase, type PhaseRun } from './item-phase.js';
import type { ProgressMeter } from './progress-meter.js';
import type { Clock } from './runtime.js';
import type { Watched } from './processing-watch.js';
import type { TusUpload } from './tus-upload.js';
import type { ItemPhase, MediaFields, UploadItem } from './types.js';

/** What one life of an item (from queueing or `retry()` to its end) remembers. */
export interface Life {
  retriesUsed: number;
  /** The one repeat after a 401 with a fresh token has been made. */
  refreshed: boolean;
  started: boolean;
  /** The fields sent to Wistia, fixed once the app has been asked. */
  fields?: MediaFields;
  /** An upload relay's reference for the media, needed for its status reads. */
  relayRef?: string;
  /** With `resumable`, the file's tus upload, which goes on across the life's attempts. */
  upload?: TusUpload;
}

export const freshLife = (): Life => ({ retriesUsed: 0, refreshed: false, started: false });

/** An item with what only the engine needs to know about it. */
export interface Entry {
  item: UploadItem;
  phase: PhaseRun;
  life: Life;
  /** Made by the engine at each attempt's send. */
  meter?: ProgressMeter;
  /** `loaded` as of the latest progress event. */
  reported: number;
  /** `items`' frozen copy of the item, made again after the item changes. */
  copy?: UploadItem;
  /** Set while Wistia processes the item and the poller watches it. */
  watched?: Watched;
}

/**
 * Moves `entry` to `to`; the phase it leaves is ended (timers, listeners and request, unless carried on), and
 * `touched` hears of it. The queue moves items too while the engine that sends them is still loading.
 */
export function moveEntry(
  entry: Entry,
  to: ItemPhase,
  clock: Clock,
  touched: (entry: Entry, from: ItemPhase) => void,
  carryRequest = false,
): PhaseRun {
  const { item } = entry;
  const from = entry.phase.name;
  entry.phase = enterPhase(entry.phase, to, clock, carryRequest, item.media !== undefined);
  item.phase = to;
  item.status = statusOfPhase(to);
  if (to !== 'sending' && to !== 'finishing') {
    delete item.bytesPerSecond;
    delete item.secondsLeft;
  }
  touched(entry, from);
  return entry.phase;
}

/** A copy of the item as it stands, for a listener or a caller to keep. */
export const snapshot = (entry: Entry): UploadItem => ({ ...entry.item });

/**
 * The list of items, oldest first, by id, with what the queue asks of it most often kept up to date as items move:
 * slots held, items queued or uploading, items refused, and the ones waiting for a slot. No question walks the list.
 */
export class ItemIndex {
  readonly byId = new Map<string, Entry>();
  /** Items waiting for a slot, in the order they began to wait. */
  readonly waiting = new Set<Entry>();
  slots = 0;
  pending = 0;
  rejected = 0;
  #items?: readonly UploadItem[];

  /** Every item, frozen; made again only after a change, and only changed items copied again. */
  get items(): readonly UploadItem[] {
    return (this.#items ??= Object.freeze(
      Array.from(this.byId.values(), (e) => (e.copy ??= Object.freeze(snapshot(e)))),
    ));
  }

  /** Items that count towards `maxFiles`: all but the refused. */
  get counted(): number {
    return this.byId.size - this.rejected;
  }

  add(entry: Entry): void {
    this.byId.set(entry.item.id, entry);
    this.#count(entry.phase.name, 1);
    this.changed(entry);
  }

  /** `entry` changed, and moved from phase `from` when given. */
  changed(entry: Entry, from?: ItemPhase): void {
    entry.copy = undefined;
    this.#items = undefined;
    const to = entry.phase.name;
    if (from !== undefined && from !== to) {
      this.#count(from, -1);
      this.#count(to, 1);
      if (from === 'waiting') this.waiting.delete(entry);
    }
    if (to === 'waiting') this.waiting.add(entry);
  }

  delete(entry: Entry): void {
    this.byId.delete(entry.item.id);
    this.waiting.delete(entry);
    this.#count(entry.phase.name, -1);
    this.#items = undefined;
  }

  #count(phase: ItemPhase, sign: 1 | -1): void {
    if (holdsSlot(phase)) this.slots += sign;
    if (isPending(statusOfPhase(phase))) this.pending += sign;
    if (phase === 'rejected') this.rejected += sign;
  }
}
