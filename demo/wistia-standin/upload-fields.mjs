// Wistia's rules for upload fields, with the messages the stand-in answers in its 400s.

// Generous on purpose: a client may accept any of these, and the stand-in must not refuse what Wistia takes.
export const VIDEO_EXTENSIONS = [
  'mp4',
  'mov',
  'm4v',
  'avi',
  'wmv',
  'mkv',
  'webm',
  'flv',
  'f4v',
  'mpg',
  'mpeg',
  'mpe',
  'm2v',
  '3gp',
  '3g2',
  'ogv',
  'ts',
  'mts',
  'm2ts',
  'mxf',
  'vob',
  'dv',
  'asf',
  'qt',
  'divx',
  'xvid',
  'rm',
  'rmvb',
  'm2p',
];
export const AUDIO_EXTENSIONS = ['mp3', 'm4a', 'wav', 'aac', 'ogg', 'oga', 'opus', 'flac', 'wma', 'aif', 'aiff', 'amr'];
const MEDIA_EXTENSIONS = new Set([...VIDEO_EXTENSIONS, ...AUDIO_EXTENSIONS]);

export const VIDEO_LIMIT_MESSAGE = 'This account has exceeded its video limit. Please upgrade to upload more videos.';

/** @param {string} path */
export function extensionOf(path) {
  const match = /\.([a-z0-9]+)$/i.exec(path);
  return match ? match[1].toLowerCase() : '';
}

/**
 * "Video" or "Audio", from the part's content type first, then the file extension.
 * @param {{ contentType?: string, path?: string }} source
 */
export function mediaTypeOf({ contentType = '', path = '' }) {
  if (contentType.startsWith('audio/')) return 'Audio';
  if (contentType.startsWith('video/')) return 'Video';
  return AUDIO_EXTENSIONS.includes(extensionOf(path)) ? 'Audio' : 'Video';
}

/** @param {string} path */
export function lastSegment(path) {
  const segments = path.split('/').filter(Boolean);
  return decodeURIComponentSafe(segments.at(-1) ?? '');
}

/** @param {string} text */
function decodeURIComponentSafe(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Rules every upload shares (`name`, `contact_id`); returns the error message or null.
 * @param {Record<string, string>} fields
 */
export function checkCommonFields(fields) {
  // Characters, as Rails counts them: `.length` would count an emoji as two.
  if (Array.from(fields.name ?? '').length > 255) return 'Name is too long (maximum is 255 characters).';
  if (present(fields.contact_id) && !/^\d+$/.test(fields.contact_id)) return "'contact_id' must be an integer.";
  return null;
}

/**
 * A URL import must be http(s) and its path must end in a media extension (a query string may follow).
 * @param {string} url
 */
export function checkImportUrl(url) {
  /** @type {URL} */
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return "'url' is not a valid URL.";
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return "'url' must be an http or https URL.";
  if (!MEDIA_EXTENSIONS.has(extensionOf(parsed.pathname))) {
    return "'url' must end in a media file extension, for example .mp4.";
  }
  return null;
}

/**
 * S3 copy: `bucket` is only the bucket's name, `source_file` the key without a leading slash.
 * @param {Record<string, string>} fields
 */
export function checkS3Fields(fields) {
  const { bucket, source_file: sourceFile } = fields;
  if (!present(bucket)) return "'bucket' is required.";
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    return "'bucket' must be the bucket's name only (no s3://, ARN, slashes or path).";
  }
  if (!present(sourceFile)) return "'source_file' is required.";
  if (sourceFile.startsWith('/')) return "'source_file' must not start with '/'.";
  return null;
}

/** A field counts as set when it is there and not empty, as clients send only the fields they set. */
export function present(/** @type {string | undefined} */ value) {
  return value !== undefined && value !== '';
}
