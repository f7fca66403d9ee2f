// POST /wistia/token: the app backend's token endpoint (docs/token-endpoint.md), which hands the page a short-lived upload token.
import { isoSeconds } from './media-store.mjs';
import { BadRequestError, parseJsonObject, readSmallBody } from './request-body.mjs';
import { runExchange } from './exchange.mjs';

/**
 * @param {import('./exchange.mjs').StandinState} state
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 */
export function tokenRoute(state, req, res, url) {
  return runExchange(state, req, res, {
    route: 'token',
    url,
    needsAuth: false,
    async read(request, pacer, record) {
      const raw = await readSmallBody(request, pacer);
      if (!(request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
        throw new BadRequestError('Content-Type must be application/json.');
      }
      const body = parseJsonObject(raw);
      state.log.receive(record, { fieldOrder: Object.keys(body), fields: body });
      return body;
    },
    answer(exchange, body) {
      exchange.checkRequest('token', body);
      const now = Date.now();
      const { tokenTtlSeconds: ttl, tokenShape } = state.settings;
      const project = body.project_id === undefined || body.project_id === null ? null : String(body.project_id);
      const { token, expiresAt } = state.tokens.issue(ttl, now, project);
      const grant =
        tokenShape === 'oauth'
          ? { access_token: token, expires_in: ttl }
          : { token, expires_at: isoSeconds(expiresAt) };
      exchange.reply(200, grant, { checkAs: 'token' });
    },
  });
}
