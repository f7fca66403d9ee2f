import { tableError } from './error-text.js';
import type { MediaFields, UploadError } from './types.js';
import { truncateName } from './wistia-defaults.js';

const VIDEO_EXTENSIONS =
  'mp4 mov m4v avi wmv mkv webm flv mpg mpeg 3gp 3g2 ogv mts m2ts ts mxf f4v asf vob divx dv qt'.split(' ');
const AUDIO_EXTENSIONS = 'mp3 m4a wav aac ogg oga flac wma aif aiff'.split(' ');

/** Extensions Wistia imports from a link; a link's path must end in one of them. */
export const MEDIA_EXTENSIONS = [...VIDEO_EXTENSIONS, ...AUDIO_EXTENSIONS];

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** `video/<ext>` or `audio/<ext>` for an extension Wistia takes, else `''`. */
function knownType(name: string): string {
  const ext = extensionOf(name);
  return VIDEO_EXTENSIONS.includes(ext) ? `video/${ext}` : AUDIO_EXTENSIONS.includes(ext) ? `audio/${ext}` : '';
}

/** The browser's type, or `video/<ext>` / `audio/<ext>` where it gives none (Firefox: .divx, .f4v, .m2ts, .vob…). */
export function inferredType(file: { name: string; type?: string }): string {
  return (file.type ?? '').toLowerCase().split(';')[0].trim() || knownType(file.name);
}

// A known extension counts for its family whatever the system guessed (Firefox: .mts as model/vnd.mts).
function inFamily(file: { name: string; type?: string }, family: string): boolean {
  return knownType(file.name).startsWith(family) || inferredType(file).startsWith(family);
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

export interface FileLimits {
  accept: string;
  maxFileSize: number;
  maxFiles: number;
  /** Items already in the list that count towards `maxFiles`. */
  count: number;
}

/** Refusal once the list holds `maxFiles` items that count towards it (0: no limit). */
export function overFileLimit(maxFiles: number, count: number): UploadError | undefined {
  if (maxFiles > 0 && count >= maxFiles)
    return tableError('rejected_count', 'errorRejectedCount', false, { max: maxFiles });
  return undefined;
}

/** The reason a file is refused before any request, or `undefined` when it may be queued. */
export function rejectFile(file: File, limits: FileLimits): UploadError | undefined {
  const overLimit = overFileLimit(limits.maxFiles, limits.count);
  if (overLimit) return overLimit;
  if (!matchesAccept(file, limits.accept)) {
    return tableError('rejected_type', 'errorRejectedType', false, { accept: limits.accept });
  }
  if (file.size === 0) return tableError('rejected_empty', 'errorRejectedEmpty', false);
  if (limits.maxFileSize > 0 && file.size > limits.maxFileSize) {
    return tableError('rejected_size', 'errorRejectedSize', false, { max: limits.maxFileSize });
  }
  return undefined;
}

/** Refusal of the files of one pick, drop or paste beyond the first `max`. */
export function tooManyAtOnce(max: number): UploadError {
  return max === 1
    ? tableError('rejected_count', 'errorRejectedSingle', false)
    : tableError('rejected_count', 'errorRejectedAtOnce', false, { max });
}

/** Fields the app sets on an item: unset ones are ignored, and a name is held to Wistia's limit like any other. */
export function appFields(fields: MediaFields): Partial<MediaFields> {
  const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<MediaFields>;
  if (typeof set.name === 'string') set.name = truncateName(set.name);
  return set;
}
