import { readLimitedText, type LimitedText } from './read-limited-text.js';
import { redactSecrets } from './redact-secrets.js';
import { TokenIssuerError, type TokenIssuer, type TokenIssuerFailure } from './token-issuer.js';
import { DeadlineExceeded, parseUpstreamUrl, withDeadline } from './upstream-request.js';

export interface WistiaExpiringTokenIssuerOptions {
  /** A permanent Wistia API token, kept on the server. Expiring tokens cannot mint others (Wistia answers 501). */
  apiToken: string;
  /** Lifetime of each browser token, 60 s to two days. Default 600 (ten minutes). */
  ttlSeconds?: number;
  /** Wistia's API root. Default `https://api.wistia.com/modern`. */
  apiUrl?: string;
  /** `fetch` to use (a test double, an instrumented one). Default the global `fetch`. */
  fetch?: typeof fetch;
  /** Longest wait for Wistia, in milliseconds. Default 10 000. */
  timeoutMs?: number;
  /** Clock in milliseconds, for tests. Default `Date.now`. */
  now?: () => number;
}

/** The only failure text the browser sees; details go to the operator through `onError`. */
export const WISTIA_PUBLIC_MESSAGE = 'Could not get an upload token from Wistia.';

/** Two days: Wistia's own default lifetime, and already long for a token a browser holds. */
const MAX_TTL_SECONDS = 2 * 24 * 60 * 60;
/** The element refreshes a token 30 s before it expires, so a shorter life would refresh constantly. */
const MIN_TTL_SECONDS = 60;
/** Wistia's answer is a few hundred bytes; anything far larger is not the answer we expect. */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * Issues a short-lived token from Wistia's `POST /expiring_token`, using a permanent API token that
 * never leaves the server.
 *
 * **Confirm on a real account before relying on it for uploads.** Wistia's OpenAPI marks this
 * endpoint as under development ("can change at any time") and describes its tokens as "currently
 * only for doing transcript embeds"; nothing there promises the Upload API accepts them. The endpoint
 * also requires an API token with "Read, update & delete anything", and what the expiring token may
 * do is not documented: until you have checked, treat it as being as powerful as that API token for
 * its `ttlSeconds`.
 */
export function wistiaExpiringTokenIssuer(options: WistiaExpiringTokenIssuerOptions): TokenIssuer {
  const apiToken = options?.apiToken;
  if (typeof apiToken !== 'string' || apiToken.trim() === '') {
    throw new TypeError('wistiaExpiringTokenIssuer needs apiToken (a Wistia API token).');
  }
  const ttlSeconds = options.ttlSeconds ?? 600;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < MIN_TTL_SECONDS || ttlSeconds > MAX_TTL_SECONDS) {
    throw new RangeError(`ttlSeconds must be a whole number from ${MIN_TTL_SECONDS} to ${MAX_TTL_SECONDS}.`);
  }
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (!(timeoutMs > 0)) throw new RangeError('timeoutMs must be a positive number.');
  const base = parseUpstreamUrl(options.apiUrl ?? 'https://api.wistia.com/modern', 'apiUrl');
  const endpoint = new URL(`${base.pathname.replace(/\/+$/, '')}/expiring_token`, base).toString();
  const now = options.now ?? Date.now;
  const secrets = [apiToken];

  return async function issueWistiaExpiringToken() {
    const fetchImpl = options.fetch ?? globalThis.fetch;
    const expiresAt = new Date(now() + ttlSeconds * 1000);
    let answer: { status: number; contentType: string; body: LimitedText };
    try {
      answer = await withDeadline(timeoutMs, async (signal) => {
        const response = await fetchImpl(endpoint, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${apiToken}`,
            'Content-Type': 'application/json',
            Accept: 'application/json',
          },
          body: JSON.stringify({ expiring_access_token: { expires_at: expiresAt.toISOString() } }),
          // A redirect is not a token; following it could carry the API token elsewhere.
          redirect: 'manual',
          signal,
        });
        const body = await readLimitedText(response, MAX_ANSWER_BYTES);
        return { status: response.status, contentType: response.headers.get('content-type') ?? 'none', body };
      });
    } catch (error) {
      if (error instanceof DeadlineExceeded) {
        throw failure('upstream_timeout', `Wistia did not answer POST ${endpoint} within ${timeoutMs} ms.`, {
          retryable: true,
        });
      }
      const detail = redactSecrets(error instanceof Error ? describeNetworkError(error) : String(error), secrets);
      throw failure('upstream_unreachable', `Could not reach Wistia at ${endpoint}: ${detail}`, { retryable: true });
    }
    return { token: readToken(answer, endpoint, secrets), expiresAt };
  };
}

/** Turns Wistia's answer into a token, or into an error that says what went wrong and what to do. */
function readToken(
  answer: { status: number; contentType: string; body: LimitedText },
  endpoint: string,
  secrets: readonly string[],
): string {
  const { status } = answer;
  const json = answer.body.ok ? parseJson(answer.body.text) : undefined;
  const said = upstreamMessages(json, secrets);

  if (status === 200 || status === 201) {
    const token = (json as { token?: unknown } | undefined)?.token;
    if (typeof token === 'string' && token.trim() !== '') return token;
    const what =
      json === undefined ? `not JSON (content-type ${truncate(answer.contentType, 80)})` : 'JSON without a token';
    throw failure('upstream_invalid_response', `Wistia answered POST ${endpoint} with HTTP ${status} but ${what}.`, {
      status,
    });
  }
  const known: Record<number, [TokenIssuerFailure, string, boolean]> = {
    401: [
      'upstream_unauthorized',
      'Wistia refused the API token (HTTP 401): check that it is valid and has the "Read, update & delete anything" permission.',
      false,
    ],
    422: ['upstream_rejected', 'Wistia rejected the expiring token request as invalid (HTTP 422).', false],
    500: ['upstream_error', 'Wistia failed while creating an expiring token (HTTP 500).', true],
    501: [
      'upstream_not_implemented',
      'Wistia cannot create an expiring token from this API token (HTTP 501): use a permanent API token, not an expiring one.',
      false,
    ],
  };
  const [reason, message, retryable] = known[status] ?? [
    'upstream_error',
    `Wistia answered POST ${endpoint} with HTTP ${status}.`,
    status >= 500 || status === 429 || status === 408,
  ];
  throw failure(reason, said === '' ? message : `${message} Wistia said: ${said}`, { status, retryable });
}

function failure(
  reason: TokenIssuerFailure,
  message: string,
  extra: { status?: number; retryable?: boolean },
): TokenIssuerError {
  return new TokenIssuerError(reason, message, { publicMessage: WISTIA_PUBLIC_MESSAGE, ...extra });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Wistia's own error strings (`error`, `errors[]`, `message`), redacted and short: never the raw body. */
function upstreamMessages(json: unknown, secrets: readonly string[]): string {
  if (typeof json !== 'object' || json === null) return '';
  const record = json as Record<string, unknown>;
  const parts = [record['error'], ...(Array.isArray(record['errors']) ? record['errors'] : []), record['message']];
  const text = parts.filter((part): part is string => typeof part === 'string' && part.trim() !== '').join('; ');
  return text === '' ? '' : JSON.stringify(truncate(redactSecrets(text, secrets), 300));
}

/** Node's fetch hides the useful part ("ECONNREFUSED") in `cause`. */
function describeNetworkError(error: Error): string {
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return truncate(`${error.message}${cause}`, 300);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
