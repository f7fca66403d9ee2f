// What the stand-in saw, for tests to assert on. Secrets are redacted on the way in, so no dump can leak them.

/**
 * @typedef {object} RequestRecord
 * @property {number} seq
 * @property {'upload' | 's3_copy' | 'media' | 'token'} route
 * @property {string} method
 * @property {string} path path and query, secrets redacted
 * @property {string} contentType
 * @property {'ok' | 'missing' | 'invalid' | 'expired' | null} auth null on routes that take no token
 * @property {string | null} [tokenProject] the project the request's token was issued for (null: none); absent
 *   when the route takes no token or the token is not one the stand-in issued
 * @property {string[]} fieldOrder
 * @property {Record<string, unknown>} fields
 * @property {import('./multipart.mjs').ReceivedFile[]} files
 * @property {number} bodyBytes body bytes read so far
 * @property {boolean} bodyComplete the whole body was read
 * @property {boolean} clientAborted the client closed the connection before any answer (the stand-in did not reset it)
 * @property {number | null} status null while unanswered, or never answered
 * @property {object | null} fault the scripted answer used (without its body), or null
 * @property {'pending' | 'answered' | 'stalled' | 'reset' | 'aborted'} outcome
 * @property {string} startedAt
 * @property {string | null} endedAt when the connection closed, answered or not
 */
/**
 * @typedef {object} OpenapiViolation
 * @property {number} seq the request it concerns
 * @property {'upload' | 's3_copy' | 'media' | 'token'} route
 * @property {'request' | 'answer'} direction
 * @property {string[]} errors
 */

// Names under which clients have put Wistia credentials in forms or URLs.
const SECRET_NAMES = new Set(['access_token', 'api_password', 'token']);
export const REDACTED = '[redacted]';

export class RequestLog {
  /** @type {RequestRecord[]} */
  #records = [];
  /** @type {OpenapiViolation[]} */
  #violations = [];
  /** @type {Record<string, number>} */
  #successesBySha256 = {};
  #tokenRequests = 0;
  #checked = { requests: 0, answers: 0 };
  #seq = 0;

  /**
   * @param {Pick<RequestRecord, 'route' | 'method' | 'contentType' | 'auth' | 'tokenProject'> & { url: URL }} start
   * @returns {RequestRecord}
   */
  start({ route, method, url, contentType, auth, tokenProject }) {
    if (route === 'token') this.#tokenRequests++;
    const record = {
      seq: ++this.#seq,
      route,
      method,
      path: redactedPath(url),
      contentType,
      auth,
      ...(tokenProject !== undefined ? { tokenProject } : {}),
      fieldOrder: [],
      fields: {},
      files: [],
      bodyBytes: 0,
      bodyComplete: false,
      clientAborted: false,
      status: null,
      fault: null,
      outcome: /** @type {RequestRecord['outcome']} */ ('pending'),
      startedAt: new Date().toISOString(),
      endedAt: null,
    };
    this.#records.push(record);
    return record;
  }

  /**
   * Stores the received form fields, secrets replaced.
   * @param {RequestRecord} record
   * @param {{ fieldOrder: string[], fields: Record<string, unknown>, files?: import('./multipart.mjs').ReceivedFile[] }} form
   */
  receive(record, { fieldOrder, fields, files = [] }) {
    record.fieldOrder = [...fieldOrder];
    record.fields = Object.fromEntries(
      Object.entries(fields).map(([name, value]) => [name, SECRET_NAMES.has(name) ? REDACTED : value]),
    );
    record.files = files.map((file) => ({ ...file }));
  }

  /** @param {string} sha256 */
  countSuccess(sha256) {
    this.#successesBySha256[sha256] = (this.#successesBySha256[sha256] ?? 0) + 1;
  }

  /**
   * @param {RequestRecord} record
   * @param {'request' | 'answer'} direction
   * @param {string[]} errors
   */
  checked(record, direction, errors) {
    this.#checked[direction === 'request' ? 'requests' : 'answers']++;
    if (errors.length > 0) this.#violations.push({ seq: record.seq, route: record.route, direction, errors });
  }

  /** A copy safe to hand out and serialise. @param {boolean} openapiChecks */
  snapshot(openapiChecks) {
    return structuredClone({
      requests: this.#records,
      successesBySha256: this.#successesBySha256,
      tokenRequests: this.#tokenRequests,
      openapiChecks,
      openapiChecked: this.#checked,
      openapiViolations: this.#violations,
    });
  }

  clear() {
    this.#records = [];
    this.#violations = [];
    this.#successesBySha256 = {};
    this.#tokenRequests = 0;
    this.#checked = { requests: 0, answers: 0 };
    this.#seq = 0;
  }
}

/** @param {URL} url */
function redactedPath(url) {
  const params = new URLSearchParams(url.search);
  for (const name of [...params.keys()]) if (SECRET_NAMES.has(name)) params.set(name, REDACTED);
  const query = params.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}
