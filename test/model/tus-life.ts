// One life of an item on the resumable path, as the model of `tus-model.ts` expects it, and the rules it counts by.
import type { TusRequest } from './tus-relay.js';

/** Once the last byte is out, the relay's (Wistia's) answer is awaited 10 minutes, as docs/engine.md says. */
export const ANSWER_LIMIT_MS = 10 * 60_000;
/** Turns without progress within one attempt (a `409`, an upload gone) the engine follows; the next ends it. */
export const TURNS = 3;
/** Answers after which the upload is gone at the relay. */
export const GONE = [403, 404, 410];

/** What the engine must send next for a life: a new attempt (`HEAD` what it holds, else `POST`), or one request. */
export type Next = 'attempt' | 'HEAD' | 'POST' | { offset: number };

/** One life of an item as the model expects it. */
export interface Life {
  id: string;
  name: string;
  size: number;
  state: 'active' | 'succeeded' | 'failed' | 'cancelled';
  code?: string;
  reason?: string;
  media?: number;
  /** The upload the life holds, in memory. */
  url?: string;
  /** Bytes the relay confirmed. */
  offset: number;
  attempts: number;
  retriesUsed: number;
  refreshed: boolean;
  /** Turns without progress in this attempt. */
  turns: number;
  /** Chunks sent in this life. */
  sends: number;
  next?: Next;
  /** `next` goes out within the step that made it due (no timer or slot to wait for). */
  due: boolean;
  pending?: TusRequest;
  /** A retry must be told within the step, its delay in this window, and worded for this reason. */
  retry?: { window: [number, number]; reason?: string };
  notBefore: number;
  /** The last byte of the attempt went out at this time: the answer limit runs from here. */
  bodySentAt?: number;
  /** The answer limit passed in this step: the engine must give the request up. */
  limitDue?: boolean;
}

/** A life that has sent nothing yet. */
export function fresh(id: string, name: string, size: number): Life {
  return {
    ...{ id, name, size, state: 'active', offset: 0, attempts: 0, retriesUsed: 0, refreshed: false },
    ...{ turns: 0, sends: 0, next: 'attempt', due: false, notBefore: 0 },
  };
}
