// The few atomic Redis steps that locks and kept answers share, each one Lua script, so any client with `eval` works.

import type { RedisScriptClient } from '../redis-rate-limiter.js';
import { StoreUnavailableError } from '../store-deadline.js';

/** Takes the key for `owner` when it is free, or extends it when `owner` holds it already: 1, else 0. */
const CLAIM = `
local held = redis.call('GET', KEYS[1])
if held == false then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
if held == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0
`;
/** Deletes the key only while `owner` holds it. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

export interface RedisSteps {
  get(key: string): Promise<string | null>;
  /** Sets a value that lapses after `ttlMs`. */
  put(key: string, value: string, ttlMs: number): Promise<void>;
  remove(key: string): Promise<void>;
  claim(key: string, owner: string, ttlMs: number): Promise<boolean>;
  release(key: string, owner: string): Promise<void>;
}

/** Every step within `timeoutMs`: a Redis that is down or slow fails the request (503), never hangs it. */
export function redisSteps(client: RedisScriptClient, timeoutMs: number): RedisSteps {
  const run = async (script: string, key: string, ...args: (string | number)[]): Promise<unknown> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new StoreUnavailableError(`Redis for resumable uploads did not answer within ${timeoutMs} ms.`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([client.eval(script, { keys: [key], arguments: args.map(String) }), late]);
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      throw new StoreUnavailableError(`Redis for resumable uploads failed: ${(error as Error)?.message}`, {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    async get(key) {
      const value = await run("return redis.call('GET', KEYS[1])", key);
      return typeof value === 'string' ? value : null;
    },
    async put(key, value, ttlMs) {
      await run("return redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])", key, value, Math.max(1, Math.ceil(ttlMs)));
    },
    async remove(key) {
      await run("return redis.call('DEL', KEYS[1])", key);
    },
    async claim(key, owner, ttlMs) {
      return Number(await run(CLAIM, key, owner, Math.ceil(ttlMs))) === 1;
    },
    async release(key, owner) {
      await run(RELEASE, key, owner);
    },
  };
}
