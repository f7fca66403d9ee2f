// A real redis-server for the Node tests, started on a free loopback port and ready when this resolves.
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export const redisInstalled = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
export const REDIS_MISSING = 'redis-server is not on the PATH (Debian: apt-get install redis-server)';

export async function freePort() {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startRedis(port) {
  port ??= await freePort();
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
