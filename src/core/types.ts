import type { UploaderEventMap } from './events.js';
import type { ErrorReason, ErrorValues } from './error-text.js';

/** Where an item's bytes come from. */
export type ItemSource = 'file' | 'url' | 's3';

/** Life of an item: `queued → uploading → (processing →) succeeded | failed | cancelled`; `rejected` before queueing. */
export const ItemStatus = {
  queued: 'queued',
  uploading: 'uploading',
  processing: 'processing',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
  rejected: 'rejected',
} as const;
export type ItemStatus = (typeof ItemStatus)[keyof typeof ItemStatus];

/**
 * What the engine is doing with an item right now, finer than its status:
 * `held`, `waiting` and `asking` are `queued`; `authorizing` to `offline` are `uploading`.
 */
export const ItemPhase = {
  /** Queued in `manual` mode, waiting for `start()`. */
  held: 'held',
  /** Queued, waiting for a free upload slot. */
  waiting: 'waiting',
  /** `beforeUpload` has been asked and has not answered yet. */
  asking: 'asking',
  /** Waiting for an upload token. */
  authorizing: 'authorizing',
  /** The request body is being sent. */
  sending: 'sending',
  /** The whole body is sent: waiting for Wistia's answer. */
  finishing: 'finishing',
  /** A transient failure: waiting before the next attempt. */
  backingOff: 'backing-off',
  /** The browser is offline: waiting for the connection before the next attempt. */
  offline: 'offline',
  /** Uploaded; with `waitForReady`, waiting for Wistia to finish processing. */
  processing: 'processing',
  succeeded: 'succeeded',
  failed: 'failed',
  cancelled: 'cancelled',
  rejected: 'rejected',
} as const;
export type ItemPhase = (typeof ItemPhase)[keyof typeof ItemPhase];

/** Every way an item can go wrong, in one union. */
export type ErrorCode =
  | 'rejected_type'
  | 'rejected_size'
  | 'rejected_empty'
  | 'rejected_count'
  | 'rejected_by_app'
  | 'invalid_url'
  | 'insecure_url'
  | 'token_failed'
  | 'unauthorized'
  | 'wistia_rejected'
  | 'server'
  | 'network'
  | 'stalled'
  | 'invalid_response'
  | 'processing_failed'
  /** With `waitForReady`: the media's status cannot be read with this token; the upload itself stands. */
  | 'processing_unknown'
  /** Something in the page or in this library broke; never retried, never shown as a connection problem. */
  | 'internal';

export interface UploadError {
  code: ErrorCode;
  /** Human-readable, safe to show: Wistia's own message where it sent one. */
  message: string;
  /** HTTP status when the error came from a response. */
  status?: number;
  retryable: boolean;
  /**
   * The sentence of the message table that explains the error, so a UI can word it in its own language.
   * Absent when `message` is the server's or the page's own words (Wistia's, the token endpoint's, a `beforeUpload` throw).
   */
  reason?: ErrorReason;
  /** Values the sentence names, e.g. the limit that was passed. */
  values?: ErrorValues;
}

/** Wistia's media JSON as received; unknown fields are kept. */
export interface WistiaMedia {
  id: number;
  hashed_id: string;
  name: string;
  type: string;
  created: string;
  updated: string;
  duration?: number | null;
  progress?: number;
  status?: 'queued' | 'processing' | 'ready' | 'failed';
  thumbnail?: { url: string; width: number; height: number };
  [field: string]: unknown;
}

/** Optional per-media fields sent to Wistia. */
export interface MediaFields {
  name?: string;
  description?: string;
  projectId?: string;
  contactId?: string;
}

export interface UploadItem {
  id: string;
  source: ItemSource;
  status: ItemStatus;
  /** What the engine is doing with the item right now. */
  phase: ItemPhase;
  name: string;
  size?: number;
  type?: string;
  file?: File;
  url?: string;
  bucket?: string;
  sourceFile?: string;
  description?: string;
  projectId?: string;
  contactId?: string;
  loaded: number;
  total: number;
  attempts: number;
  /** While sending: smoothed speed, 0 until known. */
  bytesPerSecond?: number;
  /** While sending: seconds left at that speed, `Infinity` until known. */
  secondsLeft?: number;
  media?: WistiaMedia;
  error?: UploadError;
}

/** What `getToken` is asked for. */
export interface TokenRequest {
  projectId?: string;
  signal: AbortSignal;
}

/** A token and, optionally, when it stops working. */
export interface TokenGrant {
  token: string;
  expiresAt?: Date | string | number;
}

export type BeforeUploadResult = void | false | MediaFields;

/** Options of `createUploader`: the element's properties, camelCase. */
export interface UploaderOptions {
  tokenUrl?: string;
  tokenCredentials?: RequestCredentials;
  getToken?: (req: TokenRequest) => Promise<string | TokenGrant>;
  uploadUrl?: string;
  s3CopyUrl?: string;
  apiUrl?: string;
  projectId?: string;
  contactId?: string;
  description?: string;
  accept?: string;
  maxFileSize?: number;
  maxFiles?: number;
  /** `false` (the default): one file per `add()`, as one pick or drop; the others are refused `rejected_count`. */
  multiple?: boolean;
  concurrency?: number;
  retries?: number;
  stallTimeout?: number;
  manual?: boolean;
  waitForReady?: boolean;
  /** Files go to an upload relay by tus 1.0 (`{uploadUrl}files/`): an interrupted upload goes on where it stopped. */
  resumable?: boolean;
  beforeUpload?: (item: UploadItem) => BeforeUploadResult | Promise<BeforeUploadResult>;
}

/** The headless engine: an `EventTarget` firing the element's events, with the element's methods. */
export interface Uploader extends EventTarget {
  /** A snapshot of the list, oldest first. */
  readonly items: readonly UploadItem[];
  /** The options in force; change them with `configure`. */
  readonly options: Readonly<UploaderOptions>;
  configure(options: Partial<UploaderOptions>): void;
  /** Queues files, as one pick or drop would; refused ones are listed too, with their reason. */
  add(files: Iterable<File>): UploadItem[];
  addUrl(url: string, fields?: MediaFields): UploadItem;
  addS3(bucket: string, key: string, fields?: MediaFields): UploadItem;
  /** Changes name/description/project/contact of an item that has not started yet. */
  update(id: string, fields: MediaFields): void;
  start(): void;
  cancel(id?: string): void;
  retry(id?: string): void;
  remove(id: string): void;
  clear(): void;
  /**
   * Calls `listener` after every change that no event tells of (an item's phase, the list itself), so a view can
   * redraw; returns a function that stops it. Events still tell the story; this only says "look again".
   */
  subscribe(listener: () => void): () => void;
  /** Pauses (`false`) or resumes polling for processing; a page calls it when its uploader leaves or joins the page. */
  watchProcessing(on: boolean): void;
  /** Stops everything without events; the uploader is not used afterwards. */
  dispose(): void;
  addEventListener<K extends keyof UploaderEventMap>(
    type: K,
    listener: (event: UploaderEventMap[K]) => void,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
}
