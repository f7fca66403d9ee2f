import { isSecureEndpoint } from './secure-endpoint.js';
import { failureError } from './failure-text.js';
import { TokenError, type TokenClient } from './token-client.js';
import type { Clock, Network, Transport } from './runtime.js';
import type { UploadError, WistiaMedia } from './types.js';
import { fieldsOf, mediaStatusUrl, parseJson, parseRetryAfter, type RawResponse } from './wistia-api.js';
import { longestWait } from './retry-policy.js';

export const FIRST_POLL_MS = 2000;
export const MAX_POLL_MS = 15_000;
/** At most one status request per second per uploader, however many items are processing. */
export const MIN_GAP_MS = 1000;
/** Answers of `200` that are not a status, in a row, before the status counts as unreadable. */
const MAX_UNREADABLE = 3;

/** How processing ended: Wistia said `ready` or `failed`, or the status cannot be read with this token. */
export type ProcessingEnd =
  | { outcome: 'ready'; media: WistiaMedia }
  | { outcome: 'failed'; media: WistiaMedia; error: UploadError }
  | { outcome: 'unknown'; media: WistiaMedia; error: UploadError };

/** One item being watched. */
export interface Watched {
  media: WistiaMedia;
  /** The upload relay's reference for this media, when it came through one: its status reads need it. */
  relayRef?: string;
  projectId?: string;
  /** Told once, when processing ends; never after `unwatch`. */
  ended(end: ProcessingEnd): void;
}

interface Watch {
  subject: Watched;
  dueAt: number;
  wait: number;
  refusedOnce: boolean;
  unreadable: number;
}

export interface PollerContext {
  clock: Clock;
  network: Network;
  transport: Transport;
  tokens: TokenClient;
  apiUrl(): string;
  /** Runs a continuation as one step of the engine: its events are told after it. */
  act(step: () => void): void;
}

const unknownEnd = (media: WistiaMedia): ProcessingEnd => ({
  outcome: 'unknown',
  media,
  error: failureError('processing_unknown', 'errorProcessingUnknown', false),
});

/**
 * One poller per uploader: reads each watched media's status (first 2 s after the upload, then doubling up to 15 s),
 * one request at a time, at least a second apart, earliest due first so no item starves. A read that fails never
 * ends processing; it waits while offline, while paused, and for as long as `Retry-After` asks.
 */
export class ProcessingPoller {
  readonly #watches = new Map<Watched, Watch>();
  readonly #ctx: PollerContext;
  #paused = false;
  #timer: unknown;
  #stopOnline?: () => void;
  #request?: { watch: Watch; controller: AbortController };
  /** No request starts before this: the gap after the last one, or the server's `Retry-After`. */
  #notBefore = 0;

  constructor(ctx: PollerContext) {
    this.#ctx = ctx;
  }

  get size(): number {
    return this.#watches.size;
  }

  watch(subject: Watched): void {
    const now = this.#ctx.clock.now();
    this.#watches.set(subject, {
      subject,
      dueAt: now + FIRST_POLL_MS,
      wait: FIRST_POLL_MS,
      refusedOnce: false,
      unreadable: 0,
    });
    this.#schedule();
  }

  unwatch(subject: Watched): void {
    if (!this.#watches.delete(subject)) return;
    if (this.#request?.watch.subject === subject) this.#abort();
    this.#schedule();
  }

  /** Paused, no timer runs and no request is made; resumed, reads go on where they were. */
  pause(paused: boolean): void {
    this.#paused = paused;
    if (paused) this.#abort();
    this.#schedule();
  }

  dispose(): void {
    this.#watches.clear();
    this.#abort();
    this.#schedule();
  }

  #abort(): void {
    const request = this.#request;
    this.#request = undefined;
    request?.controller.abort();
  }

  /** Sets the one timer (or `online` listener) for the next read, or none when nothing is due. */
  #schedule(): void {
    const { clock, network } = this.#ctx;
    if (this.#timer !== undefined) clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#stopOnline?.();
    this.#stopOnline = undefined;
    if (this.#paused || this.#request || this.#watches.size === 0) return;
    if (network.isOffline()) {
      this.#stopOnline = network.onOnline(() => this.#ctx.act(() => this.#schedule()));
      return;
    }
    const next = this.#next();
    const at = Math.max(next.dueAt, this.#notBefore);
    this.#timer = clock.setTimeout(
      () => this.#ctx.act(() => ((this.#timer = undefined), this.#read())),
      Math.max(0, at - clock.now()),
    );
  }

  /** The watch due first; among equals, the one watched longest. */
  #next(): Watch {
    let first: Watch | undefined;
    for (const watch of this.#watches.values()) if (!first || watch.dueAt < first.dueAt) first = watch;
    return first!;
  }

  #read(): void {
    if (this.#paused || this.#request || this.#watches.size === 0) return;
    if (this.#ctx.network.isOffline()) return this.#schedule();
    const { clock, tokens, transport } = this.#ctx;
    const watch = this.#next();
    const { subject } = watch;
    const apiUrl = this.#ctx.apiUrl();
    // The token never goes to an endpoint in clear text: such a status cannot be read.
    if (!isSecureEndpoint(apiUrl, typeof location === 'undefined' ? undefined : location.href)) {
      return this.#end(watch, unknownEnd(subject.media));
    }
    const controller = new AbortController();
    const request = (this.#request = { watch, controller });
    this.#notBefore = clock.now() + MIN_GAP_MS;
    let token = '';
    const current = () => this.#request === request;
    tokens
      .get(subject.projectId, controller.signal)
      .then((got) => {
        token = got;
        return transport.getJson(
          mediaStatusUrl(apiUrl, subject.media.hashed_id),
          got,
          controller.signal,
          subject.relayRef,
        );
      })
      .then(
        (answer) => current() && this.#ctx.act(() => this.#answered(watch, token, answer)),
        (err: unknown) => current() && this.#ctx.act(() => this.#failedRead(watch, err)),
      );
  }

  #answered(watch: Watch, token: string, answer: RawResponse): void {
    this.#request = undefined;
    const { status } = answer;
    const { subject } = watch;
    if (status === 408 || status === 429 || status >= 500) {
      const retryAfter = parseRetryAfter(answer.retryAfter, this.#ctx.clock.now());
      if (retryAfter !== undefined)
        this.#notBefore = Math.max(this.#notBefore, this.#ctx.clock.now() + longestWait(retryAfter));
      return this.#again(watch);
    }
    const body = status >= 200 && status < 300 ? parseJson(answer.body) : undefined;
    if (status >= 200 && status < 300 && !isStatus(body)) {
      if (++watch.unreadable >= MAX_UNREADABLE) return this.#end(watch, unknownEnd(subject.media));
      return this.#again(watch);
    }
    if (!isStatus(body)) {
      // Refused (401, 403, 404 …): once more with a fresh token, as the first may simply have expired.
      if (watch.refusedOnce) return this.#end(watch, unknownEnd(subject.media));
      watch.refusedOnce = true;
      this.#ctx.tokens.invalidate(subject.projectId, token);
      return this.#again(watch, 0);
    }
    watch.unreadable = 0;
    subject.media = { ...subject.media, ...body };
    if (body.status === 'ready') return this.#end(watch, { outcome: 'ready', media: subject.media });
    if (body.status === 'failed') {
      const error = failureError('processing_failed', 'errorProcessingFailed', false);
      return this.#end(watch, { outcome: 'failed', media: subject.media, error });
    }
    this.#again(watch);
  }

  #failedRead(watch: Watch, err: unknown): void {
    this.#request = undefined;
    // No token can be had for good (none configured, a bad answer): the status cannot be read.
    if (err instanceof TokenError && !err.error.retryable) return this.#end(watch, unknownEnd(watch.subject.media));
    this.#again(watch);
  }

  /** Reads this media again after its next wait (or `wait`), doubling up to 15 s. */
  #again(watch: Watch, wait = watch.wait): void {
    watch.dueAt = this.#ctx.clock.now() + wait;
    if (wait > 0) watch.wait = Math.min(watch.wait * 2, MAX_POLL_MS);
    this.#schedule();
  }

  #end(watch: Watch, end: ProcessingEnd): void {
    this.#watches.delete(watch.subject);
    this.#schedule();
    watch.subject.ended(end);
  }
}

/** A status answer: Wistia's whole media, or the upload relay's few fields (`hashed_id`, `status`, …). */
function isStatus(value: unknown): value is Partial<WistiaMedia> & { status: string } {
  const v = fieldsOf(value);
  return typeof v.hashed_id === 'string' && typeof v.status === 'string';
}
