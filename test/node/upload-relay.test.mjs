// The upload relay on a real Node http server, with the Wistia stand-in (or a fake that misbehaves on
// purpose) behind it: every refusal, every pass-through, and that nothing secret leaks or hangs.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startStandinServer } from '../../demo/wistia-standin/index.mjs';
import {
  listen,
  multipart,
  MULTIPART_TYPE,
  SECRET,
  send,
  sha256,
  WISTIA_TOKEN,
  wistiaEndpoints,
} from './relay-helpers.mjs';
import { loadServerBuild } from './server-build.mjs';

const OTHER_SECRET = 'another-secret-0123456789abcdef0123456789abcd';
const START = Date.parse('2030-01-01T00:00:00.000Z');

/** @type {typeof import('../../dist/server/index.js')} */
let lib;
let standin;
let clock = START;
const now = () => clock;
const errors = [];
const texts = [];
const issuedTokens = [];
const servers = [];
const consoleCalls = [];
const consoleMethods = ['log', 'info', 'warn', 'error', 'debug'];
const originalConsole = Object.fromEntries(consoleMethods.map((name) => [name, console[name]]));

/** A relay on its own server, in front of the stand-in unless `upstream` says otherwise. */
async function startRelay(options = {}, upstream = standin.url) {
  const relay = lib.createUploadRelay({
    secret: SECRET,
    wistiaToken: WISTIA_TOKEN,
    ...wistiaEndpoints(upstream),
    basePath: '/relay',
    onError: (error) => errors.push(error),
    now,
    ...options,
  });
  const running = await listen(lib.toNodeHandler(relay));
  servers.push(running);
  return `${running.origin}/relay`;
}

async function token({ projectId, secret = SECRET, maxBytes, ttlSeconds } = {}) {
  const issue = lib.relayTokenIssuer({ secret, now, maxBytes, ttlSeconds });
  const { token: value } = await issue({ subject: 'user-42', ...(projectId ? { projectId } : {}) });
  issuedTokens.push(value);
  return value;
}

/** Sends through the relay and keeps the answer's text for the leak check. */
async function post(url, { bearer, body = multipart(), contentType = MULTIPART_TYPE, headers = {} } = {}) {
  const res = await send(url, {
    headers: {
      'content-type': contentType,
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      ...(Buffer.isBuffer(body) || typeof body === 'string' ? { 'content-length': Buffer.byteLength(body) } : {}),
      ...headers,
    },
    body,
  });
  texts.push(res.text, JSON.stringify(res.headers));
  return res;
}

const uploads = () => standin.standin.records.filter((record) => record.route === 'upload');

before(async () => {
  lib = await loadServerBuild();
  standin = await startStandinServer({ apiToken: WISTIA_TOKEN });
  for (const name of consoleMethods) console[name] = (...args) => consoleCalls.push({ name, args });
});
beforeEach(() => {
  standin.standin.reset();
  clock = START;
});
after(async () => {
  Object.assign(console, originalConsole);
  for (const running of servers) await running.close();
  await standin.close();
});

describe('uploads through the relay', () => {
  let relay;
  before(async () => (relay = await startRelay()));

  it('streams the file to Wistia unchanged with the server-held token, and passes its answer back', async () => {
    const file = Buffer.alloc(300_000, 7);
    const res = await post(`${relay}/`, {
      bearer: await token({ projectId: 'proj1' }),
      body: multipart({ project_id: 'proj1', name: 'Clip', description: 'd' }, file),
    });
    assert.equal(res.status, 200, res.text);
    const media = JSON.parse(res.text);
    assert.equal(media.name, 'Clip');
    const [record] = uploads();
    assert.equal(record.auth, 'ok', 'the stand-in accepted the server-held token, not the relay token');
    assert.deepEqual(record.fieldOrder, ['project_id', 'name', 'description', 'file']);
    assert.equal(record.files[0].sha256, sha256(file));
    assert.match(res.headers['content-type'], /application\/json/);
  });

  it('imports a link and copies from S3 through the relay', async () => {
    const relay = await startRelay({ s3Buckets: ['my-bucket'] });
    const bearer = await token();
    const form = 'application/x-www-form-urlencoded';
    const link = await post(`${relay}/`, { bearer, contentType: form, body: 'url=https%3A%2F%2Fa.example%2Fv.mp4' });
    assert.equal(link.status, 200, link.text);
    const s3 = await post(`${relay}/s3_copy`, {
      bearer,
      contentType: form,
      body: 'bucket=my-bucket&source_file=k%2Fv.mp4',
    });
    assert.equal(s3.status, 200, s3.text);
    assert.deepEqual(
      standin.standin.records.map((record) => [record.route, record.auth]),
      [
        ['upload', 'ok'],
        ['s3_copy', 'ok'],
      ],
    );
  });

  it('does not pass the query string on, so no field can slip past the project check', async () => {
    const res = await post(`${relay}/?project_id=other`, { bearer: await token() });
    assert.equal(res.status, 200, res.text);
    assert.equal(uploads()[0].path, '/wistia/upload/');
  });

  it("keeps Wistia's 400 message and 429/5xx status with Retry-After, in the relay's own words otherwise", async () => {
    standin.standin.script('upload', [
      { status: 400, body: { error: 'Video limit reached.' } },
      { status: 429, retryAfter: 7 },
      { status: 503, body: { error: 'Down for a moment.' }, retryAfter: 30 },
    ]);
    const bearer = await token();
    const rejected = await post(`${relay}/`, { bearer });
    assert.deepEqual([rejected.status, JSON.parse(rejected.text)], [400, { error: 'Video limit reached.' }]);
    const limited = await post(`${relay}/`, { bearer });
    assert.deepEqual([limited.status, limited.headers['retry-after']], [429, '7']);
    const down = await post(`${relay}/`, { bearer });
    assert.deepEqual(
      [down.status, down.headers['retry-after'], JSON.parse(down.text)],
      [503, '30', { error: 'Wistia is unavailable. Try again later.' }],
    );
  });

  it("answers its own JSON 401, not Wistia's HTML page, when the server-held token is refused", async () => {
    const wrong = await startRelay({ wistiaToken: 'not-a-wistia-token-at-all' });
    const res = await post(`${wrong}/`, { bearer: await token() });
    assert.equal(res.status, 401);
    assert.match(res.headers['content-type'], /application\/json/);
    assert.doesNotMatch(res.text, /<html|access_token/i);
  });
});

describe('refusals', () => {
  let relay;
  before(async () => (relay = await startRelay({ maxBytes: 1_000_000 })));

  const refusedWithHtml401 = async (bearer) => {
    const res = await post(`${relay}/`, { bearer });
    assert.equal(res.status, 401);
    assert.match(res.headers['content-type'], /^text\/html/);
    assert.equal(uploads().length, 0, 'nothing reached Wistia');
  };

  it('refuses a missing token with 401 text/html, like Wistia', async () => refusedWithHtml401(undefined));
  it('answers a refused 20 MB upload with its 401, not a reset: the rest of the body is discarded', async () => {
    const res = await post(`${relay}/`, { body: multipart({}, Buffer.alloc(20_000_000, 9)) });
    assert.equal(res.status, 401);
    assert.equal(uploads().length, 0);
  });
  it('refuses a token signed with another secret', async () =>
    refusedWithHtml401(await token({ secret: OTHER_SECRET })));
  it('refuses a tampered token', async () => {
    const [prefix, claims, signature] = (await token()).split('.');
    const forged = JSON.parse(Buffer.from(claims, 'base64url').toString());
    forged.b = 10 ** 12;
    await refusedWithHtml401(`${prefix}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`);
    await refusedWithHtml401('wur1.garbage');
  });
  it('accepts a token until its expiry and refuses it one second after', async () => {
    const bearer = await token({ ttlSeconds: 60 });
    clock = START + 59_000;
    assert.equal((await post(`${relay}/`, { bearer })).status, 200);
    standin.standin.reset();
    clock = START + 61_000;
    await refusedWithHtml401(bearer);
  });

  it('refuses a project other than the token’s with 400 JSON, before any byte goes to Wistia', async () => {
    const forProject = await token({ projectId: 'proj1' });
    const other = await post(`${relay}/`, { bearer: forProject, body: multipart({ project_id: 'proj2' }) });
    assert.equal(other.status, 400);
    assert.match(JSON.parse(other.text).error, /another project/);
    const none = await post(`${relay}/`, { bearer: forProject, body: multipart({}) });
    assert.equal(none.status, 400);
    const anyProject = await post(`${relay}/`, { bearer: await token(), body: multipart({ project_id: 'proj2' }) });
    assert.equal(anyProject.status, 400);
    const link = await post(`${relay}/`, {
      bearer: forProject,
      contentType: 'application/x-www-form-urlencoded',
      body: 'url=https%3A%2F%2Fa.example%2Fv.mp4&project_id=proj2',
    });
    assert.equal(link.status, 400);
    assert.equal(uploads().length, 0);
  });

  it('answers 413 from Content-Length before reading the body, and says so in time', async () => {
    const bearer = await token({ maxBytes: 10_000 });
    const res = await post(`${relay}/`, { bearer, body: multipart({}, Buffer.alloc(2_000_000)) });
    assert.equal(res.status, 413);
    assert.ok(JSON.parse(res.text).error);
    assert.equal(uploads().length, 0);
  });

  it('answers 413 while streaming a body without Content-Length, and aborts the upstream request', async () => {
    const bearer = await token({ maxBytes: 200_000 });
    const body = multipart({}, Buffer.alloc(3_000_000, 1));
    async function* chunks() {
      for (let i = 0; i < body.length; i += 65_536) yield body.subarray(i, i + 65_536);
    }
    const res = await post(`${relay}/`, { bearer, body: chunks() });
    assert.equal(res.status, 413);
    await sleep(50);
    assert.ok(
      uploads().every((record) => record.status !== 200),
      'Wistia created no media',
    );
  });

  it('applies the relay’s own maxBytes when it is below the token’s', async () => {
    const res = await post(`${relay}/`, { bearer: await token(), body: multipart({}, Buffer.alloc(1_200_000)) });
    assert.equal(res.status, 413);
  });

  it('refuses a body without file, with fields after file, or ending early, with 400 JSON', async () => {
    const bearer = await token();
    const cases = {
      'no file': multipart({ name: 'x' }, null),
      'field after file': multipart({}, Buffer.alloc(200_000, 3), { after: { name: 'late' } }),
      'ends early': multipart({}, Buffer.alloc(200_000, 3), { close: false }),
      'not a form': 'just text',
    };
    for (const [label, body] of Object.entries(cases)) {
      const res = await post(`${relay}/`, {
        bearer,
        body,
        contentType: label === 'not a form' ? 'text/plain' : MULTIPART_TYPE,
      });
      assert.equal(res.status, 400, label);
      assert.match(res.headers['content-type'], /application\/json/, label);
      assert.ok(JSON.parse(res.text).error, label);
    }
    assert.ok(
      uploads().every((record) => record.status !== 200),
      'Wistia created no media',
    );
  });

  it('answers 404 and 405 outside its routes', async () => {
    const bearer = await token();
    assert.equal((await post(`${relay.replace('/relay', '/elsewhere')}/`, { bearer })).status, 404);
    assert.equal(
      (await send(`${relay}/`, { method: 'GET', headers: { authorization: `Bearer ${bearer}` } })).status,
      405,
    );
  });
});

describe('status reads', () => {
  let relay;
  before(async () => (relay = await startRelay()));

  it('answers only hashed_id, status, progress and thumbnail', async () => {
    const bearer = await token();
    const uploaded = await post(`${relay}/`, { bearer });
    const media = JSON.parse(uploaded.text);
    const res = await send(`${relay}/v1/medias/${media.hashed_id}.json`, {
      method: 'GET',
      headers: { authorization: `Bearer ${bearer}`, 'upload-relay-ref': uploaded.headers['upload-relay-ref'] },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(JSON.parse(res.text)).sort(), ['hashed_id', 'progress', 'status', 'thumbnail']);
  });

  it("does not show a token for one project another project's media, nor anything without a token", async () => {
    const media = JSON.parse((await post(`${relay}/`, { bearer: await token() })).text);
    const url = `${relay}/v1/medias/${media.hashed_id}.json`;
    const other = await send(url, {
      method: 'GET',
      headers: { authorization: `Bearer ${await token({ projectId: 'proj9' })}` },
    });
    assert.equal(other.status, 404);
    const anonymous = await send(url, { method: 'GET' });
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers['content-type'], /json/);
  });
});

describe('CORS', () => {
  let relay;
  before(async () => (relay = await startRelay()));

  it('allows a preflight with Authorization from any origin by default and exposes Retry-After', async () => {
    const pre = await send(`${relay}/`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://site.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers['access-control-allow-origin'], 'https://site.example');
    assert.match(pre.headers['access-control-allow-headers'], /authorization/i);
    const res = await post(`${relay}/`, { bearer: await token(), headers: { origin: 'https://site.example' } });
    assert.equal(res.headers['access-control-allow-origin'], 'https://site.example');
    assert.match(res.headers['access-control-expose-headers'], /Retry-After/);
  });

  it('refuses origins outside allowedOrigins', async () => {
    const strict = await startRelay({ allowedOrigins: ['https://mine.example'] });
    const pre = await send(`${strict}/`, {
      method: 'OPTIONS',
      headers: { origin: 'https://other.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(pre.status, 403);
    assert.equal(pre.headers['access-control-allow-origin'], undefined);
  });
});

/** A fake upstream that misbehaves on purpose; every request's close is recorded, to prove none is left open. */
async function startFaultyUpstream(mode) {
  const seen = [];
  const stalled = [];
  const running = await listen((req, res) => {
    const entry = { headers: req.headers, url: req.url, bytes: 0, closed: false };
    seen.push(entry);
    res.once('close', () => (entry.closed = true));
    // Stops reading until the test has the relay's answer; reading again lets it notice that the relay hung up.
    if (mode === 'stall') {
      req.pause();
      stalled.push(req);
    }
    req.on('data', (chunk) => {
      entry.bytes += chunk.length;
      if (mode === 'reset') req.socket.destroy();
      if (mode === 'slow') {
        req.pause();
        setTimeout(() => req.resume(), 20);
      }
    });
    req.on('end', () => {
      if (mode === 'silent') return;
      if (mode === 'html') return res.writeHead(502, { 'content-type': 'text/html' }).end('<html>Bad gateway</html>');
      if (mode === 'html200')
        return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Maintenance</html>');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":1,"hashed_id":"abc"}');
    });
  });
  servers.push(running);
  return { seen, url: `${running.origin}/wistia/`, readAgain: () => stalled.forEach((req) => req.resume()) };
}

describe('upstream failures', () => {
  const fast = { idleTimeoutMs: 300, answerTimeoutMs: 300 };
  const allClosed = async (seen) => {
    // A bound on a hang, not on speed: a busy machine may take a while to see the sockets close.
    for (let i = 0; i < 1500 && !seen.every((entry) => entry.closed); i++) await sleep(20);
    assert.ok(seen.length > 0 && seen.every((entry) => entry.closed), 'no upstream request is left open');
  };

  for (const [mode, status] of [
    ['stall', 504],
    ['silent', 504],
    ['reset', 502],
    ['html', 502],
    ['html200', 502],
  ]) {
    it(`answers ${status} JSON when the upstream ${mode === 'silent' ? 'never answers' : mode === 'stall' ? 'stops reading' : mode === 'reset' ? 'resets' : 'answers HTML'}`, async () => {
      const upstream = await startFaultyUpstream(mode);
      const relay = await startRelay(fast, upstream.url);
      const res = await post(`${relay}/`, {
        bearer: await token(),
        body: multipart({}, Buffer.alloc(mode === 'stall' ? 8_000_000 : 1000)),
      });
      assert.equal(res.status, status, res.text);
      assert.ok(JSON.parse(res.text).error);
      upstream.readAgain();
      await allClosed(upstream.seen);
    });
  }

  it('sends the server-held token upstream and never the relay token', async () => {
    const upstream = await startFaultyUpstream('ok');
    const relay = await startRelay({}, upstream.url);
    const bearer = await token();
    assert.equal((await post(`${relay}/`, { bearer, headers: { cookie: 'session=s3cr3t' } })).status, 200);
    const [entry] = upstream.seen;
    assert.equal(entry.headers.authorization, `Bearer ${WISTIA_TOKEN}`);
    assert.equal(entry.headers.cookie, undefined);
    assert.ok(!JSON.stringify(entry).includes(bearer));
  });

  it('aborts the upstream request when the browser goes away mid-body', async () => {
    const upstream = await startFaultyUpstream('slow');
    const relay = await startRelay({}, upstream.url);
    const req = http.request(`${relay}/`, {
      method: 'POST',
      headers: {
        'content-type': MULTIPART_TYPE,
        authorization: `Bearer ${await token()}`,
        'content-length': 50_000_000,
      },
    });
    req.on('error', () => {});
    req.write(multipart({}, Buffer.alloc(1_000_000)).subarray(0, 900_000));
    for (let i = 0; i < 3000 && upstream.seen.length === 0; i++) await sleep(10);
    req.destroy();
    await allClosed(upstream.seen);
    assert.ok(upstream.seen[0].bytes < 50_000_000);
  });
});

describe('behind Express', () => {
  it('routes on the full path when mounted with app.use, which strips the mount path from req.url', async () => {
    const handler = lib.toNodeHandler(
      lib.createUploadRelay({
        secret: SECRET,
        wistiaToken: WISTIA_TOKEN,
        uploadUrl: `${standin.url}upload/`,
        basePath: '/api/wistia-relay',
      }),
    );
    // What Express's router does before calling a middleware mounted at /api/wistia-relay.
    const running = await listen((req, res) => {
      req.originalUrl = req.url;
      req.url = req.url.slice('/api/wistia-relay'.length) || '/';
      void handler(req, res);
    });
    servers.push(running);
    const res = await post(`${running.origin}/api/wistia-relay/`, { bearer: await token() });
    assert.equal(res.status, 200, res.text);
  });
});

describe('Next.js route handler example', () => {
  it('answers uploads and preflights as the exported GET, POST and OPTIONS of a route file', async () => {
    process.env.WISTIA_RELAY_SECRET = SECRET;
    process.env.WISTIA_API_TOKEN = WISTIA_TOKEN;
    process.env.WISTIA_UPLOAD_URL = `${standin.url}upload/`;
    process.env.WISTIA_API_URL = `${standin.url}api`;
    const route = await import('../../dist/server/examples/next-relay-route.js');
    assert.equal(route.runtime, 'nodejs');
    const bearer = await token();
    const body = multipart({}, Buffer.alloc(1000, 5));
    const res = await route.POST(
      new Request('http://site.test/api/wistia-relay', {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}`, 'content-type': MULTIPART_TYPE },
        body,
      }),
    );
    assert.equal(res.status, 200, await res.clone().text());
    const { hashed_id: id } = await res.json();
    const status = await route.GET(
      new Request(`http://site.test/api/wistia-relay/v1/medias/${id}.json`, {
        headers: { authorization: `Bearer ${bearer}`, 'upload-relay-ref': res.headers.get('upload-relay-ref') },
      }),
    );
    assert.equal(status.status, 200);
    const pre = await route.OPTIONS(
      new Request('http://site.test/api/wistia-relay', {
        method: 'OPTIONS',
        headers: { origin: 'https://site.test', 'access-control-request-method': 'POST' },
      }),
    );
    assert.equal(pre.status, 204);
  });
});

describe('secrets', () => {
  it('never writes to the console, and no answer or reported error holds a secret or a token', async () => {
    assert.deepEqual(consoleCalls, []);
    const everything = [
      ...texts,
      ...errors.map((error) => `${error.message} ${error.stack} ${error.cause?.message ?? ''}`),
    ];
    for (const secret of [SECRET, WISTIA_TOKEN, ...issuedTokens]) {
      assert.ok(!everything.some((text) => text.includes(secret)), 'a secret leaked');
    }
    assert.ok(errors.length > 0, 'upstream failures were reported');
  });
});
