// Resumable uploads (tus 1.0) through the relay, on a real Node server with the Wistia stand-in behind it: the checks
// on every tus request, one media per finished upload whatever is repeated, and uploads that survive a cut line.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startStandinServer } from '../../demo/wistia-standin/index.mjs';
import { startCuttingProxy } from './cutting-proxy.mjs';
import { listen, MiB, SECRET, sha256, WISTIA_TOKEN, wistiaEndpoints } from './relay-helpers.mjs';
import { loadServerBuild } from './server-build.mjs';
import { createUpload, patchChunk, sendFile, tusMetadata, tusRequest, waitFor } from './tus-client.mjs';

/** @type {typeof import('../../dist/server/index.js')} */
let lib;
let standin;
let directory;
let relay;
const closers = [];
const errors = [];

const uploads = () => standin.standin.records.filter((record) => record.route === 'upload');
const media = () => uploads().filter((record) => record.status === 200);

async function token({ subject = 'user-42', projectId, maxBytes } = {}) {
  const issue = lib.relayTokenIssuer({ secret: SECRET, maxBytes });
  return (await issue({ subject, ...(projectId ? { projectId } : {}) })).token;
}

/** Terminates an unfinished upload, and waits until its early Wistia leg has ended, so the next test sees none. */
async function terminate(url, bearer) {
  await waitFor(() => uploads().length > 0, 'the early leg started');
  assert.equal((await tusRequest(url, { method: 'DELETE', token: bearer })).status, 204);
  await waitFor(() => uploads().every((record) => record.endedAt !== null), 'the early leg ended');
  assert.equal(media().length, 0);
}

async function startRelay(options = {}) {
  const handler = lib.createUploadRelay({
    secret: SECRET,
    wistiaToken: WISTIA_TOKEN,
    ...wistiaEndpoints(standin.url),
    basePath: '/relay',
    resumable: { directory },
    onError: (error) => errors.push(error),
    ...options,
  });
  const running = await listen(lib.toNodeHandler(handler));
  closers.push(() => running.close());
  return running;
}

before(async () => {
  lib = await loadServerBuild();
  standin = await startStandinServer({ apiToken: WISTIA_TOKEN });
  directory = await mkdtemp(join(tmpdir(), 'relay-resumable-'));
  relay = await startRelay();
});
beforeEach(() => standin.standin.reset());
after(async () => {
  for (const close of closers) await close();
  await standin.close();
  await rm(directory, { recursive: true, force: true });
});

describe('a resumable upload through the relay', () => {
  it('goes to Wistia once, on its last byte, and the final PATCH carries Wistia’s answer', async () => {
    const file = randomBytes(3 * MiB + 17);
    const bearer = await token({ projectId: 'proj1' });
    const url = await createUpload(`${relay.origin}/relay/files/`, {
      token: bearer,
      size: file.byteLength,
      metadata: { filename: 'talk "final".mp4', filetype: 'video/mp4', project_id: 'proj1', name: 'Talk' },
    });
    assert.match(url, /\/relay\/files\/[A-Za-z0-9_-]{54}$/);
    const { final, bodyBytesSent } = await sendFile(url, { token: bearer, file, chunkSize: MiB });
    assert.equal(final.status, 200, final.text);
    assert.equal(bodyBytesSent, file.byteLength);
    const answer = JSON.parse(final.text);
    assert.equal(answer.name, 'Talk');
    assert.ok(final.headers['upload-relay-ref'], 'the answer carries the status reference');
    const [record] = media();
    assert.equal(record.auth, 'ok');
    assert.deepEqual(record.fieldOrder, ['project_id', 'name', 'file']);
    assert.equal(record.files[0].filename, 'talk %22final%22.mp4');
    assert.equal(record.files[0].bytes, file.byteLength);
    assert.equal(record.files[0].sha256, sha256(file));

    // The status reference works for this subject, as after a one-request upload.
    const status = await tusRequest(`${relay.origin}/relay/v1/medias/${answer.hashed_id}.json`, {
      method: 'GET',
      token: bearer,
      headers: { 'upload-relay-ref': final.headers['upload-relay-ref'] },
    });
    assert.equal(status.status, 200, status.text);

    // A repeated final PATCH (a lost answer) gets the kept answer: still one media.
    const again = await patchChunk(url, { token: bearer, offset: file.byteLength, bytes: Buffer.alloc(0) });
    assert.equal(again.status, 200, again.text);
    assert.equal(JSON.parse(again.text).hashed_id, answer.hashed_id);
    const head = await tusRequest(url, { method: 'HEAD', token: bearer });
    assert.equal(head.status, 200);
    assert.equal(head.headers['upload-offset'], String(file.byteLength));
    assert.equal(media().length, 1);
    // The held bytes are gone after Wistia's 200; only the kept answer stays.
    const id = url.split('/').pop();
    assert.ok(!(await readdir(directory)).some((name) => name.startsWith(id)));
  });

  it('sends metadata that looks like multipart framing as plain field text', async () => {
    const bearer = await token({ projectId: 'proj1' });
    const forged = 'x\r\n--boundary\r\nContent-Disposition: form-data; name="project_id"\r\n\r\nother';
    const file = randomBytes(500);
    const url = await createUpload(`${relay.origin}/relay/files/`, {
      token: bearer,
      size: file.byteLength,
      metadata: { project_id: 'proj1', name: forged, filename: 'a\r\nb".mp4' },
    });
    const { final } = await sendFile(url, { token: bearer, file, chunkSize: 500 });
    assert.equal(final.status, 200, final.text);
    const [record] = media();
    assert.deepEqual(record.fieldOrder, ['project_id', 'name', 'file']);
    assert.equal(record.fields.project_id, 'proj1');
    assert.equal(record.fields.name, forged);
    assert.equal(record.files[0].filename, 'a%0D%0Ab%22.mp4');
  });

  it('answers concurrent final PATCHes with one Wistia leg', async () => {
    const file = randomBytes(MiB);
    const bearer = await token();
    const url = await createUpload(`${relay.origin}/relay/files/`, { token: bearer, size: file.byteLength });
    // Wistia holds its answer, so the empty PATCHes arrive while the leg runs.
    standin.standin.script('upload', [{ delayMs: 500 }]);
    const last = patchChunk(url, { token: bearer, offset: 0, bytes: file });
    await waitFor(() => uploads().length === 1, 'the Wistia leg started');
    const repeats = Array.from({ length: 3 }, () =>
      patchChunk(url, { token: bearer, offset: file.byteLength, bytes: Buffer.alloc(0) }),
    );
    const answers = await Promise.all([last, ...repeats]);
    assert.deepEqual(
      answers.map((answer) => answer.status),
      [200, 200, 200, 200],
    );
    assert.equal(new Set(answers.map((answer) => JSON.parse(answer.text).hashed_id)).size, 1);
    assert.equal(uploads().length, 1);
  });

  it('retries the Wistia leg from the held file when Wistia fails for a moment', async () => {
    const file = randomBytes(2 * MiB);
    const bearer = await token();
    const url = await createUpload(`${relay.origin}/relay/files/`, {
      token: bearer,
      size: file.byteLength,
      metadata: { filename: 'clip.mp4' },
    });
    standin.standin.script('upload', [{ status: 503 }]);
    const { final } = await sendFile(url, { token: bearer, file, chunkSize: MiB });
    assert.equal(final.status, 200, final.text);
    assert.deepEqual(
      uploads().map((record) => record.status),
      [503, 200],
    );
    assert.equal(media()[0].files[0].sha256, sha256(file));
  });

  it('keeps Wistia’s refusal of a file, but asks again after the site’s own Wistia token was refused', async () => {
    const bearer = await token();
    const empty = Buffer.alloc(0);
    const refused = randomBytes(1000);
    const url = await createUpload(`${relay.origin}/relay/files/`, { token: bearer, size: refused.byteLength });
    standin.standin.script('upload', [{ status: 400, body: { error: 'Not a video.' } }]);
    const first = await patchChunk(url, { token: bearer, offset: 0, bytes: refused });
    assert.equal(first.status, 400);
    assert.equal(JSON.parse(first.text).error, 'Not a video.');
    const again = await patchChunk(url, { token: bearer, offset: refused.byteLength, bytes: empty });
    assert.equal(again.status, 400);
    assert.equal(uploads().length, 1, 'a refused file is not sent again');

    const file = randomBytes(1000);
    const other = await createUpload(`${relay.origin}/relay/files/`, { token: bearer, size: file.byteLength });
    standin.standin.script('upload', [{ status: 401 }]);
    assert.equal((await patchChunk(other, { token: bearer, offset: 0, bytes: file })).status, 401);
    const retried = await patchChunk(other, { token: bearer, offset: file.byteLength, bytes: empty });
    assert.equal(retried.status, 200, retried.text);
    assert.equal(media().length, 1);
    assert.equal(media()[0].files[0].sha256, sha256(file));
  });

  it('goes on after the line is cut mid-chunk, sending at most one chunk again per cut', async () => {
    const file = randomBytes(4 * MiB);
    const chunkSize = MiB;
    const bearer = await token();
    const proxy = await startCuttingProxy({
      targets: [{ port: new URL(relay.origin).port }],
      cutAt: [1.5 * MiB, 3.2 * MiB],
    });
    closers.push(() => proxy.close());
    const url = await createUpload(`${proxy.origin}/relay/files/`, { token: bearer, size: file.byteLength });
    const { final, bodyBytesSent, interruptions } = await sendFile(url, { token: bearer, file, chunkSize });
    assert.equal(final.status, 200, final.text);
    assert.equal(proxy.cuts, 2);
    assert.ok(interruptions >= 2, `${interruptions} interruptions`);
    assert.ok(
      bodyBytesSent <= file.byteLength + chunkSize * interruptions,
      `${bodyBytesSent} bytes sent for ${file.byteLength}`,
    );
    assert.equal(media().length, 1);
    assert.equal(media()[0].files[0].sha256, sha256(file));
  });
});

describe('the relay checks every tus request', () => {
  const files = () => `${relay.origin}/relay/files/`;

  it('refuses a missing token, and another subject’s upload is not found', async () => {
    const bearer = await token();
    assert.equal((await tusRequest(files(), { method: 'POST', headers: { 'upload-length': '5' } })).status, 401);
    const url = await createUpload(files(), { token: bearer, size: 5 });
    const stranger = await token({ subject: 'user-7' });
    assert.equal((await tusRequest(url, { method: 'HEAD', token: stranger })).status, 404);
    const patch = await patchChunk(url, { token: stranger, offset: 0, bytes: Buffer.from('hello') });
    assert.equal(patch.status, 404);
    assert.equal((await tusRequest(url, { method: 'DELETE', token: stranger })).status, 404);
    // A fresh token of the same subject goes on with it.
    const fresh = await token();
    assert.equal((await tusRequest(url, { method: 'HEAD', token: fresh })).headers['upload-offset'], '0');
  });

  it('refuses at creation what the token does not allow: size, project, unknown metadata, deferred length', async () => {
    const limited = await token({ projectId: 'proj1', maxBytes: 1000 });
    const create = (headers) => tusRequest(files(), { method: 'POST', token: limited, headers });
    assert.equal((await create({ 'upload-length': '1001' })).status, 413);
    assert.equal(
      (await create({ 'upload-length': '10', 'upload-metadata': tusMetadata({ project_id: 'p2' }) })).status,
      400,
    );
    const unknown = await create({
      'upload-length': '10',
      'upload-metadata': tusMetadata({ project_id: 'proj1', x: 'y' }),
    });
    assert.equal(unknown.status, 400);
    assert.equal(JSON.parse(unknown.text).error, 'The metadata "x" is not accepted here.');
    assert.equal((await create({ 'upload-defer-length': '1' })).status, 400);
    assert.equal((await create({ 'upload-length': '10', 'upload-metadata': 'filename !!' })).status, 400);
    const ok = await create({ 'upload-length': '10', 'upload-metadata': tusMetadata({ project_id: 'proj1' }) });
    assert.equal(ok.status, 201, ok.text);
    assert.equal(uploads().length, 0);
  });

  it('never serves a file back, and refuses a method override', async () => {
    const bearer = await token();
    const url = await createUpload(files(), { token: bearer, size: 5 });
    assert.equal((await tusRequest(url, { method: 'GET', token: bearer })).status, 405);
    const override = await tusRequest(url, {
      method: 'POST',
      token: bearer,
      headers: { 'x-http-method-override': 'DELETE' },
    });
    assert.equal(override.status, 400);
  });

  it('answers a PATCH at a stale offset with 409 without reading its body', async () => {
    const bearer = await token();
    const url = await createUpload(files(), { token: bearer, size: 4 * MiB });
    assert.equal((await patchChunk(url, { token: bearer, offset: 0, bytes: randomBytes(MiB) })).status, 204);
    // Claims a 3 MiB body but sends none of it: only an answer given without reading it can arrive.
    const stale = await tusRequest(url, {
      method: 'PATCH',
      token: bearer,
      headers: {
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
        'content-length': String(3 * MiB),
      },
      hold: true,
    });
    assert.equal(stale.status, 409);
    assert.equal(stale.headers['upload-offset'], String(MiB));
    await terminate(url, bearer);
  });

  it('counts a chunk in flight against the subject’s uploads at once', async () => {
    const single = await startRelay({ maxConcurrentUploads: 1 });
    const bearer = await token();
    const url = await createUpload(`${single.origin}/relay/files/`, { token: bearer, size: 2 * MiB });
    const slow = http.request(url, {
      method: 'PATCH',
      agent: false,
      headers: {
        authorization: `Bearer ${bearer}`,
        'tus-resumable': '1.0.0',
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
        'content-length': String(MiB),
      },
    });
    const slowAnswer = new Promise((resolve, reject) => slow.on('response', resolve).on('error', reject));
    slow.write(randomBytes(MiB / 2));
    const held = join(directory, url.split('/').pop());
    await waitFor(async () => (await stat(held)).size > 0, 'the first chunk is being written');
    const second = await patchChunk(url, { token: bearer, offset: 0, bytes: randomBytes(10) });
    assert.equal(second.status, 429);
    slow.end(randomBytes(MiB / 2));
    assert.equal((await slowAnswer).statusCode, 204);
    await terminate(url, bearer);
  });

  it('refuses an upload past its expiry as gone', async () => {
    const own = await mkdtemp(join(tmpdir(), 'relay-expiry-'));
    closers.push(() => rm(own, { recursive: true, force: true }));
    const short = await startRelay({ resumable: { directory: own, expirationMs: 60_000 } });
    const bearer = await token();
    const url = await createUpload(`${short.origin}/relay/files/`, { token: bearer, size: 10 });
    assert.match((await tusRequest(url, { method: 'HEAD', token: bearer })).headers['upload-offset'], /^0$/);
    // Created two minutes ago, as far as its record says.
    const record = join(own, `${url.split('/').pop()}.json`);
    const info = JSON.parse(await readFile(record, 'utf8'));
    await writeFile(record, JSON.stringify({ ...info, creation_date: new Date(Date.now() - 120_000).toISOString() }));
    assert.equal((await tusRequest(url, { method: 'HEAD', token: bearer })).status, 410);
    assert.equal((await patchChunk(url, { token: bearer, offset: 0, bytes: Buffer.alloc(10) })).status, 410);
    assert.equal(uploads().length, 0);
  });

  it('lets the creator terminate an upload', async () => {
    const bearer = await token();
    const url = await createUpload(files(), { token: bearer, size: 5 });
    assert.equal((await tusRequest(url, { method: 'DELETE', token: bearer })).status, 204);
    assert.equal((await tusRequest(url, { method: 'HEAD', token: bearer })).status, 404);
  });

  it('lets pages of other origins use tus through the relay’s CORS policy', async () => {
    const preflight = await tusRequest(files(), {
      method: 'OPTIONS',
      headers: {
        origin: 'https://site.example',
        'access-control-request-method': 'PATCH',
      },
    });
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers['access-control-allow-methods'], /PATCH/);
    assert.match(preflight.headers['access-control-allow-headers'], /Upload-Offset/);
    const bearer = await token();
    const created = await tusRequest(files(), {
      method: 'POST',
      token: bearer,
      headers: { origin: 'https://site.example', 'upload-length': '5' },
    });
    assert.equal(created.headers['access-control-allow-origin'], 'https://site.example');
    assert.match(created.headers['access-control-expose-headers'], /Location/);
    assert.match(created.headers['access-control-expose-headers'], /Upload-Relay-Ref/);
  });
});

describe('the stand-in’s relay', () => {
  it('takes resumable uploads at /wistia/relay/files/, for the element and its tests', async () => {
    const withRelay = await startStandinServer({ relayServer: lib });
    closers.push(() => withRelay.close());
    const issued = await tusRequest(`${withRelay.url}relay-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.from('{"project_id":null}'),
    });
    const { token: bearer } = JSON.parse(issued.text);
    const file = randomBytes(100_000);
    const url = await createUpload(`${withRelay.url}relay/files/`, { token: bearer, size: file.byteLength });
    const { final } = await sendFile(url, { token: bearer, file, chunkSize: 64 * 1024 });
    assert.equal(final.status, 200, final.text);
    const [record] = withRelay.standin.records.filter((entry) => entry.route === 'upload');
    assert.equal(record.files[0].sha256, sha256(file));
  });
});
