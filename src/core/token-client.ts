import type { TokenGrant, UploaderOptions, UploadError } from './types.js';
import { DEFAULT_OPTIONS } from './options.js';
import type { ErrorReason } from './error-text.js';
import { saidOrTable } from './failure-text.js';
import { systemClock, type Clock } from './clock.js';
import { explainNoTokenSource, explainTokenFailure } from './token-diagnosis.js';
import { fieldsOf, parseJson, wistiaErrorMessage } from './wistia-api.js';

/** Refresh a token this long before it expires, so it cannot lapse mid-request. */
const EXPIRY_MARGIN_MS = 30_000;
/** Times the source may change while one caller waits before it gives up. */
const MAX_SOURCE_CHANGES = 4;

/**
 * The uploader's options a token depends on. `stallTimeout` also bounds how long a token request may go unanswered
 * before it counts as a retryable failure (0: never).
 */
export type TokenClientOptions = Pick<
  UploaderOptions,
  'tokenUrl' | 'tokenCredentials' | 'getToken' | 'projectId' | 'stallTimeout'
>;

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
const tokenFailed = (retryable: boolean, status?: number, said?: string, reason: ErrorReason = 'errorTokenFailed') =>
  new TokenError(saidOrTable('token_failed', reason, retryable, said, status));

/**
 * A token travels in an `Authorization` header: anything but visible ASCII would make the request throw
 * (or smuggle a header in), so it could never be sent however often it was retried.
 */
function isSendable(token: unknown): token is string {
  return typeof token === 'string' && /^[\x21-\x7e]+$/.test(token);
}

/** Reads both answer shapes of the token endpoint: Wistia-style and OAuth-style. */
export function parseTokenAnswer(body: unknown, now = Date.now()): HeldToken {
  const b = fieldsOf(body);
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

/** What a token was asked of: a token from one source or for one project is never used for another. */
const SOURCE_KEYS = ['tokenUrl', 'getToken', 'tokenCredentials', 'projectId'] as const;
type Source = Pick<TokenClientOptions, (typeof SOURCE_KEYS)[number]>;

/**
 * Hands out short-lived upload tokens: one token serves many uploads, concurrent callers share one request, and it
 * is fetched again shortly before it expires or after Wistia refused it. Tokens are held per project, and all are
 * dropped when the source (`tokenUrl`, `getToken`, credentials) or the default project changes.
 */
export class TokenClient {
  #source: Source = {};
  /** Bumped whenever the source changes: answers to requests of an older source are never handed out. */
  #generation = 0;
  readonly #held = new Map<string, HeldToken>();
  readonly #pending = new Map<string, Promise<HeldToken>>();
  /** Ends the requests of a source that was replaced, or of a disposed client. */
  #requests = new AbortController();
  readonly #options: () => TokenClientOptions;
  readonly #clock: Clock;

  constructor(options: () => TokenClientOptions, clock: Clock = systemClock) {
    this.#options = options;
    this.#clock = clock;
  }

  /** A valid token for `projectId`; `signal` lets one caller stop waiting without cancelling the shared request. */
  async get(projectId: string | undefined, signal: AbortSignal): Promise<string> {
    // A source that changes on every look (say, a new `getToken` function each time) must not spin forever.
    for (let changes = 0; changes < MAX_SOURCE_CHANGES; changes++) {
      const generation = this.#currentGeneration();
      const key = projectId ?? '';
      const held = this.#held.get(key);
      if (held && !this.#expiresSoon(held)) return held.value;
      let request = this.#pending.get(key);
      if (!request) {
        const made: Promise<HeldToken> = this.#fetchToken(projectId, generation, key).finally(() => {
          if (this.#pending.get(key) === made) this.#pending.delete(key);
        });
        this.#pending.set(key, (request = made));
      }
      try {
        const token = await abortable(request, signal);
        if (generation === this.#currentGeneration()) return token.value;
      } catch (err) {
        // The source changed while this request ran: ask the new one instead of failing.
        if (signal.aborted || generation === this.#currentGeneration()) throw err;
      }
    }
    throw tokenFailed(true);
  }

  /** Forget `token` after Wistia answered 401 with it, unless a newer one already replaced it. */
  invalidate(projectId: string | undefined, token: string): void {
    const key = projectId ?? '';
    if (this.#held.get(key)?.value === token) this.#held.delete(key);
  }

  /** Stops token requests still in flight; the client is not used afterwards. */
  dispose(): void {
    this.#requests.abort();
    this.#held.clear();
    this.#pending.clear();
  }

  #currentGeneration(): number {
    const opts = this.#options();
    if (SOURCE_KEYS.some((key) => opts[key] !== this.#source[key])) {
      this.#source = { ...opts };
      this.#generation++;
      this.#held.clear();
      this.#pending.clear();
      this.#requests.abort();
      this.#requests = new AbortController();
    }
    return this.#generation;
  }

  #expiresSoon(token: HeldToken): boolean {
    return token.expiresAt !== undefined && token.expiresAt - this.#clock.now() < EXPIRY_MARGIN_MS;
  }

  /** One request per project at a time; every upload waits on it, so one that never answers must not hold them forever. */
  async #fetchToken(projectId: string | undefined, generation: number, key: string): Promise<HeldToken> {
    const opts = this.#options();
    const request = new AbortController();
    const sourceRequests = this.#requests.signal;
    const stop = () => request.abort();
    sourceRequests.addEventListener('abort', stop, { once: true });
    const limit = opts.stallTimeout ?? DEFAULT_OPTIONS.stallTimeout;
    let timedOut = false;
    const timer = limit > 0 ? this.#clock.setTimeout(() => ((timedOut = true), request.abort()), limit) : undefined;
    try {
      const token = opts.getToken
        ? await this.#fromCallback(opts.getToken, projectId, request.signal)
        : await this.#fromEndpoint(opts, projectId, request.signal);
      if (generation === this.#generation) this.#held.set(key, token);
      return token;
    } catch (err) {
      if (timedOut) throw tokenFailed(true);
      throw err;
    } finally {
      if (timer !== undefined) this.#clock.clearTimeout(timer);
      sourceRequests.removeEventListener('abort', stop);
    }
  }

  async #fromCallback(
    getToken: NonNullable<TokenClientOptions['getToken']>,
    projectId: string | undefined,
    signal: AbortSignal,
  ): Promise<HeldToken> {
    let answer: string | TokenGrant;
    try {
      // Raced against the signal: a callback that ignores it must not outlive the request.
      answer = await abortable(Promise.resolve(getToken({ ...(projectId ? { projectId } : {}), signal })), signal);
    } catch (err) {
      throw err instanceof TokenError ? err : tokenFailed(true);
    }
    if (isSendable(answer)) return { value: answer };
    if (answer && typeof answer === 'object' && isSendable(answer.token)) {
      return { value: answer.token, expiresAt: toTime(answer.expiresAt) };
    }
    throw tokenFailed(false);
  }

  async #fromEndpoint(
    opts: TokenClientOptions,
    projectId: string | undefined,
    signal: AbortSignal,
  ): Promise<HeldToken> {
    if (!opts.tokenUrl) {
      explainNoTokenSource();
      throw tokenFailed(false, undefined, undefined, 'errorNoTokenSource');
    }
    let res: Response;
    try {
      res = await fetch(opts.tokenUrl, {
        method: 'POST',
        credentials: opts.tokenCredentials ?? DEFAULT_OPTIONS.tokenCredentials,
        headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: JSON.stringify({ project_id: projectId ?? null }),
        signal,
      });
    } catch {
      throw tokenFailed(true);
    }
    const text = await res.text().catch(() => '');
    const body = parseJson(text);
    try {
      if (!res.ok) {
        const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
        throw tokenFailed(retryable, res.status, wistiaErrorMessage(body));
      }
      if (body === undefined) throw tokenFailed(false, res.status);
      return parseTokenAnswer(body, this.#clock.now());
    } catch (err) {
      if (!signal.aborted) explainTokenFailure(opts.tokenUrl, res.status, res.headers.get('content-type'));
      throw err;
    }
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
