/// <reference types="node" />
// The bytes of an upload that is still arriving, read from its held file as tus appends to it, so the Wistia leg
// can start before the last byte. Every byte in the file is final: a PATCH only appends at the offset the file's
// size gives, and the bytes of a cut PATCH stay. Ends after exactly `size` bytes, never sooner, so the leg sends its
// closing boundary only once the whole file is held.

import { open, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FollowOptions {
  path: string;
  size: number;
  /** Aborted when the upload is terminated. */
  signal: AbortSignal;
  /** Gives up when the file has not grown for this long: the client stopped, or the upload expired. */
  idleMs: number;
  /** Called while waiting for bytes, so the request's own idle deadline only measures Wistia. */
  waiting(): void;
}

/** The client stopped sending, or the held file is gone: the leg must end before its closing boundary. */
export class FollowStopped extends Error {
  override readonly name = 'FollowStopped';
}

/** Bytes per read: large reads keep the per-chunk work (and garbage) of a gigabyte small. */
export const HELD_READ_BYTES = 1024 * 1024;
/** How often the end of a file still being written is looked at again. */
const POLL_MS = 10;

export async function* followHeldFile(options: FollowOptions): AsyncGenerator<Uint8Array> {
  const { path, size, signal } = options;
  const handle = await open(path, 'r');
  try {
    let position = 0;
    let held = 0;
    let grewAt = performance.now();
    while (position < size) {
      signal.throwIfAborted();
      // Whole megabytes while the file grows: reads of what a few milliseconds brought cost more CPU per byte.
      if (position + HELD_READ_BYTES <= held || (position < held && held === size)) {
        // Never past what is held: a buffer read half empty would hold a megabyte for a few bytes.
        const buffer = Buffer.allocUnsafe(Math.min(HELD_READ_BYTES, held - position));
        const { bytesRead } = await handle.read(buffer, 0, buffer.byteLength, position);
        if (bytesRead === 0) throw new FollowStopped('The held file was cut short.');
        position += bytesRead;
        yield buffer.subarray(0, bytesRead);
        continue;
      }
      // A terminated or expired upload's file is deleted; the open handle alone would never tell.
      const now = await stat(path).catch(() => {
        throw new FollowStopped('The held file is gone.');
      });
      if (now.size > held) {
        held = Math.min(now.size, size);
        grewAt = performance.now();
      } else if (performance.now() - grewAt > options.idleMs) throw new FollowStopped('The upload stopped growing.');
      if (position + HELD_READ_BYTES <= held || held === size) continue;
      options.waiting();
      await sleep(POLL_MS, undefined, { signal });
    }
  } finally {
    await handle.close();
  }
}
