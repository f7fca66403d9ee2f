// POST /wistia/upload/ (file or URL import) and POST /wistia/upload/s3_copy, answered as Wistia's Upload API does.
import { HTML_TYPE, UNAUTHORIZED_HTML, originOf } from './http-answers.mjs';
import { uploadAnswer } from './media-store.mjs';
import { isFormContentType, readForm } from './multipart.mjs';
import { BadRequestError, readSmallBody } from './request-body.mjs';
import { runExchange } from './exchange.mjs';
import {
  VIDEO_LIMIT_MESSAGE,
  checkCommonFields,
  checkImportUrl,
  checkS3Fields,
  lastSegment,
  mediaTypeOf,
  present,
} from './upload-fields.mjs';

/**
 * @param {import('./exchange.mjs').StandinState} state
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @param {'upload' | 's3_copy'} route
 */
export function uploadRoute(state, req, res, url, route) {
  return runExchange(state, req, res, {
    route,
    url,
    needsAuth: true,
    chunkDelayMs: state.settings.chunkDelayMs,
    badRequestCheckAs: 'upload',
    async read(request, pacer, record) {
      const contentType = request.headers['content-type'] ?? '';
      if (!isFormContentType(contentType)) {
        await readSmallBody(request, pacer);
        throw new BadRequestError('Send multipart/form-data or application/x-www-form-urlencoded.');
      }
      /** @type {import('./multipart.mjs').ReceivedForm} */
      const form = { fieldOrder: [], fields: {}, files: [] };
      try {
        return await readForm(request, pacer, form);
      } finally {
        // Also what arrived of a body cut short (its file without a SHA-256), so a re-send can be traced to it.
        state.log.receive(record, form);
      }
    },
    answer: (exchange, form) => answerUpload(exchange, form, route),
  });
}

/**
 * @param {import('./exchange.mjs').Exchange} exchange
 * @param {import('./multipart.mjs').ReceivedForm} form
 * @param {'upload' | 's3_copy'} route
 */
function answerUpload(exchange, form, route) {
  const { state, record, url } = exchange;
  if (record.auth !== 'ok') {
    exchange.reply(401, UNAUTHORIZED_HTML, { contentType: HTML_TYPE, checkAs: 'upload' });
    return;
  }
  // Wistia takes every field but `file` and the token from the query string too; the body wins.
  const query = Object.fromEntries([...url.searchParams].filter(([name]) => name !== 'access_token'));
  /** @type {Record<string, string>} */
  const fields = { ...query, ...form.fields };
  const file = form.files.find((part) => part.field === 'file');

  const error = route === 's3_copy' ? checkS3Fields(fields) : checkUploadSource(fields, form.files);
  const problem = error ?? checkCommonFields(fields);
  if (problem) {
    exchange.reply(400, { error: problem }, { checkAs: 'upload' });
    return;
  }
  const { videoLimit } = state.settings;
  if (videoLimit !== null && state.media.count >= videoLimit) {
    exchange.reply(400, { error: VIDEO_LIMIT_MESSAGE }, { checkAs: 'upload' });
    return;
  }

  // Only requests the stand-in accepts are checked: the ones it refused were refused by rules of its own.
  const sent = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== ''));
  if (route === 's3_copy') exchange.checkRequest('s3_copy', sent);
  else if (file) exchange.checkRequest('upload-file', { ...sent, file: file.filename });
  else exchange.checkRequest('upload-url', sent);

  const path = file ? file.filename : route === 's3_copy' ? fields.source_file : new URL(fields.url).pathname;
  const media = state.media.create({
    now: Date.now(),
    name: present(fields.name) ? fields.name : lastSegment(path) || 'Untitled',
    description: fields.description ?? '',
    type: mediaTypeOf({ contentType: file?.contentType, path }),
    source: file ? 'file' : route === 's3_copy' ? 's3' : 'url',
    bytes: file?.bytes,
    sha256: file?.sha256,
    contactId: present(fields.contact_id) ? fields.contact_id : undefined,
    projectId: present(fields.project_id) ? fields.project_id : undefined,
  });
  if (file) state.log.countSuccess(file.sha256);
  exchange.reply(200, uploadAnswer(media, originOf(exchange.req)), { checkAs: 'upload' });
}

/**
 * Exactly one of `file` (a file part) and `url` must be sent.
 * @param {Record<string, string>} fields
 * @param {import('./multipart.mjs').ReceivedFile[]} files
 */
function checkUploadSource(fields, files) {
  const file = files.find((part) => part.field === 'file');
  const hasUrl = present(fields.url);
  if (files.length > 1) return 'Only one file can be uploaded per request.';
  if (file && hasUrl) return "Send either 'file' or 'url', not both.";
  if (!file && !hasUrl) return "Either 'file' or 'url' is required.";
  if (file && file.bytes === 0) return 'The uploaded file is empty.';
  return hasUrl ? checkImportUrl(fields.url) : null;
}
