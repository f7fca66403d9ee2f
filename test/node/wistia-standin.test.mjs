// The Wistia stand-in, driven over real HTTP as the uploader and the browser tests drive it.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  VIDEO_LIMIT_MESSAGE,
  createWistiaStandin,
  loadOpenapiCheck,
  startStandinServer,
  wistiaStandinVitePlugin,
} from '../../demo/wistia-standin/index.mjs';

/** @type {Awaited<ReturnType<typeof startStandinServer>>} */
let running;
let base = '';
/** Every token the suite received, to prove none of them is ever logged or printed. */
const issuedTokens = new Set();
/** @type {string[]} */
const consoleOutput = [];
const originalConsole = { log: console.log, warn: console.warn, error: console.error, info: console.info };

before(async () => {
  for (const name of /** @type {const} */ (['log', 'warn', 'error', 'info'])) {
    console[name] = (...args) => {
      consoleOutput.push(args.map(String).join(' '));
      originalConsole[name](...args);
    };
  }
  running = await startStandinServer({ port: 0 });
  base = running.url.replace(/\/$/, '');
});
after(async () => {
  await running.close();
  Object.assign(console, originalConsole);
});
beforeEach(async () => {
  await control('reset', {});
});

/** @param {string} name @param {object} body */
async function control(name, body) {
  const res = await fetch(`${base}/control/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function readLog() {
  return (await fetch(`${base}/control/log`)).json();
}

/** The stand-in's upload records once `ready` holds for them: a bound on a hang (30 s), never on speed. */
async function untilUploads(/** @type {(records: any[]) => boolean} */ ready) {
  for (let i = 0; i < 1500; i++) {
    const records = (await readLog()).requests.filter((/** @type {any} */ r) => r.route === 'upload');
    if (ready(records)) return records;
    await sleep(20);
  }
  throw new Error('the stand-in did not log the expected uploads in 30 s');
}

/** @param {unknown} [projectId] */
async function getToken(projectId = null) {
  const res = await fetch(`${base}/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ project_id: projectId }),
  });
  assert.equal(res.status, 200);
  const body = await res.json();
  const token = body.token ?? body.access_token;
  issuedTokens.add(token);
  return token;
}

/** @param {string} path @param {string | undefined} token @param {Record<string, string>} params */
async function postForm(path, token, params, extraHeaders = {}) {
  const headers = { 'Content-Type': 'application/x-www-form-urlencoded', ...extraHeaders };
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(`${base}${path}`, { method: 'POST', headers, body: new URLSearchParams(params) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: safeJson(text) };
}

/** @param {string} token @param {FormData} form */
async function postFormData(token, form, path = '/upload/') {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: safeJson(text) };
}

function safeJson(/** @type {string} */ text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Streams a multipart body chunk by chunk with Node's http client, as a browser streams a File.
 * @param {{ token: string, fields: [string, string][], fileBytes: number, filename: string, type: string }} options
 */
async function streamMultipart({ token, fields, fileBytes, filename, type }) {
  const boundary = `----standin${randomBytes(8).toString('hex')}`;
  const head = fields
    .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
    .join('');
  const fileHead = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const length = Buffer.byteLength(head) + Buffer.byteLength(fileHead) + fileBytes + Buffer.byteLength(tail);
  const hash = createHash('sha256');

  const req = http.request(`${base}/upload/`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      'Content-Length': length,
    },
  });
  const answered = once(req, 'response');
  req.write(head + fileHead);
  for (let sent = 0; sent < fileBytes;) {
    const chunk = randomBytes(Math.min(256 * 1024, fileBytes - sent));
    hash.update(chunk);
    sent += chunk.length;
    if (!req.write(chunk)) await once(req, 'drain');
  }
  req.end(tail);
  const [res] = await answered;
  let text = '';
  for await (const part of res) text += part;
  return {
    status: res.statusCode,
    contentType: res.headers['content-type'],
    json: JSON.parse(text),
    sha256: hash.digest('hex'),
  };
}

const elapsedSince = (/** @type {number} */ start) => performance.now() - start;

describe('token endpoint', () => {
  it('issues a 64-hex token that expires in an hour by default', async () => {
    const res = await fetch(`${base}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ project_id: 'abc123' }),
    });
    assert.equal(res.status, 200);
    const body = await res.json();
    issuedTokens.add(body.token);
    assert.match(body.token, /^[0-9a-f]{64}$/);
    const lifetime = Date.parse(body.expires_at) - Date.now();
    assert.ok(lifetime > 3590_000 && lifetime <= 3600_000, `lifetime ${lifetime}`);
    const log = await readLog();
    assert.equal(log.tokenRequests, 1);
    assert.deepEqual(log.requests[0].fields, { project_id: 'abc123' });
  });

  it('switches lifetime and to the OAuth shape, whose token works as a Bearer token', async () => {
    await control('tokens', { ttlSeconds: 120, shape: 'oauth' });
    const res = await fetch(`${base}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"project_id":null}',
    });
    const body = await res.json();
    issuedTokens.add(body.access_token);
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in']);
    assert.equal(body.expires_in, 120);
    const upload = await postForm('/upload/', body.access_token, { url: 'https://example.com/clip.mp4' });
    assert.equal(upload.status, 200);
  });

  it('binds each token to the project it was asked for, and logs that project on every request made with it', async () => {
    const forA = await getToken('proj-a');
    const forNone = await getToken(null);
    assert.equal(
      (await postForm('/upload/', forA, { project_id: 'proj-b', url: 'https://example.com/a.mp4' })).status,
      200,
    );
    assert.equal((await postForm('/upload/', forNone, { url: 'https://example.com/b.mp4' })).status, 200);
    await postForm('/upload/', 'f'.repeat(64), { url: 'https://example.com/c.mp4' });
    const uploads = (await readLog()).requests.filter((r) => r.route === 'upload');
    // The stand-in only records the binding; telling a wrong project apart is the caller's audit.
    assert.deepEqual(
      uploads.map((r) => [r.tokenProject, r.fields.project_id]),
      [
        ['proj-a', 'proj-b'],
        [null, undefined],
        [undefined, undefined],
      ],
    );
    assert.ok(!('tokenProject' in (await readLog()).requests[0]), 'the token route takes no token');
  });

  it('refuses a body that is not JSON', async () => {
    const res = await fetch(`${base}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{',
    });
    assert.equal(res.status, 400);
    assert.equal(typeof (await res.json()).error, 'string');
  });
});

describe('file upload', () => {
  it('receives a streamed multi-MB file with its fields in order, counted and hashed', async () => {
    const token = await getToken();
    const fields = /** @type {[string, string][]} */ ([
      ['project_id', 'proj42'],
      ['name', 'Launch video'],
      ['description', 'A <b>short</b> one'],
      ['contact_id', '77'],
    ]);
    const fileBytes = 6 * 1024 * 1024 + 123;
    const sent = await streamMultipart({ token, fields, fileBytes, filename: 'launch.mp4', type: 'video/mp4' });

    assert.equal(sent.status, 200);
    assert.match(sent.contentType, /^application\/json/);
    const media = sent.json;
    assert.match(media.hashed_id, /^[a-z0-9]{10}$/);
    assert.ok(Number.isInteger(media.id));
    assert.equal(media.name, 'Launch video');
    assert.equal(media.description, 'A <b>short</b> one');
    assert.equal(media.type, 'Video');
    assert.equal(media.status, 'queued');
    assert.equal(media.progress, 0);
    assert.equal(typeof media.duration, 'number');
    assert.ok(!Number.isNaN(Date.parse(media.created)) && !Number.isNaN(Date.parse(media.updated)));
    assert.equal(media.thumbnail.url, `${running.origin}/wistia/thumbnails/${media.hashed_id}.svg`);

    const record = (await readLog()).requests.find((r) => r.route === 'upload');
    assert.deepEqual(record.fieldOrder, ['project_id', 'name', 'description', 'contact_id', 'file']);
    assert.deepEqual(record.fields, Object.fromEntries(fields));
    assert.deepEqual(record.files, [
      { field: 'file', filename: 'launch.mp4', contentType: 'video/mp4', bytes: fileBytes, sha256: sent.sha256 },
    ]);
    assert.equal(record.auth, 'ok');
    assert.equal(record.status, 200);
    assert.equal(record.outcome, 'answered');
    assert.equal((await readLog()).successesBySha256[sent.sha256], 1);

    const thumbnail = await fetch(media.thumbnail.url);
    assert.equal(thumbnail.status, 200);
    assert.equal(thumbnail.headers.get('content-type'), 'image/svg+xml');
    assert.match(await thumbnail.text(), /^<svg /);
  });

  it('records fields in the order they arrived, names an audio file after itself', async () => {
    const token = await getToken();
    const form = new FormData();
    form.append('contact_id', '5');
    form.append('project_id', 'p');
    form.append('file', new Blob([randomBytes(1000)], { type: 'audio/mpeg' }), 'Überlied.mp3');
    const res = await postFormData(token, form);
    assert.equal(res.status, 200);
    assert.equal(res.json.type, 'Audio');
    assert.equal(res.json.name, 'Überlied.mp3');
    const [record] = (await readLog()).requests.filter((r) => r.route === 'upload');
    assert.deepEqual(record.fieldOrder, ['contact_id', 'project_id', 'file']);
  });

  it('answers OPTIONS preflights and reflects the Origin on answers', async () => {
    const preflight = await fetch(`${base}/upload/`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://app.example',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://app.example');
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /Content-Type/);
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/);

    const token = await getToken();
    const res = await postForm(
      '/upload/',
      token,
      { url: 'https://example.com/a.mp4' },
      { Origin: 'https://app.example' },
    );
    assert.equal(res.headers.get('access-control-allow-origin'), 'https://app.example');
    assert.match(res.headers.get('access-control-expose-headers') ?? '', /Retry-After/);
  });
});

describe('URL import and S3 copy', () => {
  it('imports a URL, naming the media after the last path segment', async () => {
    const token = await getToken();
    const res = await postForm('/upload', token, {
      url: 'https://cdn.example.com/videos/Big%20Buck.mov?X-Amz-Signature=abc',
      description: 'from a link',
    });
    assert.equal(res.status, 200);
    assert.equal(res.json.name, 'Big Buck.mov');
    assert.equal(res.json.type, 'Video');
    assert.equal(res.json.description, 'from a link');
    const [record] = (await readLog()).requests.filter((r) => r.route === 'upload');
    assert.deepEqual(record.fieldOrder, ['url', 'description']);
    assert.deepEqual(record.files, []);
  });

  it('copies from S3 with a bucket name and a key', async () => {
    const token = await getToken();
    const res = await postForm('/upload/s3_copy', token, {
      bucket: 'my-bucket',
      source_file: 'videos/dog-videos/lenny.mp4',
      name: 'Lenny',
    });
    assert.equal(res.status, 200);
    assert.equal(res.json.name, 'Lenny');
    const [record] = (await readLog()).requests.filter((r) => r.route === 's3_copy');
    assert.deepEqual(record.fieldOrder, ['bucket', 'source_file', 'name']);
  });

  it('refuses an S3 key with a leading slash and a bucket given as a URL', async () => {
    const token = await getToken();
    const slash = await postForm('/upload/s3_copy', token, { bucket: 'my-bucket', source_file: '/videos/a.mp4' });
    assert.equal(slash.status, 400);
    assert.match(slash.json.error, /source_file/);
    const url = await postForm('/upload/s3_copy', token, { bucket: 's3://my-bucket', source_file: 'a.mp4' });
    assert.equal(url.status, 400);
    assert.match(url.json.error, /bucket/);
  });
});

describe('authorization', () => {
  for (const [label, auth, makeHeader] of /** @type {const} */ ([
    ['no token', 'missing', async () => undefined],
    ['an unknown token', 'invalid', async () => 'f'.repeat(64)],
    [
      'an expired token',
      'expired',
      async () => {
        const token = await getToken();
        await control('tokens', { expireAll: true });
        return token;
      },
    ],
  ])) {
    it(`answers 401 text/html to ${label}`, async () => {
      const token = await makeHeader();
      const res = await postForm('/upload/', token, { url: 'https://example.com/a.mp4' });
      assert.equal(res.status, 401);
      assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
      assert.match(res.text, /<html/);
      const record = (await readLog()).requests.find((r) => r.route === 'upload');
      assert.equal(record.auth, auth);
    });
  }

  it('expires tokens after their lifetime', async () => {
    await control('tokens', { ttlSeconds: 0.05 });
    const token = await getToken();
    await sleep(80);
    const res = await postForm('/upload/', token, { url: 'https://example.com/a.mp4' });
    assert.equal(res.status, 401);
  });

  it('answers the media API without a token with a JSON 401', async () => {
    const res = await fetch(`${base}/api/v1/medias/abcdefghij.json`);
    assert.equal(res.status, 401);
    assert.equal(typeof (await res.json()).error, 'string');
  });
});

describe('bad requests', () => {
  const cases = /** @type {const} */ ([
    ['neither file nor url', {}, /file.*url/],
    ['a name over 255 characters', { url: 'https://example.com/a.mp4', name: 'n'.repeat(256) }, /255/],
    ['a contact_id that is not an integer', { url: 'https://example.com/a.mp4', contact_id: '12a' }, /contact_id/],
    ['a url that is not http(s)', { url: 'ftp://example.com/a.mp4' }, /http/],
    ['a url without a media extension', { url: 'https://example.com/watch?v=a.mp4' }, /extension/],
  ]);
  for (const [label, params, message] of cases) {
    it(`answers 400 JSON to ${label}`, async () => {
      const token = await getToken();
      const res = await postForm('/upload/', token, params);
      assert.equal(res.status, 400);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      assert.match(res.json.error, message);
    });
  }

  it('answers 400 to a file and a url together', async () => {
    const token = await getToken();
    const form = new FormData();
    form.append('url', 'https://example.com/a.mp4');
    form.append('file', new Blob(['xyz'], { type: 'video/mp4' }), 'a.mp4');
    const res = await postFormData(token, form);
    assert.equal(res.status, 400);
    assert.match(res.json.error, /not both/);
  });

  it('answers 400 to an empty file', async () => {
    const token = await getToken();
    const form = new FormData();
    form.append('file', new Blob([], { type: 'video/mp4' }), 'empty.mp4');
    const res = await postFormData(token, form);
    assert.equal(res.status, 400);
    assert.match(res.json.error, /empty/);
  });

  it('answers the video-limit 400 once the account is full', async () => {
    await control('config', { videoLimit: 1 });
    const token = await getToken();
    assert.equal((await postForm('/upload/', token, { url: 'https://example.com/1.mp4' })).status, 200);
    const full = await postForm('/upload/', token, { url: 'https://example.com/2.mp4' });
    assert.equal(full.status, 400);
    assert.deepEqual(full.json, { error: VIDEO_LIMIT_MESSAGE });
    assert.equal(
      VIDEO_LIMIT_MESSAGE,
      'This account has exceeded its video limit. Please upgrade to upload more videos.',
    );
  });
});

describe('media status', () => {
  it('moves from queued through processing to ready, with progress rising', async () => {
    // Phases long enough that no pause of a busy machine skips one; the polls watch the whole course.
    await control('config', { processingMs: { queued: 2000, processing: 2000 } });
    const token = await getToken();
    const { json: uploaded } = await postForm('/upload/', token, { url: 'https://example.com/a.mp4' });
    const poll = async () => {
      const res = await fetch(`${base}/api/v1/medias/${uploaded.hashed_id}.json`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      assert.equal(res.status, 200);
      return res.json();
    };
    const seen = [await poll()];
    assert.equal(seen[0].status, 'queued');
    assert.equal(seen[0].progress, 0);
    while (seen.at(-1).status !== 'ready' && seen.length < 3000) {
      await sleep(20);
      seen.push(await poll());
    }
    const statuses = [...new Set(seen.map((media) => media.status))];
    assert.deepEqual(statuses, ['queued', 'processing', 'ready']);
    const progress = seen.map((media) => media.progress);
    assert.ok(
      progress.every((p, i) => i === 0 || p >= progress[i - 1]),
      `progress never falls: ${progress}`,
    );
    assert.ok(
      seen.some((media) => media.status === 'processing' && media.progress > 0 && media.progress < 1),
      'some progress while processing',
    );
    const last = seen.at(-1);
    assert.equal(last.status, 'ready');
    assert.equal(last.progress, 1);
    assert.ok(last.duration > 0);
    assert.equal(last.hashed_id, uploaded.hashed_id);
  });

  it('ends a media failed on request, and answers 404 to an unknown one', async () => {
    await control('config', { processingMs: { queued: 0, processing: 0 } });
    const token = await getToken();
    const { json: uploaded } = await postForm('/upload/', token, { url: 'https://example.com/a.mp4' });
    assert.equal((await control('config', { failMedia: uploaded.hashed_id })).status, 200);
    const headers = { Authorization: `Bearer ${token}` };
    const failed = await (await fetch(`${base}/api/v1/medias/${uploaded.hashed_id}.json`, { headers })).json();
    assert.equal(failed.status, 'failed');
    const missing = await fetch(`${base}/api/v1/medias/zzzzzzzzzz.json`, { headers });
    assert.equal(missing.status, 404);
    assert.equal(typeof (await missing.json()).error, 'string');
    assert.equal((await control('config', { failMedia: 'zzzzzzzzzz' })).status, 400);
  });
});

describe('scripted faults', () => {
  it('answers a scripted status with Retry-After once, then normally', async () => {
    const token = await getToken();
    await control('script', { route: 'upload', responses: [{ status: 429, retryAfter: 3 }] });
    const limited = await postForm('/upload/', token, { url: 'https://example.com/a.mp4' });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '3');
    assert.equal(typeof limited.json.error, 'string');
    const normal = await postForm('/upload/', token, { url: 'https://example.com/a.mp4' });
    assert.equal(normal.status, 200);
    const records = (await readLog()).requests.filter((r) => r.route === 'upload');
    assert.deepEqual(records[0].fault, { status: 429, retryAfter: 3 });
    assert.equal(records[1].fault, null);
  });

  it('plays scripted answers in order, pass-through entries answering normally', async () => {
    const token = await getToken();
    await control('script', {
      route: 'upload',
      responses: [{}, { status: 200, body: '<html>maintenance</html>', contentType: 'text/html' }, { pass: true }],
    });
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      const res = await postForm('/upload/', token, { url: 'https://example.com/a.mp4' });
      statuses.push([res.status, res.json ? 'json' : res.text]);
    }
    assert.deepEqual(statuses, [
      [200, 'json'],
      [200, '<html>maintenance</html>'],
      [200, 'json'],
    ]);
  });

  it('scripts the token and media routes too', async () => {
    await control('script', { route: 'token', responses: [{ status: 503, body: { message: 'down' } }] });
    const down = await fetch(`${base}/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{"project_id":null}',
    });
    assert.equal(down.status, 503);
    assert.deepEqual(await down.json(), { message: 'down' });
    const token = await getToken();
    await control('script', { route: 'media', responses: [{ status: 500 }] });
    const res = await fetch(`${base}/api/v1/medias/abcdefghij.json`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(res.status, 500);
  });

  it('stalls: reads no more and never answers, until the client gives up', async () => {
    const token = await getToken();
    await control('script', { route: 'upload', responses: [{ stall: true }] });
    const total = 64 * 1024 * 1024;
    const req = http.request(`${base}/upload/`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'multipart/form-data; boundary=x',
        'Content-Length': total,
      },
    });
    let answered = false;
    req.on('response', () => (answered = true));
    req.on('error', () => {});
    const chunk = Buffer.alloc(1024 * 1024);
    (async () => {
      for (let queued = 0; queued < total; queued += chunk.length) if (!req.write(chunk)) await once(req, 'drain');
    })().catch(() => {});
    await untilUploads((records) => records.length === 1);
    await sleep(400);
    // Unread, the body fills the socket buffers and stops; read, 64 MiB would cross loopback in far less time.
    const written = req.socket?.bytesWritten ?? 0;
    assert.ok(written < total / 2, `${written} bytes left the client`);
    assert.equal(answered, false);
    const [record] = (await readLog()).requests.filter((r) => r.route === 'upload');
    assert.equal(record.outcome, 'stalled');
    assert.equal(record.status, null);
    assert.equal(record.bodyBytes, 0);
    req.destroy();
  });

  it('ends a stalled request on reset', async () => {
    const token = await getToken();
    await control('script', { route: 'upload', responses: [{ stall: true }] });
    const pending = fetch(`${base}/upload/`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: new URLSearchParams({ url: 'https://example.com/a.mp4' }),
    });
    await untilUploads((records) => records.length === 1);
    await control('reset', {});
    // Bounded, so a stand-in that leaves the request hanging fails here instead of hanging the suite.
    await assert.rejects(Promise.race([pending, sleep(30_000, 'still pending')]), TypeError);
  });

  it('resets the connection mid-body after the given number of bytes', async () => {
    const token = await getToken();
    await control('script', { route: 'upload', responses: [{ resetAfterBytes: 100_000 }] });
    const form = new FormData();
    form.append('file', new Blob([randomBytes(2 * 1024 * 1024)], { type: 'video/mp4' }), 'big.mp4');
    await assert.rejects(postFormData(token, form), TypeError);
    await sleep(20);
    const [record] = (await readLog()).requests.filter((r) => r.route === 'upload');
    assert.equal(record.outcome, 'reset');
    assert.equal(record.bodyBytes, 100_000);
    assert.equal(record.status, null);
    // What arrived is still on record, so a later send of the same file can be traced to this one.
    assert.equal(record.bodyComplete, false);
    assert.deepEqual(record.fieldOrder, ['file']);
    assert.equal(record.files[0].filename, 'big.mp4');
    assert.ok(record.files[0].bytes > 0 && record.files[0].bytes < 100_000, `${record.files[0].bytes} bytes`);
    assert.equal(record.files[0].sha256, '');
  });

  it('reads slowly between chunks, then answers normally', async () => {
    const token = await getToken();
    await control('script', { route: 'upload', responses: [{ slowReadMs: 30 }] });
    const form = new FormData();
    // At most 64 KiB arrive per socket read, so 512 KiB take at least 8 pauses.
    form.append('file', new Blob([randomBytes(512 * 1024)], { type: 'video/mp4' }), 'slow.mp4');
    const start = performance.now();
    const res = await postFormData(token, form);
    assert.equal(res.status, 200);
    assert.ok(elapsedSince(start) >= 8 * 30, `took ${elapsedSince(start)} ms`);
  });

  it('keeps reading slowly while the standing slow switch is on', async () => {
    const token = await getToken();
    assert.deepEqual((await control('slow', { chunkDelayMs: 30 })).body, { ok: true, chunkDelayMs: 30 });
    const form = new FormData();
    form.append('file', new Blob([randomBytes(512 * 1024)], { type: 'video/mp4' }), 'slow.mp4');
    const start = performance.now();
    assert.equal((await postFormData(token, form)).status, 200);
    assert.ok(elapsedSince(start) >= 8 * 30, `took ${elapsedSince(start)} ms`);
  });

  it('waits before answering', async () => {
    const token = await getToken();
    await control('script', { route: 'upload', responses: [{ delayMs: 250 }] });
    const start = performance.now();
    const res = await postForm('/upload/', token, { url: 'https://example.com/a.mp4' });
    assert.equal(res.status, 200);
    assert.ok(elapsedSince(start) >= 245, `took ${elapsedSince(start)} ms`);
  });

  it('stalls for stallMs, then reads on and answers normally', async () => {
    const token = await getToken();
    await control('script', { route: 'upload', responses: [{ stallMs: 300 }] });
    const start = performance.now();
    const res = await postForm('/upload/', token, { url: 'https://example.com/a.mp4' });
    assert.equal(res.status, 200);
    assert.ok(elapsedSince(start) >= 295, `took ${elapsedSince(start)} ms`);
    const [record] = (await readLog()).requests.filter((r) => r.route === 'upload');
    assert.deepEqual(record.fault, { stallMs: 300 });
    assert.equal(record.bodyComplete, true);
  });

  it('tells a client that gave up after sending its whole body from a complete answer and a reset', async () => {
    const token = await getToken();
    await control('script', {
      route: 'upload',
      responses: [{ pass: true }, { delayMs: 5000 }, { resetAfterBytes: 10 }],
    });
    const form = () => new URLSearchParams({ url: 'https://example.com/a.mp4' });
    assert.equal((await postForm('/upload/', token, Object.fromEntries(form()))).status, 200);
    const abandoned = new AbortController();
    const waiting = fetch(`${base}/upload/`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: form(),
      signal: abandoned.signal,
    });
    // Given up only once the whole body is in: that is the case this test is about.
    await untilUploads((records) => records[1]?.bodyComplete === true);
    abandoned.abort();
    await assert.rejects(waiting);
    const big = new FormData();
    big.append('file', new Blob([randomBytes(256 * 1024)], { type: 'video/mp4' }), 'reset.mp4');
    await assert.rejects(postFormData(token, big), TypeError);
    await sleep(50);
    const uploads = (await readLog()).requests.filter((r) => r.route === 'upload');
    assert.deepEqual(
      uploads.map((r) => [r.outcome, r.status, r.bodyComplete, r.clientAborted]),
      [
        ['answered', 200, true, false],
        ['aborted', null, true, true],
        ['reset', null, false, false],
      ],
    );
    for (const r of uploads) assert.ok(Date.parse(r.endedAt) >= Date.parse(r.startedAt), 'ended after it started');
  });

  it('refuses scripts it does not understand', async () => {
    assert.equal((await control('script', { route: 'upload', responses: [{ stauts: 500 }] })).status, 400);
    assert.equal((await control('script', { route: 'uploads', responses: [] })).status, 400);
    assert.equal((await control('config', { videolimit: 1 })).status, 400);
  });
});

describe('OpenAPI conformance', () => {
  it('finds no violation in the answers to a full round of traffic', async () => {
    const token = await getToken('proj');
    const form = new FormData();
    form.append('project_id', 'proj');
    form.append('contact_id', '12');
    form.append('file', new Blob([randomBytes(4096)], { type: 'video/webm' }), 'a.webm');
    const { json: media } = await postFormData(token, form);
    await postForm('/upload/', token, { url: 'https://example.com/a.mp4', low_priority: 'true' });
    await postForm('/upload/s3_copy', token, { bucket: 'b-1', source_file: 'k/a.mp4' });
    await postForm('/upload/', token, {});
    await postForm('/upload/', undefined, { url: 'https://example.com/a.mp4' });
    await fetch(`${base}/api/v1/medias/${media.hashed_id}.json`, { headers: { Authorization: `Bearer ${token}` } });
    await fetch(`${base}/api/v1/medias/zzzzzzzzzz.json`, { headers: { Authorization: `Bearer ${token}` } });

    const log = await readLog();
    assert.equal(log.openapiChecks, true);
    assert.deepEqual(log.openapiViolations, []);
    assert.equal(log.openapiChecked.answers, 8);
    assert.equal(log.openapiChecked.requests, 4);
  });

  it('catches answers and requests that break the published schemas', () => {
    const check = loadOpenapiCheck();
    assert.equal(check.enabled, true);
    const good = {
      id: 1,
      name: 'a',
      type: 'Video',
      created: '2026-01-01T00:00:00Z',
      updated: '2026-01-01T00:00:00Z',
      duration: 0,
      hashed_id: 'abcdefghij',
      progress: 0,
      thumbnail: { url: 'http://x/t.svg', width: 200, height: 120 },
    };
    assert.deepEqual(check.checkAnswer('upload', 200, 'application/json', good), []);
    assert.notDeepEqual(check.checkAnswer('upload', 200, 'application/json', { ...good, id: '1' }), []);
    assert.notDeepEqual(check.checkAnswer('upload', 200, 'application/json', { ...good, progress: 2 }), []);
    assert.notDeepEqual(check.checkAnswer('upload', 200, 'text/html', good), []);
    // The media API requires `folder`.
    assert.notDeepEqual(check.checkAnswer('media', 200, 'application/json', { ...good, status: 'ready' }), []);
    assert.deepEqual(check.checkAnswer('media', 200, 'application/json', { ...good, folder: null }), []);
    // 400: the documented string shape and the published object shape both pass; nothing else does.
    assert.deepEqual(check.checkAnswer('upload', 400, 'application/json', { error: 'x' }), []);
    assert.deepEqual(check.checkAnswer('upload', 400, 'application/json', { error: { code: 'c', detail: 'd' } }), []);
    assert.notDeepEqual(check.checkAnswer('upload', 400, 'application/json', { error: 5 }), []);
    assert.notDeepEqual(check.checkAnswer('upload', 400, 'application/json', {}), []);
    assert.notDeepEqual(check.checkAnswer('upload', 401, 'application/json', {}), []);
    assert.deepEqual(check.checkRequest('upload-url', { url: 'https://x.test/a.mp4', contact_id: '12' }), []);
    assert.notDeepEqual(check.checkRequest('upload-url', { url: 'https://x.test/a.mp4', contact_id: 'x' }), []);
    assert.notDeepEqual(check.checkRequest('upload-file', { name: 'n'.repeat(256), file: 'a.mp4' }), []);
    assert.notDeepEqual(check.checkRequest('token', {}), []);
  });

  it('skips the checks with one warning when the document is missing', () => {
    const check = loadOpenapiCheck({ specPath: '/nonexistent/wistia-openapi.yaml' });
    assert.equal(check.enabled, false);
    assert.deepEqual(check.checkAnswer('upload', 200, 'text/plain', null), []);
    assert.ok(consoleOutput.some((line) => /wistia-openapi\.yaml not found; OpenAPI .* skipped/.test(line)));
  });
});

describe('mounting', () => {
  it('serves as Koa middleware and passes other paths on', async () => {
    const standin = createWistiaStandin();
    const middleware = standin.koa();
    const server = http.createServer((req, res) => {
      const ctx = { path: new URL(req.url ?? '/', 'http://x').pathname, req, res, respond: true };
      middleware(ctx, async () => void res.end('next'));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const origin = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
    try {
      const token = await fetch(`${origin}/wistia/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"project_id":null}',
      });
      assert.equal(token.status, 200);
      issuedTokens.add((await token.json()).token);
      assert.equal(await (await fetch(`${origin}/index.html`)).text(), 'next');
      assert.equal(standin.records.length, 1);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('puts itself first in the Vite dev and preview middleware stacks', () => {
    const plugin = wistiaStandinVitePlugin();
    for (const hook of /** @type {const} */ (['configureServer', 'configurePreviewServer'])) {
      const stack = [{ route: '', handle: () => {} }];
      plugin[hook]({ middlewares: { stack, use: () => assert.fail('use() would run after Vite’s CORS') } });
      assert.equal(stack.length, 2);
      assert.equal(typeof stack[0].handle, 'function');
    }
  });
});

describe('secrets', () => {
  it('never logs or prints a token, even one sent in a form field or the query string', async () => {
    const token = await getToken();
    const form = new FormData();
    form.append('access_token', token);
    form.append('file', new Blob(['abc'], { type: 'video/mp4' }), 'a.mp4');
    const res = await postFormData(token, form, `/upload/?access_token=${token}`);
    assert.equal(res.status, 200);
    const record = (await readLog()).requests.find((r) => r.route === 'upload');
    assert.equal(record.fields.access_token, '[redacted]');
    assert.ok(record.fieldOrder.includes('access_token'));

    const logText = await (await fetch(`${base}/control/log`)).text();
    assert.ok(issuedTokens.size >= 10);
    for (const issued of issuedTokens) {
      assert.ok(!logText.includes(issued), 'a token appears in the log');
      assert.ok(!consoleOutput.some((line) => line.includes(issued)), 'a token was printed');
    }
  });
});

describe('mount.mjs behind your own backend', () => {
  it('takes a port and a token it accepts forever, from arguments or the environment', async () => {
    const { parseMountArguments } = await import('../../demo/wistia-standin/mount.mjs');
    assert.deepEqual(parseMountArguments(['9000', '--token', 'dev-token'], {}), { port: 9000, apiToken: 'dev-token' });
    assert.deepEqual(parseMountArguments(['--token', 'dev-token', '9001'], {}), { port: 9001, apiToken: 'dev-token' });
    assert.deepEqual(parseMountArguments([], { STANDIN_API_TOKEN: 'env-token', PORT: '7000' }), {
      port: 7000,
      apiToken: 'env-token',
    });
    assert.deepEqual(parseMountArguments([], {}), { port: 8787 });
    assert.throws(() => parseMountArguments(['--token'], {}), /--token needs a value/);
  });

  it('accepts the given token on uploads, as Wistia accepts an API token', async () => {
    const running = await startStandinServer({ apiToken: 'dev-token' });
    try {
      const body = new FormData();
      body.append('file', new Blob([new Uint8Array(64)], { type: 'video/mp4' }), 'clip.mp4');
      const res = await fetch(`${running.url}upload/`, {
        method: 'POST',
        headers: { Authorization: 'Bearer dev-token' },
        body,
      });
      assert.equal(res.status, 200);
      assert.match((await res.json()).hashed_id, /\w+/);
    } finally {
      await running.close();
    }
  });
});
