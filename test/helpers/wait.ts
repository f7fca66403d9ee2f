import { waitUntil as pollUntil } from '@open-wc/testing';

/**
 * How long a test waits for a state it expects: far above what a busy machine needs, well inside a test's own
 * timeout. A wait bounds a hang; it never measures speed (that is the bench's job).
 */
export const PATIENCE_MS = 15_000;

/** `waitUntil` of @open-wc/testing, with the patience of a busy machine instead of its one second. */
export function waitUntil(
  predicate: () => unknown | Promise<unknown>,
  message?: string,
  options: { interval?: number; timeout?: number } = {},
): Promise<void> {
  return pollUntil(predicate, message, { timeout: PATIENCE_MS, ...options });
}
