// One request from the relay to Wistia, with the server-held token, under deadlines, and its answer mapped back.

import { errorResponse } from './json-response.js';
import { readUpstreamAnswer, type RelayRoute, type UpstreamAnswer } from './relay-answers.js';
import { RelayBodyError, type BodySource } from './relay-errors.js';
import { sendRequest } from './relay-transport.js';

export interface UpstreamTimeouts {
  /** No byte taken by Wistia for this long while the body is being sent. */
  idleMs: number;
  /** No answer for this long after the last byte was sent. */
  answerMs: number;
}

export interface UpstreamCall {
  url: URL;
  method: 'GET' | 'POST';
  wistiaToken: string;
  headers?: Record<string, string>;
  body?: BodySource | string;
  /** The browser's request signal: aborted when the browser goes away. */
  signal: AbortSignal;
  timeouts: UpstreamTimeouts;
}

/** What the body stream reports while it is sent. */
export interface UpstreamWatch {
  progress(): void;
  sent(): void;
  problem(error: unknown): void;
}

/** An upstream request that can be told about its body's progress before it is started. */
export interface Upstream {
  watch: UpstreamWatch;
  /** Sends the request and reads Wistia's answer (rebuilt unless it is a 200 with media JSON); never rejects. */
  run(call: Omit<UpstreamCall, 'signal' | 'timeouts'>, route: RelayRoute): Promise<UpstreamAnswer>;
}

class UpstreamTimeout extends Error {
  override readonly name = 'UpstreamTimeout';
}

/**
 * Prepares one upstream request: an abort controller joined to the browser's signal, an idle deadline while the
 * body streams (reset by each chunk Wistia takes) and an answer deadline once it is sent.
 */
export function createUpstream(
  signal: AbortSignal,
  timeouts: UpstreamTimeouts,
  report: (error: Error) => void,
  secrets: readonly string[],
): Upstream {
  const controller = new AbortController();
  let problem: unknown;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let finished = false;
  const arm = (ms: number): void => {
    clearTimeout(timer);
    if (finished) return;
    timer = setTimeout(() => controller.abort(new UpstreamTimeout(`Wistia took nothing for ${ms} ms.`)), ms);
  };
  const onBrowserGone = (): void => controller.abort(signal.reason);
  if (signal.aborted) onBrowserGone();
  else signal.addEventListener('abort', onBrowserGone, { once: true });

  const watch: UpstreamWatch = {
    progress: () => arm(timeouts.idleMs),
    sent: () => arm(timeouts.answerMs),
    problem(error) {
      problem = error;
      controller.abort(error);
    },
  };

  return {
    watch,
    async run(call, route) {
      // Only a streamed upload earns the long wait, and only once its last byte is sent (`sent`).
      arm(timeouts.idleMs);
      try {
        const response = await sendRequest({
          url: call.url,
          method: call.method,
          headers: { Accept: 'application/json', ...call.headers, Authorization: `Bearer ${call.wistiaToken}` },
          ...(call.body === undefined ? {} : { body: call.body }),
          signal: controller.signal,
        });
        arm(timeouts.idleMs);
        return await readUpstreamAnswer(response, route, secrets, report);
      } catch (error) {
        return { ok: false, response: failure(problem ?? controller.signal.reason ?? error, signal.aborted, report) };
      } finally {
        finished = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onBrowserGone);
        // Whatever is left (a body Wistia stopped reading) must not keep the connection open.
        controller.abort();
      }
    },
  };
}

function failure(cause: unknown, browserGone: boolean, report: (error: Error) => void): Response {
  if (cause instanceof RelayBodyError) return errorResponse(cause.status, cause.message);
  if (cause instanceof UpstreamTimeout) {
    report(new Error(`Upload relay: ${cause.message}`));
    return errorResponse(504, 'Wistia did not answer in time. Try again.');
  }
  // Nobody reads this answer; it exists so the handler still resolves.
  if (browserGone) return errorResponse(499, 'The upload was abandoned.');
  report(new Error('Upload relay: could not reach Wistia.', { cause }));
  return errorResponse(502, 'Could not reach Wistia. Try again later.');
}
