// The shared rate limit: two token handlers (two site instances) count against one limit in a real redis-server,
// started here on a free loopback port. Without redis-server this fails in CI and is skipped, with the reason, locally.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import { listen, multipart, MULTIPART_TYPE, send } from './relay-helpers.mjs';
import { freePort, REDIS_MISSING, redisInstalled, startRedis } from './redis-server.mjs';
import { loadServerBuild, root } from './server-build.mjs';

if (!redisInstalled && process.env.CI === 'true') {
  throw new Error(`${REDIS_MISSING}: the shared rate-limit tests cannot run, and CI must not pass without them.`);
}

/** @type {typeof import('../../dist/server/index.js')} */
let lib;
let redis;
let url;

const tokenHandler = (rateLimit, more = {}) =>
  lib.createTokenHandler({
    authorize: () => ({ subject: 'user-1' }),
    issuer: lib.staticUploadTokenIssuer({ token: 'upload-only-token' }),
    rateLimit,
    ...more,
  });

/** Asks until `status` comes back (a client reconnecting takes a moment), for 15 s at most. */
async function eventually(handler, status) {
  let last;
  for (let i = 0; i < 60; i++) {
    last = (await ask(handler)).status;
    if (last === status) return;
    await sleep(250);
  }
  assert.equal(last, status, 'never answered as expected in 15 s');
}
const ask = (handler) =>
  handler(
    new Request('http://site.test/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"project_id":null}',
    }),
  );

describe(
  'Redis rate-limit store',
  { skip: redisInstalled ? false : `${REDIS_MISSING}; set CI=true to make this a failure` },
  () => {
    before(async () => {
      lib = await loadServerBuild();
      ({ child: redis, url } = await startRedis());
    });
    after(() => redis?.kill());

    it('makes two handler instances share one limit', async () => {
      const limiters = [1, 2].map(() =>
        lib.createRedisRateLimiter({ url, limit: 3, windowMs: 60_000, keyPrefix: 'shared:' }),
      );
      const [first, second] = limiters.map(tokenHandler);
      const statuses = [];
      for (const handler of [first, second, first, second, first]) statuses.push((await ask(handler)).status);
      assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
      const refused = await ask(second);
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
      await Promise.all(limiters.map((limiter) => limiter.close()));
    });

    it('refills as the window passes, by the clock each instance passes in', async () => {
      const limiter = lib.createRedisRateLimiter({ url, limit: 2, windowMs: 1000, keyPrefix: 'refill:' });
      assert.deepEqual([await limiter.take('a', 0), await limiter.take('a', 0)], [0, 0]);
      assert.equal(await limiter.take('a', 0), 500);
      assert.equal(await limiter.take('a', 500), 0);
      assert.equal(await limiter.take('b', 500), 0, 'subjects are counted apart');
      await limiter.close();
    });

    it('uses a client the site already has, from the official redis package, and leaves it open', async () => {
      const client = createClient({ url });
      await client.connect();
      const limiter = lib.createRedisRateLimiter({ client, limit: 1, keyPrefix: 'own:' });
      const handler = tokenHandler(limiter);
      assert.deepEqual([(await ask(handler)).status, (await ask(handler)).status], [200, 429]);
      await limiter.close();
      assert.equal(await client.ping(), 'PONG');
      await client.close();
    });

    it(
      'fails closed with 503 and Retry-After while Redis is down at start-up, and works once it is up',
      {
        timeout: 60_000,
      },
      async () => {
        const port = await freePort();
        const errors = [];
        const limiter = lib.createRedisRateLimiter({ url: `redis://127.0.0.1:${port}`, keyPrefix: 'down:' });
        const handler = tokenHandler(limiter, { storeTimeoutMs: 300, onError: (error) => errors.push(error) });
        const refused = await ask(handler);
        assert.equal(refused.status, 503);
        assert.ok(Number(refused.headers.get('retry-after')) >= 1);
        assert.match(errors[0]?.message ?? '', new RegExp(`Redis at redis://127\\.0\\.0\\.1:${port}`));
        const late = await startRedis(port);
        try {
          await eventually(handler, 200);
        } finally {
          await limiter.close();
          late.child.kill();
        }
      },
    );

    it(
      'fails closed while Redis is stopped, naming it in onError, and recovers when it is back',
      {
        timeout: 60_000,
      },
      async () => {
        const own = await startRedis();
        const errors = [];
        const limiter = lib.createRedisRateLimiter({ url: own.url, keyPrefix: 'stop:' });
        const handler = tokenHandler(limiter, { storeTimeoutMs: 500, onError: (error) => errors.push(error) });
        let back;
        try {
          // The client's first connection may take longer than the store's deadline on a busy machine.
          await eventually(handler, 200);
          errors.length = 0;
          own.child.kill('SIGKILL');
          await once(own.child, 'exit');
          await eventually(handler, 503);
          assert.ok(errors.length > 0 && errors.every((error) => error.message.includes(own.url)), errors[0]?.message);
          back = await startRedis(Number(new URL(own.url).port));
          await eventually(handler, 200);
        } finally {
          await limiter.close();
          own.child.kill();
          back?.child.kill();
        }
      },
    );

    it('counts uploads in flight across relay instances that share Redis', { timeout: 60_000 }, async () => {
      const secret = 'redis-relay-secret-0123456789abcdefghijklm';
      let wistiaReceiving = false;
      const wistia = await listen((req, res) => {
        req.on('data', () => (wistiaReceiving = true));
        req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"hashed_id":"m1"}'));
      });
      const limiters = [1, 2].map(() => lib.createRedisRateLimiter({ url, keyPrefix: 'slots:' }));
      const relays = await Promise.all(
        limiters.map((rateLimit) =>
          listen(
            lib.toNodeHandler(
              lib.createUploadRelay({
                secret,
                wistiaToken: 'wistia-token-for-redis-test',
                uploadUrl: `${wistia.origin}/`,
                maxConcurrentUploads: 1,
                rateLimit,
              }),
            ),
          ),
        ),
      );
      const { token } = await lib.relayTokenIssuer({ secret })({ subject: 'alice' });
      const headers = { authorization: `Bearer ${token}`, 'content-type': MULTIPART_TYPE };
      const whole = multipart({}, Buffer.alloc(10_000, 1));
      let release;
      const released = new Promise((resolve) => (release = resolve));
      async function* heldBody() {
        yield whole.subarray(0, 5000);
        await released;
        yield whole.subarray(5000);
      }
      try {
        const first = send(`${relays[0].origin}/`, {
          headers: { ...headers, 'content-length': whole.length },
          body: heldBody(),
        });
        // Its bytes reaching Wistia show it holds its slot (a probe taking the only slot could race it).
        for (let i = 0; i < 200 && !wistiaReceiving; i++) await sleep(50);
        assert.ok(
          wistiaReceiving,
          `the first upload is under way (${await Promise.race([first.then((r) => r.status), sleep(1, 'running')])})`,
        );
        const second = await send(`${relays[1].origin}/`, { headers, body: whole });
        assert.equal(second.status, 429, 'the other instance counts the upload in flight');
        release();
        assert.equal((await first).status, 200);
        assert.equal((await send(`${relays[1].origin}/`, { headers, body: whole })).status, 200);
      } finally {
        release();
        for (const running of [...relays, wistia]) await running.close();
        await Promise.all(limiters.map((limiter) => limiter.close()));
      }
    });
  },
);

describe('optional redis package', () => {
  it('is never imported statically by the server build', () => {
    const dir = join(root, 'dist/server');
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.js'))) {
      assert.doesNotMatch(readFileSync(join(dir, file), 'utf8'), /from ['"]redis['"]|import\(['"]redis['"]\)/, file);
    }
  });

  it('refuses options without a client or url', async () => {
    lib ??= await loadServerBuild();
    assert.throws(() => lib.createRedisRateLimiter({}), /client or url/);
  });
});
