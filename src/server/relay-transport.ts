// The relay's upstream HTTP request. In Node it uses node:http(s) directly: Node's fetch keeps a request whose
// streamed body Wistia stopped reading alive after an abort, and holds bodies in memory unless redirects are off.
// Elsewhere (workers, Deno) it uses fetch with `redirect: 'error'`.

import type { BodySource } from './relay-errors.js';

export interface TransportRequest {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: BodySource | string;
  signal: AbortSignal;
}

/** Sends one request; resolves with the answer's status, headers and a stream of its body. */
export async function sendRequest(request: TransportRequest): Promise<Response> {
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  return isNode ? sendWithNode(request) : sendWithFetch(request);
}

function sendWithFetch({ url, method, headers, body, signal }: TransportRequest): Promise<Response> {
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal, redirect: 'error' };
  if (typeof body === 'string') init.body = body;
  if (typeof body === 'object') {
    init.body = toStream(body);
    init.duplex = 'half';
  }
  return fetch(url, init);
}

function toStream(source: BodySource): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const chunk = await source.read();
        if (chunk === undefined) controller.close();
        else controller.enqueue(chunk);
      },
      cancel: (reason) => source.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

const NULL_BODY_STATUSES = new Set([204, 205, 304]);

async function sendWithNode({ url, method, headers, body, signal }: TransportRequest): Promise<Response> {
  const [{ request }, { Readable }] = await Promise.all([
    url.protocol === 'https:' ? import('node:https') : import('node:http'),
    import('node:stream'),
  ]);
  const outgoing = { ...headers };
  if (typeof body === 'string') outgoing['Content-Length'] = String(new TextEncoder().encode(body).byteLength);
  return new Promise<Response>((resolve, reject) => {
    // An abort (deadline, browser gone, bad body) destroys the socket, so nothing is left open upstream.
    const req = request(url, { method, headers: outgoing, signal });
    req.once('error', reject);
    req.once('response', (res) => {
      const answerHeaders = new Headers();
      for (const [name, value] of Object.entries(res.headers)) {
        for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value])
          answerHeaders.append(name, item);
      }
      const status = res.statusCode ?? 502;
      const stream = NULL_BODY_STATUSES.has(status) ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
      if (stream === null) res.resume();
      resolve(new Response(stream, { status: status < 200 || status > 599 ? 502 : status, headers: answerHeaders }));
    });
    if (body === undefined || typeof body === 'string') {
      req.end(body);
      return;
    }
    void writeBody(body, req).catch((error: unknown) => req.destroy(error instanceof Error ? error : undefined));
  });
}

/** Writes the body chunk by chunk as the socket drains; a failed request cancels the browser's body stream. */
async function writeBody(reader: BodySource, req: import('node:http').ClientRequest): Promise<void> {
  const gone = new Promise<void>((resolve) => req.once('close', resolve));
  // A request that ends early (abort, reset) stops reading the browser's body at once, not at its next chunk.
  void gone.then(() => reader.cancel().catch(() => undefined));
  try {
    for (;;) {
      const value = await reader.read();
      if (value === undefined) break;
      if (req.destroyed) throw new Error('The upstream request ended before its body was sent.');
      if (!req.write(value)) await Promise.race([new Promise((resolve) => req.once('drain', resolve)), gone]);
    }
    req.end();
  } catch (error) {
    await reader.cancel(error).catch(() => undefined);
    throw error;
  }
}
