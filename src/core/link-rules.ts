import { MEDIA_EXTENSIONS } from './file-rules.js';
import { truncateName } from './wistia-defaults.js';
import { tableError, type RefusalMessages } from './error-text.js';
import type { UploadError, UploadItem } from './types.js';

export type NormalisedLink =
  | { kind: 'url'; url: string; name: string }
  | { kind: 's3'; bucket: string; sourceFile: string; name: string }
  | { kind: 'invalid'; error: UploadError };

function invalid(code: 'invalid_url' | 'insecure_url', reason: keyof RefusalMessages): NormalisedLink {
  return { kind: 'invalid', error: tableError(code, reason, false) };
}

function lastSegment(path: string): string {
  const segment = path.split('/').filter(Boolean).pop() ?? '';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Judged on the path as sent, as Wistia judges it: `/clip.mp4/` or `/clip%2Emp4` would be refused there. */
function hasMediaExtension(path: string): boolean {
  const match = /\.([a-z0-9]+)$/i.exec(path);
  return !!match && MEDIA_EXTENSIONS.includes(match[1].toLowerCase());
}

/** Dropbox share links only import in their direct `dl.dropbox.com` form, without `dl`/`raw`. */
function rewriteDropbox(url: URL): URL {
  const host = url.hostname.toLowerCase();
  if (host !== 'www.dropbox.com' && host !== 'dropbox.com') return url;
  if (!/^\/(s|scl\/fi)\//.test(url.pathname)) return url;
  const direct = new URL(url.href);
  direct.hostname = 'dl.dropbox.com';
  direct.searchParams.delete('dl');
  direct.searchParams.delete('raw');
  return direct;
}

/** Validates a pasted or typed link and says what Wistia should be asked to do with it. */
export function normaliseLink(input: string): NormalisedLink {
  const text = input.trim();
  if (/^s3:\/\//i.test(text)) return normaliseS3(text);
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    // Not a link at all, the empty text included.
  }
  // Chromium escapes a space in a host where the URL standard refuses it; no server can fetch such a host.
  if (!url || url.hostname.includes('%')) return invalid('invalid_url', 'errorUrlMalformed');
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) {
    return invalid('insecure_url', 'errorInsecureUrl');
  }
  url = rewriteDropbox(url);
  if (!hasMediaExtension(url.pathname)) return invalid('invalid_url', 'errorInvalidUrl');
  return { kind: 'url', url: url.href, name: truncateName(lastSegment(url.pathname)) };
}

/**
 * `s3://bucket/key` becomes an S3 copy, read exactly as `addS3(bucket, key)` reads its two parts: the bucket up to
 * the first `/`, the key all the rest (spaces included, as S3 keys may have them), less any leading `/`.
 */
export function normaliseS3(text: string): NormalisedLink {
  const match = /^s3:\/\/([^/]*)\/(.*)$/is.exec(text.trim());
  if (!match) return invalid('invalid_url', 'errorS3Malformed');
  return validS3(match[1], match[2]);
}

/** Checks a bucket and key given separately, as `importS3` takes them. */
export function validS3(bucket: string, sourceFile: string): NormalisedLink {
  const key = sourceFile.trim().replace(/^\/+/, '');
  const name = bucket.trim();
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) || key === '') return invalid('invalid_url', 'errorS3Malformed');
  return { kind: 's3', bucket: name, sourceFile: key, name: truncateName(lastSegment(key)) };
}

/**
 * What an item says of its link, named `name` when the page gave one; a refused link keeps the text as given, so
 * the refusal shows what was pasted.
 */
export function linkItem(
  link: NormalisedLink,
  original: string,
  name?: string,
): Pick<UploadItem, 'source' | 'name' | 'url' | 'bucket' | 'sourceFile'> {
  if (link.kind === 'url') return { source: 'url', url: link.url, name: name ?? link.name };
  if (link.kind === 's3') {
    return { source: 's3', bucket: link.bucket, sourceFile: link.sourceFile, name: name ?? link.name };
  }
  const text = original.trim();
  return { source: /^s3:/i.test(text) ? 's3' : 'url', url: original, name: text };
}
