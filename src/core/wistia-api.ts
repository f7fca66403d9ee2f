import type { MediaFields, UploadError, WistiaMedia } from './types.js';

/** Wistia's wire format in one place: endpoints, field names and how its answers are read. */
export const WistiaDefaults = {
  uploadUrl: 'https://upload.wistia.com/',
  s3CopyUrl: 'https://upload.wistia.com/s3_copy',
  apiUrl: 'https://api.wistia.com',
} as const;

/** Wistia's limit on a media name. */
export const MAX_NAME_LENGTH = 255;

/** Optional fields in the order Wistia's examples send them; `file` always goes last. */
export function mediaFieldEntries(fields: MediaFields): [string, string][] {
  const entries: [string, string | undefined][] = [
    ['project_id', fields.projectId],
    ['name', fields.name],
    ['description', fields.description],
    ['contact_id', fields.contactId],
  ];
  return entries.filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '');
}

/**
 * Multipart body: optional fields, then the `File` itself, which the browser streams from disk.
 * `filename` lets the caller send a shorter name than the file's: servers refuse part headers past a few KB.
 */
export function fileUploadBody(file: File, fields: MediaFields, filename = file.name): FormData {
  const body = new FormData();
  for (const [key, value] of mediaFieldEntries(fields)) body.append(key, value);
  body.append('file', file, filename);
  return body;
}

/** Form-urlencoded body for a URL import or an S3 copy. */
export function importBody(first: [string, string][], fields: MediaFields): URLSearchParams {
  return new URLSearchParams([...first, ...mediaFieldEntries(fields)]);
}

/** `GET {api}/v1/medias/{hashed_id}.json`, used to wait for processing. */
export function mediaStatusUrl(apiUrl: string, hashedId: string): string {
  return `${apiUrl.replace(/\/+$/, '')}/v1/medias/${encodeURIComponent(hashedId)}.json`;
}

/** Embed page shown as the link of a finished media. */
export function mediaEmbedUrl(hashedId: string): string {
  return `https://fast.wistia.net/embed/iframe/${encodeURIComponent(hashedId)}`;
}

export function isMedia(value: unknown): value is WistiaMedia {
  if (!value || typeof value !== 'object') return false;
  const m = value as Record<string, unknown>;
  return (
    typeof m.hashed_id === 'string' && m.hashed_id !== '' && (typeof m.id === 'number' || typeof m.id === 'string')
  );
}

/** JSON or `undefined`: answers from the network are not trusted to parse. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Wistia has sent errors in several shapes; take the first present, as the contract lists them. */
export function wistiaErrorMessage(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as Record<string, unknown>;
  const err = b.error as Record<string, unknown> | string | undefined;
  const candidates = [
    typeof err === 'string' ? err : undefined,
    err && typeof err === 'object' ? err.detail : undefined,
    err && typeof err === 'object' ? err.message : undefined,
    b.detail,
    b.message,
  ];
  const found = candidates.find((c) => typeof c === 'string' && c.trim() !== '');
  return typeof found === 'string' ? found.trim().slice(0, 500) : undefined;
}

/** Errors whose message is the server's own words, not a fallback of ours; kept beside the error so its shape stays as public. */
const serverWorded = new WeakSet<UploadError>();

/** Marks `error.message` as the server's own words; returns the error. */
export function withServerMessage(error: UploadError): UploadError {
  serverWorded.add(error);
  return error;
}

/** True when `error.message` came from Wistia or the token endpoint rather than from this library. */
export function hasServerMessage(error: UploadError): boolean {
  return serverWorded.has(error);
}

/** What came back from one request, as far as classification needs it. */
export interface RawResponse {
  status: number;
  body: string;
  retryAfter?: string | null;
}

export type Classified =
  { ok: true; media: WistiaMedia } | { ok: false; error: UploadError; retryAfterMs?: number; unauthorized?: boolean };

/** Reads `Retry-After` (seconds or an HTTP date) as milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Turns one answer of the Upload API into media or an error with its retry policy. */
export function classifyResponse(res: RawResponse): Classified {
  const { status } = res;
  if (status >= 200 && status < 300) {
    const media = parseJson(res.body);
    if (isMedia(media)) return { ok: true, media };
    return fail('invalid_response', 'Wistia answered, but not with media details.', status, false);
  }
  const message = wistiaErrorMessage(parseJson(res.body));
  if (status === 401) {
    return {
      ...fail('unauthorized', message ?? 'Wistia did not accept the upload permission.', status, false),
      unauthorized: true,
    };
  }
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(res.retryAfter) : undefined;
    const text = status === 429 ? 'Wistia is busy right now.' : 'Wistia had a problem receiving the file.';
    return { ...fail('server', message ?? text, status, true), retryAfterMs };
  }
  const rejected = fail('wistia_rejected', message ?? `Wistia refused the upload (HTTP ${status}).`, status, false);
  if (message !== undefined) withServerMessage(rejected.error);
  return rejected;
}

type Failure = Extract<Classified, { ok: false }>;

function fail(code: UploadError['code'], message: string, status: number, retryable: boolean): Failure {
  return { ok: false, error: { code, message, status, retryable } };
}
