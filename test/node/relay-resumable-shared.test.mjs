// Two relay processes behind a round-robin proxy, sharing an S3-compatible bucket (s3rver) and a real redis-server:
// an upload whose requests alternate between them completes as one media, and a repeated final PATCH on the other
// instance gets the same answer. Without redis-server this fails in CI and is skipped, with the reason, locally.
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { startStandinServer } from '../../demo/wistia-standin/index.mjs';
import { startCuttingProxy } from './cutting-proxy.mjs';
import { REDIS_MISSING, redisInstalled, startRedis } from './redis-server.mjs';
import { S3_CREDENTIALS, startS3Server } from './s3-server.mjs';
import { loadServerBuild } from './server-build.mjs';
import { createUpload, patchChunk, sendFile, tusRequest } from './tus-client.mjs';
import { MiB, SECRET, sha256, WISTIA_TOKEN } from './relay-helpers.mjs';

if (!redisInstalled && process.env.CI === 'true') {
  throw new Error(`${REDIS_MISSING}: the shared resumable tests cannot run, and CI must not pass without them.`);
}

const BUCKET = 'held-uploads';

/** @type {typeof import('../../dist/server/index.js')} */
let lib;
let standin;
let redis;
let s3;
let proxy;
const relays = [];

const media = () => standin.standin.records.filter((record) => record.route === 'upload' && record.status === 200);

async function startRelayProcess(options) {
  const child = fork(new URL('./resumable-relay-child.mjs', import.meta.url), [JSON.stringify(options)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  relays.push(child);
  child.on('message', (message) => message.error && console.error('relay:', message.error));
  const started = await Promise.race([once(child, 'message'), once(child, 'exit')]);
  if (typeof started[0]?.url !== 'string') throw new Error(`the relay process ended: ${started}`);
  return new URL(started[0].url);
}

describe(
  'two relay instances sharing a bucket and Redis',
  { skip: redisInstalled ? false : `${REDIS_MISSING}; set CI=true to make this a failure` },
  () => {
    before(async () => {
      lib = await loadServerBuild();
      standin = await startStandinServer({ apiToken: WISTIA_TOKEN });
      redis = await startRedis();
      s3 = await startS3Server(BUCKET);
      const options = {
        secret: SECRET,
        wistiaToken: WISTIA_TOKEN,
        standinUrl: standin.url,
        redisUrl: redis.url,
        s3: {
          bucket: BUCKET,
          endpoint: s3.endpoint,
          region: 'us-east-1',
          forcePathStyle: true,
          credentials: S3_CREDENTIALS,
          // s3rver would store the SDK's aws-chunked framing as part of the bytes.
          requestChecksumCalculation: 'WHEN_REQUIRED',
        },
      };
      const targets = [await startRelayProcess(options), await startRelayProcess(options)];
      proxy = await startCuttingProxy({ targets: targets.map((url) => ({ port: url.port })) });
    });
    after(async () => {
      for (const child of relays) child.kill('SIGKILL');
      await proxy?.close();
      await s3?.close();
      redis?.child.kill();
      await standin?.close();
    });

    it('completes an upload whose requests alternate between them as one media', async () => {
      const file = randomBytes(11 * MiB + 5);
      const token = (await lib.relayTokenIssuer({ secret: SECRET })({ subject: 'user-42' })).token;
      const url = await createUpload(`${proxy.origin}/relay/files/`, {
        token,
        size: file.byteLength,
        metadata: { filename: 'shared.mp4', filetype: 'video/mp4', name: 'Shared' },
      });
      // Each request is its own connection, and the proxy hands connections out in turn.
      const { final } = await sendFile(url, { token, file, chunkSize: 3 * MiB, failures: 0 });
      assert.equal(final.status, 200, final.text);
      assert.ok(
        proxy.connections.every((count) => count >= 2),
        `connections per instance: ${proxy.connections}`,
      );
      assert.equal(media().length, 1);
      assert.equal(media()[0].files[0].bytes, file.byteLength);
      assert.equal(media()[0].files[0].sha256, sha256(file));

      // Whichever instance gets them, a repeated final PATCH and HEAD see the kept answer.
      for (let i = 0; i < 2; i++) {
        const again = await patchChunk(url, { token, offset: file.byteLength, bytes: Buffer.alloc(0) });
        assert.equal(again.status, 200, again.text);
        assert.equal(JSON.parse(again.text).hashed_id, JSON.parse(final.text).hashed_id);
        const head = await tusRequest(url, { method: 'HEAD', token });
        assert.equal(head.headers['upload-offset'], String(file.byteLength));
      }
      assert.equal(media().length, 1);
      // The held bytes and their record left the bucket after Wistia's 200.
      const id = new URL(url).pathname.split('/').pop();
      assert.deepEqual(
        (await s3.keys()).filter((key) => key.startsWith(id)),
        [],
      );
    });
  },
);
