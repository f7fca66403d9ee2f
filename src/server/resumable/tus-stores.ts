/// <reference types="node" />
// The stores behind the tus routes, loaded only when `resumable` is set: a directory (@tus/file-store, one process,
// locks in memory) or an S3-compatible bucket (@tus/s3-store) with locks and answers shared through Redis.

import type { Readable } from 'node:stream';
import type { DataStore, Locker } from '@tus/server';
import { createDirectoryKeptAnswers, type KeptAnswers } from './kept-answers.js';
import type { CheckedResumableOptions } from './resumable-options.js';

export type TusServerModule = typeof import('@tus/server');

export interface TusStores {
  datastore: DataStore & { read(id: string): Readable | Promise<Readable> };
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
    return {
      datastore,
      locker: new tus.MemoryLocker(),
      answers: createDirectoryKeptAnswers(options.directory, now),
    };
  }
  throw new Error('resumable.s3 is not available yet.');
}
