import type { TokenGrant, TokenRequest, UploadError } from './types.js';
import { tableError, type ErrorReason } from './messages.js';
import { parseJson, wistiaErrorMessage } from './wistia-api.js';

/** Refresh a token this long before it expires, so it cannot lapse mid-request. */
const EXPIRY_MARGIN_MS = 30_000;
/** How long a token request may go unanswered when no `stallTimeout` is set (the uploader's default). */
const DEFAULT_TOKEN_TIMEOUT_MS = 30_000;

export interface TokenClientOptions {
  tokenUrl?: string;
  tokenCredentials?: RequestCredentials;
  getToken?: (req: TokenRequest) => Promise<string | TokenGrant>;
  projectId?: string;
  /** Milliseconds a token request may go unanswered before it counts as a retryable failure (0: never). */
  stallTimeout?: number;
}

/** Thrown when no token could be had; carries the error the item ends with. */
export class TokenError extends Error {
  constructor(readonly error: UploadError) {
    super(error.message);
    this.name = 'TokenError';
  }
}

interface HeldToken {
  value: string;
  expiresAt?: number;
}

function toTime(value: Date | string | number | undefined): number | undefined {
  if (value === undefined || value === null) return undefined;
  const time = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(time) ? time : undefined;
}

/** The token endpoint's own words when it sent some, else our sentence. */
function tokenFailed(
  retryable: boolean,
  status?: number,
  said?: string,
  reason: ErrorReason = 'errorTokenFailed',
): TokenError {
  return new TokenError(
    said === undefined
      ? tableError('token_failed', reason, retryable, undefined, status)
      : { code: 'token_failed', message: said, retryable, ...(status ? { status } : {}) },
  );
}

/**
 * A token travels in an `Authorization` header: anything but visible ASCII would make the request throw
 * (or smuggle a header in), so it could never be sent however often it was retried.
 */
function isSendable(token: unknown): token is string {
  return typeof token === 'string' && /^[\x21-\x7e]+$/.test(token);
}

/** Reads both answer shapes of the token endpoint: Wistia-style and OAuth-style. */
export function parseTokenAnswer(body: unknown, now = Date.now()): HeldToken {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  if (isSendable(b.token)) {
    return { value: b.token, expiresAt: toTime(b.expires_at as string | undefined) };
  }
  if (isSendable(b.access_token)) {
    const seconds = Number(b.expires_in);
    return {
      value: b.access_token,
      expiresAt: Number.isFinite(seconds) && b.expires_in !== null ? now + seconds * 1000 : undefined,
    };
  }
  throw tokenFailed(false);
}

/**
 * Hands out the short-lived upload token: one token serves many uploads, concurrent callers share one
 * request, and it is fetched again shortly before it expires or after Wistia refused it.
 */
export class TokenClient {
  private held?: HeldToken;
  private pending?: Promise<HeldToken>;
  /** Ends an in-flight token request when the uploader is disposed. */
  private readonly lifetime = new AbortController();

  constructor(private readonly options: () => TokenClientOptions) {}

  /** A valid token; `signal` lets one caller stop waiting without cancelling the shared request. */
  async get(signal: AbortSignal): Promise<string> {
    if (this.held && !this.expiresSoon(this.held)) return this.held.value;
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined));
    const token = await abortable(this.pending, signal);
    return token.value;
  }

  /** Forget `token` after Wistia answered 401 with it, unless a newer one already replaced it. */
  invalidate(token: string): void {
    if (this.held?.value === token) this.held = undefined;
  }

  /** Stops a token request still in flight; the client is not used afterwards. */
  dispose(): void {
    this.lifetime.abort();
    this.held = undefined;
  }

  private expiresSoon(token: HeldToken): boolean {
    return token.expiresAt !== undefined && token.expiresAt - Date.now() < EXPIRY_MARGIN_MS;
  }

  /** One request at a time; every upload waits on it, so one that never answers must not hold them all forever. */
  private async fetchToken(): Promise<HeldToken> {
    const opts = this.options();
    const request = new AbortController();
    const stop = () => request.abort();
    this.lifetime.signal.addEventListener('abort', stop, { once: true });
    const limit = opts.stallTimeout ?? DEFAULT_TOKEN_TIMEOUT_MS;
    let timedOut = false;
    const timer = limit > 0 ? setTimeout(() => ((timedOut = true), request.abort()), limit) : undefined;
    try {
      const token = opts.getToken
        ? await this.fromCallback(opts, request.signal)
        : await this.fromEndpoint(opts, request.signal);
      this.held = token;
      return token;
    } catch (err) {
      if (timedOut) throw tokenFailed(true);
      throw err;
    } finally {
      clearTimeout(timer);
      this.lifetime.signal.removeEventListener('abort', stop);
    }
  }

  private async fromCallback(opts: TokenClientOptions, signal: AbortSignal): Promise<HeldToken> {
    let answer: string | TokenGrant;
    try {
      // Raced against the signal: a callback that ignores it must not outlive the request.
      answer = await abortable(
        opts.getToken!({ ...(opts.projectId ? { projectId: opts.projectId } : {}), signal }),
        signal,
      );
    } catch (err) {
      throw err instanceof TokenError ? err : tokenFailed(true);
    }
    if (isSendable(answer)) return { value: answer };
    if (answer && typeof answer === 'object' && isSendable(answer.token)) {
      return { value: answer.token, expiresAt: toTime(answer.expiresAt) };
    }
    throw tokenFailed(false);
  }

  private async fromEndpoint(opts: TokenClientOptions, signal: AbortSignal): Promise<HeldToken> {
    if (!opts.tokenUrl) throw tokenFailed(false, undefined, undefined, 'errorNoTokenSource');
    let res: Response;
    try {
      res = await fetch(opts.tokenUrl, {
        method: 'POST',
        credentials: opts.tokenCredentials ?? 'same-origin',
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify({ project_id: opts.projectId ?? null }),
        signal,
      });
    } catch {
      throw tokenFailed(true);
    }
    const text = await res.text().catch(() => '');
    const body = parseJson(text);
    if (!res.ok) {
      const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
      throw tokenFailed(retryable, res.status, wistiaErrorMessage(body));
    }
    if (body === undefined) throw tokenFailed(false, res.status);
    return parseTokenAnswer(body);
  }
}

/** Lets one waiter give up on a shared promise without affecting the others. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
