// Checks requests and answers against Wistia's published OpenAPI document, so the stand-in cannot drift from it.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

/** @typedef {'upload-file' | 'upload-url' | 's3_copy' | 'token'} RequestKind */
/** @typedef {'upload' | 'media' | 'token'} AnswerKind */
/**
 * @typedef {object} OpenapiCheck
 * @property {boolean} enabled false when the document was not found (checks are skipped)
 * @property {string} specPath
 * @property {(kind: RequestKind, fields: Record<string, unknown>) => string[]} checkRequest
 * @property {(kind: AnswerKind, status: number, contentType: string, body: unknown) => string[]} checkAnswer
 */

// The repository is cloned with `shared/` beside it: <repo>/../shared/wistia-openapi.yaml.
export const DEFAULT_OPENAPI_PATH = fileURLToPath(new URL('../../../shared/wistia-openapi.yaml', import.meta.url));

const addFormats = /** @type {any} */ (addFormatsModule).default ?? addFormatsModule;
const DOC = 'wistia-openapi';
const UPLOAD = `${DOC}#/paths/~1/post`;
const MEDIA = `${DOC}#/paths/~1medias~1%7BmediaHashedId%7D/get`;
const json = (/** @type {string} */ op, /** @type {number} */ status) =>
  `${op}/responses/${status}/content/application~1json/schema`;

// What the element's items and events require of media JSON; the published schemas make every property optional.
const MEDIA_CONTRACT = {
  type: 'object',
  required: ['id', 'hashed_id', 'name', 'type', 'created', 'updated', 'duration', 'progress', 'thumbnail'],
  properties: {
    hashed_id: { type: 'string', pattern: '^[a-z0-9]{10}$' },
    thumbnail: { type: 'object', required: ['url', 'width', 'height'] },
  },
};

// The token endpoint is this project's own protocol (docs/token-endpoint.md), not Wistia's, so its schemas live here.
const TOKEN_REQUEST = {
  type: 'object',
  required: ['project_id'],
  properties: { project_id: { type: ['string', 'null'] } },
};
const TOKEN_ANSWER = {
  oneOf: [
    {
      type: 'object',
      required: ['token', 'expires_at'],
      properties: { token: { type: 'string', minLength: 1 }, expires_at: { type: 'string', format: 'date-time' } },
    },
    {
      type: 'object',
      required: ['access_token', 'expires_in'],
      properties: { access_token: { type: 'string', minLength: 1 }, expires_in: { type: 'number', minimum: 0 } },
    },
  ],
};

const S3_COPY_REQUEST = {
  allOf: [
    { $ref: `${DOC}#/components/schemas/CommonUploadProperties` },
    {
      type: 'object',
      required: ['bucket', 'source_file'],
      properties: { bucket: { type: 'string' }, source_file: { type: 'string' } },
    },
  ],
};

// The published 400 schema says `error` is an object {code, detail}, while Wistia's docs and the real service
// send {"error": "<string>"}; an answer in either shape passes, as long as `error` is there.
const UPLOAD_400 = {
  type: 'object',
  required: ['error'],
  anyOf: [{ $ref: json(UPLOAD, 400) }, { type: 'object', properties: { error: { type: 'string' } } }],
};

/** @type {Map<string, OpenapiCheck>} */
const cache = new Map();
let warned = false;

/**
 * Loads and compiles the document once per path; a missing document turns the checks off with one warning.
 * @param {{ specPath?: string }} [options]
 * @returns {OpenapiCheck}
 */
export function loadOpenapiCheck({ specPath = DEFAULT_OPENAPI_PATH } = {}) {
  const cached = cache.get(specPath);
  if (cached) return cached;
  const check = existsSync(specPath) ? compileChecks(specPath) : disabledCheck(specPath);
  cache.set(specPath, check);
  return check;
}

/** @param {string} specPath @returns {OpenapiCheck} */
function disabledCheck(specPath) {
  if (!warned) {
    warned = true;
    console.warn(`wistia-standin: ${specPath} not found; OpenAPI conformance checks are skipped.`);
  }
  return { enabled: false, specPath, checkRequest: () => [], checkAnswer: () => [] };
}

/** @param {string} specPath @returns {OpenapiCheck} */
function compileChecks(specPath) {
  const doc = parse(readFileSync(specPath, 'utf8'));
  // Form fields arrive as text: one instance coerces them ("42" → 42) as a server would, the other checks answers strictly.
  const forms = createAjv({ coerceTypes: true });
  const answers = createAjv({});
  forms.addSchema(doc, DOC);
  answers.addSchema(doc, DOC);

  const requests = {
    'upload-file': forms.getSchema(`${UPLOAD}/requestBody/content/multipart~1form-data/schema`),
    'upload-url': forms.getSchema(`${UPLOAD}/requestBody/content/application~1x-www-form-urlencoded/schema`),
    s3_copy: forms.compile(S3_COPY_REQUEST),
    token: forms.compile(TOKEN_REQUEST),
  };
  const contract = answers.compile(MEDIA_CONTRACT);
  /** @type {Record<string, Record<number, import('ajv').ValidateFunction[]>>} */
  const responses = {
    upload: { 200: [need(answers.getSchema(json(UPLOAD, 200))), contract], 400: [answers.compile(UPLOAD_400)] },
    media: {
      200: [need(answers.getSchema(json(MEDIA, 200))), contract],
      401: [need(answers.getSchema(json(MEDIA, 401)))],
      404: [need(answers.getSchema(json(MEDIA, 404)))],
    },
    token: { 200: [answers.compile(TOKEN_ANSWER)] },
  };

  return {
    enabled: true,
    specPath,
    checkRequest(kind, fields) {
      return run([need(requests[kind])], structuredClone(fields), `${kind} request`);
    },
    checkAnswer(kind, status, contentType, body) {
      const label = `${kind} ${status} answer`;
      // Wistia documents its upload 401 as text/html; the Data API answers JSON.
      if (kind === 'upload' && status === 401) {
        return contentType.startsWith('text/html') ? [] : [`${label}: Content-Type ${contentType}, expected text/html`];
      }
      const validators = responses[kind]?.[status];
      if (!validators) return [`${label}: status ${status} is not documented for this route`];
      if (!contentType.startsWith('application/json'))
        return [`${label}: Content-Type ${contentType}, expected application/json`];
      return run(validators, body, label);
    },
  };
}

/** @param {import('ajv').Options} extra */
function createAjv(extra) {
  // OpenAPI 3.1 is JSON Schema 2020-12; `x-*`, `examples` and other annotations are ignored, not errors.
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    logger: false,
    validateSchema: false,
    formats: { iso8601: true, binary: true },
    ...extra,
  });
  addFormats(ajv);
  return ajv;
}

/** @template T @param {T | undefined} value @returns {T} */
function need(value) {
  if (!value) throw new Error('wistia-standin: a schema the stand-in relies on is missing from the OpenAPI document');
  return value;
}

/** @param {import('ajv').ValidateFunction[]} validators @param {unknown} data @param {string} label */
function run(validators, data, label) {
  /** @type {string[]} */
  const errors = [];
  for (const validate of validators) {
    if (validate(data)) continue;
    for (const e of validate.errors ?? []) errors.push(`${label}: ${e.instancePath || '(root)'} ${e.message}`);
  }
  return errors;
}
