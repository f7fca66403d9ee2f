import { describeIn } from '../core/error-text.js';
import type { UploadItem } from '../core/types.js';
import type { Words } from './words.js';

/**
 * Why an item was refused or failed, in the UI's language; the server's own words when it sent some. Only rows
 * and announcements say it, so it comes with them.
 */
export function errorText({ text, locale }: Pick<Words, 'text' | 'locale'>, item: UploadItem): string {
  const error = item.error;
  if (!error) return '';
  if (!error.reason) return error.message;
  const said = describeIn(text, error.reason, error.values, locale);
  // A refusal without words of its own names the answer: the status is what a developer looks up.
  return (error.status ?? 0) >= 400 && /^error(TokenFailed|WistiaRejected)$/.test(error.reason)
    ? `${said} (HTTP ${error.status})`
    : said;
}
