import sinon from 'sinon';
import { EventName, type QueueCompleteDetail, type Uploader } from '../../src/core/index.js';

/** A real `File` of `size` bytes, filled so its hash is not trivial. */
export function makeFile(name = 'clip.mp4', size = 1024, type = 'video/mp4'): File {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + 7) & 0xff;
  return new File([bytes], name, { type });
}

export interface Recorded {
  type: string;
  detail: any;
}

/** Records every uploader event in order, so a test can assert the whole story of an item. */
export function record(target: EventTarget): Recorded[] {
  const events: Recorded[] = [];
  for (const type of Object.values(EventName)) {
    target.addEventListener(type, (e) => events.push({ type, detail: (e as CustomEvent).detail }));
  }
  return events;
}

export function next<T = any>(target: EventTarget, type: string): Promise<T> {
  return new Promise((resolve) =>
    target.addEventListener(type, (e) => resolve((e as CustomEvent).detail as T), { once: true }),
  );
}

/** Resolves when the uploader reports the queue complete. */
export const settled = (uploader: Uploader) => next<QueueCompleteDetail>(uploader, EventName.queueComplete);

export interface TokenAnswer {
  status?: number;
  body?: unknown;
  /** Reject like a network failure. */
  networkError?: boolean;
}

/** Replaces `fetch` for the token endpoint; answers in order, the last one repeating. */
export function stubTokenEndpoint(answers: TokenAnswer[] = [{ body: { token: 'tok-1' } }]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const stub = sinon.stub(globalThis, 'fetch').callsFake(async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
    if (answer.networkError) throw new TypeError('Failed to fetch');
    const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
    const response = new Response(body, {
      status: answer.status ?? 200,
      headers: { 'Content-Type': 'application/json' },
    });
    // Firefox settles a real Response's text() only ~100 macrotasks later, by when a fake clock would long have
    // fired the token timeout: the stubbed endpoint hands its body over at once.
    Object.defineProperty(response, 'text', { value: () => Promise.resolve(body) });
    return response;
  });
  return { calls, restore: () => stub.restore() };
}

/** The entries of a multipart body, in order, as names. */
export function fieldOrder(body: FormData): string[] {
  return [...body.keys()];
}

/** One turn of the event loop that fake timers cannot hold back. */
export function macrotask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    // Closed once used: an open port with a listener keeps Node running (the token client's tests run there too).
    channel.port1.onmessage = () => (channel.port1.close(), resolve());
    channel.port2.postMessage(0);
  });
}

/** Polls `condition` each turn of the event loop, giving up after `turns`. */
export async function waitFor(condition: () => boolean, turns = 2000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (condition()) return;
    await macrotask();
  }
  throw new Error('Condition not met in time');
}
