// The relay's upstream HTTP request. In Node it uses node:http(s) directly: Node's fetch keeps a request whose
// streamed body Wistia stopped reading alive after an abort, and holds bodies in memory unless redirects are off.
// Elsewhere (workers, Deno) it uses fetch with `redirect: 'error'`.

export interface TransportRequest {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: ReadableStream<Uint8Array> | string;
  signal: AbortSignal;
}

/** Sends one request; resolves with the answer's status, headers and a stream of its body. */
export async function sendRequest(request: TransportRequest): Promise<Response> {
  const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';
  return isNode ? sendWithNode(request) : sendWithFetch(request);
}

function sendWithFetch({ url, method, headers, body, signal }: TransportRequest): Promise<Response> {
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal, redirect: 'error' };
  if (body !== undefined) init.body = body;
  if (typeof body === 'object') init.duplex = 'half';
  return fetch(url, init);
}

const NULL_BODY_STATUSES = new Set([204, 205, 304]);

async function sendWithNode({ url, method, headers, body, signal }: TransportRequest): Promise<Response> {
  const [{ request }, { Readable }, { pipeline }] = await Promise.all([
    url.protocol === 'https:' ? import('node:https') : import('node:http'),
    import('node:stream'),
    import('node:stream/promises'),
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
    // pipeline destroys the source when the request fails, which cancels the browser's body stream too.
    pipeline(Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>), req).catch(
      (error: unknown) => req.destroy(error instanceof Error ? error : undefined),
    );
  });
}
