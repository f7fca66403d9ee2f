const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;
/**
 * A `Retry-After` is honoured as asked, up to a day: beyond that a timer would overflow (browsers fire timers of
 * more than about 24.8 days at once), and no upload page stays open that long.
 */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60_000;

/**
 * Delay before retry number `retry` (1 for the first): exponential from 1 s, capped at 30 s,
 * with "equal jitter" so many clients failing together do not come back together.
 */
export function backoffDelay(retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** The wait a server asked for, as a timer can hold it. */
export const longestWait = (retryAfterMs: number) => Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);

/** The server's `Retry-After` wins over our own backoff. */
export function retryDelay(retry: number, retryAfterMs?: number, random?: () => number): number {
  if (retryAfterMs !== undefined) return longestWait(retryAfterMs);
  return backoffDelay(retry, random);
}
