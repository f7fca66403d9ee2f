// A small tus 1.0 client for the resumable relay tests: create, PATCH in chunks, HEAD after a failure and go on.
// It counts every body byte it hands to a connection, so a test can bound what interruptions cost.
import http from 'node:http';

/** `Upload-Metadata`: each key with its value in base64. */
export function tusMetadata(fields) {
  return Object.entries(fields)
    .map(([key, value]) => `${key} ${Buffer.from(value, 'utf8').toString('base64')}`)
    .join(',');
}

/** One request on its own connection; rejects when the connection is cut. `hold`: send the headers, no body. */
export function tusRequest(url, { method, token, headers = {}, body, hold = false }) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method,
      agent: false,
      headers: {
        'tus-resumable': '1.0.0',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-length': body.byteLength }),
        ...headers,
      },
    });
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') });
        if (hold) req.destroy();
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (hold) req.flushHeaders();
    else req.end(body);
  });
}

/** Waits until `condition()` holds, looking every 20 ms, for 15 s at most. */
export async function waitFor(condition, what) {
  for (let i = 0; i < 750; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`never happened: ${what}`);
}

/** Creates an upload; resolves with its absolute URL. */
export async function createUpload(filesUrl, { token, size, metadata = {}, headers = {} }) {
  const res = await tusRequest(filesUrl, {
    method: 'POST',
    token,
    headers: {
      'upload-length': String(size),
      ...(Object.keys(metadata).length > 0 ? { 'upload-metadata': tusMetadata(metadata) } : {}),
      ...headers,
    },
  });
  if (res.status !== 201) throw new Error(`creation answered ${res.status}: ${res.text}`);
  return new URL(res.headers.location, filesUrl).href;
}

export const patchChunk = (uploadUrl, { token, offset, bytes, headers = {} }) =>
  tusRequest(uploadUrl, {
    method: 'PATCH',
    token,
    headers: { 'upload-offset': String(offset), 'content-type': 'application/offset+octet-stream', ...headers },
    body: bytes,
  });

/**
 * Sends `file` to an upload in chunks. A cut connection (or a 409) makes it ask HEAD and go on from the offset the
 * relay holds; `failures` such retries at most. `file` may be the rest of a file from `offsetBase` on. Resolves with
 * the final PATCH's answer and what it cost.
 */
export async function sendFile(uploadUrl, { token, file, chunkSize, offsetBase = 0, failures = 5 }) {
  let offset = offsetBase;
  let bodyBytesSent = 0;
  let interruptions = 0;
  for (;;) {
    const from = offset - offsetBase;
    const bytes = file.subarray(from, Math.min(file.byteLength, from + chunkSize));
    bodyBytesSent += bytes.byteLength;
    let res;
    try {
      res = await patchChunk(uploadUrl, { token, offset, bytes });
    } catch (error) {
      res = { status: 'cut', error };
    }
    if (res.status === 204) {
      offset = Number(res.headers['upload-offset']);
      continue;
    }
    if (res.status !== 'cut' && res.status !== 409) return { final: res, bodyBytesSent, interruptions };
    if (++interruptions > failures)
      throw new Error(`gave up after ${failures} interruptions: ${res.error ?? res.text}`);
    const head = await tusRequest(uploadUrl, { method: 'HEAD', token });
    if (head.status !== 200) throw new Error(`HEAD answered ${head.status}`);
    offset = Number(head.headers['upload-offset']);
  }
}
