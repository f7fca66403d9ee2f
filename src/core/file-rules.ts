import type { UploadError } from './types.js';
import { MAX_NAME_LENGTH } from './wistia-api.js';

/** Video extensions Wistia takes, with the MIME type a file of that extension is; `video/<ext>` where none is set. */
const VIDEO_TYPES: Record<string, string> = {
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  m4v: 'video/x-m4v',
  avi: 'video/x-msvideo',
  wmv: 'video/x-ms-wmv',
  mkv: 'video/x-matroska',
  webm: 'video/webm',
  flv: 'video/x-flv',
  mpg: 'video/mpeg',
  mpeg: 'video/mpeg',
  '3gp': 'video/3gpp',
  '3g2': 'video/3gpp2',
  ogv: 'video/ogg',
  mts: 'video/mp2t',
  m2ts: 'video/mp2t',
  ts: 'video/mp2t',
  mxf: 'application/mxf',
  f4v: 'video/x-f4v',
  asf: 'video/x-ms-asf',
  vob: 'video/dvd',
  divx: 'video/divx',
  dv: 'video/dv',
  qt: 'video/quicktime',
};
const AUDIO_TYPES: Record<string, string> = {
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  wav: 'audio/wav',
  aac: 'audio/aac',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  flac: 'audio/flac',
  wma: 'audio/x-ms-wma',
  aif: 'audio/aiff',
  aiff: 'audio/aiff',
};
const VIDEO_EXTENSIONS = Object.keys(VIDEO_TYPES);
const AUDIO_EXTENSIONS = Object.keys(AUDIO_TYPES);

/** Extensions Wistia imports from a link; a link's path must end in one of them. */
export const MEDIA_EXTENSIONS = [...VIDEO_EXTENSIONS, ...AUDIO_EXTENSIONS];

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/**
 * The file's type: the browser's, or from the extension when the browser gives none (Firefox and most systems
 * leave `File.type` empty for .mkv, .flv, .divx, .f4v, .m2ts, .vob…).
 */
export function inferredType(file: { name: string; type?: string }): string {
  const type = (file.type ?? '').toLowerCase().split(';')[0].trim();
  if (type) return type;
  const ext = extensionOf(file.name);
  if (VIDEO_EXTENSIONS.includes(ext)) return VIDEO_TYPES[ext];
  return AUDIO_EXTENSIONS.includes(ext) ? AUDIO_TYPES[ext] : '';
}

/**
 * Whether a file is of a `type/*` family. A known media extension counts whatever the system guessed: Firefox types
 * .mts as model/vnd.mts, and systems type .ts, .mxf and .asf as text/vnd.trolltech.linguist, application/mxf and
 * application/vnd.ms-asf.
 */
function inFamily(file: { name: string; type?: string }, family: string): boolean {
  if (inferredType(file).startsWith(family)) return true;
  const ext = extensionOf(file.name);
  if (family === 'video/') return VIDEO_EXTENSIONS.includes(ext);
  return family === 'audio/' && AUDIO_EXTENSIONS.includes(ext);
}

let lastAccept: { accept: string; tokens: string[] } | undefined;

/** The tokens of an `accept` string; the last one is kept, as every file of a drop is checked against the same. */
function acceptTokens(accept: string): string[] {
  if (lastAccept?.accept !== accept) {
    lastAccept = {
      accept,
      tokens: accept
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
    };
  }
  return lastAccept.tokens;
}

/** `<input accept>` semantics: comma-separated MIME types, `type/*` and `.ext`; empty accepts all. */
export function matchesAccept(file: { name: string; type?: string }, accept: string | undefined): boolean {
  const tokens = acceptTokens(accept ?? '');
  if (tokens.length === 0) return true;
  const name = file.name.toLowerCase();
  const type = inferredType(file);
  return tokens.some((token) => {
    if (token.startsWith('.')) return name.endsWith(token) && name.length > token.length;
    if (token === '*' || token === '*/*') return true;
    if (token.endsWith('/*')) return inFamily(file, token.slice(0, -1));
    return type === token;
  });
}

/** Cuts a name to Wistia's limit, before the extension so the type stays readable. */
export function truncateName(name: string, max = MAX_NAME_LENGTH): string {
  // No more UTF-16 units than the limit means no more code points either: most names need no splitting.
  if (name.length <= max) return name;
  const chars = Array.from(name);
  if (chars.length <= max) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? Array.from(name.slice(dot)) : [];
  // An extension as long as the limit leaves no room for the name: cut plainly rather than overflow.
  if (ext.length === 0 || ext.length > 16 || ext.length >= max) return chars.slice(0, max).join('');
  return chars.slice(0, max - ext.length).join('') + ext.join('');
}

export interface FileLimits {
  accept: string;
  maxFileSize: number;
  maxFiles: number;
  /** Items already in the list that count towards `maxFiles`. */
  count: number;
}

function rejected(code: UploadError['code'], message: string): UploadError {
  return { code, message, retryable: false };
}

/** The reason a file is refused before any request, or `undefined` when it may be queued. */
export function rejectFile(file: File, limits: FileLimits): UploadError | undefined {
  if (limits.maxFiles > 0 && limits.count >= limits.maxFiles) {
    return rejected('rejected_count', `No more than ${limits.maxFiles} files can be added.`);
  }
  if (!matchesAccept(file, limits.accept)) {
    return rejected('rejected_type', `This type of file is not accepted (accepted: ${limits.accept}).`);
  }
  if (file.size === 0) return rejected('rejected_empty', 'The file is empty.');
  if (limits.maxFileSize > 0 && file.size > limits.maxFileSize) {
    return rejected('rejected_size', `The file is larger than the limit of ${limits.maxFileSize} bytes.`);
  }
  return undefined;
}
