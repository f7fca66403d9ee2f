const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;
/** A server asking for more than this is treated as asking for this: an upload widget should not sleep for hours. */
const MAX_RETRY_AFTER_MS = 10 * 60_000;

/**
 * Delay before retry number `retry` (1 for the first): exponential from 1 s, capped at 30 s,
 * with "equal jitter" so many clients failing together do not come back together.
 */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** The server's `Retry-After` wins over our own backoff. */
export function retryDelay(retry: number, retryAfterMs?: number, random?: () => number): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  return backoffDelay(retry, random);
}
