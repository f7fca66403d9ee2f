import { createCorsPolicy, type CorsPolicy } from './cors-policy.js';
import { errorResponse, jsonResponse } from './json-response.js';
import { createMemoryRateLimiter, type RateLimiter, type RateLimitOptions } from './memory-rate-limiter.js';
import { toRedactedError } from './redact-secrets.js';
import { checkStoreTimeout, storeUnavailableResponse, withinStoreDeadline } from './store-deadline.js';
import { TokenIssuerError, type TokenIssuer } from './token-issuer.js';
import { parseTokenRequest } from './token-request-body.js';

/** What `authorize` learns from the request body (already read by the handler). */
export interface AuthorizeContext {
  /** Hashed id of the project the browser wants to upload into, or null for Wistia's default. */
  projectId: string | null;
}

/** A caller allowed to upload: who they are and, optionally, the only projects they may upload into. */
export interface Authorization {
  /** Stable id of the caller (user id, API key id); keys the rate limiter and is passed to the issuer. */
  subject: string;
  /** When set, a request for any other project (or for none) is refused with 403. */
  projectIds?: readonly string[];
}

export type AuthorizeResult = boolean | Authorization;

/**
 * Decides who may upload, using the site's own session or auth (cookies, headers). `false` answers 403.
 * `true` admits the caller without a subject: every such caller then shares one rate-limit bucket.
 */
export type Authorize = (request: Request, context: AuthorizeContext) => AuthorizeResult | Promise<AuthorizeResult>;

export interface TokenHandlerOptions {
  authorize: Authorize;
  issuer: TokenIssuer;
  /** Per-subject limit; default 10 tokens per minute in memory. `false` turns it off (e.g. limited upstream). */
  rateLimit?: RateLimitOptions | RateLimiter | false;
  /** Most time the rate-limit store may take; past it (or when it fails) the answer is 503. Default 2000 ms. */
  storeTimeoutMs?: number;
  /** Exact origins (`https://app.example.com`) whose pages may call this endpoint cross-origin. */
  allowedOrigins?: readonly string[];
  /** Clock in milliseconds, for tests. Default `Date.now`. */
  now?: () => number;
  /** Receives server-side failures (authorize or issuer threw, upstream down) with secrets removed. */
  onError?: (error: Error) => void;
}

/** A Fetch API handler: usable as a Next.js route handler, in Deno, workers, or through `toNodeHandler`. */
export type TokenHandler = (request: Request) => Promise<Response>;

/** Subject used when `authorize` answers plain `true`. */
const SHARED_SUBJECT = 'anonymous';

/**
 * Creates the endpoint the element's `token-url` points at: `POST {"project_id": ...}` →
 * `200 {"token", "expires_at"}`, after `authorize` and the rate limiter agree.
 */
export function createTokenHandler(options: TokenHandlerOptions): TokenHandler {
  if (typeof options?.authorize !== 'function') throw new TypeError('createTokenHandler needs an authorize function.');
  if (typeof options.issuer !== 'function') throw new TypeError('createTokenHandler needs an issuer function.');
  const { authorize, issuer, onError } = options;
  const now = options.now ?? Date.now;
  const limiter = toRateLimiter(options.rateLimit);
  const storeTimeoutMs = checkStoreTimeout(options.storeTimeoutMs);
  const cors: CorsPolicy | undefined =
    options.allowedOrigins === undefined ? undefined : createCorsPolicy(options.allowedOrigins);

  const report = (error: unknown): void => {
    if (onError === undefined) return;
    try {
      onError(toRedactedError(error));
    } catch {
      // A failing error hook must not turn an answer into a crash.
    }
  };

  return async function handleTokenRequest(request: Request): Promise<Response> {
    const corsHeaders = cors?.headersFor(request) ?? new Headers();
    const fail = (status: number, message: string, extra: Record<string, string> = {}): Response => {
      const headers = new Headers(corsHeaders);
      for (const [name, value] of Object.entries(extra)) headers.set(name, value);
      return errorResponse(status, message, headers);
    };

    try {
      const method = request.method.toUpperCase();
      if (method === 'OPTIONS' && cors !== undefined) return cors.preflight(request);
      if (method !== 'POST') {
        return fail(405, 'Use POST to request an upload token.', { Allow: cors ? 'POST, OPTIONS' : 'POST' });
      }

      const parsed = await parseTokenRequest(request);
      if (!parsed.ok) return fail(parsed.status, parsed.message);
      const { projectId } = parsed;

      let authorization: AuthorizeResult;
      try {
        authorization = await authorize(request, { projectId });
      } catch (error) {
        report(error);
        return fail(500, 'Could not check whether you may upload. Try again later.');
      }
      if (authorization === false) return fail(403, 'You are not allowed to upload videos.');
      const caller = toCaller(authorization);
      if (caller.projectIds !== undefined && (projectId === null || !caller.projectIds.includes(projectId))) {
        return fail(403, 'You are not allowed to upload to this project.');
      }

      if (limiter !== undefined) {
        let waitMs: number;
        try {
          waitMs = await withinStoreDeadline(limiter.storeName, storeTimeoutMs, () =>
            limiter.take(caller.subject, now()),
          );
        } catch (error) {
          report(error);
          return storeUnavailableResponse(corsHeaders);
        }
        if (waitMs > 0) {
          const seconds = Math.max(1, Math.ceil(waitMs / 1000));
          return fail(429, `Too many upload token requests. Try again in ${seconds} s.`, {
            'Retry-After': String(seconds),
          });
        }
      }

      let issued: { token: string; expiresAt: Date | undefined };
      try {
        const result = await issuer(
          projectId === null ? { subject: caller.subject } : { projectId, subject: caller.subject },
        );
        issued = checkIssued(result, now());
      } catch (error) {
        report(error);
        const message = error instanceof TokenIssuerError ? error.publicMessage : 'Could not get an upload token.';
        return fail(502, message);
      }

      const body =
        issued.expiresAt === undefined
          ? { token: issued.token }
          : { token: issued.token, expires_at: issued.expiresAt.toISOString() };
      return jsonResponse(200, body, corsHeaders);
    } catch (error) {
      report(error);
      return fail(500, 'The upload token service failed. Try again later.');
    }
  };
}

function toRateLimiter(option: TokenHandlerOptions['rateLimit']): RateLimiter | undefined {
  if (option === false) return undefined;
  if (option !== undefined && typeof (option as RateLimiter).take === 'function') return option as RateLimiter;
  return createMemoryRateLimiter(option as RateLimitOptions | undefined);
}

function toCaller(result: AuthorizeResult): Authorization {
  if (result === true) return { subject: SHARED_SUBJECT };
  if (typeof result === 'object' && result !== null && typeof result.subject === 'string' && result.subject !== '') {
    if (result.projectIds !== undefined && !Array.isArray(result.projectIds)) {
      throw new TypeError('authorize returned projectIds that is not an array.');
    }
    return result;
  }
  // Anything else is a bug in authorize; refusing loudly beats guessing who the caller is.
  throw new TypeError('authorize must return true, false or { subject: string, projectIds?: string[] }.');
}

/** Validates an issuer's answer without ever putting the token into an error message. */
function checkIssued(result: unknown, nowMs: number): { token: string; expiresAt: Date | undefined } {
  const token = (result as { token?: unknown } | null)?.token;
  if (typeof token !== 'string' || token.trim() === '') throw new TypeError('The token issuer returned no token.');
  const rawExpiry = (result as { expiresAt?: unknown }).expiresAt;
  if (rawExpiry === undefined || rawExpiry === null) return { token, expiresAt: undefined };
  const expiresAt =
    rawExpiry instanceof Date
      ? rawExpiry
      : typeof rawExpiry === 'string' || typeof rawExpiry === 'number'
        ? new Date(rawExpiry)
        : undefined;
  if (expiresAt === undefined || Number.isNaN(expiresAt.getTime())) {
    throw new TypeError('The token issuer returned an expiresAt that is not a valid date.');
  }
  // An already expired token would make the element ask again at once, in a loop.
  if (expiresAt.getTime() <= nowMs) throw new RangeError('The token issuer returned a token that has already expired.');
  return { token, expiresAt };
}
