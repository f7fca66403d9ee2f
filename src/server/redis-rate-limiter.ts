// The token bucket of memory-rate-limiter.ts, kept in Redis, so every instance of a site counts against one limit.

import type { RateLimiter, RateLimitOptions } from './memory-rate-limiter.js';

/** The one command the limiter needs; a client from the official `redis` package (v4 and later) has it. */
export interface RedisScriptClient {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

export interface RedisRateLimiterOptions extends Omit<RateLimitOptions, 'maxSubjects'> {
  /** A connected client of your own (shared with the rest of the app). */
  client?: RedisScriptClient;
  /** Or a URL (`redis://host:6379`): the limiter then loads the optional `redis` package and connects itself. */
  url?: string;
  /** Prefix of the keys it writes. Default `wistia-uploader:rate:`. */
  keyPrefix?: string;
}

export interface RedisRateLimiter extends RateLimiter {
  /** Closes the connection the limiter opened from `url` (a client you passed in is left alone). */
  close(): Promise<void>;
}

// Atomic refill-and-take, as in the memory limiter; the key expires once a full window has refilled it.
const TAKE_SCRIPT = `
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local refill = limit / window
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(state[1]) or limit
local updated = tonumber(state[2]) or now
tokens = math.min(limit, tokens + math.max(0, now - updated) * refill)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / refill) end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(window))
return wait
`;

// A sorted set per subject: each upload's lease scored by when it lapses, so a crashed instance frees its slots.
const ACQUIRE_SCRIPT = `
local max = tonumber(ARGV[2])
local now = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[1]) == false and redis.call('ZCARD', KEYS[1]) >= max then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1
`;

interface OwnClient extends RedisScriptClient {
  connect(): Promise<unknown>;
  close?: () => Promise<unknown>;
  quit?: () => Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * A per-subject token bucket shared through Redis: `limit` requests at once, then one every `windowMs / limit`,
 * whichever instance answers. Pass it as `rateLimit` to `createTokenHandler`.
 */
export function createRedisRateLimiter(options: RedisRateLimiterOptions): RedisRateLimiter {
  const limit = options?.limit ?? 10;
  const windowMs = options?.windowMs ?? 60_000;
  if (!Number.isInteger(limit) || limit < 1) throw new TypeError('rateLimit.limit must be a positive integer.');
  if (!(windowMs > 0) || !Number.isFinite(windowMs))
    throw new TypeError('rateLimit.windowMs must be a positive number.');
  if ((options.client === undefined) === (options.url === undefined)) {
    throw new TypeError('createRedisRateLimiter needs either client or url.');
  }
  const prefix = options.keyPrefix ?? 'wistia-uploader:rate:';
  let own: Promise<OwnClient> | undefined;
  const client = (): Promise<RedisScriptClient> => {
    if (options.client !== undefined) return Promise.resolve(options.client);
    // A connection that failed is tried again by the next call, not remembered as failed forever.
    own ??= connect(options.url as string).catch((error: unknown) => {
      own = undefined;
      throw error;
    });
    return own;
  };
  const evaluate = async (script: string, key: string, args: (string | number)[]): Promise<number> =>
    Number(await (await client()).eval(script, { keys: [key], arguments: args.map(String) }));

  return {
    storeName: options.url === undefined ? 'Redis' : `Redis at ${withoutPassword(options.url)}`,
    async acquireSlot(subject, lease, max, ttlMs, nowMs) {
      return (
        (await evaluate(ACQUIRE_SCRIPT, `${prefix}slots:${subject}`, [lease, max, ttlMs, Math.floor(nowMs)])) === 1
      );
    },
    async releaseSlot(subject, lease) {
      await evaluate("return redis.call('ZREM', KEYS[1], ARGV[1])", `${prefix}slots:${subject}`, [lease]);
    },
    async take(subject, nowMs) {
      return evaluate(TAKE_SCRIPT, prefix + subject, [limit, windowMs, Math.floor(nowMs)]);
    },
    async close() {
      if (own === undefined) return;
      const connected = await own.catch(() => undefined);
      own = undefined;
      await (connected?.close ?? connected?.quit)?.call(connected);
    },
  };
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.username = '';
    return parsed.href;
  } catch {
    return 'an unreadable URL';
  }
}

async function connect(url: string): Promise<OwnClient> {
  // A name in a variable: bundlers must not insist on an optional package the site does not use.
  const packageName = 'redis';
  let redis: { createClient(options: { url: string }): OwnClient };
  try {
    redis = (await import(packageName)) as typeof redis;
  } catch (error) {
    throw new Error('createRedisRateLimiter with url needs the redis package: npm install redis', { cause: error });
  }
  const created = redis.createClient({ url });
  // Without a listener a dropped connection would crash the process; the next take() reports the failure.
  created.on('error', () => undefined);
  await created.connect();
  return created;
}
