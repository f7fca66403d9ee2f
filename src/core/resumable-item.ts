import { UploadResumeEvent } from './events.js';
import { snapshot, type Entry } from './item-index.js';
import type { RunnerHost } from './runner-contract.js';
import { tusEndpoint, TusUpload } from './tus-upload.js';

/** With `resumable`, a file's life gets its tus upload once its fields are fixed; links and S3 copies never do. */
export function resumableUpload(host: RunnerHost, entry: Entry): TusUpload | undefined {
  const { item, life } = entry;
  if (!item.file || !life.fields || !host.option('resumable')) return undefined;
  const { transport, storage, chunkBytes } = host.runtime;
  return new TusUpload(item.file, life.fields, transport, storage, chunkBytes);
}

/**
 * What a resumable upload tells the engine along the way, each as a step of it, while `current` says the attempt
 * is still the item's: where it goes on from, and that the relay holds more than before.
 */
export function resumeSteps(host: RunnerHost, entry: Entry, current: () => boolean) {
  const { item, life } = entry;
  return {
    onResume: (offset: number) =>
      host.act(() => {
        if (!current()) return;
        item.loaded = offset;
        host.touched(entry);
        host.emit(new UploadResumeEvent({ item: snapshot(entry), offset }));
      }),
    onAcknowledged: (offset: number) =>
      host.act(() => {
        if (!current()) return;
        // Retries count failures without progress: a long upload over a bad line is not failed for many small drops.
        Object.assign(life, { retriesUsed: 0, refreshed: false });
        // Held by the relay is sent, also where the browser reports no progress of a request body.
        if (offset > item.loaded && offset < item.total) {
          item.loaded = offset;
          host.progress.progressed(entry);
        }
      }),
  };
}

/** The resumable (tus) client as the engine takes it: the element fetches it only for `resumable`. */
export const tusClient = { resumableUpload, resumeSteps, tusEndpoint };
export type TusClient = typeof tusClient;
