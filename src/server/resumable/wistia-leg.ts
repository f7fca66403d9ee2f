/// <reference types="node" />
// The Wistia leg of a resumable upload: the file goes to Wistia in one streamed multipart request, retried from the
// held file while Wistia fails for a moment, and run once per upload. With a held file on this machine the leg starts
// while chunks still arrive (`start`), so the file crosses the relay once, not twice one leg after the other.

import type { Readable } from 'node:stream';
import type { RelayBodyError } from '../relay-errors.js';
import { createUpstream, type UpstreamTimeouts } from '../relay-upstream.js';
import { frameUpstreamForm } from '../upstream-multipart.js';
import type { KeptAnswer, KeptAnswers } from './kept-answers.js';
import { wistiaForm, type UploadMetadata } from './upload-metadata.js';

/** A held upload: finished when its last byte arrived, or still arriving for `start`. */
export interface FinishedUpload {
  id: string;
  size: number;
  metadata: UploadMetadata;
  /** Epoch ms when it was created; it and its answer expire `expirationMs` later. */
  createdAt: number;
}

export interface WistiaLegOptions {
  answers: KeptAnswers;
  /** The held bytes, from the first. */
  read(id: string): Promise<Readable>;
  /**
   * The held bytes as they arrive, ending after the last one (held files on this machine only). It fails when the
   * upload stops growing, ends or `signal` aborts; `waiting` is called while it waits for bytes.
   */
  follow?(upload: FinishedUpload, signal: AbortSignal, waiting: () => void): AsyncIterable<Uint8Array>;
  /** Deletes the held bytes (after Wistia's 200). */
  remove(id: string): Promise<void>;
  uploadUrl: URL;
  wistiaToken: string;
  timeouts: UpstreamTimeouts;
  secrets: readonly string[];
  report(error: Error): void;
  expirationMs: number;
}

export interface WistiaLeg {
  /** Runs (or waits for) the leg of an upload whose last byte is held, and resolves with Wistia's answer. */
  finish(upload: FinishedUpload): Promise<KeptAnswer>;
  /** Starts the leg of an upload still arriving, unless one runs or one failed for it in this process. */
  start(upload: FinishedUpload): void;
  /** Ends the early leg of a terminated upload, before its closing boundary: Wistia makes no media. */
  abort(id: string): void;
}

/** Statuses worth another try from the held file: Wistia busy, down or unreachable, or slow. */
const TRANSIENT = (status: number): boolean => status === 408 || status === 429 || status >= 500;
/**
 * Wistia's verdict on this file, kept until the upload expires: its media, or its refusal of the file. Anything else
 * (the site's Wistia token refused, Wistia down) is the relay's problem, and the next empty PATCH tries again.
 */
const VERDICT = (status: number): boolean => status === 200 || status === 400;
/** Waits before the second, third and fourth try of a leg Wistia failed for a moment. */
const RETRY_DELAYS_MS = [1_000, 5_000, 15_000];
/** How long a leg's claim lasts unless renewed, so a crashed instance's leg is taken over. */
const LEASE_MS = 30_000;
/** How often another instance looks whether the leg it waits for has ended. */
const POLL_MS = 250;

/** One try: Wistia's answer (or the relay's own error) and whether the whole body, closing boundary too, went out. */
type Sent = Pick<KeptAnswer, 'status' | 'body' | 'retryAfter'> & { whole: boolean };
/** What a leg settled on: a verdict to keep (`final`), or an answer to give this time only. */
type Settled = { final: boolean; kept: KeptAnswer };
/** The held bytes for one try; `waiting` is called while they are still arriving. */
type HeldSource = (waiting: () => void) => Promise<AsyncIterator<Uint8Array>>;

export function createWistiaLeg(options: WistiaLegOptions): WistiaLeg {
  const { answers, follow } = options;
  // In this process, one leg per upload; across instances the claim in `answers` decides.
  const running = new Map<string, Promise<KeptAnswer>>();
  const early = new Map<string, { stop: AbortController; done: Promise<KeptAnswer | undefined> }>();
  // Uploads whose early leg Wistia's side ended: their leg runs from the held file once the last byte is held.
  const noEarly = new Set<string>();

  /** Runs `send` under the claim; keeps a verdict, else lets the claim go. Undefined: the early leg was cut. */
  const runClaimed = async (
    upload: FinishedUpload,
    owner: string,
    send: () => Promise<Settled | undefined>,
  ): Promise<KeptAnswer | undefined> => {
    const renew = setInterval(() => void answers.claim(upload.id, owner, LEASE_MS).catch(options.report), LEASE_MS / 3);
    try {
      const answer = await send();
      if (answer?.final) {
        await answers.keep(upload.id, answer.kept);
        if (answer.kept.status === 200) await options.remove(upload.id).catch(options.report);
      } else await answers.release(upload.id, owner);
      return answer?.kept;
    } catch (error) {
      await answers.release(upload.id, owner).catch(options.report);
      throw error;
    } finally {
      clearInterval(renew);
    }
  };

  const settle = async (upload: FinishedUpload): Promise<KeptAnswer> => {
    const owner = crypto.randomUUID();
    for (;;) {
      const kept = await answers.get(upload.id);
      if (kept !== undefined) return kept;
      if (await answers.claim(upload.id, owner, LEASE_MS)) {
        return (await runClaimed(upload, owner, () => sendWithRetries(upload, options)))!;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };

  const runEarly = async (upload: FinishedUpload, stop: AbortController): Promise<KeptAnswer | undefined> => {
    const owner = crypto.randomUUID();
    if (!(await answers.claim(upload.id, owner, LEASE_MS))) return undefined;
    const held: HeldSource = async (waiting) =>
      (async function* () {
        try {
          yield* follow!(upload, stop.signal, waiting);
        } catch (error) {
          // As a browser gone: the request ends unanswered before its closing boundary, and nothing is reported.
          stop.abort(error);
          throw error;
        }
      })();
    return runClaimed(upload, owner, async () => {
      const first = await sendOnce(upload, options, held, stop.signal);
      // Cut before its closing boundary, the try made no media: the leg runs again once the last byte is held.
      return first.whole ? sendWithRetries(upload, options, first) : undefined;
    });
  };

  return {
    finish(upload) {
      const current = running.get(upload.id);
      if (current !== undefined) return current;
      const started = (async () => (await early.get(upload.id)?.done) ?? settle(upload))().finally(() => {
        running.delete(upload.id);
        noEarly.delete(upload.id);
      });
      running.set(upload.id, started);
      return started;
    },
    start(upload) {
      const { id } = upload;
      if (follow === undefined || running.has(id) || early.has(id) || noEarly.has(id)) return;
      const stop = new AbortController();
      const done = runEarly(upload, stop)
        .catch((error: Error) => void options.report(error))
        .then((kept) => {
          // A bound on what a process remembers; forgetting only lets an upload try an early leg again.
          if (noEarly.size > 10_000) noEarly.clear();
          // Stopped by the upload (a silent client, a termination), the leg starts again with the next chunk.
          if (kept === undefined && !stop.signal.aborted) noEarly.add(id);
          return kept;
        })
        .finally(() => early.delete(id));
      early.set(id, { stop, done });
    },
    abort(id) {
      early.get(id)?.stop.abort(new Error('The upload was terminated.'));
      noEarly.delete(id);
    },
  };
}

/** Tries the held file until Wistia gives more than a moment's failure; `first` is a try already made. */
async function sendWithRetries(upload: FinishedUpload, options: WistiaLegOptions, first?: Sent): Promise<Settled> {
  const form = wistiaForm(upload.metadata);
  const base = { size: upload.size, projectId: form.projectId, expiresAt: upload.createdAt + options.expirationMs };
  const fromFile: HeldSource = async () => (await options.read(upload.id))[Symbol.asyncIterator]();
  let last: KeptAnswer | undefined;
  for (const [index, delay] of [0, ...RETRY_DELAYS_MS].entries()) {
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const sent = index === 0 && first !== undefined ? first : await sendOnce(upload, options, fromFile);
    const answer = {
      ...base,
      status: sent.status,
      body: sent.body,
      ...(sent.retryAfter ? { retryAfter: sent.retryAfter } : {}),
    };
    if (!TRANSIENT(answer.status)) return { final: VERDICT(answer.status), kept: answer };
    last = answer;
  }
  return { final: false, kept: last! };
}

async function sendOnce(
  upload: FinishedUpload,
  options: WistiaLegOptions,
  held: HeldSource,
  signal = new AbortController().signal,
): Promise<Sent> {
  const form = wistiaForm(upload.metadata);
  let framing;
  try {
    framing = frameUpstreamForm(form.fields, form.filename, form.filetype);
  } catch (error) {
    return { status: 400, body: JSON.stringify({ error: (error as RelayBodyError).message }), whole: false };
  }
  const { head, closing } = framing;
  // Never aborted by a browser: the leg goes on when the final PATCH's connection is cut, and its answer is kept. An
  // early leg's signal aborts when its upload stops or is terminated.
  const upstream = createUpstream(signal, options.timeouts, options.report, options.secrets);
  const chunks = await held(() => upstream.watch.progress());
  let stage = 'head' as 'head' | 'file' | 'done';
  const body = {
    async read(): Promise<Uint8Array | undefined> {
      upstream.watch.progress();
      if (stage === 'head') {
        stage = 'file';
        return head;
      }
      if (stage === 'done') return undefined;
      const next = await chunks.next();
      if (!next.done) return next.value;
      stage = 'done';
      upstream.watch.sent();
      return closing;
    },
    async cancel(): Promise<void> {
      close(chunks);
    },
  };
  try {
    const answer = await upstream.run(
      {
        url: options.uploadUrl,
        method: 'POST',
        wistiaToken: options.wistiaToken,
        headers: {
          'Content-Type': framing.contentType,
          'Content-Length': String(head.byteLength + upload.size + closing.byteLength),
        },
        body,
      },
      'upload',
    );
    const whole = stage === 'done';
    if (answer.ok) return { status: 200, body: JSON.stringify(answer.media), whole };
    const { response } = answer;
    const retryAfter = response.headers.get('retry-after') ?? undefined;
    return { status: response.status, body: await response.text(), whole, ...(retryAfter ? { retryAfter } : {}) };
  } finally {
    close(chunks);
  }
}

/** Closes the held file (a read it waits for ends first). */
function close(chunks: AsyncIterator<Uint8Array>): void {
  void Promise.resolve(chunks.return?.()).catch(() => undefined);
}
