/// <reference types="node" />
// A Node request body as `toNodeHandler` hands it on: a Fetch stream for any handler, or, for the upload relay,
// the same bytes read straight from Node's stream (a gigabyte through one stream layer fewer). Both read ahead a
// megabyte at most and pause the socket beyond it; either can stop reading, and the adapter then closes the connection.
import type { IncomingMessage } from 'node:http';

/** The part of a stream reader the relay uses; a Fetch body's reader is one. */
export interface ChunkReader {
  read(): Promise<ReadableStreamReadResult<Uint8Array>>;
  cancel(reason?: unknown): Promise<void>;
}

/** Bytes of request body read ahead of the handler. */
const READ_AHEAD_BYTES = 1024 * 1024;

const bodiesOfRequests = new WeakMap<Request, NodeBody>();
const bodiesOfNodeRequests = new WeakMap<IncomingMessage, NodeBody>();

class NodeBody {
  used = false;
  #chunks: Uint8Array[] = [];
  #buffered = 0;
  #ended = false;
  #failure: Error | undefined;
  #discarded = false;
  #listening = false;
  #wake: (() => void) | undefined;

  constructor(readonly req: IncomingMessage) {}

  async read(): Promise<ReadableStreamReadResult<Uint8Array>> {
    this.used = true;
    this.#listen();
    while (this.#chunks.length === 0 && !this.#ended && this.#failure === undefined && !this.#discarded) {
      this.req.resume();
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
    const chunk = this.#chunks.shift();
    if (chunk !== undefined) {
      this.#buffered -= chunk.byteLength;
      if (this.#buffered < READ_AHEAD_BYTES) this.req.resume();
      return { done: false, value: chunk };
    }
    if (this.#failure !== undefined) throw this.#failure;
    return { done: true, value: undefined };
  }

  /** Stops reading: nothing more is taken from the socket, which the adapter closes once it has answered. */
  discard(): void {
    this.#discarded = true;
    this.#chunks = [];
    this.#buffered = 0;
    this.#wakeUp();
    this.req.pause();
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  #listen(): void {
    if (this.#listening) return;
    this.#listening = true;
    const { req } = this;
    req.on('data', (chunk: Buffer | string) => {
      if (this.#discarded) return;
      // A view, not a copy: each chunk Node hands out is its own, and a relayed gigabyte would be copied twice.
      const bytes =
        typeof chunk === 'string'
          ? new TextEncoder().encode(chunk)
          : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      this.#chunks.push(bytes);
      this.#buffered += bytes.byteLength;
      if (this.#buffered >= READ_AHEAD_BYTES) req.pause();
      this.#wakeUp();
    });
    req.once('end', () => {
      this.#ended = true;
      this.#wakeUp();
    });
    req.once('error', (error) => {
      this.#failure ??= error;
      this.#wakeUp();
    });
    // A client that goes away mid-body may end the stream with a bare close; waiting for data would hang.
    req.once('close', () => {
      if (!this.#ended) this.#failure ??= new Error('The client closed the connection before the body ended.');
      this.#wakeUp();
    });
  }
}

/** The Fetch body for a Node request; nothing is read from the socket until a handler reads it. */
export function nodeBodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  const body = new NodeBody(req);
  bodiesOfNodeRequests.set(req, body);
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done, value } = await body.read();
          if (done) controller.close();
          else controller.enqueue(value);
        } catch (error) {
          controller.error(error);
        }
      },
      cancel: () => body.discard(),
    },
    { highWaterMark: 0 },
  );
  return stream;
}

/** Links the Fetch request to its Node body, once the request is made. */
export function linkNodeBody(request: Request, req: IncomingMessage): void {
  const body = bodiesOfNodeRequests.get(req);
  if (body !== undefined) bodiesOfRequests.set(request, body);
}

/** Read the body straight from Node's stream, when the request came from `toNodeHandler` and nothing read it yet. */
export function takeNodeBodyReader(request: Request): ChunkReader | undefined {
  const body = bodiesOfRequests.get(request);
  if (body === undefined || body.used || request.bodyUsed) return undefined;
  return { read: () => body.read(), cancel: async () => body.discard() };
}

/** After an early answer: nothing more is read from the request. */
export function discardNodeBody(req: IncomingMessage): void {
  bodiesOfNodeRequests.get(req)?.discard();
  req.pause();
}
