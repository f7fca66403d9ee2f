import {
  FileRejectEvent,
  MediaReadyEvent,
  UploadErrorEvent,
  UploadRetryEvent,
  UploadStartEvent,
  UploadSuccessEvent,
} from './events.js';
import { errorOf, NO_ANSWER, STALLED } from './failures.js';
import { appFields } from './file-rules.js';
import type { PhaseRun } from './item-phase.js';
import { isSecureEndpoint } from './secure-endpoint.js';
import { failureError, saidOrTable } from './failure-text.js';
import { moveEntry, snapshot, type Entry } from './item-index.js';
import type { ProcessingEnd, Watched } from './processing-watch.js';
import { ProgressMeter } from './progress-meter.js';
import { retryDelay } from './retry-policy.js';
import type { ItemRunner, RunnerHost } from './runner-contract.js';
import type { ItemPhase, MediaFields, UploadError, UploadItem, WistiaMedia } from './types.js';
import { classifyResponse, uploadBody, type Classified } from './wistia-api.js';

/** Once the last byte is sent, Wistia's answer is awaited this long before the attempt counts as lost. */
export const ANSWER_LIMIT_MS = 10 * 60_000;

/** Drives items through their phases: asking the app, token, sending, answer, back-off, processing. */
export function createRunner(host: RunnerHost): ItemRunner {
  const { runtime, tokens } = host;
  const { clock, network, transport } = runtime;
  /** A continuation, run as one step of the engine. */
  const step =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A) =>
      host.act(() => fn(...args));

  const move = (entry: Entry, to: ItemPhase, carryRequest = false): PhaseRun =>
    moveEntry(entry, to, clock, (moved, from) => host.touched(moved, from), carryRequest);

  async function begin(entry: Entry): Promise<void> {
    const asking = move(entry, 'asking');
    const refused = (said?: string) => saidOrTable('rejected_by_app', 'errorRejectedByApp', false, said);
    let answer: unknown;
    try {
      const hook = host.options.beforeUpload;
      // Always a turn later, hook or not: `add()` returns its items still queued.
      answer = await (hook ? hook(snapshot(entry)) : undefined);
    } catch (err) {
      const said = err instanceof Error ? err.message.trim().slice(0, 500) : '';
      return host.act(() => asking.active && end(entry, 'rejected', refused(said || undefined)));
    }
    // Without `resumable` nor a file no tus client is needed; where it comes with the engine, no turn is added.
    if (!host.tus && entry.item.file && host.option('resumable')) await host.needTus?.();
    host.act(() => asking.active && asked(entry, answer));
  }

  /** The app answered `beforeUpload`: the item's fields are fixed for this life, then the first attempt. */
  function asked(entry: Entry, answer: unknown): void {
    if (answer === false) return end(entry, 'rejected', saidOrTable('rejected_by_app', 'errorRejectedByApp', false));
    const { item } = entry;
    if (answer && typeof answer === 'object') Object.assign(item, appFields(answer as MediaFields));
    const opts = host.options;
    entry.life.fields = {
      name: item.name,
      description: item.description ?? opts.description,
      projectId: item.projectId ?? opts.projectId,
      contactId: item.contactId ?? opts.contactId,
    };
    entry.life.upload = host.tus?.resumableUpload(host, entry);
    attempt(entry);
  }

  /** One attempt: wait to be online, get a token, send. */
  function attempt(entry: Entry): void {
    const { life } = entry;
    const offline = network.isOffline();
    move(entry, offline ? 'offline' : 'authorizing');
    if (!life.started) {
      life.started = true;
      host.emit(new UploadStartEvent({ item: snapshot(entry) }));
    }
    // Checked before every attempt, not once a life: an endpoint changed during a back-off must not get the token.
    if (insecureEndpoint(entry))
      return end(entry, 'failed', failureError('insecure_url', 'errorInsecureEndpoint', false));
    const phase = entry.phase;
    if (offline) return phase.onEnd(network.onOnline(step(() => phase.active && attempt(entry))));
    entry.item.attempts++;
    host.touched(entry);
    tokens.get(life.fields?.projectId, phase.signal).then(
      step((token: string) => phase.active && send(entry, token)),
      step((err: unknown) => phase.active && failed(entry, errorOf(err))),
    );
  }

  function send(entry: Entry, token: string): void {
    const sending = move(entry, 'sending');
    const { item } = entry;
    item.loaded = entry.life.upload?.offset ?? 0;
    entry.reported = 0;
    entry.meter = new ProgressMeter(() => clock.now());
    let finishing: PhaseRun | undefined;
    const stallTimeout = host.option('stallTimeout');
    const armStall = () => {
      sending.clearTimers();
      if (stallTimeout > 0)
        sending.after(
          stallTimeout,
          step(() => sending.controller.abort(STALLED)),
        );
    };
    const stillSending = () => entry.phase === sending && sending.active;
    const bodySent = () => {
      if (!stillSending()) return;
      // The request goes on; only the stall rule ends: from here a re-send could duplicate the media.
      const waiting = (finishing = move(entry, 'finishing', true));
      waiting.after(
        ANSWER_LIMIT_MS,
        step(() => waiting.controller.abort(NO_ANSWER)),
      );
      // Every byte is out: told at the next beat of progress (phase finishing), so a UI can say it waits for Wistia.
      if (entry.reported < item.total) {
        item.loaded = item.total;
        host.progress.progressed(entry);
      }
    };
    const current = () => (entry.phase === sending || entry.phase === finishing) && entry.phase.active;
    armStall();
    const { signal } = sending;
    const progress = {
      onUploadProgress: step((loaded: number, total: number) => {
        if (!stillSending()) return;
        armStall();
        measure(entry, loaded, total);
        if (total > 0 && loaded >= total) bodySent();
      }),
      onBodySent: step(bodySent),
    };
    const url = endpointOf(item);
    const { upload } = entry.life;
    const tus = host.tus!;
    // An async wrapper turns a throw while building the request into a rejection like any other.
    const request = (async () =>
      upload
        ? upload.send({
            ...progress,
            ...tus.resumeSteps(host, entry, current),
            endpoint: tus.tusEndpoint(url),
            token,
            signal,
          })
        : transport.send({ ...progress, url, body: uploadBody(item, entry.life.fields ?? {}), token, signal }))();
    request.then(
      step((raw) => current() && answered(entry, token, classifyResponse(raw))),
      step((err: unknown) => current() && failed(entry, errorOf(err, signal.reason))),
    );
  }

  /** Where an item is sent: S3 copies have their own endpoint. */
  const endpointOf = (item: UploadItem) => host.option(item.source === 's3' ? 's3CopyUrl' : 'uploadUrl');

  /** Multipart adds a few hundred bytes around the file: scale to the file's own size. */
  function measure(entry: Entry, loaded: number, total: number): void {
    const { item, meter } = entry;
    const size = item.total;
    item.loaded = total > 0 ? Math.min(size, Math.round((loaded / total) * size)) : Math.min(size, loaded);
    meter!.sample(item.loaded);
    item.bytesPerSecond = meter!.bytesPerSecond;
    item.secondsLeft = meter!.secondsLeft(item.loaded, size);
    host.progress.progressed(entry);
  }

  function answered(entry: Entry, token: string, outcome: Classified): void {
    const { life } = entry;
    if (outcome.ok) {
      life.relayRef = outcome.relayRef;
      return succeed(entry, outcome.media);
    }
    if (outcome.unauthorized && !life.refreshed) {
      life.refreshed = true;
      tokens.invalidate(life.fields?.projectId, token);
      return attempt(entry);
    }
    failed(entry, outcome.error, outcome.retryAfterMs);
  }

  /** A failed attempt: back off and try again while retries are left, else the item fails. */
  function failed(entry: Entry, error: UploadError, retryAfterMs?: number): void {
    const { life } = entry;
    if (!error.retryable) return end(entry, 'failed', error);
    // Failed while the browser is offline (reset, stalled, unanswered, no token): wait for the connection, no retry used.
    if (network.isOffline()) return attempt(entry);
    if (life.retriesUsed >= host.option('retries')) return end(entry, 'failed', error);
    const delayMs = retryDelay(++life.retriesUsed, retryAfterMs, runtime.random);
    move(entry, 'backing-off').after(
      delayMs,
      step(() => attempt(entry)),
    );
    host.emit(new UploadRetryEvent({ item: snapshot(entry), error, attempt: entry.item.attempts + 1, delayMs }));
  }

  /** Wistia has the media: from here the item is uploaded for good, whatever a listener does next. */
  function succeed(entry: Entry, media: WistiaMedia): void {
    // Listeners see the last bytes arrive before the success, however the progress was paced.
    host.progress.reportProgress(entry);
    const { item } = entry;
    item.media = media;
    item.loaded = item.total;
    const watching = host.option('waitForReady');
    move(entry, watching ? 'processing' : 'succeeded');
    host.emit(new UploadSuccessEvent({ item: snapshot(entry), media }));
    if (watching) watch(entry);
    host.settled();
  }

  function watch(entry: Entry): void {
    const { item } = entry;
    const watched: Watched = {
      media: item.media!,
      relayRef: entry.life.relayRef,
      projectId: entry.life.fields?.projectId,
      ended: (result) => processed(entry, result),
    };
    entry.watched = watched;
    host.poller.watch(watched);
  }

  /** Processing ended: ready, failed by Wistia's own word, or unknown (the item stays `succeeded`). */
  function processed(entry: Entry, result: ProcessingEnd): void {
    entry.watched = undefined;
    const { item } = entry;
    item.media = result.media;
    if (result.outcome === 'failed') return end(entry, 'failed', result.error);
    if (result.outcome === 'unknown') item.error = result.error;
    move(entry, 'succeeded');
    const told = snapshot(entry);
    host.emit(
      result.outcome === 'ready'
        ? new MediaReadyEvent({ item: told, media: result.media })
        : new UploadErrorEvent({ item: told, error: result.error }),
    );
  }

  /** Ends the item `failed` or `rejected` with `error`, and says so. */
  function end(entry: Entry, to: 'failed' | 'rejected', error: UploadError): void {
    entry.item.error = error;
    move(entry, to);
    const item = snapshot(entry);
    host.emit(to === 'failed' ? new UploadErrorEvent({ item, error }) : new FileRejectEvent({ item }));
    host.settled();
  }

  /** The first endpoint this item would send the token to that is neither https nor local. */
  function insecureEndpoint(entry: Entry): string | undefined {
    const endpoints: string[] = [endpointOf(entry.item)];
    if (host.option('waitForReady')) endpoints.push(host.option('apiUrl'));
    const base = typeof location === 'undefined' ? undefined : location.href;
    return endpoints.find((url) => !isSecureEndpoint(url, base));
  }

  /** Cancelled: the relay may let the held bytes go at once (with a signal nothing aborts: it outlives the phase). */
  function cancelled({ life }: Entry): void {
    void life.upload?.terminate(() => tokens.get(life.fields?.projectId, new AbortController().signal));
  }

  return { begin, cancelled };
}
