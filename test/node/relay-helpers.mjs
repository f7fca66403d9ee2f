// What the relay, relay-token and doctor tests share: a relay on a real Node http server, raw requests, bodies.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';

export const BOUNDARY = '----relaytestboundary7d1f';

/** The relay's signing secret and the Wistia token only the server holds, the same in every relay test. */
export const SECRET = 'relay-secret-0123456789abcdef0123456789abcdef';
export const WISTIA_TOKEN = 'server-held-wistia-token-5b2e91';
export const MiB = 1024 * 1024;

export const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** A multipart body as a browser's FormData sends it: the fields, then `file` (unless `file` is null). */
export function multipart(fields = {}, file = Buffer.from('tiny video bytes'), { after = {}, close = true } = {}) {
  const parts = [];
  const field = (name, value) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  for (const [name, value] of Object.entries(fields)) parts.push(Buffer.from(field(name, value)));
  if (file !== null) {
    parts.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="clip.mp4"\r\n` +
          'Content-Type: video/mp4\r\n\r\n',
      ),
      file,
      Buffer.from('\r\n'),
    );
  }
  for (const [name, value] of Object.entries(after)) parts.push(Buffer.from(field(name, value)));
  if (close) parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(parts);
}

export const MULTIPART_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

/** Serves a Node listener on 127.0.0.1 at a free port. */
export async function listen(listener) {
  const server = http.createServer(listener);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    server,
    origin,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * One raw request, so the test controls every byte: `body` a Buffer, a string, or an async iterable of chunks
 * (sent chunked, without Content-Length, unless a content-length header is given).
 */
export function send(url, { method = 'POST', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) {
      req.end(body);
      return;
    }
    (async () => {
      for await (const chunk of body) if (!req.write(chunk)) await once(req, 'drain');
      req.end();
    })().catch((error) => req.destroy(error));
  });
}

/** Asks a relay-token endpoint (createTokenHandler with relayTokenIssuer) for a token. */
export async function relayToken(url, projectId = null) {
  const res = await send(url, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ project_id: projectId }),
  });
  if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}: ${res.text}`);
  return JSON.parse(res.text).token;
}

/** Where a relay sends uploads, S3 copies and status reads when Wistia is the stand-in (or a fake) at `base`. */
export function wistiaEndpoints(/** @type {string} */ base) {
  return { uploadUrl: `${base}upload/`, s3CopyUrl: `${base}upload/s3_copy`, apiUrl: `${base}api` };
}
