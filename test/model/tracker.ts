import { EventName, type UploadItem, type Uploader } from '../../src/core/index.js';
import { ANSWER_LIMIT_MS } from '../../src/core/item-runner.js';
import type { Reached } from './reached.js';
import type { FakeClock, FakeNetwork, FakeRequest, FakeTokenSource, FakeTransport } from './fakes.js';

/** The contract's words, written here again on purpose: the model must not borrow the engine's own definitions. */
const isPending = (status: UploadItem['status']) => status === 'queued' || status === 'uploading';
const isInFlight = (item: UploadItem) => item.status === 'uploading' || item.phase === 'asking';
const statusOfPhase = (phase: UploadItem['phase']): UploadItem['status'] => {
  if (phase === 'held' || phase === 'waiting' || phase === 'asking') return 'queued';
  if (phase === 'processing' || phase === 'succeeded' || phase === 'failed') return phase;
  if (phase === 'cancelled' || phase === 'rejected') return phase;
  return 'uploading';
};

type LifeState = 'new' | 'started' | 'processing' | 'ended';

/** What one life of an item did on the wire. */
interface LifeStats {
  sends: number;
  maxRetries: number;
  unauthorized: number;
  /** Retries told (`wistia-upload-retry`): each one used up. */
  retriesTold: number;
  /** Times the item waited for the connection: each may lead to one more attempt, using up no retry. */
  offlineWaits: number;
  last?: FakeRequest;
}

export interface World {
  uploader: Uploader;
  clock: FakeClock;
  network: FakeNetwork;
  transport: FakeTransport;
  sources: Record<'A' | 'B', FakeTokenSource>;
  source: 'A' | 'B';
  concurrency: number;
  retries: number;
  waitForReady: boolean;
  tracker: Tracker;
  reached: Reached;
}

/**
 * Watches the engine from outside, as an app would, and holds it to the contract after every step:
 * one terminal event per life, nothing after it, tokens only of their own source and project, no re-send of a
 * complete body without a failed answer, slots, queue-complete, and `items` equal to what the events told.
 */
export class Tracker {
  readonly violations: string[] = [];
  readonly order: string[] = [];
  readonly status = new Map<string, UploadItem['status']>();
  readonly life = new Map<string, LifeState>();
  readonly stats = new Map<string, LifeStats>();
  readonly removed = new Set<string>();
  /**
   * Removed by a listener during this step: events the engine queued before the removal (a success told after the
   * final progress, say) may still come, each held to the life rules. From the next step on, nothing may.
   */
  readonly removedNow = new Set<string>();
  /**
   * Retried from inside a listener, before the old life's end was told (it waits behind the event being told):
   * that end may still come once, before the new life's start.
   */
  readonly reviving = new Set<string>();
  readonly lastProgress = new Map<string, number>();
  workSinceComplete = false;
  warned = 0;
  /** The item `remove()` is being called for: its cancel may be told, a queue-complete must not list it. */
  removing?: string;
  /** Items whose request failed with a programming error (not the network's, not Wistia's). */
  readonly threw = new Set<string>();
  readonly unhandled: unknown[] = [];
  private lastInFlight = 0;
  private seenRequests = 0;

  constructor(private readonly world: () => World) {}

  itemOf(request: FakeRequest): string | undefined {
    return itemOf(this.world().uploader.items, request)?.id;
  }

  violation(text: string): void {
    this.violations.push(text);
  }

  listen(uploader: Uploader): void {
    for (const type of Object.values(EventName)) {
      uploader.addEventListener(type, (event) => this.onEvent(type, (event as CustomEvent).detail));
    }
    // Phases change without events too: each wait for the connection is counted as it begins.
    const phases = new Map<string, UploadItem['phase']>();
    uploader.subscribe(() => {
      for (const item of uploader.items) {
        const stats = this.stats.get(item.id);
        if (stats && item.phase === 'offline' && phases.get(item.id) !== 'offline') stats.offlineWaits++;
        phases.set(item.id, item.phase);
      }
    });
  }

  private onEvent(type: string, detail: any): void {
    if (type === EventName.queueComplete) {
      const pending = this.world().uploader.items.filter((i) => isPending(i.status));
      if (pending.length) this.violation(`queue-complete while ${pending.map((i) => i.phase)} pending`);
      const listed = [...detail.succeeded, ...detail.failed, ...detail.cancelled].map((i: UploadItem) => i.id);
      for (const id of listed) {
        const gone = this.removed.has(id) || this.removedNow.has(id) || id === this.removing;
        if (gone) this.violation(`queue-complete lists removed ${id}`);
      }
      this.workSinceComplete = false;
      return;
    }
    const item: UploadItem = detail.item;
    const id = item.id;
    if (this.removed.has(id)) return this.violation(`${type} for removed item ${id}`);
    const state = this.life.get(id);
    const expect = (ok: boolean, to?: LifeState) => {
      if (!ok) this.violation(`${type} for ${id} in life state ${state} (phase ${item.phase})`);
      if (to) this.life.set(id, to);
      this.status.set(id, item.status);
    };
    if (item.error?.code === 'internal' && !this.threw.has(id)) this.violation(`internal error for ${id}`);
    if (type === EventName.uploadRetry && this.threw.has(id)) this.violation(`a programming error retried for ${id}`);
    if (type === EventName.uploadError && this.threw.has(id) && item.error?.code !== 'internal') {
      this.violation(`a programming error told as ${item.error?.code} for ${id}`);
    }
    const lateEnd = type === EventName.uploadCancel || type === EventName.uploadError || type === EventName.fileReject;
    if (this.reviving.has(id) && state === 'new' && lateEnd) {
      this.reviving.delete(id);
      return;
    }
    if (type === EventName.uploadStart) this.reviving.delete(id);
    switch (type) {
      case EventName.fileReject:
        // During add() the id is not known yet; later only `beforeUpload` may refuse.
        return expect(state === undefined || state === 'new', 'ended');
      case EventName.uploadStart:
        this.lastProgress.delete(id);
        return expect(state === 'new', 'started');
      case EventName.uploadProgress:
        this.lastProgress.set(id, detail.loaded);
        return expect(state === 'started' && detail.loaded <= detail.total);
      case EventName.uploadRetry: {
        const stats = this.stats.get(id);
        if (stats && ++stats.retriesTold > stats.maxRetries) this.violation(`${id}: ${stats.retriesTold} retries told`);
        // Offline, retries wait for the connection instead of being used up.
        if (this.world().network.offline) this.violation(`${id}: a retry used up while offline`);
        return expect(state === 'started');
      }
      case EventName.uploadSuccess:
        if (item.source === 'file' && item.total > 0 && this.lastProgress.get(id) !== item.total) {
          this.violation(`success for ${id} before its last progress (${this.lastProgress.get(id)} of ${item.total})`);
        }
        return expect(state === 'started', item.status === 'processing' ? 'processing' : 'ended');
      case EventName.mediaReady:
        return expect(state === 'processing', 'ended');
      case EventName.uploadError:
        if (item.error?.retryable && this.world().network.offline) this.violation(`${id} failed while offline`);
        return expect(
          state === 'new' ||
            state === 'started' ||
            (state === 'processing' && /^processing_(failed|unknown)$/.test(item.error?.code ?? '')),
          'ended',
        );
      case EventName.uploadCancel:
        return expect(state === 'new' || state === 'started', 'ended');
    }
  }

  /** After add, retry, remove or clear: what the list should hold now. */
  added(items: readonly UploadItem[]): void {
    for (const item of items) {
      this.order.push(item.id);
      this.status.set(item.id, item.status);
      if (item.status === 'queued') {
        this.life.set(item.id, 'new');
        this.stats.set(item.id, this.freshStats());
        this.workSinceComplete = true;
      } else {
        this.life.set(item.id, 'ended');
      }
    }
  }

  revived(ids: string[]): void {
    // Sends made so far belong to the life that ends here.
    this.countSends(this.world().uploader.items);
    for (const id of ids) {
      if (this.life.get(id) !== 'ended') this.reviving.add(id);
      this.threw.delete(id);
      this.life.set(id, 'new');
      this.status.set(id, 'queued');
      this.stats.set(id, this.freshStats());
      this.workSinceComplete = true;
    }
  }

  gone(ids: string[]): void {
    for (const id of ids) {
      if (this.order.includes(id)) this.order.splice(this.order.indexOf(id), 1);
      this.removedNow.add(id);
    }
  }

  private freshStats(): LifeStats {
    return { sends: 0, maxRetries: this.world().retries, unauthorized: 0, retriesTold: 0, offlineWaits: 0 };
  }

  /** The invariants, after every step. */
  check(): void {
    const w = this.world();
    for (const id of this.removedNow) this.removed.add(id);
    this.removedNow.clear();
    if (this.unhandled.length) this.violation(`unhandled rejection: ${String(this.unhandled.splice(0)[0])}`);
    const items = w.uploader.items;
    const ids = items.map((i) => i.id);
    if (ids.join() !== this.order.join()) this.violation(`items ${ids} differ from the model ${this.order}`);
    for (const item of items) {
      if (statusOfPhase(item.phase) !== item.status)
        this.violation(`${item.id} status ${item.status} in ${item.phase}`);
      const told = this.status.get(item.id);
      if (told !== item.status) this.violation(`${item.id} is ${item.status}, events said ${told}`);
      const stats = this.stats.get(item.id);
      if (stats) stats.maxRetries = Math.max(stats.maxRetries, w.retries);
      // A second 401 in one life, even after a fresh token, ends it: no endless refresh loop.
      if (stats && stats.unauthorized >= 2 && item.error?.code !== 'unauthorized' && item.status !== 'cancelled') {
        this.violation(`${item.id} answered 401 twice but is ${item.status}`);
      }
    }
    this.checkSlots(items);
    this.checkRequests(items);
    if (this.workSinceComplete && !items.some((i) => isPending(i.status))) this.violation('queue-complete missing');
    const timed = items.some((i) => isPending(i.status) || i.status === 'processing');
    const tokenRequests = w.sources.A.pending.length + w.sources.B.pending.length;
    if (!timed && w.clock.timers.size > 1 + tokenRequests) {
      const what = [...w.clock.timers.values()].map((t) => t.callback.toString().replace(/\s+/g, ' ').slice(0, 60));
      this.violation(`${w.clock.timers.size} timers left with nothing under way: ${what.join(' | ')}`);
    }
    // Each item waiting offline listens for the connection, and the status poller once for all it watches.
    const offline =
      items.filter((i) => i.phase === 'offline').length + (items.some((i) => i.status === 'processing') ? 1 : 0);
    if (w.network.listening > offline) this.violation(`${w.network.listening} online listeners for ${offline} items`);
  }

  /** `concurrency` changed: the items in flight now may finish, only new ones must wait for a slot. */
  concurrencyChanged(): void {
    this.lastInFlight = Math.max(this.lastInFlight, this.world().uploader.items.filter(isInFlight).length);
  }

  private checkSlots(items: readonly UploadItem[]): void {
    const inFlight = items.filter(isInFlight).length;
    const limit = this.world().concurrency;
    // Lowering `concurrency` lets running items finish; it only stops new ones.
    if (inFlight > limit && inFlight > this.lastInFlight) this.violation(`${inFlight} in flight, concurrency ${limit}`);
    this.lastInFlight = inFlight;
  }

  /** New sends, each held to the bound of the life it was made in. */
  private countSends(items: readonly UploadItem[]): Map<string, UploadItem> {
    const w = this.world();
    const bySubject = new Map<string, UploadItem>();
    for (const item of items) bySubject.set(subjectOf(item), item);
    for (const request of w.transport.requests.slice(this.seenRequests)) {
      if (request.kind !== 'send') continue;
      const [source, project] = request.token.split('|');
      if (source !== w.source) this.violation(`sent with a token of source ${source} while the source is ${w.source}`);
      if (project !== (request.fields.project_id ?? '-')) {
        this.violation(`token for project ${project} sent to project ${request.fields.project_id ?? '-'}`);
      }
      const item = bySubject.get(request.subject);
      const stats = item && this.stats.get(item.id);
      if (!item || !stats) continue;
      const previous = stats.last;
      if (previous?.bodySentAt !== undefined && previous.end === 'aborted') {
        if (w.clock.now() - previous.bodySentAt < ANSWER_LIMIT_MS) {
          this.violation(`${item.id}: whole file sent again after a complete body without a failed answer`);
        }
      }
      stats.sends++;
      stats.last = request;
      const allowed = 1 + stats.retriesTold + Math.min(1, stats.unauthorized) + stats.offlineWaits;
      if (stats.sends > allowed) this.violation(`${item.id}: ${stats.sends} sends, at most ${allowed} allowed`);
    }
    this.seenRequests = w.transport.requests.length;
    return bySubject;
  }

  private checkRequests(items: readonly UploadItem[]): void {
    const bySubject = this.countSends(items);
    const w = this.world();
    const byId = new Map(items.map((i) => [i.id, i]));
    const byMedia = (url: string) => items.find((i) => i.media && url.includes(`/${i.media.hashed_id}.json`));
    for (const request of w.transport.pending) {
      const item = request.kind === 'poll' ? byMedia(request.url) : bySubject.get(request.subject);
      const live = item && byId.get(item.id);
      const phases = request.kind === 'send' ? ['sending', 'finishing'] : ['processing'];
      if (!live || !phases.includes(live.phase)) {
        this.violation(`request ${request.n} (${request.kind}) left open for an item ${live?.phase ?? 'gone'}`);
      }
      if (request.kind === 'send' && live && this.stats.get(live.id)?.last !== request) {
        this.violation(`request ${request.n} is not the latest of ${live.id}`);
      }
    }
  }
}

/** The listed item a request is for, by its file, link or media. */
export function itemOf(items: readonly UploadItem[], request: FakeRequest): UploadItem | undefined {
  if (request.kind === 'poll') return items.find((i) => i.media && request.url.includes(`/${i.media.hashed_id}.json`));
  return items.find((i) => subjectOf(i) === request.subject);
}

/** What a request names of its item: the file part's name, the link, or the S3 object. */
export function subjectOf(item: UploadItem): string {
  if (item.file) return item.file.name;
  return item.source === 's3' ? `s3://${item.bucket}/${item.sourceFile}` : (item.url ?? '');
}
