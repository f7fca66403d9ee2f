// What `createUploadRelay({ resumable })` takes: where the bytes of unfinished uploads are held, and for how long.
// Checked at start-up, before anything is loaded, so a wrong shape fails at once and names the option.

import type { RedisScriptClient } from '../redis-rate-limiter.js';

/** An S3-compatible bucket that every relay instance reaches (AWS S3, MinIO, R2…). */
export interface ResumableS3Options {
  bucket: string;
  region?: string;
  /** For S3-compatible services other than AWS, e.g. `http://minio:9000`. */
  endpoint?: string;
  /** Path-style URLs (`endpoint/bucket/key`), which most S3-compatible services need. */
  forcePathStyle?: boolean;
  /** Default: the AWS SDK's own lookup (environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /**
   * `'WHEN_REQUIRED'` for S3-compatible services that store the AWS SDK's checksummed (aws-chunked) bodies as they
   * arrive instead of decoding them. Default: the AWS SDK's own (`'WHEN_SUPPORTED'`).
   */
  requestChecksumCalculation?: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';
  /** Bytes per S3 part (at least 5 MiB). Default 8 MiB. */
  partSize?: number;
}

export interface ResumableOptions {
  /** One relay process: the held bytes live in this directory (created when missing). */
  directory?: string;
  /** Several relay instances: the held bytes live in this bucket… */
  s3?: ResumableS3Options;
  /** …and the instances share upload locks and Wistia's answers through this connected `redis` client. */
  redis?: RedisScriptClient;
  /** How long an upload (and, once finished, Wistia's answer to it) is kept after its creation. Default 24 h. */
  expirationMs?: number;
}

export type CheckedResumableOptions =
  | { kind: 'directory'; directory: string; expirationMs: number }
  | { kind: 's3'; s3: ResumableS3Options; redis: RedisScriptClient; expirationMs: number };

const DAY_MS = 24 * 60 * 60 * 1000;

export function checkResumableOptions(options: ResumableOptions): CheckedResumableOptions {
  const expirationMs = options.expirationMs ?? DAY_MS;
  if (!Number.isSafeInteger(expirationMs) || expirationMs < 60_000) {
    throw new RangeError('resumable.expirationMs must be a whole number of milliseconds, at least 60000.');
  }
  const { directory, s3, redis } = options;
  if ((directory === undefined) === (s3 === undefined)) {
    throw new TypeError('resumable needs either directory (one relay process) or s3 with redis (several instances).');
  }
  if (directory !== undefined) {
    if (typeof directory !== 'string' || directory.trim() === '') {
      throw new TypeError('resumable.directory must be a path.');
    }
    return { kind: 'directory', directory, expirationMs };
  }
  if (typeof s3?.bucket !== 'string' || s3.bucket === '') throw new TypeError('resumable.s3 needs a bucket.');
  if (typeof redis?.eval !== 'function') {
    throw new TypeError('resumable.s3 needs resumable.redis: a connected client of the redis package.');
  }
  return { kind: 's3', s3, redis, expirationMs };
}
