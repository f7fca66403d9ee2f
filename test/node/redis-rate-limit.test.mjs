// The shared rate limit: two token handlers (two site instances) count against one limit in a real redis-server,
// started here on a free loopback port. Without redis-server this fails in CI and is skipped, with the reason, locally.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';
import { loadServerBuild, root } from './server-build.mjs';

const installed = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
const MISSING = 'redis-server is not on the PATH (Debian: apt-get install redis-server)';
if (!installed && process.env.CI === 'true') {
  throw new Error(`${MISSING}: the shared rate-limit tests cannot run, and CI must not pass without them.`);
}

/** @type {typeof import('../../dist/server/index.js')} */
let lib;
let redis;
let url;

async function freePort() {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startRedis() {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  // Up to 30 s: a bound on a hang, not on speed.
  for (let i = 0; i < 600; i++) {
    if (/ready to accept connections/i.test(output)) return { child, url: `redis://127.0.0.1:${port}` };
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  child.kill();
  throw new Error(`redis-server did not start:\n${output}`);
}

const tokenHandler = (rateLimit) =>
  lib.createTokenHandler({
    authorize: () => ({ subject: 'user-1' }),
    issuer: lib.staticUploadTokenIssuer({ token: 'upload-only-token' }),
    rateLimit,
  });
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
  { skip: installed ? false : `${MISSING}; set CI=true to make this a failure` },
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
