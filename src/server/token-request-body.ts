// Parses the token request body, `{"project_id": "<hashed id>" | null}`, without trusting its size.

import { readLimitedText } from './read-limited-text.js';

/** Far above any real body (about 40 bytes), far below anything that could hurt the server. */
export const MAX_BODY_BYTES = 4096;

/** Wistia hashed ids are short alphanumeric strings; anything else is a client bug or a probe. */
const PROJECT_ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

export type ParsedTokenRequest =
  { ok: true; projectId: string | null } | { ok: false; status: 400 | 413 | 415; message: string };

/** Reads and validates the body of a token request. */
export async function parseTokenRequest(request: Request): Promise<ParsedTokenRequest> {
  // Requiring JSON makes a cross-site form post impossible without a CORS preflight.
  if (!isJsonContentType(request.headers.get('content-type'))) {
    return { ok: false, status: 415, message: 'Send the request body as application/json.' };
  }
  const read = await readLimitedText(request, MAX_BODY_BYTES);
  if (!read.ok) {
    return read.problem === 'too_large'
      ? { ok: false, status: 413, message: 'The request body is too large.' }
      : { ok: false, status: 400, message: 'The request body is not valid UTF-8 text.' };
  }

  let body: unknown;
  try {
    body = JSON.parse(read.text);
  } catch {
    return { ok: false, status: 400, message: 'The request body is not valid JSON.' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return { ok: false, status: 400, message: 'The request body must be a JSON object like {"project_id": null}.' };
  }
  const projectId = (body as Record<string, unknown>)['project_id'];
  // A missing project_id means the same as null: Wistia picks its default project.
  if (projectId === undefined || projectId === null) return { ok: true, projectId: null };
  if (typeof projectId === 'string' && PROJECT_ID_PATTERN.test(projectId)) return { ok: true, projectId };
  return { ok: false, status: 400, message: "project_id must be a project's hashed id or null." };
}

function isJsonContentType(value: string | null): boolean {
  const mediaType = value?.split(';', 1)[0]?.trim().toLowerCase();
  return mediaType === 'application/json';
}
