/// <reference types="node" />
// The Wistia leg of a resumable upload: once its last byte is held, the file goes to Wistia in one streamed
// multipart request, retried from the held file while Wistia fails for a moment, and run once per upload.

import type { Readable } from 'node:stream';
import type { RelayBodyError } from '../relay-errors.js';
import { createUpstream, type UpstreamTimeouts } from '../relay-upstream.js';
import { frameUpstreamForm } from '../upstream-multipart.js';
import type { KeptAnswer, KeptAnswers } from './kept-answers.js';
import { wistiaForm, type UploadMetadata } from './upload-metadata.js';

/** A held upload whose last byte arrived. */
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
  /** Deletes the held bytes (after Wistia's 200). */
  remove(id: string): Promise<void>;
  uploadUrl: URL;
  wistiaToken: string;
  timeouts: UpstreamTimeouts;
  secrets: readonly string[];
  report(error: Error): void;
  expirationMs: number;
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

/** Runs (or waits for) the Wistia leg of a finished upload and resolves with Wistia's answer. */
export function createWistiaLeg(options: WistiaLegOptions): (upload: FinishedUpload) => Promise<KeptAnswer> {
  const { answers } = options;
  // In this process, one leg per upload; across instances the claim in `answers` decides.
  const running = new Map<string, Promise<KeptAnswer>>();

  const runClaimed = async (upload: FinishedUpload, owner: string): Promise<KeptAnswer> => {
    const renew = setInterval(() => void answers.claim(upload.id, owner, LEASE_MS).catch(options.report), LEASE_MS / 3);
    try {
      const answer = await sendWithRetries(upload, options);
      if (answer.final) {
        await answers.keep(upload.id, answer.kept);
        if (answer.kept.status === 200) await options.remove(upload.id).catch(options.report);
      } else await answers.release(upload.id, owner);
      return answer.kept;
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
      if (await answers.claim(upload.id, owner, LEASE_MS)) return runClaimed(upload, owner);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  };

  return (upload) => {
    const current = running.get(upload.id);
    if (current !== undefined) return current;
    const started = settle(upload).finally(() => running.delete(upload.id));
    running.set(upload.id, started);
    return started;
  };
}

async function sendWithRetries(
  upload: FinishedUpload,
  options: WistiaLegOptions,
): Promise<{ final: boolean; kept: KeptAnswer }> {
  const form = wistiaForm(upload.metadata);
  const base = { size: upload.size, projectId: form.projectId, expiresAt: upload.createdAt + options.expirationMs };
  let last: KeptAnswer | undefined;
  for (const delay of [0, ...RETRY_DELAYS_MS]) {
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const answer = { ...base, ...(await sendOnce(upload, form, options)) };
    if (!TRANSIENT(answer.status)) return { final: VERDICT(answer.status), kept: answer };
    last = answer;
  }
  return { final: false, kept: last! };
}

async function sendOnce(
  upload: FinishedUpload,
  form: ReturnType<typeof wistiaForm>,
  options: WistiaLegOptions,
): Promise<Pick<KeptAnswer, 'status' | 'body' | 'retryAfter'>> {
  let framing;
  try {
    framing = frameUpstreamForm(form.fields, form.filename, form.filetype);
  } catch (error) {
    return { status: 400, body: JSON.stringify({ error: (error as RelayBodyError).message }) };
  }
  const { head, closing } = framing;
  const held = await options.read(upload.id);
  const chunks = held[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
  // Never aborted by a browser: the leg goes on when the final PATCH's connection is cut, and its answer is kept.
  const upstream = createUpstream(new AbortController().signal, options.timeouts, options.report, options.secrets);
  let stage: 'head' | 'file' | 'done' = 'head';
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
      held.destroy();
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
    if (answer.ok) return { status: 200, body: JSON.stringify(answer.media) };
    const { response } = answer;
    const retryAfter = response.headers.get('retry-after') ?? undefined;
    return { status: response.status, body: await response.text(), ...(retryAfter ? { retryAfter } : {}) };
  } finally {
    held.destroy();
  }
}
