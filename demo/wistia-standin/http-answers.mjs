// Wire-level pieces every route shares: CORS, writing an answer, Wistia's HTML 401.

export const JSON_TYPE = 'application/json; charset=utf-8';
export const HTML_TYPE = 'text/html; charset=utf-8';

// Wistia documents its upload 401 as text/html.
export const UNAUTHORIZED_HTML =
  '<!DOCTYPE html>\n<html><head><title>401 Unauthorized</title></head>' +
  '<body><h1>Unauthorized</h1><p>Check your access_token.</p></body></html>\n';

/**
 * Ways to answer CORS like a misconfigured service, for `doctor` and its tests (all off by default).
 * @typedef {object} Misbehaviour
 * @property {boolean} preflightWithoutAuthorization preflights do not allow the Authorization header
 * @property {boolean} retryAfterHidden answers do not expose Retry-After to the page
 * @property {boolean} tokenWithoutCors the token endpoints answer without CORS headers
 * @property {boolean} relayWrongSecret the relay checks tokens with another secret than the relay-token endpoint signs with
 */

/**
 * Lets a page on any origin call the stand-in, as Wistia lets browsers upload from any site.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {Misbehaviour} misbehave
 */
export function applyCors(req, res, misbehave) {
  const origin = req.headers.origin;
  if (!origin) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  // Without this a cross-origin XHR cannot read Retry-After on a 429 or 503.
  if (!misbehave.retryAfterHidden) res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
  res.setHeader('Vary', 'Origin');
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {Misbehaviour} misbehave
 */
export function answerPreflight(req, res, misbehave) {
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  const headers = misbehave.preflightWithoutAuthorization ? 'Content-Type' : 'Authorization, Content-Type';
  res.setHeader('Access-Control-Allow-Headers', headers);
  res.setHeader('Access-Control-Max-Age', '600');
  // Chromium asks before a public page may reach a local server.
  if (req.headers['access-control-request-private-network'] === 'true') {
    res.setHeader('Access-Control-Allow-Private-Network', 'true');
  }
  res.writeHead(204).end();
}

/**
 * Writes a whole answer; does nothing when the client is gone or an answer was already sent.
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} text
 * @param {string} contentType
 * @param {Record<string, string>} [headers]
 */
export function writeAnswer(res, status, text, contentType, headers = {}) {
  if (res.destroyed || res.headersSent) return false;
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
  return true;
}

/** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} body */
export function writeJson(res, status, body, headers = {}) {
  return writeAnswer(res, status, JSON.stringify(body), JSON_TYPE, headers);
}

/**
 * scheme://host the request was addressed to, so answers can point back to this same server.
 * @param {import('node:http').IncomingMessage} req
 */
export function originOf(req) {
  const forwarded = String(req.headers['x-forwarded-proto'] ?? '')
    .split(',')[0]
    .trim();
  const socket = /** @type {import('node:tls').TLSSocket} */ (req.socket);
  const scheme = forwarded || (socket.encrypted ? 'https' : 'http');
  return `${scheme}://${req.headers.host ?? 'localhost'}`;
}
