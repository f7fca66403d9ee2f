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
  | 'processing_failed';

export interface UploadError {
  code: ErrorCode;
  /** Human-readable, safe to show: Wistia's own message where it sent one. */
  message: string;
  /** HTTP status when the error came from a response. */
  status?: number;
  retryable: boolean;
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
  concurrency?: number;
  retries?: number;
  stallTimeout?: number;
  manual?: boolean;
  waitForReady?: boolean;
  beforeUpload?: (item: UploadItem) => BeforeUploadResult | Promise<BeforeUploadResult>;
}
