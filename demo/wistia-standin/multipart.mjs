// Streams a form body (multipart or urlencoded) through busboy: files are hashed and counted, never held in memory.
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { BadRequestError, ConnectionResetError } from './request-body.mjs';

/**
 * @typedef {object} ReceivedFile
 * @property {string} field
 * @property {string} filename
 * @property {string} contentType
 * @property {number} bytes
 * @property {string} sha256
 */
/**
 * @typedef {object} ReceivedForm
 * @property {string[]} fieldOrder every part name, files included, in arrival order
 * @property {Record<string, string>} fields text fields (the last value wins, as in Rack)
 * @property {ReceivedFile[]} files
 */

export const FORM_TYPES = ['multipart/form-data', 'application/x-www-form-urlencoded'];

/** @param {string} contentType */
export function isFormContentType(contentType) {
  return FORM_TYPES.some((type) => contentType.toLowerCase().startsWith(type));
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:stream').Transform} pacer
 * @param {ReceivedForm} [form] filled in as parts arrive, so a caller still sees what came of a body cut short
 * @returns {Promise<ReceivedForm>}
 */
export async function readForm(req, pacer, form = { fieldOrder: [], fields: {}, files: [] }) {
  /** @type {Promise<void>[]} */
  const fileEnds = [];
  /** @type {import('busboy').Busboy} */
  let parser;
  try {
    // Browsers send UTF-8 file names unencoded; busboy's default would read them as Latin-1.
    parser = busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      limits: { fieldSize: 1 << 20, fields: 100, files: 10 },
    });
  } catch (error) {
    throw new BadRequestError(`Malformed form body: ${/** @type {Error} */ (error).message}`);
  }

  parser.on('field', (name, value, info) => {
    if (info.valueTruncated) parser.destroy(new BadRequestError(`Field '${name}' is too long.`));
    form.fieldOrder.push(name);
    form.fields[name] = value;
  });
  parser.on('file', (name, stream, info) => {
    form.fieldOrder.push(name);
    const hash = createHash('sha256');
    const file = { field: name, filename: info.filename ?? '', contentType: info.mimeType, bytes: 0, sha256: '' };
    form.files.push(file);
    stream.on('data', (/** @type {Buffer} */ chunk) => {
      hash.update(chunk);
      file.bytes += chunk.length;
    });
    const ended = new Promise((/** @type {(value?: void) => void} */ resolve, reject) => {
      stream.on('end', () => {
        file.sha256 = hash.digest('hex');
        resolve();
      });
      stream.on('error', reject);
    });
    // A reset or a malformed body fails the pipeline first; its error is the one reported, not this copy.
    ended.catch(() => {});
    fileEnds.push(ended);
  });
  for (const limit of ['partsLimit', 'filesLimit', 'fieldsLimit']) {
    parser.on(limit, () => parser.destroy(new BadRequestError('Too many form fields.')));
  }

  try {
    await pipeline(req, pacer, parser);
    await Promise.all(fileEnds);
  } catch (error) {
    // A dropped or reset connection passes through; anything else busboy raises means a malformed body.
    if (error instanceof BadRequestError || error instanceof ConnectionResetError || req.socket?.destroyed) throw error;
    throw new BadRequestError(`Malformed form body: ${/** @type {Error} */ (error).message}`);
  }
  return form;
}
