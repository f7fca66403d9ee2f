// GET /wistia/api/v1/medias/<hashed_id>.json (the Data API call behind wait-for-ready) and the thumbnails.
import { originOf, writeAnswer, writeJson } from './http-answers.mjs';
import { mediaAnswer, thumbnailSvg } from './media-store.mjs';
import { readSmallBody } from './request-body.mjs';
import { runExchange } from './exchange.mjs';

/**
 * @param {import('./exchange.mjs').StandinState} state
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {URL} url
 * @param {string} hashedId
 */
export function mediaRoute(state, req, res, url, hashedId) {
  return runExchange(state, req, res, {
    route: 'media',
    url,
    needsAuth: true,
    read: (request, pacer) => readSmallBody(request, pacer),
    answer(exchange) {
      // The Data API answers its errors in JSON, unlike the upload host's HTML 401.
      if (exchange.record.auth !== 'ok') {
        exchange.reply(401, { error: 'Invalid credentials.' }, { checkAs: 'media' });
        return;
      }
      const media = state.media.get(hashedId);
      if (!media) {
        exchange.reply(404, { error: `Media with hashed id '${hashedId}' not found.` }, { checkAs: 'media' });
        return;
      }
      const body = mediaAnswer(media, originOf(req), state.settings.processingMs, Date.now());
      exchange.reply(200, body, { checkAs: 'media' });
    },
  });
}

/**
 * Thumbnails are public, as on Wistia's CDN: no token, not logged.
 * @param {import('./exchange.mjs').StandinState} state
 * @param {import('node:http').ServerResponse} res
 * @param {string} hashedId
 */
export function thumbnailRoute(state, res, hashedId) {
  if (!state.media.get(hashedId)) return writeJson(res, 404, { error: 'Thumbnail not found.' });
  return writeAnswer(res, 200, thumbnailSvg(hashedId), 'image/svg+xml', {
    'Cache-Control': 'public, max-age=3600',
    'Cross-Origin-Resource-Policy': 'cross-origin',
  });
}
