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
  const client = (): Promise<RedisScriptClient> =>
    options.client !== undefined ? Promise.resolve(options.client) : (own ??= connect(options.url as string));

  return {
    async take(subject, nowMs) {
      const wait = await (
        await client()
      ).eval(TAKE_SCRIPT, {
        keys: [prefix + subject],
        arguments: [String(limit), String(windowMs), String(Math.floor(nowMs))],
      });
      return Number(wait);
    },
    async close() {
      if (own === undefined) return;
      const connected = await own.catch(() => undefined);
      own = undefined;
      await (connected?.close ?? connected?.quit)?.call(connected);
    },
  };
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
