// A lock per upload in Redis, for @tus/server when several relay instances share one bucket (none ships upstream).
// Each lock lapses unless its holder renews it, so a crashed instance never blocks an upload; a request that waits
// asks the holder (on any instance) to let go, as tus's memory locker does within one process.

import type { Lock, Locker } from '@tus/server';
import type { RedisSteps } from './redis-scripts.js';

export interface RedisLockerOptions {
  steps: RedisSteps;
  prefix: string;
  /** Thrown when the lock cannot be had in time (tus answers it as a 500 the client retries). */
  timeoutError: unknown;
  /** A lock lapses this long after its last renewal. */
  leaseMs?: number;
  /** Longest wait for a lock. */
  acquireTimeoutMs?: number;
}

/** How often a waiting request tries again, and a holder looks whether it is asked to let go. */
const POLL_MS = 100;

export function createRedisLocker(options: RedisLockerOptions): Locker {
  const { steps, prefix, leaseMs = 30_000, acquireTimeoutMs = 30_000 } = options;
  return {
    newLock(id: string): Lock {
      const key = `${prefix}${id}`;
      const releaseKey = `${key}:release`;
      const owner = crypto.randomUUID();
      let watch: ReturnType<typeof setInterval> | undefined;
      return {
        async lock(signal, requestRelease) {
          const deadline = Date.now() + acquireTimeoutMs;
          while (!(await steps.claim(key, owner, leaseMs))) {
            if (signal.aborted || Date.now() > deadline) throw options.timeoutError;
            await steps.put(releaseKey, '1', leaseMs);
            await new Promise((resolve) => setTimeout(resolve, POLL_MS));
          }
          await steps.remove(releaseKey);
          let polls = 0;
          watch = setInterval(() => {
            // Renewed well before it lapses; asked to let go, the holder ends its request as tus would.
            const renew = ++polls % Math.max(1, Math.floor(leaseMs / 3 / POLL_MS)) === 0;
            void (async () => {
              if (renew) await steps.claim(key, owner, leaseMs);
              if ((await steps.get(releaseKey)) !== null) await requestRelease();
            })().catch(() => undefined);
          }, POLL_MS);
        },
        async unlock() {
          clearInterval(watch);
          await steps.release(key, owner);
        },
      };
    },
  };
}
