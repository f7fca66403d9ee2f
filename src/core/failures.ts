import { failureError } from './failure-text.js';
import { TokenError } from './token-client.js';
import { TransportError } from './transport.js';
import type { UploadError } from './types.js';

/** Why the engine itself aborted a request. */
export const STALLED = 'stalled';
export const NO_ANSWER = 'no-answer';

/**
 * The upload relay refused to take the upload further several times in a row (a stale offset after its own `HEAD`,
 * or the upload lost as often): the relay's trouble, not Wistia's refusal, so a retry may mend it.
 */
export class RelayRefusal extends Error {
  constructor(readonly status: number) {
    super(`relay refused ${status}`);
    this.name = 'RelayRefusal';
  }
}

/** What went wrong without an HTTP answer; anything unforeseen is a bug, never a retryable connection problem. */
export function errorOf(err: unknown, abortReason?: unknown): UploadError {
  if (err instanceof TokenError) return err.error;
  if (err instanceof RelayRefusal) return failureError('server', 'errorRelayRefused', true, undefined, err.status);
  if (abortReason === STALLED) return failureError('stalled', 'errorStalled', true);
  if (abortReason === NO_ANSWER) return failureError('stalled', 'errorNoAnswer', true);
  if (err instanceof TransportError && err.reason === 'network') return failureError('network', 'errorNetwork', true);
  return failureError('internal', 'errorInternal', false);
}
