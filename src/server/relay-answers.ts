// Wistia's answers, rebuilt by the relay: a 200's media JSON, and for anything else the relay's own words (a 400
// keeps Wistia's message, shortened and without credentials), so no upstream HTML, header or token reaches a page.

import { errorResponse, jsonResponse } from './json-response.js';
import { readLimitedText } from './read-limited-text.js';
import { redactSecrets } from './redact-secrets.js';

/** Largest upstream answer read back (media JSON is a few KB). */
const MAX_ANSWER_BYTES = 1024 * 1024;
const MAX_MESSAGE_LENGTH = 500;

export type RelayRoute = 'upload' | 's3' | 'status';

/** A 200 with media JSON (as an object), or the rebuilt answer to send instead. */
export type UpstreamAnswer = { ok: true; media: Record<string, unknown> } | { ok: false; response: Response };

/** Reads Wistia's answer: only a 200 with a JSON object is passed on; every other answer is rebuilt. */
export async function readUpstreamAnswer(
  response: Response,
  route: RelayRoute,
  secrets: readonly string[],
  report: (error: Error) => void,
): Promise<UpstreamAnswer> {
  const read = await readLimitedText(response, MAX_ANSWER_BYTES);
  const json = read.ok && isJsonType(response.headers.get('content-type')) ? parseObject(read.text) : undefined;
  const { status } = response;
  if (status === 200 && json !== undefined) return { ok: true, media: json };
  const headers = new Headers();
  const retryAfter = response.headers.get('retry-after')?.trim();
  if (retryAfter !== undefined && /^\d{1,7}$/.test(retryAfter)) headers.set('Retry-After', retryAfter);
  const fail = (code: number, message: string): UpstreamAnswer => ({
    ok: false,
    response: errorResponse(code, message, headers),
  });

  if (status === 200) return fail(502, 'Wistia answered with something other than media JSON. Try again later.');
  if (status === 400) {
    const said = json === undefined ? undefined : wistiaMessage(json);
    return fail(400, said === undefined ? 'Wistia refused the upload.' : cleanMessage(said, secrets));
  }
  if (status === 401 || status === 403) {
    report(new Error(`Upload relay: Wistia answered ${status} to the site's Wistia token on ${route}.`));
    return fail(status, "Wistia refused this site's upload credentials. Tell the site's owner.");
  }
  if (status === 404 && route === 'status') return fail(404, 'Media not found.');
  if (status === 408 || status === 429) return fail(status, 'Wistia is busy. Try again shortly.');
  if (status >= 500 && status <= 599) return fail(status, 'Wistia is unavailable. Try again later.');
  report(new Error(`Upload relay: Wistia answered ${status} on ${route}.`));
  return fail(502, `Wistia answered ${status}. Try again later.`);
}

/** The media JSON a 200 passes on (upload routes) or the few status fields (status reads). */
export function mediaResponse(media: Record<string, unknown>, headers: HeadersInit = {}): Response {
  return jsonResponse(200, media, headers);
}

/** The first message Wistia gives, in any of the shapes it has used. */
function wistiaMessage(body: Record<string, unknown>): string | undefined {
  const error = body['error'];
  const nested = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const found = [error, nested['detail'], nested['message'], body['detail'], body['message']].find(
    (value): value is string => typeof value === 'string' && value.trim() !== '',
  );
  return found?.trim();
}

function cleanMessage(message: string, secrets: readonly string[]): string {
  // Redacted before it is cut, so a cut can never leave half a credential behind.
  // Control characters (line breaks included) become spaces: the message is shown as one line of text.
  const clean = Array.from(redactSecrets(message, secrets), (char) => (char < ' ' || char === '\u007f' ? ' ' : char))
    .join('')
    .replace(/ {2,}/g, ' ');
  return clean.length > MAX_MESSAGE_LENGTH ? `${clean.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : clean;
}

function isJsonType(contentType: string | null): boolean {
  return /^application\/(?:[\w.+-]+\+)?json\b/i.test(contentType ?? '');
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
