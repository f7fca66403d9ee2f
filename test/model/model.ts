import type { UploadItem } from '../../src/core/index.js';
import type { FakeRequest } from './fakes.js';
import type { World } from './tracker.js';

/**
 * What the model expects of an item. `active` is queued or uploading: which of the two, and which phase, follows
 * from timers and slots the model does not predict; every answer to the item's request it does predict.
 */
export type Expected = 'active' | 'processing' | 'succeeded' | 'failed' | 'cancelled' | 'rejected';

export interface Predicted {
  state: Expected;
  /** The error code the item must carry, where the model knows it. */
  code?: string;
  message?: string;
  /** The hashed id of the media Wistia answered with. */
  media?: string;
  retriesUsed: number;
  refreshed: boolean;
  /** `Retry-After` asked for no send of this item before this time… */
  noSendBefore: number;
  /** …from this request on (the ones before were made already). */
  sendsFrom?: number;
  /** The wait the next retry must tell, when the model knows why it comes. */
  delay?: [number, number];
  refusedReads: number;
  unreadableReads: number;
  /** Requests made before processing ended: any status read after them is one too many. */
  readsBefore?: number;
}

/** Answers of the Upload API the commands give, and of the status API. */
export type SendAnswer =
  | 'ok'
  | 'garbage'
  | 'rejected'
  | 'unauthorized'
  | 'timeout'
  | 'busy'
  | 'busyUnreadable'
  | 'broken'
  | 'unavailable'
  | 'reset'
  | 'throws';
export type PollAnswer = 'processing' | 'ready' | 'failed' | '401' | '500' | 'garbage';

export const REFUSAL = 'This account has exceeded its video limit.';
export const RETRY_AFTER_MS = 2000;

/** Back-off before retry `n`: from 1 s doubling to 30 s, jittered into the upper half. */
export const backoffWindow = (n: number): [number, number] => {
  const ceiling = Math.min(30_000, 1000 * 2 ** (n - 1));
  return [ceiling / 2, ceiling];
};

const fresh = (state: Expected): Predicted => ({
  state,
  retriesUsed: 0,
  refreshed: false,
  noSendBefore: 0,
  refusedReads: 0,
  unreadableReads: 0,
});

/** Each item's expected status, errors, media and retries; after every step the engine is held to it. */
export class Model {
  readonly items = new Map<string, Predicted>();
  /** Requests already held to `noSendBefore`. */
  private seen = 0;

  constructor(private readonly world: () => World) {}

  added(items: readonly UploadItem[]): void {
    for (const item of items) this.items.set(item.id, fresh(item.status === 'rejected' ? 'rejected' : 'active'));
  }

  cancel(id: string | undefined): void {
    for (const [key, p] of this.items)
      if ((id === undefined || id === key) && p.state === 'active') p.state = 'cancelled';
  }

  /** Only a failed item Wistia does not have starts again; without an id, cancelled ones stay. */
  retry(id: string | undefined): void {
    for (const [key, p] of this.items) {
      const revivable = p.state === 'failed' ? p.media === undefined : p.state === 'cancelled' && id !== undefined;
      if ((id === undefined || id === key) && revivable) this.items.set(key, fresh('active'));
    }
  }

  remove(id: string): void {
    this.cancel(id);
    this.items.delete(id);
  }

  clear(): void {
    for (const [key, p] of this.items) if (p.state !== 'active' && p.state !== 'processing') this.items.delete(key);
  }

  /** Ends the model cannot foresee (a stall, no token, a refusal by `beforeUpload`) are taken as the engine shows them. */
  observe(): void {
    for (const item of this.world().uploader.items) {
      const p = this.items.get(item.id);
      if (p?.state === 'active' && (item.status === 'failed' || item.status === 'rejected')) {
        p.state = item.status;
        p.code = item.error?.code;
      }
    }
  }

  /** What Wistia's answer `kind` to `request` must lead to, written down before it is delivered. */
  answer(request: FakeRequest, kind: SendAnswer, id: string): void {
    const p = this.items.get(id);
    if (!p || p.state !== 'active') return;
    const w = this.world();
    const end = (state: Expected, code?: string, message?: string) => Object.assign(p, { state, code, message });
    switch (kind) {
      case 'ok':
        p.media = `h${request.n}abcdef`;
        return void end(w.waitForReady ? 'processing' : 'succeeded');
      case 'garbage':
        return void end('failed', 'invalid_response');
      case 'rejected':
        return void end('failed', 'wistia_rejected', REFUSAL);
      case 'throws':
        return void end('failed', 'internal');
      case 'unauthorized':
        if (p.refreshed) return void end('failed', 'unauthorized');
        p.refreshed = true;
        return;
    }
    // Transient: offline it waits for the connection and uses no retry.
    if (w.network.offline) return;
    if (p.retriesUsed >= w.retries) return void end('failed', kind === 'reset' ? 'network' : 'server');
    p.delay = kind === 'busy' ? [RETRY_AFTER_MS, RETRY_AFTER_MS] : backoffWindow(p.retriesUsed + 1);
  }

  /**
   * A retry told: it uses one up, waits as long as it says before the next send, and says how long as the contract
   * words it — `Retry-After` when readable, else back-off from 1 s doubling to 30 s, jittered into its upper half.
   */
  retried(id: string, delayMs: number, violation: (text: string) => void): void {
    const p = this.items.get(id);
    if (!p) return;
    p.retriesUsed++;
    const [low, high] = p.delay ?? backoffWindow(p.retriesUsed);
    if (delayMs < low || delayMs > high)
      violation(`${id}: retry ${p.retriesUsed} after ${delayMs} ms, not ${low}–${high}`);
    p.delay = undefined;
    const w = this.world();
    Object.assign(p, { noSendBefore: w.clock.now() + delayMs, sendsFrom: w.transport.requests.length });
  }

  /** What a status answer must lead to. */
  poll(kind: PollAnswer, id: string): void {
    const p = this.items.get(id);
    if (!p || p.state !== 'processing') return;
    p.readsBefore = this.world().transport.requests.length;
    if (kind === 'processing') p.unreadableReads = 0;
    else if (kind === 'ready') p.state = 'succeeded';
    else if (kind === 'failed') Object.assign(p, { state: 'failed', code: 'processing_failed' });
    else if (kind === '401' && ++p.refusedReads >= 2)
      Object.assign(p, { state: 'succeeded', code: 'processing_unknown' });
    else if (kind === 'garbage' && ++p.unreadableReads >= 3) {
      Object.assign(p, { state: 'succeeded', code: 'processing_unknown' });
    }
  }

  /** Every item as the model expects it, and no send before the time `Retry-After` asked for. */
  check(violation: (text: string) => void): void {
    const w = this.world();
    const items = w.uploader.items;
    if (items.length !== this.items.size) violation(`${items.length} items, the model expects ${this.items.size}`);
    for (const item of items) {
      const p = this.items.get(item.id);
      if (!p) {
        violation(`${item.id} is listed, the model has it gone`);
        continue;
      }
      const said = `${item.id} is ${item.status} (${item.error?.code ?? 'no error'})`;
      const ok =
        p.state === 'active'
          ? item.status === 'queued' || item.status === 'uploading'
          : item.status === p.state && (p.code === undefined || item.error?.code === p.code);
      if (!ok) violation(`${said}, the model expects ${p.state} (${p.code ?? 'any'})`);
      if (p.message !== undefined && item.error?.message !== p.message)
        violation(`${item.id} says "${item.error?.message}"`);
      if (p.media !== undefined && item.media?.hashed_id !== p.media)
        violation(`${item.id} has media ${item.media?.hashed_id}`);
    }
    w.transport.requests.forEach((request, index) => {
      if (index < this.seen) return;
      const id = w.tracker.itemOf(request);
      const p = id && this.items.get(id);
      if (request.kind === 'send' && p && index >= (p.sendsFrom ?? 0) && w.clock.now() < p.noSendBefore) {
        violation(`${id} sent ${p.noSendBefore - w.clock.now()} ms before its Retry-After`);
      }
      if (request.kind === 'poll' && p && p.state !== 'processing' && index >= (p.readsBefore ?? 0)) {
        violation(`${id} read while ${p.state}`);
      }
    });
    this.seen = w.transport.requests.length;
  }

  /** Every item has ended: nothing queued, uploading or processing. */
  get settled(): boolean {
    return [...this.items.values()].every((p) => p.state !== 'active' && p.state !== 'processing');
  }
}
