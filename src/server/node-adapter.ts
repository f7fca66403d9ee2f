/// <reference types="node" />
// Type-only imports: this module runs in Node but loads nothing from it, so the entry stays importable anywhere.
import type { IncomingMessage, ServerResponse } from 'node:http';

import { discardNodeBody, linkNodeBody, nodeBodyStream } from './node-body.js';
import type { TokenHandler } from './token-handler.js';

/** What Express and similar frameworks add to Node's request (both optional: plain `http` has neither). */
type NodeRequest = IncomingMessage & { body?: unknown; originalUrl?: string; _body?: boolean };

/** Links each converted Request to the Node request it came from, without keeping either alive. */
const nodeRequests = new WeakMap<Request, IncomingMessage>();

/**
 * The Node (or Express) request a Fetch `Request` was made from by `toNodeHandler`, so `authorize` can
 * use what the site's middleware attached (`req.user`, `req.session`). Undefined for other requests.
 */
export function getNodeRequest<T extends IncomingMessage = IncomingMessage>(request: Request): T | undefined {
  return nodeRequests.get(request) as T | undefined;
}

/** A Node `http` listener, also usable as an Express route or middleware. Never rejects. */
export type NodeTokenHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Adapts a Fetch API handler to Node's `http` (and so to Express, Connect, Fastify's raw mode):
 * `app.post('/wistia-token', toNodeHandler(handler))` or `http.createServer(toNodeHandler(handler))`.
 * Works whether or not a body parser such as `express.json()` ran first.
 */
export function toNodeHandler(handler: TokenHandler): NodeTokenHandler {
  return async function handleNodeRequest(req, res) {
    try {
      const response = await handler(toFetchRequest(req as NodeRequest, res));
      // An early answer (401, 413, a bad form) closes the connection rather than read the rest of the body.
      if (!req.complete) closeAfterAnswer(req, res);
      await writeResponse(response, res);
    } catch {
      // The handler answers its own failures; reaching here means the request could not even be converted.
      if (!res.headersSent) {
        res.statusCode = 500;
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.setHeader('Cache-Control', 'no-store');
        res.end(JSON.stringify({ error: 'The upload token service failed. Try again later.' }));
      } else {
        res.destroy();
      }
    }
  };
}

/** How long the client gets to read an early answer before the connection is cut. */
const CLOSE_GRACE_MS = 2000;

/**
 * Answers with `Connection: close`, then ends the connection from this side (FIN after the answer) without reading
 * what the client still sends. The socket is destroyed only after a grace period: destroyed at once with unread
 * bytes, it would send a reset that can reach the client before it has read the answer.
 */
function closeAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  discardNodeBody(req);
  const socket = req.socket as (typeof req.socket & { destroySoon?: () => void }) | null;
  // HTTP/2 closes a stream, not the connection: nothing more to do there.
  if (socket === null || req.httpVersionMajor >= 2) return;
  res.setHeader('Connection', 'close');
  // Node destroys a `Connection: close` socket as soon as the answer is written; end it gently instead.
  socket.destroySoon = () => socket.end();
  res.once('finish', () => {
    // Node resumes an unread request after the answer: stop that at once.
    req.pause();
    setTimeout(() => socket.destroy(), CLOSE_GRACE_MS).unref();
  });
}

function toFetchRequest(req: NodeRequest, res: ServerResponse): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    // HTTP/2 pseudo-headers (":path") are not valid Fetch header names.
    if (value === undefined || name.startsWith(':')) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const encrypted = (req.socket as { encrypted?: boolean } | null)?.encrypted === true;
  const url = safeUrl(
    req.originalUrl ?? req.url ?? '/',
    `${encrypted ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`,
  );

  // Abort the handler's work if the client goes away before the answer is written.
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });

  const method = (req.method ?? 'GET').toUpperCase();
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal: controller.signal };
  if (method !== 'GET' && method !== 'HEAD') {
    const parsed = alreadyParsedBody(req);
    if (parsed !== undefined) {
      init.body = parsed;
      headers.delete('content-length');
    } else if (req.readableEnded) {
      // Something else read the stream and kept nothing: waiting for data would hang forever.
      init.body = '';
      headers.delete('content-length');
    } else {
      init.body = nodeBodyStream(req);
      // Node's Fetch requires this for a streamed request body.
      init.duplex = 'half';
    }
  }
  const request = new Request(url, init);
  nodeRequests.set(request, req);
  linkNodeBody(request, req);
  return request;
}

function safeUrl(path: string, origin: string): string {
  try {
    return new URL(path, origin).toString();
  } catch {
    // A malformed Host header must not stop the request; the handler does not route on the URL.
    return new URL(path.startsWith('/') ? path : '/', 'http://localhost').toString();
  }
}

/** A body parser (express.json, text, raw) already read the stream: reuse what it produced. */
function alreadyParsedBody(req: NodeRequest): string | Uint8Array<ArrayBuffer> | undefined {
  const consumed = req.readableEnded || req._body === true;
  if (!consumed || req.body === undefined) return undefined;
  if (typeof req.body === 'string') return req.body;
  // A copy: Buffers may share a larger pooled ArrayBuffer, which Fetch would send whole.
  if (req.body instanceof Uint8Array) return new Uint8Array(req.body);
  return JSON.stringify(req.body);
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const body = new Uint8Array(await response.arrayBuffer());
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('Set-Cookie', cookies);
  res.end(body);
}
