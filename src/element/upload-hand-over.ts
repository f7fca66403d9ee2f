/**
 * What the script-tag file's later pieces (`chunks/tus.min.js`, `chunks/poll.min.js`) take from the upload piece
 * instead of a copy of their own, listed as in `hand-over.ts`. The build fails when such a piece imports a module of
 * the upload piece missing here.
 */
import { RelayRefusal } from '../core/failures.js';
import { failureError } from '../core/failure-text.js';
import { longestWait } from '../core/retry-policy.js';
import { isSecureEndpoint } from '../core/secure-endpoint.js';
import { TokenError } from '../core/token-client.js';
import { fieldsOf, isMedia, mediaStatusUrl, parseJson, parseRetryAfter } from '../core/wistia-api.js';

export const handOver = [
  isMedia,
  parseJson,
  fieldsOf,
  mediaStatusUrl,
  parseRetryAfter,
  longestWait,
  TokenError,
  RelayRefusal,
  failureError,
  isSecureEndpoint,
] as const;
