// Kept answers and leg claims in Redis, shared by every relay instance: whichever instance gets a finished upload's
// PATCH, the file goes to Wistia once and every instance answers with what Wistia said.

import type { KeptAnswer, KeptAnswers } from './kept-answers.js';
import type { RedisSteps } from './redis-scripts.js';

export function createRedisKeptAnswers(steps: RedisSteps, prefix: string, now: () => number): KeptAnswers {
  const keyOf = (id: string): string => `${prefix}${id}`;
  return {
    async get(id) {
      const value = await steps.get(keyOf(id));
      // The key holds either a claim (the owner's id) or the answer (JSON).
      return value?.startsWith('{') ? (JSON.parse(value) as KeptAnswer) : undefined;
    },
    claim: (id, owner, leaseMs) => steps.claim(keyOf(id), `claim:${owner}`, leaseMs),
    async keep(id, answer) {
      // Replaces the claim; Redis forgets it when the upload expires.
      await steps.put(keyOf(id), JSON.stringify(answer), answer.expiresAt - now());
    },
    release: (id, owner) => steps.release(keyOf(id), `claim:${owner}`),
    async sweep() {
      // Redis expires the answers itself.
    },
  };
}
