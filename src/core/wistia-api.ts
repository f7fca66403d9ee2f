import type { ErrorReason } from './error-text.js';
import { saidOrTable } from './failure-text.js';
import type { ErrorCode, MediaFields, UploadError, UploadItem, WistiaMedia } from './types.js';
import { truncateName } from './wistia-defaults.js';

/** Wistia's wire format in one place: endpoints, field names and how its answers are read. */
export { MAX_NAME_LENGTH, truncateName, WistiaDefaults } from './wistia-defaults.js';

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

/** The body that sends `item` with `fields`: its file as multipart, or its link or S3 object as a form. */
export function uploadBody(item: UploadItem, fields: MediaFields): FormData | URLSearchParams {
  if (item.source === 'file' && item.file) return fileUploadBody(item.file, fields, truncateName(item.file.name));
  const source: [string, string][] =
    item.source === 's3'
      ? [
          ['bucket', item.bucket!],
          ['source_file', item.sourceFile!],
        ]
      : [['url', item.url!]];
  return importBody(source, fields);
}

/** `GET {api}/v1/medias/{hashed_id}.json`, used to wait for processing. */
export function mediaStatusUrl(apiUrl: string, hashedId: string): string {
  return `${apiUrl.replace(/\/+$/, '')}/v1/medias/${encodeURIComponent(hashedId)}.json`;
}

/** Embed page shown as the link of a finished media. */
export function mediaEmbedUrl(hashedId: string): string {
  return `https://fast.wistia.net/embed/iframe/${encodeURIComponent(hashedId)}`;
}

/** The fields of a parsed answer, or none when it is not an object. */
export const fieldsOf = (value: unknown) =>
  (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;

export function isMedia(value: unknown): value is WistiaMedia {
  const m = fieldsOf(value);
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
  const b = fieldsOf(body);
  const err = fieldsOf(b.error);
  const found = [b.error, err.detail, err.message, b.detail, b.message].find(
    (c): c is string => typeof c === 'string' && c.trim() !== '',
  );
  const said = found?.trim().slice(0, 500);
  // "Bad Request" says nothing the status did not: the caller's own sentence explains it better.
  return said && !/^(?:[A-Z][a-z']*(?:[ -][A-Z][a-z']*){0,3}|Error \d{3})$/.test(said) ? said : undefined;
}

/** What came back from one request, as far as classification needs it. */
export interface RawResponse {
  status: number;
  body: string;
  retryAfter?: string | null;
  /** The upload relay's `Upload-Relay-Ref`: sent back on the media's status reads, which need it. */
  relayRef?: string | null;
}

/** The header an upload relay answers an upload with, and expects back on that media's status reads. */
export const RELAY_REF_HEADER = 'Upload-Relay-Ref';

export type Classified =
  | { ok: true; media: WistiaMedia; relayRef?: string }
  | { ok: false; error: UploadError; retryAfterMs?: number; unauthorized?: boolean };

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
    if (isMedia(media)) return { ok: true, media, ...(res.relayRef && { relayRef: res.relayRef }) };
    return fail('invalid_response', 'errorInvalidResponse', status, false);
  }
  if (status === 401) return { ...fail('unauthorized', 'errorUnauthorized', status, false), unauthorized: true };
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(res.retryAfter) : undefined;
    return { ...fail('server', status === 429 ? 'errorServerBusy' : 'errorServer', status, true), retryAfterMs };
  }
  // A refusal is the one answer whose words help the user (the account's video limit, say): keep them.
  return fail('wistia_rejected', 'errorWistiaRejected', status, false, wistiaErrorMessage(parseJson(res.body)));
}

type Failure = Extract<Classified, { ok: false }>;

/** Wistia's own words when it sent some, else our sentence for the case. */
function fail(code: ErrorCode, reason: ErrorReason, status: number, retryable: boolean, said?: string): Failure {
  return { ok: false, error: saidOrTable(code, reason, retryable, said, status) };
}
