// Every call to a rate-limit store has a deadline: a store that is down or slow fails closed (503), never hangs.

import { errorResponse } from './json-response.js';

/** A store that did not answer in time or failed; its message names the store and the cause. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

/** Seconds a browser is asked to wait after a 503 for a store that is down. */
export const STORE_RETRY_AFTER_SECONDS = 5;

/** Runs one store call, rejecting with StoreUnavailableError after `timeoutMs` or when it fails. */
export async function withinStoreDeadline<T>(
  storeName: string | undefined,
  timeoutMs: number,
  work: () => T | Promise<T>,
): Promise<T> {
  const name = `The rate-limit store (${storeName ?? 'a custom store'})`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new StoreUnavailableError(`${name} did not answer within ${timeoutMs} ms.`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([Promise.resolve().then(work), late]);
  } catch (error) {
    if (error instanceof StoreUnavailableError) throw error;
    const cause = error instanceof Error && error.message !== '' ? error.message : String(error);
    throw new StoreUnavailableError(`${name} failed: ${cause || 'no reason given'}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** The fail-closed answer to a request a store could not decide. */
export function storeUnavailableResponse(extraHeaders: HeadersInit = {}): Response {
  const headers = new Headers(extraHeaders);
  headers.set('Retry-After', String(STORE_RETRY_AFTER_SECONDS));
  return errorResponse(503, 'Uploads are briefly unavailable. Try again in a few seconds.', headers);
}

export function checkStoreTimeout(value: number | undefined): number {
  const ms = value ?? 2000;
  if (!Number.isFinite(ms) || ms <= 0) throw new RangeError('storeTimeoutMs must be a positive number.');
  return ms;
}
