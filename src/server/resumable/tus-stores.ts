/// <reference types="node" />
// The stores behind the tus routes, loaded only when `resumable` is set: a directory (@tus/file-store, one process,
// locks in memory) or an S3-compatible bucket (@tus/s3-store) with locks and answers shared through Redis.

import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { DataStore, Locker } from '@tus/server';
import { HELD_READ_BYTES } from './held-file-follower.js';
import { createDirectoryKeptAnswers, type KeptAnswers } from './kept-answers.js';
import { createRedisKeptAnswers } from './kept-answers-redis.js';
import { createRedisLocker } from './redis-locker.js';
import { redisSteps } from './redis-scripts.js';
import type { CheckedResumableOptions } from './resumable-options.js';

export type TusServerModule = typeof import('@tus/server');

export interface TusStores {
  datastore: DataStore;
  /** A held upload's bytes, from the first. */
  read(id: string): Readable | Promise<Readable>;
  /**
   * Where a held upload's file is, when it is on this machine and only this process writes it: its Wistia leg may
   * follow it as it grows. Undefined for a bucket, where chunks may land on any instance and S3 shows no part of a
   * multipart upload before it is completed.
   */
  heldPath?(id: string): string;
  /** Deletes a finished upload's held bytes and record. */
  removeFinished(id: string): Promise<void>;
  locker: Locker;
  answers: KeptAnswers;
}

/** Optional peer dependencies, loaded by a name in a variable so bundlers do not insist on them. */
export async function loadOptional<T>(packageName: string, purpose: string): Promise<T> {
  try {
    return (await import(packageName)) as T;
  } catch (error) {
    throw new Error(`createUploadRelay needs the ${packageName} package for ${purpose}: npm install ${packageName}`, {
      cause: error,
    });
  }
}

export async function createTusStores(
  tus: TusServerModule,
  options: CheckedResumableOptions,
  now: () => number,
  storeTimeoutMs: number,
): Promise<TusStores> {
  if (options.kind === 'directory') {
    const { FileStore } = await loadOptional<typeof import('@tus/file-store')>(
      '@tus/file-store',
      'resumable uploads in a directory',
    );
    const datastore = new FileStore({
      directory: options.directory,
      expirationPeriodInMilliseconds: options.expirationMs,
    });
    const heldPath = (id: string): string => join(options.directory, id);
    return {
      datastore,
      // Reads of a megabyte, not 64 KiB: a sixteenth of the chunks (and their garbage) per gigabyte.
      read: (id) => createReadStream(heldPath(id), { highWaterMark: HELD_READ_BYTES }),
      heldPath,
      removeFinished: (id) => datastore.remove(id),
      locker: new tus.MemoryLocker(),
      answers: createDirectoryKeptAnswers(options.directory, now),
    };
  }
  const { S3Store } = await loadOptional<typeof import('@tus/s3-store')>(
    '@tus/s3-store',
    'resumable uploads in an S3-compatible bucket',
  );
  const steps = redisSteps(options.redis, storeTimeoutMs);
  const { bucket, partSize, ...client } = options.s3;
  class RelayS3Store extends S3Store {
    /**
     * S3Store.remove aborts the multipart upload first, which S3 no longer knows once it is complete, and then throws
     * before deleting anything: a finished upload's object and record are deleted here.
     */
    async removeFinished(id: string): Promise<void> {
      await this.client.deleteObjects({ Bucket: bucket, Delete: { Objects: [{ Key: id }, { Key: `${id}.info` }] } });
      await steps.remove(`${PREFIX}info:${id}`);
    }
  }
  const datastore = new RelayS3Store({
    ...(partSize === undefined ? {} : { partSize }),
    expirationPeriodInMilliseconds: options.expirationMs,
    // Upload records shared by every instance: one instance's cache would miss another's termination.
    cache: {
      get: async (id) => {
        const value = await steps.get(`${PREFIX}info:${id}`);
        return value === null ? undefined : JSON.parse(value);
      },
      set: (id, value) => steps.put(`${PREFIX}info:${id}`, JSON.stringify(value), options.expirationMs),
      delete: (id) => steps.remove(`${PREFIX}info:${id}`),
    },
    s3ClientConfig: { bucket, ...client },
  });
  return {
    datastore,
    read: (id) => datastore.read(id),
    removeFinished: (id) => datastore.removeFinished(id),
    locker: createRedisLocker({ steps, prefix: `${PREFIX}lock:`, timeoutError: tus.ERRORS.ERR_LOCK_TIMEOUT }),
    answers: createRedisKeptAnswers(steps, `${PREFIX}answer:`, now),
  };
}

/** Where the relay's keys live in a Redis shared with the rest of the site. */
const PREFIX = 'wistia-uploader:tus:';
