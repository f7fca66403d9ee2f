/**
 * The rate-limit store: decides whether `subject` may have another token now; answers 0 to allow, else
 * milliseconds to wait. In memory by default (`createMemoryRateLimiter`), shared with `createRedisRateLimiter`.
 */
export interface RateLimiter {
  take(subject: string, nowMs: number): number | Promise<number>;
  /**
   * Takes one of `max` upload slots for `subject` under the id `lease` (taking it again renews it), held until
   * released or `ttlMs` passes; false when all are taken. The upload relay needs it for `maxConcurrentUploads`.
   */
  acquireSlot?(subject: string, lease: string, max: number, ttlMs: number, nowMs: number): boolean | Promise<boolean>;
  releaseSlot?(subject: string, lease: string): void | Promise<void>;
  /** Names the store in errors (`memory`, a Redis URL without its password). */
  readonly storeName?: string;
}

export interface RateLimitOptions {
  /** Tokens a subject may get in a burst, and per window once the burst is spent. Default 10. */
  limit?: number;
  /** Window in milliseconds over which `limit` tokens are refilled. Default 60 000 (one minute). */
  windowMs?: number;
  /** Subjects remembered at once; the least recently seen are forgotten first. Default 10 000. */
  maxSubjects?: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A per-subject token bucket kept in this process's memory: `limit` requests at once, then one every
 * `windowMs / limit`. Each server instance counts on its own; use `createRedisRateLimiter` (or your own
 * `RateLimiter`) to share counts between instances.
 */
export function createMemoryRateLimiter(options: RateLimitOptions = {}): RateLimiter {
  const limit = options.limit ?? 10;
  const windowMs = options.windowMs ?? 60_000;
  const maxSubjects = options.maxSubjects ?? 10_000;
  if (!Number.isInteger(limit) || limit < 1) throw new TypeError('rateLimit.limit must be a positive integer.');
  if (!(windowMs > 0) || !Number.isFinite(windowMs))
    throw new TypeError('rateLimit.windowMs must be a positive number.');
  if (!Number.isInteger(maxSubjects) || maxSubjects < 1)
    throw new TypeError('rateLimit.maxSubjects must be a positive integer.');

  const refillPerMs = limit / windowMs;
  // Map order is insertion order; re-inserting on each use makes the first key the least recently seen.
  const buckets = new Map<string, Bucket>();
  // Per subject, each lease and when it lapses; a lease is always released, so only live uploads are kept.
  const slots = new Map<string, Map<string, number>>();

  return {
    storeName: 'memory',
    acquireSlot(subject, lease, max, ttlMs, nowMs) {
      const held = slots.get(subject) ?? new Map<string, number>();
      for (const [id, lapsesAt] of held) if (lapsesAt <= nowMs) held.delete(id);
      if (!held.has(lease) && held.size >= max) return false;
      held.set(lease, nowMs + ttlMs);
      slots.set(subject, held);
      return true;
    },
    releaseSlot(subject, lease) {
      const held = slots.get(subject);
      held?.delete(lease);
      if (held?.size === 0) slots.delete(subject);
    },
    take(subject, nowMs) {
      const bucket = buckets.get(subject) ?? { tokens: limit, updatedAt: nowMs };
      buckets.delete(subject);
      const elapsed = Math.max(0, nowMs - bucket.updatedAt);
      bucket.tokens = Math.min(limit, bucket.tokens + elapsed * refillPerMs);
      bucket.updatedAt = nowMs;
      buckets.set(subject, bucket);
      if (buckets.size > maxSubjects) buckets.delete(buckets.keys().next().value as string);

      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.ceil((1 - bucket.tokens) / refillPerMs);
    },
  };
}
