// What the relay guards beyond the form itself, each over real HTTP: status reads only for your own uploads,
// nothing from upstream echoed raw, limits per visitor, import rules, strong secrets and canonical signatures.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startStandinServer } from '../../demo/wistia-standin/index.mjs';
import { listen, multipart, MULTIPART_TYPE, send, wistiaEndpoints } from './relay-helpers.mjs';
import { loadServerBuild } from './server-build.mjs';

const SECRET = 'guards-secret-0123456789abcdefghijklmnopqrst';
const WISTIA_TOKEN = 'server-held-wistia-token-7c41d2';

/** @type {typeof import('../../dist/server/index.js')} */
let lib;
let standin;
const closers = [];
const errors = [];

before(async () => {
  lib = await loadServerBuild();
  standin = await startStandinServer({ apiToken: WISTIA_TOKEN });
});
beforeEach(() => {
  standin.standin.reset();
  errors.length = 0;
});
after(async () => {
  for (const closer of closers) await closer.close();
  await standin.close();
});

/** A relay on its own server; `upstream` replaces the stand-in when a test needs Wistia to misbehave. */
async function startRelay(options = {}, upstream = standin.url) {
  const relay = lib.createUploadRelay({
    secret: SECRET,
    wistiaToken: WISTIA_TOKEN,
    ...wistiaEndpoints(upstream),
    onError: (error) => errors.push(error),
    ...options,
  });
  const running = await listen(lib.toNodeHandler(relay));
  closers.push(running);
  return { url: `${running.origin}/`, server: running.server };
}

async function token(subject, projectId) {
  const issue = lib.relayTokenIssuer({ secret: SECRET });
  return (await issue({ subject, ...(projectId ? { projectId } : {}) })).token;
}

const post = (url, bearer, body = multipart(), contentType = MULTIPART_TYPE) =>
  send(url, {
    headers: {
      'content-type': contentType,
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      'content-length': Buffer.byteLength(body),
    },
    body,
  });

const readStatus = (relay, id, bearer, ref) =>
  send(`${relay}v1/medias/${id}.json`, {
    method: 'GET',
    headers: { authorization: `Bearer ${bearer}`, ...(ref ? { 'upload-relay-ref': ref } : {}) },
  });

const uploads = () => standin.standin.records.filter((record) => record.route === 'upload');

/** A fake Wistia that answers every request with `answer` (status, headers, body). */
async function fakeWistia(status, headers, body) {
  const running = await listen((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(status, headers).end(body));
  });
  closers.push(running);
  return `${running.origin}/`;
}

describe('status only for your own uploads', () => {
  it('answers the uploader with its reference, and every other subject or project the same 404', async () => {
    const { url: relay } = await startRelay();
    const mine = await token('alice');
    const uploaded = await post(relay, mine);
    assert.equal(uploaded.status, 200, uploaded.text);
    const id = JSON.parse(uploaded.text).hashed_id;
    const ref = uploaded.headers['upload-relay-ref'];
    assert.ok(ref, 'the upload answer carries Upload-Relay-Ref');

    assert.equal((await readStatus(relay, id, mine, ref)).status, 200);
    const refused = [
      await readStatus(relay, id, await token('mallory'), ref),
      await readStatus(relay, id, await token('mallory')),
      await readStatus(relay, id, mine),
      await readStatus(relay, id, mine, `${ref.slice(0, -2)}AA`),
    ];
    assert.deepEqual(
      refused.map((res) => res.status),
      [404, 404, 404, 404],
    );
    assert.equal(new Set(refused.map((res) => res.text)).size, 1, 'the same 404 each time');
    const unknown = await readStatus(relay, 'doesnotexist1', mine, ref);
    assert.deepEqual([unknown.status, unknown.text], [404, refused[0].text], 'as for an unknown id');
  });

  it("does not show a project's media to another subject with a token for that project", async () => {
    const { url: relay } = await startRelay();
    const uploaded = await post(relay, await token('alice', 'proj1'), multipart({ project_id: 'proj1' }));
    assert.equal(uploaded.status, 200, uploaded.text);
    const id = JSON.parse(uploaded.text).hashed_id;
    const ref = uploaded.headers['upload-relay-ref'];
    assert.equal((await readStatus(relay, id, await token('bob', 'proj1'), ref)).status, 404);
    assert.equal((await readStatus(relay, id, await token('alice', 'proj2'), ref)).status, 404);
    assert.equal((await readStatus(relay, id, await token('alice', 'proj1'), ref)).status, 200);
  });

  it('lets a cross-origin page send and read the reference', async () => {
    const { url: relay } = await startRelay();
    const res = await post(relay, await token('alice'), multipart(), MULTIPART_TYPE);
    const cross = await send(relay, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization, upload-relay-ref',
      },
    });
    assert.equal(cross.status, 204);
    assert.match(cross.headers['access-control-allow-headers'], /upload-relay-ref/i);
    const withOrigin = await send(relay, {
      headers: {
        origin: 'https://app.example',
        authorization: `Bearer ${await token('alice')}`,
        'content-type': MULTIPART_TYPE,
      },
      body: multipart(),
    });
    assert.match(withOrigin.headers['access-control-expose-headers'], /Upload-Relay-Ref/);
    assert.equal(res.status, 200);
  });
});

describe('nothing from upstream is echoed raw', () => {
  it("keeps a 400's message but not the Wistia token it quotes", async () => {
    const body = JSON.stringify({ error: `Invalid request: Authorization Bearer ${WISTIA_TOKEN} lacks "x"` });
    const upstream = await fakeWistia(400, { 'content-type': 'application/json' }, body);
    const { url: relay } = await startRelay({}, upstream);
    const res = await post(relay, await token('alice'));
    assert.equal(res.status, 400);
    assert.match(JSON.parse(res.text).error, /^Invalid request/);
    assert.ok(!res.text.includes(WISTIA_TOKEN), res.text);
  });

  it("answers a 401 HTML page from Wistia with the relay's own JSON", async () => {
    const page = '<html><body><script>alert(1)</script>Check your access_token</body></html>';
    const upstream = await fakeWistia(401, { 'content-type': 'text/html' }, page);
    const { url: relay } = await startRelay({}, upstream);
    const res = await post(relay, await token('alice'));
    assert.equal(res.status, 401);
    assert.match(res.headers['content-type'], /^application\/json/);
    assert.ok(!/<html|script|access_token/i.test(res.text), res.text);
    assert.ok(
      errors.some((error) => /401/.test(error.message)),
      'the site is told its Wistia token was refused',
    );
  });

  it("rebuilds a 403 on a status read instead of passing Wistia's body and headers", async () => {
    const secretish = JSON.stringify({ error: 'Forbidden for account acct_8812 owner jane@example.com' });
    const upstream = await fakeWistia(
      403,
      { 'content-type': 'application/json', 'x-wistia-account': 'acct_8812' },
      secretish,
    );
    // The stand-in takes the upload; the fake answers the status read.
    const { url: relay } = await startRelay({ apiUrl: `${upstream}api` });
    const uploaded = await post(relay, await token('alice'));
    const id = JSON.parse(uploaded.text).hashed_id;
    const res = await readStatus(relay, id, await token('alice'), uploaded.headers['upload-relay-ref']);
    assert.equal(res.status, 403);
    assert.ok(!/acct_8812|jane@/.test(res.text + JSON.stringify(res.headers)), res.text);
  });
});

/** A body that sends its fields at once and holds the file open until `release` is called. */
function heldUpload() {
  let release;
  const released = new Promise((resolve) => (release = resolve));
  const whole = multipart({}, Buffer.alloc(64 * 1024, 1));
  async function* body() {
    yield whole.subarray(0, whole.byteLength - 1000);
    await released;
    yield whole.subarray(whole.byteLength - 1000);
  }
  return { body: body(), length: whole.byteLength, release };
}

describe('limits per visitor', () => {
  it('answers 429 with Retry-After past maxConcurrentUploads for one subject, and frees the slot after', async () => {
    const store = lib.createMemoryRateLimiter();
    let inFlight = 0;
    const counting = {
      ...store,
      acquireSlot: (...args) => store.acquireSlot(...args) && ++inFlight > 0,
      releaseSlot: (...args) => (inFlight--, store.releaseSlot(...args)),
    };
    const { url: relay } = await startRelay({ maxConcurrentUploads: 2, rateLimit: counting });
    const bearer = await token('alice');
    const held = [heldUpload(), heldUpload()];
    const running = held.map(({ body, length }) =>
      send(relay, {
        headers: { authorization: `Bearer ${bearer}`, 'content-type': MULTIPART_TYPE, 'content-length': length },
        body,
      }),
    );
    await waitFor(() => inFlight === 2);
    const third = await post(relay, bearer);
    assert.equal(third.status, 429, third.text);
    assert.ok(Number(third.headers['retry-after']) > 0);
    assert.equal((await post(relay, await token('bob'))).status, 200, 'another subject is not held back');
    for (const upload of held) upload.release();
    assert.deepEqual(
      (await Promise.all(running)).map((res) => res.status),
      [200, 200],
    );
    assert.equal((await post(relay, bearer)).status, 200, 'the slots are free again');
  });

  it('gives the fields before the file a deadline (408), however slowly they trickle', async () => {
    const { url: relay } = await startRelay({ idleTimeoutMs: 500 });
    let stop = false;
    async function* trickle() {
      yield Buffer.from(`------relaytestboundary7d1f\r\nContent-Disposition: form-data; name="name"\r\n\r\n`);
      // A byte every 100 ms: never idle for 500 ms, and never done (for 20 s at most).
      for (let i = 0; i < 200 && !stop; i++) {
        await sleep(100);
        yield Buffer.from('x');
      }
    }
    const res = await send(relay, {
      headers: { authorization: `Bearer ${await token('alice')}`, 'content-type': MULTIPART_TYPE },
      body: trickle(),
    }).catch((error) => ({ status: String(error) }));
    stop = true;
    assert.equal(res.status, 408);
  });

  it('answers a refused upload at once and closes the connection without reading the rest', async () => {
    const { url: relay, server } = await startRelay();
    const sockets = [];
    server.on('connection', (socket) => sockets.push(socket));
    const size = 1024 ** 3;
    const chunk = Buffer.alloc(1024 * 1024, 3);
    let sent = 0;
    async function* huge() {
      yield Buffer.from(`--${'--relaytestboundary7d1f'}\r\n`);
      while (sent < size) {
        sent += chunk.byteLength;
        yield chunk;
      }
    }
    const res = await send(relay, {
      headers: { 'content-type': MULTIPART_TYPE, 'content-length': size + 100 },
      body: huge(),
    });
    assert.equal(res.status, 401);
    assert.equal(res.headers.connection, 'close');
    // Closed, whichever way: the client hanging up mid-body is a parse error on this side (Node 22 and later).
    await Promise.all(
      sockets.map((socket) => (socket.destroyed ? undefined : new Promise((done) => socket.once('close', done)))),
    );
    const read = sockets.reduce((total, socket) => total + socket.bytesRead, 0);
    assert.ok(read < 64 * 1024 * 1024, `the relay read ${read} bytes of a refused 1 GiB body`);
  });
});

async function waitFor(condition) {
  for (let i = 0; i < 400 && !condition(); i++) await sleep(25);
  assert.ok(condition(), 'waited 10 s');
}

describe('imports', () => {
  const form = 'application/x-www-form-urlencoded';

  it('imports only http(s) links to media, without credentials', async () => {
    const { url: relay } = await startRelay();
    const bearer = await token('alice');
    for (const link of [
      'file:///etc/passwd',
      'gopher://internal.example:70/1',
      'https://user:pass@files.example/v.mp4',
      'https://files.example/page.html',
      'ftp://files.example/v.mp4',
    ]) {
      const res = await post(relay, bearer, `url=${encodeURIComponent(link)}`, form);
      assert.equal(res.status, 400, `${link}: ${res.text}`);
    }
    assert.equal(uploads().length, 0, 'none reached Wistia');
    const fine = await post(relay, bearer, `url=${encodeURIComponent('https://files.example/v.mp4')}`, form);
    assert.equal(fine.status, 200, fine.text);
  });

  it('copies from S3 only out of the buckets the site lists', async () => {
    const bearer = await token('alice');
    const none = await startRelay();
    const body = 'bucket=any-bucket&source_file=v.mp4';
    assert.equal((await post(`${none.url}s3_copy`, bearer, body, form)).status, 400);
    const listed = await startRelay({ s3Buckets: ['site-videos'] });
    assert.equal((await post(`${listed.url}s3_copy`, bearer, body, form)).status, 400);
    const ok = await post(`${listed.url}s3_copy`, bearer, 'bucket=site-videos&source_file=v.mp4', form);
    assert.equal(ok.status, 200, ok.text);
    assert.equal(standin.standin.records.filter((record) => record.route === 's3_copy').length, 1);
  });

  it('refuses a field it does not know, or one sent twice, in a link import', async () => {
    const { url: relay } = await startRelay();
    const bearer = await token('alice');
    const link = `url=${encodeURIComponent('https://files.example/v.mp4')}`;
    assert.equal((await post(relay, bearer, `${link}&access_token=x`, form)).status, 400);
    assert.equal((await post(relay, bearer, `${link}&name=a&name=b`, form)).status, 400);
    assert.equal(uploads().length, 0);
  });
});

describe('secrets', () => {
  it('refuses weak secrets at start-up', () => {
    for (const secret of [' '.repeat(32), 'ab'.repeat(20), `  ${SECRET}`, `${SECRET}\n`, 'short-secret']) {
      assert.throws(() => lib.createUploadRelay({ secret, wistiaToken: WISTIA_TOKEN }), /secret/);
      assert.throws(() => lib.relayTokenIssuer({ secret }), /secret/);
    }
  });

  it('refuses a token whose signature differs only in the unused low bits of its last character', async () => {
    const { url: relay } = await startRelay();
    const bearer = await token('alice');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(bearer.at(-1));
    // A 32-byte signature ends in a character whose two low bits are padding: set one of them.
    const twin = `${bearer.slice(0, -1)}${alphabet[last ^ 1]}`;
    assert.deepEqual(Buffer.from(twin.split('.')[2], 'base64url'), Buffer.from(bearer.split('.')[2], 'base64url'));
    assert.equal((await post(relay, twin)).status, 401);
    assert.equal((await post(relay, bearer)).status, 200);
  });
});
