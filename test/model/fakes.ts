import type { Clock, Network, Runtime, Transport } from '../../src/core/runtime.js';
import type { SendOptions } from '../../src/core/transport.js';
import { TransportError } from '../../src/core/transport.js';
import type { RawResponse } from '../../src/core/wistia-api.js';
import type { TokenGrant, TokenRequest } from '../../src/core/types.js';

/** Lets every promise chain that is not waiting on a timer or a fake answer run to its end. */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Time that moves only when a test says so. */
export class FakeClock implements Clock {
  time = 1_800_000_000_000;
  private next = 1;
  readonly timers = new Map<number, { at: number; callback: () => void }>();

  now = () => this.time;

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.set(id, { at: this.time + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  /** Moves time on by `ms`, firing each timer due on the way, in order, settling promises after each. */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    for (;;) {
      let due: [number, { at: number; callback: () => void }] | undefined;
      for (const timer of this.timers) if (timer[1].at <= until && (!due || timer[1].at < due[1].at)) due = timer;
      if (!due) break;
      this.timers.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].callback();
      await settle();
    }
    this.time = until;
  }
}

export class FakeNetwork implements Network {
  offline = false;
  private listeners = new Set<() => void>();
  isOffline = () => this.offline;
  onOnline(listener: () => void): () => void {
    const once = () => (this.listeners.delete(once), listener());
    this.listeners.add(once);
    return () => this.listeners.delete(once);
  }
  goOnline(): void {
    this.offline = false;
    for (const listener of [...this.listeners]) listener();
  }
  get listening(): number {
    return this.listeners.size;
  }
}

/** One request the engine made, waiting for the test to answer it. */
export interface FakeRequest {
  n: number;
  kind: 'send' | 'poll';
  url: string;
  token: string;
  fields: Record<string, string>;
  /** The file part's name, or the link: which item the request is for. */
  subject: string;
  total: number;
  bodySentAt?: number;
  done: boolean;
  /** How it ended: answered, network error, or aborted by the engine. */
  end?: 'answer' | 'network' | 'aborted';
  options?: SendOptions;
  /** The upload relay's reference a status poll sent back. */
  relayRef?: string;
  settle(answer: RawResponse | 'network'): void;
  /** Rejects with something that is not a transport failure: a bug below the engine. */
  fail(error: Error): void;
}

export class FakeTransport implements Transport {
  readonly requests: FakeRequest[] = [];
  private count = 0;

  constructor(private readonly clock: FakeClock) {}

  get pending(): FakeRequest[] {
    return this.requests.filter((r) => !r.done);
  }

  send = (options: SendOptions): Promise<RawResponse> => {
    const fields: Record<string, string> = {};
    let subject = '';
    let total = 0;
    for (const [key, value] of options.body.entries()) {
      if (typeof value === 'string') {
        fields[key] = value;
      } else {
        subject = value.name;
        total = value.size;
      }
    }
    subject ||= fields.url ?? `s3://${fields.bucket}/${fields.source_file}`;
    return this.track('send', options.url, options.token, options.signal, fields, subject, total, options);
  };

  /** The engine model sends whole files only; the resumable model's relay (tus-relay.ts) answers these. */
  exchange: Transport['exchange'] = () => Promise.reject(new Error('no tus relay in this world'));

  getJson = (url: string, token: string, signal: AbortSignal, relayRef?: string): Promise<RawResponse> => {
    const answer = this.track('poll', url, token, signal, {}, url, 0);
    this.requests.at(-1)!.relayRef = relayRef;
    return answer;
  };

  private track(
    kind: FakeRequest['kind'],
    url: string,
    token: string,
    signal: AbortSignal,
    fields: Record<string, string>,
    subject: string,
    total: number,
    options?: SendOptions,
  ): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(new TransportError('aborted'));
      const request: FakeRequest = {
        n: ++this.count,
        kind,
        url,
        token,
        fields,
        subject,
        total,
        done: false,
        options,
        fail: (error) => {
          if (request.done) return;
          request.done = true;
          request.end = 'network';
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
        settle: (answer) => {
          if (request.done) return;
          request.done = true;
          signal.removeEventListener('abort', onAbort);
          if (answer === 'network') {
            request.end = 'network';
            reject(new TransportError('network'));
          } else {
            request.end = 'answer';
            resolve(answer);
          }
        },
      };
      const onAbort = () => {
        if (request.done) return;
        request.done = true;
        request.end = 'aborted';
        reject(new TransportError('aborted'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.requests.push(request);
    });
  }

  /** The browser reports `fraction` of the body sent; all of it also ends the body. */
  progress(request: FakeRequest, fraction: number): void {
    const total = request.total + 300;
    request.options?.onUploadProgress?.(Math.round(total * fraction), total);
    if (fraction >= 1 && request.bodySentAt === undefined) {
      request.bodySentAt = this.clock.now();
      request.options?.onBodySent?.();
    }
  }
}

/** A `getToken` source whose answers the test gives; tokens say which source and project they were made for. */
export class FakeTokenSource {
  readonly pending: {
    projectId?: string;
    signal: AbortSignal;
    resolve(v: TokenGrant): void;
    reject(e: unknown): void;
  }[] = [];
  private count = 0;

  constructor(
    readonly label: string,
    private readonly clock: FakeClock,
  ) {}

  getToken = (req: TokenRequest): Promise<TokenGrant> =>
    new Promise((resolve, reject) => {
      const entry = { projectId: req.projectId, signal: req.signal, resolve, reject };
      this.pending.push(entry);
      req.signal.addEventListener('abort', () => this.pending.splice(this.pending.indexOf(entry), 1), { once: true });
    });

  answer(index: number, kind: 'good' | 'soon' | 'fail'): void {
    const [entry] = this.pending.splice(index, 1);
    if (!entry) return;
    if (kind === 'fail') return entry.reject(new Error('token service down'));
    const token = `${this.label}|${entry.projectId ?? '-'}|${++this.count}`;
    const expiresAt = this.clock.now() + (kind === 'soon' ? 10_000 : 3_600_000);
    entry.resolve({ token, expiresAt });
  }
}

export function fakeRuntime(clock: FakeClock, network: FakeNetwork, transport: FakeTransport, seed: number) {
  let state = seed >>> 0 || 1;
  // A seeded generator: the jitter of back-offs repeats with the run.
  const random = () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  return { clock, network, transport, random } satisfies Partial<Runtime>;
}
