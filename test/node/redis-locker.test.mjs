// The Redis lock the relay gives @tus/server when several instances share uploads, against a real redis-server: one
// holder at a time, a waiter asks the holder to let go, and a holder that died stops blocking once its lease lapses.
// Without redis-server this fails in CI and is skipped, with the reason, locally.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient } from 'redis';
import { REDIS_MISSING, redisInstalled, startRedis } from './redis-server.mjs';
import { loadServerBuild } from './server-build.mjs';

if (!redisInstalled && process.env.CI === 'true') {
  throw new Error(`${REDIS_MISSING}: the Redis lock tests cannot run, and CI must not pass without them.`);
}

const TIMEOUT = new Error('lock timeout');

describe('the Redis locker for tus', { skip: redisInstalled ? false : REDIS_MISSING }, () => {
  let redis;
  let client;
  let createRedisLocker;
  let steps;
  let unavailable;
  before(async () => {
    await loadServerBuild();
    ({ createRedisLocker } = await import('../../dist/server/resumable/redis-locker.js'));
    const { redisSteps } = await import('../../dist/server/resumable/redis-scripts.js');
    redis = await startRedis();
    client = createClient({ url: redis.url });
    await client.connect();
    steps = redisSteps(client, 2000);
    unavailable = (timeoutMs) => redisSteps({ eval: () => new Promise(() => {}) }, timeoutMs);
  });
  after(async () => {
    await client?.close();
    redis?.child.kill();
  });

  const locker = (more = {}) => createRedisLocker({ steps, prefix: 'test:lock:', timeoutError: TIMEOUT, ...more });

  it('gives the lock to one holder at a time, and the waiter asks the holder to let go', async () => {
    // Two lockers: two relay instances.
    const first = locker().newLock('upload-1');
    const second = locker().newLock('upload-1');
    let asked = 0;
    await first.lock(new AbortController().signal, async () => {
      asked++;
      await first.unlock();
    });
    await second.lock(new AbortController().signal, () => {});
    assert.equal(asked, 1, 'the holder was asked once to let go');
    await second.unlock();
    assert.equal(await client.get('test:lock:upload-1'), null);
  });

  it('gives up when its request is aborted while another holds the lock', async () => {
    const holder = locker().newLock('upload-2');
    await holder.lock(new AbortController().signal, () => {});
    const aborted = new AbortController();
    const waiting = locker()
      .newLock('upload-2')
      .lock(aborted.signal, () => {});
    aborted.abort();
    await assert.rejects(waiting, (error) => error === TIMEOUT);
    await holder.unlock();
  });

  it('takes over the lock of a holder that died once its lease lapses', async () => {
    // A holder that never renews: its instance was killed.
    await steps.claim('test:lock:upload-3', 'dead-instance', 200);
    const lock = locker().newLock('upload-3');
    await lock.lock(new AbortController().signal, () => {});
    assert.notEqual(await client.get('test:lock:upload-3'), 'dead-instance');
    await lock.unlock();
  });

  it('fails a step with a store error instead of hanging while Redis does not answer', async () => {
    await assert.rejects(unavailable(50).get('any'), { name: 'StoreUnavailableError' });
    await assert.rejects(
      locker({ steps: unavailable(50) })
        .newLock('upload-5')
        .lock(new AbortController().signal, () => {}),
      {
        name: 'StoreUnavailableError',
      },
    );
  });

  it('keeps a live holder’s lock past its lease by renewing it', async () => {
    const live = locker({ leaseMs: 300 }).newLock('upload-4');
    await live.lock(new AbortController().signal, () => {});
    const holder = await client.get('test:lock:upload-4');
    // Looked at across four leases, the key never lapses: its holder renews it.
    for (let look = 0; look < 12; look++) {
      assert.equal(await client.get('test:lock:upload-4'), holder, `look ${look}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await live.unlock();
  });
});
