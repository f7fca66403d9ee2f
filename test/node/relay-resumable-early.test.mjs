// The Wistia leg of a resumable upload held in a directory starts while chunks still arrive: still one media per
// upload, none for an upload terminated, stopped or expired before its last byte, and a leg cut mid-way is sent again
// from the held file. Also the hourly sweep of expired uploads, on a mocked clock.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it, mock } from 'node:test';
import { startStandinServer } from '../../demo/wistia-standin/index.mjs';
import { listen, MiB, SECRET, sha256, WISTIA_TOKEN, wistiaEndpoints } from './relay-helpers.mjs';
import { loadServerBuild } from './server-build.mjs';
import { createUpload, patchChunk, sendFile, tusRequest, waitFor } from './tus-client.mjs';

const HOUR = 60 * 60 * 1000;

/** @type {typeof import('../../dist/server/index.js')} */
let lib;
let standin;
const closers = [];
const errors = [];

const uploads = () => standin.standin.records.filter((record) => record.route === 'upload');
const media = () => uploads().filter((record) => record.status === 200);
const token = async () => (await lib.relayTokenIssuer({ secret: SECRET })({ subject: 'user-42' })).token;
const idOf = (url) => url.split('/').pop();

async function startRelay(resumable = {}, options = {}) {
  const directory = await mkdtemp(join(tmpdir(), 'relay-early-'));
  closers.push(() => rm(directory, { recursive: true, force: true }));
  const handler = lib.createUploadRelay({
    secret: SECRET,
    wistiaToken: WISTIA_TOKEN,
    ...wistiaEndpoints(standin.url),
    basePath: '/relay',
    resumable: { directory, ...resumable },
    onError: (error) => errors.push(error),
    ...options,
  });
  const running = await listen(lib.toNodeHandler(handler));
  closers.push(() => running.close());
  return { files: `${running.origin}/relay/files/`, directory };
}

/** Sends the first `count` chunks of `file` (each answered 204). */
async function sendChunks(url, bearer, file, count) {
  for (let i = 0; i < count; i++) {
    const bytes = file.subarray(i * MiB, (i + 1) * MiB);
    assert.equal((await patchChunk(url, { token: bearer, offset: i * MiB, bytes })).status, 204);
  }
}

/** Waits until the stand-in has Wistia's leg of this upload underway. */
const legStarted = () => waitFor(() => uploads().some((record) => record.bodyBytes > 0), 'the early leg started');
/** Waits until every request to the stand-in has ended. */
const legsEnded = () => waitFor(() => uploads().every((record) => record.endedAt !== null), 'the legs ended');

before(async () => {
  lib = await loadServerBuild();
  standin = await startStandinServer({ apiToken: WISTIA_TOKEN });
});
beforeEach(() => {
  standin.standin.reset();
  errors.length = 0;
});
after(async () => {
  for (const close of closers) await close();
  await standin.close();
});

describe('the early Wistia leg of an upload held in a directory', () => {
  it('starts before the last byte, and the final PATCH carries its answer: one media, the same bytes', async () => {
    const { files, directory } = await startRelay();
    const file = randomBytes(6 * MiB + 5);
    const bearer = await token();
    const url = await createUpload(files, { token: bearer, size: file.byteLength, metadata: { filename: 'a.mp4' } });
    await sendChunks(url, bearer, file, 2);
    await legStarted();
    assert.equal(uploads()[0].bodyComplete, false, 'Wistia does not have the whole file yet');
    const { final } = await sendFile(url, {
      token: bearer,
      file: file.subarray(2 * MiB),
      offsetBase: 2 * MiB,
      chunkSize: MiB,
    });
    assert.equal(final.status, 200, final.text);
    assert.equal(uploads().length, 1, 'one leg, started early');
    assert.equal(media()[0].files[0].bytes, file.byteLength);
    assert.equal(media()[0].files[0].sha256, sha256(file));
    const again = await patchChunk(url, { token: bearer, offset: file.byteLength, bytes: Buffer.alloc(0) });
    assert.equal(JSON.parse(again.text).hashed_id, JSON.parse(final.text).hashed_id);
    assert.ok(!(await readdir(directory)).some((name) => name.startsWith(idOf(url))), 'the held file is deleted');
    assert.deepEqual(errors, []);
  });

  it('ends before its closing boundary when the upload is terminated: no media', async () => {
    const { files } = await startRelay();
    const file = randomBytes(4 * MiB);
    const bearer = await token();
    const url = await createUpload(files, { token: bearer, size: file.byteLength });
    await sendChunks(url, bearer, file, 2);
    await legStarted();
    assert.equal((await tusRequest(url, { method: 'DELETE', token: bearer })).status, 204);
    await legsEnded();
    assert.equal(uploads()[0].bodyComplete, false);
    assert.equal(media().length, 0);
    assert.deepEqual(errors, []);
  });

  it('ends when the client stops, and the file goes from the held bytes once the client comes back', async () => {
    const { files } = await startRelay({}, { idleTimeoutMs: 1000 });
    const file = randomBytes(3 * MiB);
    const bearer = await token();
    const url = await createUpload(files, { token: bearer, size: file.byteLength });
    await sendChunks(url, bearer, file, 1);
    await legStarted();
    await legsEnded();
    assert.equal(media().length, 0, 'a stopped upload makes no media');
    const { final } = await sendFile(url, { token: bearer, file: file.subarray(MiB), offsetBase: MiB, chunkSize: MiB });
    assert.equal(final.status, 200, final.text);
    assert.equal(media().length, 1);
    assert.equal(media()[0].files[0].sha256, sha256(file));
    assert.ok(uploads().every((record) => record.status === 200 || !record.bodyComplete));
  });

  it('is sent again from the held file when Wistia cuts it mid-way', async () => {
    const { files } = await startRelay();
    const file = randomBytes(4 * MiB);
    const bearer = await token();
    const url = await createUpload(files, { token: bearer, size: file.byteLength });
    standin.standin.script('upload', [{ resetAfterBytes: MiB }]);
    const { final } = await sendFile(url, { token: bearer, file, chunkSize: MiB });
    assert.equal(final.status, 200, final.text);
    assert.deepEqual(
      uploads().map((record) => record.outcome),
      ['reset', 'answered'],
    );
    assert.equal(media()[0].files[0].sha256, sha256(file));
  });
});

describe('the hourly sweep of a directory', () => {
  afterEach(() => mock.timers.reset());

  it('deletes uploads past their expiry, ends their early leg, and forgets their answers', async () => {
    // The clock and the sweep's timer are the test's: an hour passes at each tick, however busy the machine.
    mock.timers.enable({ apis: ['setInterval', 'Date'], now: Date.now() });
    const { files, directory } = await startRelay({ expirationMs: 2 * HOUR });
    const bearer = await token();
    const stale = randomBytes(2 * MiB);
    const staleUrl = await createUpload(files, { token: bearer, size: stale.byteLength });
    await sendChunks(staleUrl, bearer, stale, 1);
    await legStarted();
    const done = randomBytes(1000);
    const doneUrl = await createUpload(files, { token: bearer, size: done.byteLength });
    assert.equal((await patchChunk(doneUrl, { token: bearer, offset: 0, bytes: done })).status, 200);
    const answers = () => readdir(join(directory, 'answers'));
    assert.deepEqual(await answers(), [`${idOf(doneUrl)}.json`]);

    mock.timers.tick(2 * HOUR);
    const fresh = await createUpload(files, { token: await token(), size: 10 });
    // Three hours after its creation the stale upload is an hour past its expiry; the fresh one has an hour left.
    mock.timers.tick(HOUR);
    const held = () => readdir(directory);
    await waitFor(async () => !(await held()).some((name) => name.startsWith(idOf(staleUrl))), 'the stale upload went');
    await waitFor(async () => (await answers()).length === 0, 'the expired answer went');
    assert.ok((await held()).includes(idOf(fresh)), 'the fresh upload stays');
    await legsEnded();
    assert.equal(media().length, 1, 'only the finished upload made a media');
    assert.deepEqual(errors, []);
  });
});
