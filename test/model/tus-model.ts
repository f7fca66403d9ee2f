import type { UploadItem, Uploader } from '../../src/core/index.js';
import type { Exchanged } from '../../src/core/transport.js';
import { backoffWindow } from './model.js';
import { ANSWER_LIMIT_MS, fresh, GONE, TURNS, type Life, type Next } from './tus-life.js';
import { metadataOf, type FakeTusRelay, type TusAnswer, type TusRequest } from './tus-relay.js';

export interface TusWorld {
  uploader: Uploader;
  relay: FakeTusRelay;
  clock: { now(): number };
  retries: number;
  chunk: number;
}

/**
 * What the resumable path must do, predicted from each answer the relay gives before the engine hears of it: where
 * the next request goes and from which offset, when a retry is used and how long it waits, and how each life ends.
 * After every step the engine's items and the wire are held to it.
 */
export class TusModel {
  readonly lives = new Map<string, Life>();
  /** File name → upload URL: the page's storage, which outlives an uploader. */
  readonly stored = new Map<string, string>();
  /** Upload URLs a cancel must send `DELETE` for. */
  readonly deletes = new Set<string>();
  /** Requests on the wire, as the model saw them go and end. */
  readonly onWire: TusRequest[] = [];
  readonly violations: string[] = [];
  /** Rows reached, for the table. */
  readonly reached = new Set<string>();
  readonly #of = new Map<TusRequest, Life>();

  constructor(private readonly world: () => TusWorld) {
    const { relay } = world();
    const { onRequest, onAnswer, onAborted } = relay;
    relay.onRequest = (r) => (onRequest?.(r), this.#sent(r));
    relay.onAnswer = (r, kind, told) => (onAnswer?.(r, kind, told), this.#answered(r, kind, told));
    relay.onAborted = (r) => (onAborted?.(r), this.#aborted(r));
  }

  violation(text: string): void {
    this.violations.push(text);
  }

  added(items: readonly UploadItem[]): void {
    for (const { id, name, size } of items) this.lives.set(id, fresh(id, name, size ?? 0));
  }

  /** A cancel of a life that holds an upload terminates it, and the page forgets it. */
  cancel(id?: string): void {
    for (const life of this.lives.values()) {
      if ((id !== undefined && id !== life.id) || life.state !== 'active') continue;
      this.#end(life, 'cancelled');
      if (life.url) this.deletes.add(life.url);
      if (life.url) this.#forget(life);
    }
  }

  retry(id?: string): void {
    for (const [key, life] of this.lives) {
      const revivable = life.state === 'failed' || (life.state === 'cancelled' && id !== undefined);
      if ((id === undefined || id === key) && revivable && life.media === undefined)
        this.lives.set(key, fresh(key, life.name, life.size));
    }
  }

  remove(id: string): void {
    this.cancel(id);
    this.lives.delete(id);
  }

  /** The page went away: its lives with it; the storage stays. */
  reload(): void {
    this.lives.clear();
  }

  /** Time will pass by `ms`: a final answer awaited past its limit is given up, as a failure without progress. */
  advancing(ms: number): void {
    const until = this.world().clock.now() + ms;
    for (const life of this.lives.values())
      if (life.pending && life.bodySentAt !== undefined && life.bodySentAt + ANSWER_LIMIT_MS <= until)
        life.limitDue = true;
  }

  /** The browser reports `fraction` of a chunk sent: all of the last chunk leaves only the answer to wait for. */
  progressed(request: TusRequest, fraction: number): void {
    const life = this.#of.get(request);
    if (!life || life.pending !== request || fraction < 1) return;
    if ((request.offset ?? 0) + request.bytes >= life.size) life.bodySentAt ??= this.world().clock.now();
  }

  /** A retry told: it uses one up, within the back-off window, for the reason the model gave. */
  retried(id: string, delayMs: number, reason: string | undefined): void {
    const life = this.lives.get(id);
    if (!life) return;
    const expected = life.retry;
    if (!expected) return this.violation(`${life.name}: a retry the model did not expect`);
    life.retry = undefined;
    life.retriesUsed++;
    const [low, high] = expected.window;
    if (delayMs < low || delayMs > high) this.violation(`${life.name}: retry after ${delayMs} ms, not ${low}–${high}`);
    if (expected.reason !== undefined && reason !== expected.reason)
      this.violation(`${life.name}: retry for ${reason}, not ${expected.reason}`);
    life.notBefore = this.world().clock.now() + delayMs;
  }

  #sent(request: TusRequest): void {
    this.onWire.push(request);
    const { method, url } = request;
    if (method === 'DELETE') {
      if (!this.deletes.delete(url)) this.violation(`DELETE of ${url}, which no cancel asked for`);
      return;
    }
    const name = method === 'POST' ? metadataOf(request.options.headers['Upload-Metadata']).filename : undefined;
    const file = name ?? this.world().relay.fileOf.get(url);
    const life = [...this.lives.values()].find((l) => l.name === file && l.state === 'active');
    if (!life) return this.violation(`${method} ${url} for ${file}, which the model has ended`);
    const said = `${life.name}: ${method} ${request.offset ?? ''}`;
    const next = life.next;
    if (next === undefined || life.pending) return this.violation(`${said}, which the model did not expect`);
    if (next === 'attempt') {
      life.attempts++;
      life.url ??= this.stored.get(life.name);
      if (this.world().clock.now() < life.notBefore) this.violation(`${said} before its back-off ended`);
    }
    const want = next === 'attempt' ? (life.url ? 'HEAD' : 'POST') : typeof next === 'string' ? next : 'PATCH';
    const offset = typeof next === 'object' ? next.offset : undefined;
    if (method !== want || request.offset !== offset)
      this.violation(`${said}, the model expects ${want} ${offset ?? ''}`);
    else if (method !== 'POST' && url !== life.url) this.violation(`${said} to ${url}, not ${life.url}`);
    else if (offset !== undefined && request.bytes !== Math.min(this.world().chunk, life.size - offset))
      this.violation(`${said} with ${request.bytes} bytes`);
    Object.assign(life, { next: undefined, due: false, pending: request });
    this.#of.set(request, life);
    if (method === 'PATCH' && request.bytes === 0) {
      life.bodySentAt ??= this.world().clock.now();
      this.reached.add('empty PATCH at the end');
    }
    if (method === 'PATCH' && request.bytes > 0) life.sends++;
  }

  #settled(request: TusRequest): Life | undefined {
    const at = this.onWire.indexOf(request);
    if (at >= 0) this.onWire.splice(at, 1);
    const life = this.#of.get(request);
    if (!life || life.pending !== request || this.lives.get(life.id) !== life) return undefined;
    life.pending = undefined;
    return life.state === 'active' ? life : undefined;
  }

  #aborted(request: TusRequest): void {
    const life = this.#settled(request);
    if (!life) return;
    if (!life.limitDue) this.violation(`${life.name}: ${request.method} given up without cause`);
    this.#failed(life, 'stalled');
  }

  /** What the relay's answer must lead to, written down before the engine hears it. */
  #answered(request: TusRequest, kind: TusAnswer, told: Exchanged | 'network'): void {
    const life = this.#settled(request);
    if (!life) return;
    const { method } = request;
    this.reached.add(`answer ${method} ${told === 'network' ? 'network' : told.status}`);
    if (told === 'network') {
      if (method === 'PATCH' && kind === 'cut' && request.bytes > 1) this.reached.add('chunk cut mid-way');
      return this.#failed(life, 'network');
    }
    const { status, headers } = told;
    const held = Number(headers['upload-offset']);
    if (method === 'POST' && status === 201) {
      life.url = headers.location!;
      this.stored.set(life.name, life.url);
      life.offset = 0;
      return this.#go(life, { offset: 0 });
    }
    if (method === 'HEAD' && GONE.includes(status)) return (this.#forget(life), this.#go(life, 'POST'));
    if (method === 'HEAD' && status === 200) {
      // More held than confirmed before: the failed request made progress, which gives the retries back.
      if (held > life.offset) Object.assign(life, { turns: 0, retriesUsed: 0, refreshed: false });
      return this.#go(life, { offset: (life.offset = held) });
    }
    if (method === 'PATCH') {
      const body = status === 200 ? (JSON.parse(told.body || 'null') as { id?: number } | null) : null;
      if (typeof body?.id === 'number') {
        this.#end(life, 'succeeded');
        life.media = body.id;
        return this.#forget(life);
      }
      if (status >= 200 && status < 300 && held > (request.offset ?? 0)) {
        Object.assign(life, { offset: held, turns: 0, retriesUsed: 0, refreshed: false });
        return this.#go(life, { offset: held });
      }
      const gone = GONE.includes(status) && request.bytes > 0;
      if (status === 409 || gone) {
        if (++life.turns > TURNS) return this.#failed(life, 'refused', status);
        if (gone) this.#forget(life);
        return this.#go(life, gone ? 'POST' : 'HEAD');
      }
    }
    if (status === 401) return this.#unauthorized(life);
    if (status === 408 || status === 429 || status >= 500) return this.#failed(life, 'server');
    this.#end(life, 'failed', status < 300 ? 'invalid_response' : 'wistia_rejected');
  }

  #go(life: Life, next: Next): void {
    Object.assign(life, { next, due: true });
  }

  #forget(life: Life): void {
    life.url = undefined;
    life.offset = 0;
    this.stored.delete(life.name);
  }

  #end(life: Life, state: Life['state'], code?: string, reason?: string): void {
    Object.assign(life, { state, code, reason, next: undefined, due: false, retry: undefined });
  }

  /** The attempt ended: a new one after a fresh token or a back-off, or the end. */
  #attemptEnded(life: Life): void {
    Object.assign(life, { turns: 0, bodySentAt: undefined, limitDue: undefined });
  }

  #unauthorized(life: Life): void {
    this.#attemptEnded(life);
    if (life.refreshed) return this.#end(life, 'failed', 'unauthorized');
    life.refreshed = true;
    this.#go(life, 'attempt');
  }

  /** A transient failure: a retry while retries are left (one used, none for the turns before it), else failed. */
  #failed(life: Life, why: 'network' | 'server' | 'stalled' | 'refused', status?: number): void {
    this.#attemptEnded(life);
    const reason = why === 'refused' ? 'errorRelayRefused' : undefined;
    if (why === 'refused') this.reached.add(`relay refused (${status})`);
    if (life.retriesUsed >= this.world().retries) return this.#end(life, 'failed', reason ? 'server' : why, reason);
    life.retry = { window: backoffWindow(life.retriesUsed + 1), reason };
    Object.assign(life, { next: 'attempt', due: false });
  }

  /** Every item as the model expects it; every request it made due on the wire; every DELETE and retry told. */
  check(): void {
    const { uploader } = this.world();
    const items = uploader.items;
    if (items.length !== this.lives.size) this.violation(`${items.length} items, the model expects ${this.lives.size}`);
    for (const item of items) {
      const life = this.lives.get(item.id);
      if (!life) {
        this.violation(`${item.name} is listed, the model has it gone`);
        continue;
      }
      const said = `${item.name} is ${item.status} (${item.error?.code ?? 'no error'} ${item.error?.reason ?? ''})`;
      const ok =
        life.state === 'active'
          ? /queued|uploading/.test(item.status)
          : item.status === life.state &&
            item.error?.code === life.code &&
            (life.reason === undefined || item.error?.reason === life.reason);
      if (!ok) this.violation(`${said}, the model expects ${life.state} ${life.code ?? ''} ${life.reason ?? ''}`);
      if (life.media !== undefined && item.media?.id !== life.media)
        this.violation(`${item.name}: media ${item.media?.id}`);
      if (life.pending && item.attempts !== life.attempts)
        this.violation(`${item.name}: attempt ${item.attempts}, the model counts ${life.attempts}`);
      // Held by the relay is sent: the item shows at least what the relay confirmed while its upload goes on.
      if (life.pending && item.loaded < life.offset)
        this.violation(`${item.name}: loaded ${item.loaded} < ${life.offset}`);
      if (life.state === 'active' && life.due && !life.pending)
        this.violation(`${item.name}: no ${JSON.stringify(life.next)} on the wire`);
      if (life.retry) this.violation(`${item.name}: no retry told`);
      if (life.limitDue && life.pending) this.violation(`${item.name}: the answer awaited past its limit`);
    }
    for (const url of this.deletes) this.violation(`no DELETE of ${url}`);
    this.deletes.clear();
  }

  /** Every life has ended. */
  get settled(): boolean {
    return [...this.lives.values()].every((life) => life.state !== 'active');
  }
}
