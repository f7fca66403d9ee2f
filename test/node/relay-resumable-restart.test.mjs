// A resumable upload outlives its relay process: the relay is killed (SIGKILL) mid-chunk, with its early Wistia leg
// under way and after the last byte, another starts on the same directory, and the upload goes on to one media.
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startStandinServer } from '../../demo/wistia-standin/index.mjs';
import { loadServerBuild } from './server-build.mjs';
import { createUpload, patchChunk, sendFile, tusRequest, waitFor } from './tus-client.mjs';
import { MiB, SECRET, sha256, WISTIA_TOKEN } from './relay-helpers.mjs';

/** @type {typeof import('../../dist/server/index.js')} */
let lib;
let standin;
let directory;
const children = new Set();

const uploads = () => standin.standin.records.filter((record) => record.route === 'upload');
const media = () => uploads().filter((record) => record.status === 200);

async function startRelayProcess() {
  const options = { secret: SECRET, wistiaToken: WISTIA_TOKEN, standinUrl: standin.url, directory };
  const child = fork(new URL('./resumable-relay-child.mjs', import.meta.url), [JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const started = await Promise.race([once(child, 'message'), once(child, 'exit')]);
  if (typeof started[0]?.url !== 'string') throw new Error(`the relay process ended: ${started}`);
  return { child, url: started[0].url };
}

async function kill(child) {
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

/** The same upload, at another relay's origin. */
const at = (uploadUrl, relayUrl) => new URL(new URL(uploadUrl).pathname, relayUrl).href;

before(async () => {
  lib = await loadServerBuild();
  standin = await startStandinServer({ apiToken: WISTIA_TOKEN });
  directory = await mkdtemp(join(tmpdir(), 'relay-restart-'));
});
beforeEach(() => standin.standin.reset());
after(async () => {
  for (const child of children) child.kill('SIGKILL');
  await standin.close();
  await rm(directory, { recursive: true, force: true });
});

async function bearer() {
  return (await lib.relayTokenIssuer({ secret: SECRET })({ subject: 'user-42' })).token;
}

describe('a relay killed and started again on the same directory', () => {
  it('goes on from the bytes it held when it was killed mid-chunk', async () => {
    const file = randomBytes(4 * MiB);
    const chunkSize = MiB;
    const token = await bearer();
    const first = await startRelayProcess();
    const url = await createUpload(`${first.url}files/`, { token, size: file.byteLength });
    assert.equal((await patchChunk(url, { token, offset: 0, bytes: file.subarray(0, chunkSize) })).status, 204);

    // Half of the second chunk reaches the relay, which is killed while it waits for the rest.
    const held = join(directory, new URL(url).pathname.split('/').pop());
    const req = http.request(url, {
      method: 'PATCH',
      agent: false,
      headers: {
        authorization: `Bearer ${token}`,
        'tus-resumable': '1.0.0',
        'upload-offset': String(chunkSize),
        'content-type': 'application/offset+octet-stream',
        'content-length': String(chunkSize),
      },
    });
    req.on('error', () => {});
    req.write(file.subarray(chunkSize, chunkSize + chunkSize / 2));
    await waitFor(async () => (await stat(held)).size > chunkSize, 'the relay wrote part of the second chunk');
    await kill(first.child);
    req.destroy();

    const second = await startRelayProcess();
    const resumed = at(url, second.url);
    const head = await tusRequest(resumed, { method: 'HEAD', token });
    const offset = Number(head.headers['upload-offset']);
    assert.ok(offset > chunkSize && offset <= chunkSize + chunkSize / 2, `offset ${offset}`);
    const rest = file.subarray(offset);
    const { final, bodyBytesSent } = await sendFile(resumed, {
      token,
      file: rest,
      chunkSize,
      offsetBase: offset,
    });
    assert.equal(final.status, 200, final.text);
    const sentInAll = chunkSize + chunkSize / 2 + bodyBytesSent;
    assert.ok(sentInAll <= file.byteLength + chunkSize, `${sentInAll} bytes sent for ${file.byteLength}`);
    assert.equal(media().length, 1);
    assert.equal(media()[0].files[0].sha256, sha256(file));
    await kill(second.child);
  });

  it('makes one media when killed while its early Wistia leg was under way', async () => {
    const file = randomBytes(4 * MiB + 3);
    const token = await bearer();
    const first = await startRelayProcess();
    const url = await createUpload(`${first.url}files/`, { token, size: file.byteLength });
    for (const offset of [0, MiB]) {
      assert.equal((await patchChunk(url, { token, offset, bytes: file.subarray(offset, offset + MiB) })).status, 204);
    }
    await waitFor(() => uploads().some((record) => record.bodyBytes > 0), 'the early leg started');
    await kill(first.child);
    // The leg died with its process before its closing boundary: Wistia made nothing of it.
    await waitFor(() => uploads().every((record) => record.endedAt !== null), 'the cut leg ended');
    assert.equal(media().length, 0);

    const second = await startRelayProcess();
    const resumed = at(url, second.url);
    const { final } = await sendFile(resumed, {
      token,
      file: file.subarray(2 * MiB),
      chunkSize: MiB,
      offsetBase: 2 * MiB,
    });
    assert.equal(final.status, 200, final.text);
    assert.equal(media().length, 1);
    assert.equal(media()[0].files[0].bytes, file.byteLength);
    assert.equal(media()[0].files[0].sha256, sha256(file));
    await kill(second.child);
  });

  it('sends a file held whole to Wistia once, when asked after the restart', async () => {
    const file = randomBytes(MiB);
    const token = await bearer();
    const first = await startRelayProcess();
    const url = await createUpload(`${first.url}files/`, { token, size: file.byteLength });
    // Wistia never answers the first relay's leg; the relay is killed while it waits.
    standin.standin.script('upload', [{ stall: true }]);
    const final = patchChunk(url, { token, offset: 0, bytes: file }).catch((error) => error);
    await waitFor(() => uploads().length === 1, 'the first relay’s Wistia leg started');
    await kill(first.child);
    assert.ok((await final) instanceof Error, 'the final PATCH was cut with its relay');

    const second = await startRelayProcess();
    const resumed = at(url, second.url);
    const head = await tusRequest(resumed, { method: 'HEAD', token });
    assert.equal(head.headers['upload-offset'], String(file.byteLength));
    const answer = await patchChunk(resumed, { token, offset: file.byteLength, bytes: Buffer.alloc(0) });
    assert.equal(answer.status, 200, answer.text);
    const again = await patchChunk(resumed, { token, offset: file.byteLength, bytes: Buffer.alloc(0) });
    assert.equal(JSON.parse(again.text).hashed_id, JSON.parse(answer.text).hashed_id);
    assert.equal(media().length, 1);
    assert.equal(media()[0].files[0].sha256, sha256(file));
    await kill(second.child);
  });
});
