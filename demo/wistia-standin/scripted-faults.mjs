// One-shot scripted answers per route, so tests can make the next requests fail in exactly the way they need.
import { STATUS_CODES } from 'node:http';
import { UNAUTHORIZED_HTML } from './http-answers.mjs';

/** @typedef {'upload' | 's3_copy' | 'media' | 'token'} ScriptableRoute */
/**
 * @typedef {object} ScriptedAnswer
 * @property {number} [status] answer with this status instead of the normal answer
 * @property {string | object} [body] string as is, anything else as JSON (default: depends on status)
 * @property {string} [contentType]
 * @property {number | string} [retryAfter] seconds (or an HTTP date) for `Retry-After`
 * @property {boolean} [stall] stop reading the body and never answer
 * @property {number} [stallMs] read nothing of the body for this long, then read on and answer
 * @property {number} [resetAfterBytes] reset the connection once this many body bytes were read
 * @property {number} [slowReadMs] pause this long between body chunks
 * @property {number} [delayMs] wait this long before answering
 * @property {boolean} [pass] answer normally (same as `{}`)
 */

export const SCRIPTABLE_ROUTES = /** @type {const} */ (['upload', 's3_copy', 'media', 'token']);

const KEY_CHECKS = /** @type {Record<keyof ScriptedAnswer, (v: unknown) => boolean>} */ ({
  status: (v) => Number.isInteger(v) && /** @type {number} */ (v) >= 100 && /** @type {number} */ (v) <= 599,
  body: (v) => v !== undefined,
  contentType: (v) => typeof v === 'string' && v.length > 0,
  retryAfter: (v) => (typeof v === 'number' && v >= 0) || typeof v === 'string',
  stall: (v) => typeof v === 'boolean',
  stallMs: (v) => typeof v === 'number' && v >= 0,
  resetAfterBytes: (v) => Number.isInteger(v) && /** @type {number} */ (v) >= 0,
  slowReadMs: (v) => typeof v === 'number' && v >= 0,
  delayMs: (v) => typeof v === 'number' && v >= 0,
  pass: (v) => typeof v === 'boolean',
});

/**
 * Checks a scripted answer strictly, so a typo in a test fails loudly instead of silently answering normally.
 * @param {unknown} entry
 * @returns {ScriptedAnswer}
 */
export function normaliseScriptedAnswer(entry) {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new Error('each scripted answer must be an object');
  }
  for (const [key, value] of Object.entries(entry)) {
    const valid = /** @type {Record<string, (v: unknown) => boolean>} */ (KEY_CHECKS)[key];
    if (!valid) throw new Error(`unknown scripted answer key '${key}'`);
    if (!valid(value)) throw new Error(`invalid value for '${key}'`);
  }
  return structuredClone(/** @type {ScriptedAnswer} */ (entry));
}

export class ScriptQueue {
  /** @type {Map<ScriptableRoute, ScriptedAnswer[]>} */
  #queues = new Map();

  /** @param {unknown} route @param {unknown} responses */
  add(route, responses) {
    if (!SCRIPTABLE_ROUTES.includes(/** @type {ScriptableRoute} */ (route))) {
      throw new Error(`route must be one of ${SCRIPTABLE_ROUTES.join(', ')}`);
    }
    if (!Array.isArray(responses)) throw new Error('responses must be an array');
    const entries = responses.map(normaliseScriptedAnswer);
    const queue = this.#queues.get(/** @type {ScriptableRoute} */ (route)) ?? [];
    queue.push(...entries);
    this.#queues.set(/** @type {ScriptableRoute} */ (route), queue);
    return queue.length;
  }

  /** The next scripted answer for a route, used up by this call. @param {ScriptableRoute} route */
  take(route) {
    return this.#queues.get(route)?.shift();
  }

  /** How many scripted answers wait, per route. */
  pending() {
    return Object.fromEntries(SCRIPTABLE_ROUTES.map((route) => [route, this.#queues.get(route)?.length ?? 0]));
  }

  clear() {
    this.#queues.clear();
  }
}

/** True when the entry changes nothing about the answer (`{}` or `{pass: true}`). */
export function isPassThrough(/** @type {ScriptedAnswer | undefined} */ entry) {
  return !entry || Object.keys(entry).every((key) => key === 'pass');
}

/** What the log shows of a scripted answer: everything but the body, which may be large. */
export function describeFault(/** @type {ScriptedAnswer | undefined} */ entry) {
  if (isPassThrough(entry)) return null;
  const { body, ...rest } = /** @type {ScriptedAnswer} */ (entry);
  return body === undefined ? rest : { ...rest, body: typeof body === 'string' ? 'text' : 'json' };
}

/**
 * The wire form of a scripted status answer, with defaults shaped like the route's real errors.
 * @param {ScriptedAnswer & { status: number }} entry
 * @param {ScriptableRoute} route
 */
export function scriptedReply(entry, route) {
  /** @type {Record<string, string>} */
  const headers = {};
  if (entry.retryAfter !== undefined) headers['Retry-After'] = String(entry.retryAfter);
  let { body, contentType } = entry;
  if (body === undefined) {
    const uploadRoute = route === 'upload' || route === 's3_copy';
    if (entry.status === 401 && uploadRoute)
      [body, contentType] = [UNAUTHORIZED_HTML, contentType ?? 'text/html; charset=utf-8'];
    else if (entry.status >= 400) body = { error: STATUS_CODES[entry.status] ?? `Error ${entry.status}` };
    else body = '';
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  contentType ??= typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
  return { status: entry.status, text, contentType, headers };
}
