/// <reference types="node" />
// Wistia's answer to each finished upload, kept until the upload expires, so the file goes to Wistia once: a repeated
// final PATCH, a lost answer or a restart gets the kept answer instead of a second media. Here: one relay process,
// answers as small files beside the held uploads. kept-answers-redis.ts shares them between instances.

import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Wistia's final word on one upload. */
export interface KeptAnswer {
  /** The upload's size: HEAD and the final offset still need it once the held bytes are gone. */
  size: number;
  /** The project the upload went to, for the status reference. */
  projectId: string | null;
  /** Epoch ms after which it is forgotten (the upload's own expiry). */
  expiresAt: number;
  status: number;
  /** Media JSON after a 200, the relay's own error JSON otherwise. */
  body: string;
  retryAfter?: string;
}

/** Where answers are kept, and who may run an upload's Wistia leg. */
export interface KeptAnswers {
  get(id: string): Promise<KeptAnswer | undefined>;
  /** Takes the right to run the leg for `leaseMs` (renewed by calling it again); false when another holds it. */
  claim(id: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Keeps the answer until its expiry, and ends the claim. */
  keep(id: string, answer: KeptAnswer): Promise<void>;
  /** Ends the claim without an answer (the leg failed for now and may run again). */
  release(id: string, owner: string): Promise<void>;
  /** Forgets expired answers. */
  sweep(now: number): Promise<void>;
}

/** One process: claims in memory (a restart drops them with the leg that held them), answers on disk. */
export function createDirectoryKeptAnswers(directory: string, now: () => number): KeptAnswers {
  const folder = join(directory, 'answers');
  const ready = mkdir(folder, { recursive: true });
  const claims = new Map<string, string>();
  const fileOf = (id: string): string => join(folder, `${id}.json`);
  const read = async (file: string): Promise<KeptAnswer | undefined> => {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as KeptAnswer;
    } catch {
      return undefined;
    }
  };
  return {
    async get(id) {
      await ready;
      const answer = await read(fileOf(id));
      return answer !== undefined && answer.expiresAt > now() ? answer : undefined;
    },
    async claim(id, owner) {
      const holder = claims.get(id);
      if (holder !== undefined && holder !== owner) return false;
      claims.set(id, owner);
      return true;
    },
    async keep(id, answer) {
      await ready;
      // Written aside, then renamed: a crash mid-write never leaves half an answer to be read as none.
      const partial = `${fileOf(id)}.${process.pid}.partial`;
      await writeFile(partial, JSON.stringify(answer));
      await rename(partial, fileOf(id));
      claims.delete(id);
    },
    async release(id, owner) {
      if (claims.get(id) === owner) claims.delete(id);
    },
    async sweep(at) {
      await ready;
      for (const name of await readdir(folder)) {
        if (!name.endsWith('.json')) continue;
        const file = join(folder, name);
        const answer = await read(file);
        if (answer === undefined || answer.expiresAt <= at) await rm(file, { force: true });
      }
    },
  };
}
