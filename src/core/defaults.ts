import { WistiaDefaults } from './wistia-api.js';

/** Defaults of every option, matching the element's attribute defaults. */
export const DEFAULT_OPTIONS = {
  tokenCredentials: 'same-origin' as RequestCredentials,
  uploadUrl: WistiaDefaults.uploadUrl,
  s3CopyUrl: WistiaDefaults.s3CopyUrl,
  apiUrl: WistiaDefaults.apiUrl,
  accept: 'video/*',
  maxFileSize: 0,
  maxFiles: 0,
  concurrency: 2,
  retries: 3,
  stallTimeout: 30_000,
  manual: false,
  waitForReady: false,
};
