import {
  FileRejectEvent,
  MediaReadyEvent,
  UploadErrorEvent,
  UploadRetryEvent,
  UploadStartEvent,
  UploadSuccessEvent,
} from './events.js';
import { appFields, truncateName } from './file-rules.js';
import { enterPhase, PhaseRun, statusOfPhase } from './item-phase.js';
import { isSecureEndpoint } from './link-rules.js';
import { tableError } from './messages.js';
import { waitUntilProcessed } from './processing-watch.js';
import type { ProgressMeter } from './progress-meter.js';
import { retryDelay } from './retry-policy.js';
import type { Runtime } from './runtime.js';
import { errorOf, NO_ANSWER, STALLED } from './failures.js';
import type { TokenClient } from './token-client.js';
import type { ItemPhase, MediaFields, UploadError, UploadItem, UploaderOptions, WistiaMedia } from './types.js';
import { classifyResponse, fileUploadBody, importBody, type Classified } from './wistia-api.js';

/** Once the last byte is sent, Wistia's answer is awaited this long before the attempt counts as lost (SPEC §5). */
export const ANSWER_LIMIT_MS = 10 * 60_000;

/** What one life of an item (from queueing or `retry()` to its end) remembers. */
export interface Life {
  retriesUsed: number;
  /** The one repeat after a 401 with a fresh token has been made. */
  refreshed: boolean;
  started: boolean;
  /** The fields sent to Wistia, fixed once the app has been asked. */
  fields?: MediaFields;
}

/** An item with what only the engine needs to know about it. */
export interface Entry {
  item: UploadItem;
  phase: PhaseRun;
  life: Life;
  meter: ProgressMeter;
  /** `loaded` as of the latest progress event. */
  reported: number;
}

/** What the runner needs from the queue it works for. */
export interface RunnerHost {
  readonly runtime: Runtime;
  readonly tokens: TokenClient;
  readonly options: Readonly<UploaderOptions>;
  readonly watching: boolean;
  emit(event: Event): void;
  /** Bytes moved for `entry`: report them at the queue's pace. */
  progressed(entry: Entry): void;
  /** Reports `entry`'s latest bytes now, if not yet reported. */
  reportProgress(entry: Entry): void;
  /** An item left its slot or ended: start the next, and tell when the queue is complete. */
  settled(): void;
  /** Something changed that no event may tell of: an item's phase. */
  changed(): void;
  retries(): number;
  stallTimeout(): number;
  waitForReady(): boolean;
  endpoint(key: 'uploadUrl' | 's3CopyUrl' | 'apiUrl'): string;
}

/** Drives one item through its phases: asking the app, token, sending, answer, back-off, processing. */
export class ItemRunner {
  private warnedUnreadable = false;

  constructor(private readonly host: RunnerHost) {}

  /** Moves `entry` to `to`; the phase it leaves is ended (timers, listeners and request, unless carried on). */
  move(entry: Entry, to: ItemPhase, carryRequest = false): PhaseRun {
    entry.phase = enterPhase(entry.phase, to, this.host.runtime.clock, carryRequest);
    entry.item.phase = to;
    entry.item.status = statusOfPhase(to);
    if (to !== 'sending' && to !== 'finishing') {
      delete entry.item.bytesPerSecond;
      delete entry.item.secondsLeft;
    }
    this.host.changed();
    return entry.phase;
  }

  snapshot(entry: Entry): UploadItem {
    return { ...entry.item };
  }

  /** Takes a slot: asks `beforeUpload`, then makes the first attempt. */
  async begin(entry: Entry): Promise<void> {
    const asking = this.move(entry, 'asking');
    let answer: unknown;
    try {
      const hook = this.host.options.beforeUpload;
      // Always a turn later, hook or not: `add()` returns its items still queued.
      answer = await (hook ? hook(this.snapshot(entry)) : undefined);
    } catch (err) {
      if (!asking.active) return;
      const said = err instanceof Error ? err.message.trim().slice(0, 500) : '';
      const error: UploadError = said
        ? { code: 'rejected_by_app', message: said, retryable: false }
        : tableError('rejected_by_app', 'errorRejectedByApp', false);
      return this.end(entry, 'rejected', error);
    }
    if (!asking.active) return;
    if (answer === false)
      return this.end(entry, 'rejected', tableError('rejected_by_app', 'errorRejectedByApp', false));
    if (answer && typeof answer === 'object') Object.assign(entry.item, appFields(answer as MediaFields));
    const { item } = entry;
    const opts = this.host.options;
    entry.life.fields = {
      name: item.name,
      description: item.description ?? opts.description,
      projectId: item.projectId ?? opts.projectId,
      contactId: item.contactId ?? opts.contactId,
    };
    this.attempt(entry);
  }

  /** One attempt: wait to be online, get a token, send. */
  private attempt(entry: Entry): void {
    const { network } = this.host.runtime;
    const offline = network.isOffline();
    const phase = this.move(entry, offline ? 'offline' : 'authorizing');
    if (!entry.life.started) {
      entry.life.started = true;
      this.host.emit(new UploadStartEvent({ item: this.snapshot(entry) }));
      if (!phase.active) return;
      // Refused before the token is fetched: it must never travel in clear text.
      if (this.insecureEndpoint(entry)) {
        return this.end(entry, 'failed', tableError('insecure_url', 'errorInsecureEndpoint', false));
      }
    }
    if (offline) return phase.onEnd(network.onOnline(() => phase.active && this.attempt(entry)));
    entry.item.attempts++;
    this.host.tokens.get(entry.life.fields?.projectId, phase.signal).then(
      (token) => phase.active && this.send(entry, token),
      (err: unknown) => phase.active && this.failed(entry, errorOf(err)),
    );
  }

  private send(entry: Entry, token: string): void {
    const sending = this.move(entry, 'sending');
    const { item } = entry;
    item.loaded = 0;
    entry.reported = 0;
    entry.meter.reset();
    let finishing: PhaseRun | undefined;
    const stallTimeout = this.host.stallTimeout();
    const armStall = () => {
      sending.clearTimers();
      if (stallTimeout > 0) sending.after(stallTimeout, () => sending.controller.abort(STALLED));
    };
    const bodySent = () => {
      if (entry.phase !== sending || !sending.active) return;
      // The request goes on; only the stall rule ends: from here a re-send could duplicate the media.
      const waiting = (finishing = this.move(entry, 'finishing', true));
      waiting.after(ANSWER_LIMIT_MS, () => waiting.controller.abort(NO_ANSWER));
      // Every byte is out: told at the next beat of progress (phase finishing), so a UI can say it waits for Wistia.
      if (entry.reported < item.total) {
        item.loaded = item.total;
        this.host.progressed(entry);
      }
    };
    const current = () => (entry.phase === sending || entry.phase === finishing) && entry.phase.active;
    armStall();
    const { signal } = sending;
    // An async wrapper turns a throw while building the request into a rejection like any other.
    const request = (async () =>
      this.host.runtime.transport.send({
        ...this.request(entry, token),
        signal,
        onUploadProgress: (loaded, total) => {
          if (entry.phase !== sending || !sending.active) return;
          armStall();
          this.measure(entry, loaded, total);
          if (total > 0 && loaded >= total) bodySent();
        },
        onBodySent: bodySent,
      }))();
    request.then(
      (raw) => current() && this.answered(entry, token, classifyResponse(raw)),
      (err: unknown) => current() && this.failed(entry, errorOf(err, signal.reason)),
    );
  }

  private request(entry: Entry, token: string) {
    const { item } = entry;
    const fields = entry.life.fields ?? {};
    if (item.source === 'file' && item.file) {
      const body = fileUploadBody(item.file, fields, truncateName(item.file.name));
      return { url: this.host.endpoint('uploadUrl'), body, token };
    }
    if (item.source === 's3') {
      const first: [string, string][] = [
        ['bucket', item.bucket!],
        ['source_file', item.sourceFile!],
      ];
      return { url: this.host.endpoint('s3CopyUrl'), body: importBody(first, fields), token };
    }
    return { url: this.host.endpoint('uploadUrl'), body: importBody([['url', item.url!]], fields), token };
  }

  /** Multipart adds a few hundred bytes around the file: scale to the file's own size. */
  private measure(entry: Entry, loaded: number, total: number): void {
    const { item } = entry;
    const size = item.total;
    item.loaded = total > 0 ? Math.min(size, Math.round((loaded / total) * size)) : Math.min(size, loaded);
    entry.meter.sample(item.loaded);
    item.bytesPerSecond = entry.meter.bytesPerSecond;
    item.secondsLeft = entry.meter.secondsLeft(item.loaded, size);
    this.host.progressed(entry);
  }

  private answered(entry: Entry, token: string, outcome: Classified): void {
    if (outcome.ok) return this.succeed(entry, outcome.media);
    if (outcome.unauthorized && !entry.life.refreshed) {
      entry.life.refreshed = true;
      this.host.tokens.invalidate(entry.life.fields?.projectId, token);
      return this.attempt(entry);
    }
    this.failed(entry, outcome.error, outcome.retryAfterMs);
  }

  /** A failed attempt: back off and try again while retries are left, else the item fails. */
  private failed(entry: Entry, error: UploadError, retryAfterMs?: number): void {
    if (!error.retryable) return this.end(entry, 'failed', error);
    // Lost because the browser went offline: wait for the connection without using up a retry.
    if (error.code === 'network' && this.host.runtime.network.isOffline()) return this.attempt(entry);
    if (entry.life.retriesUsed >= this.host.retries()) return this.end(entry, 'failed', error);
    const retry = ++entry.life.retriesUsed;
    const delayMs = retryDelay(retry, retryAfterMs, this.host.runtime.random);
    const backingOff = this.move(entry, 'backing-off');
    backingOff.after(delayMs, () => this.attempt(entry));
    const attempt = entry.item.attempts + 1;
    this.host.emit(new UploadRetryEvent({ item: this.snapshot(entry), error, attempt, delayMs }));
  }

  private succeed(entry: Entry, media: WistiaMedia): void {
    // Listeners see the last bytes arrive before the success, however the progress was paced.
    this.host.reportProgress(entry);
    const { item } = entry;
    item.media = media;
    item.loaded = item.total;
    const processing = this.move(entry, this.host.waitForReady() ? 'processing' : 'succeeded');
    this.host.emit(new UploadSuccessEvent({ item: this.snapshot(entry), media }));
    if (processing.name === 'processing' && processing.active && this.host.watching) this.watch(entry, processing);
    this.host.settled();
  }

  /** Polls Wistia until the media is ready or failed; processing holds no upload slot. */
  watch(entry: Entry, processing: PhaseRun): void {
    const { item } = entry;
    void waitUntilProcessed({
      media: item.media!,
      apiUrl: this.host.endpoint('apiUrl'),
      projectId: entry.life.fields?.projectId,
      tokens: this.host.tokens,
      transport: this.host.runtime.transport,
      delay: (ms) => new Promise((resolve) => processing.after(ms, resolve)),
      signal: processing.signal,
    }).then((result) => {
      if (!processing.active) return;
      item.media = result.media;
      if (result.outcome === 'failed') return this.end(entry, 'failed', result.error);
      this.move(entry, 'succeeded');
      if (result.outcome === 'ready') {
        this.host.emit(new MediaReadyEvent({ item: this.snapshot(entry), media: result.media }));
      } else if (!this.warnedUnreadable) {
        this.warnedUnreadable = true;
        console.warn(
          `wistia-uploader: wait-for-ready stopped because the upload token may not read media (HTTP ${result.status}). ` +
            'The uploads themselves succeeded. Point api-url at your upload relay (createUploadRelay), ' +
            'whose server-held token can read them, or turn wait-for-ready off.',
        );
      }
      this.host.settled();
    });
  }

  /** Ends the item `failed` or `rejected` with `error`, and says so. */
  end(entry: Entry, to: 'failed' | 'rejected', error: UploadError): void {
    entry.item.error = error;
    this.move(entry, to);
    const item = this.snapshot(entry);
    this.host.emit(to === 'failed' ? new UploadErrorEvent({ item, error }) : new FileRejectEvent({ item }));
    this.host.settled();
  }

  /** The first endpoint this item would send the token to that is neither https nor local. */
  private insecureEndpoint(entry: Entry): string | undefined {
    const endpoints = [this.host.endpoint(entry.item.source === 's3' ? 's3CopyUrl' : 'uploadUrl')];
    if (this.host.waitForReady()) endpoints.push(this.host.endpoint('apiUrl'));
    const base = typeof location === 'undefined' ? undefined : location.href;
    return endpoints.find((url) => !isSecureEndpoint(url, base));
  }
}
