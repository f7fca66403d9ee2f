// /wistia/control/*: JSON in, JSON out, for tests and the demo's switches to steer the stand-in.
import { PassThrough } from 'node:stream';
import { writeJson } from './http-answers.mjs';
import { parseJsonObject, readSmallBody } from './request-body.mjs';

/**
 * @typedef {object} ControlApi
 * @property {() => void} reset
 * @property {() => unknown} log
 */

/**
 * @param {import('./exchange.mjs').StandinState} state
 * @param {ControlApi} api
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string} name
 */
export async function controlRoute(state, api, req, res, name) {
  if (name === 'log') {
    if (req.method !== 'GET') return writeJson(res, 405, { error: 'Use GET.' }, { Allow: 'GET' });
    return writeJson(res, 200, api.log());
  }
  if (!Object.hasOwn(COMMANDS, name)) return writeJson(res, 404, { error: `Unknown control '${name}'.` });
  if (req.method !== 'POST') return writeJson(res, 405, { error: 'Use POST.' }, { Allow: 'POST' });
  try {
    const body = parseJsonObject(await readSmallBody(req, new PassThrough()));
    return writeJson(res, 200, { ok: true, ...COMMANDS[name](state, api, body) });
  } catch (error) {
    return writeJson(res, 400, { error: /** @type {Error} */ (error).message });
  }
}

/** @type {Record<string, (state: import('./exchange.mjs').StandinState, api: ControlApi, body: Record<string, any>) => object>} */
const COMMANDS = {
  script(state, _api, body) {
    allowOnly(body, ['route', 'responses']);
    state.scripts.add(body.route, body.responses);
    return { pending: state.scripts.pending() };
  },
  slow(state, _api, body) {
    allowOnly(body, ['chunkDelayMs']);
    state.settings.chunkDelayMs = nonNegative(body.chunkDelayMs, 'chunkDelayMs');
    return { chunkDelayMs: state.settings.chunkDelayMs };
  },
  tokens(state, _api, body) {
    allowOnly(body, ['ttlSeconds', 'expireAll', 'shape']);
    if (body.ttlSeconds !== undefined) state.settings.tokenTtlSeconds = nonNegative(body.ttlSeconds, 'ttlSeconds');
    if (body.shape !== undefined) {
      if (body.shape !== 'wistia' && body.shape !== 'oauth') throw new Error("shape must be 'wistia' or 'oauth'");
      state.settings.tokenShape = body.shape;
    }
    if (body.expireAll === true) state.tokens.expireAll(Date.now());
    return { ttlSeconds: state.settings.tokenTtlSeconds, shape: state.settings.tokenShape };
  },
  config(state, _api, body) {
    allowOnly(body, ['videoLimit', 'processingMs', 'failMedia']);
    if (body.videoLimit !== undefined) {
      state.settings.videoLimit = body.videoLimit === null ? null : nonNegative(body.videoLimit, 'videoLimit');
    }
    if (body.processingMs !== undefined) {
      const { queued = state.settings.processingMs.queued, processing = state.settings.processingMs.processing } =
        body.processingMs ?? {};
      state.settings.processingMs = {
        queued: nonNegative(queued, 'processingMs.queued'),
        processing: nonNegative(processing, 'processingMs.processing'),
      };
    }
    if (body.failMedia !== undefined && !state.media.markFailing(String(body.failMedia))) {
      throw new Error(`No media with hashed id '${body.failMedia}'.`);
    }
    return { settings: structuredClone(state.settings) };
  },
  misbehave(state, _api, body) {
    allowOnly(body, Object.keys(state.settings.misbehave));
    for (const [name, value] of Object.entries(body)) {
      if (typeof value !== 'boolean') throw new Error(`${name} must be true or false.`);
      state.settings.misbehave[/** @type {keyof typeof state.settings.misbehave} */ (name)] = value;
    }
    return { misbehave: { ...state.settings.misbehave } };
  },
  cut(state, _api, body) {
    allowOnly(body, ['on']);
    if (body.on !== undefined) {
      if (typeof body.on !== 'boolean') throw new Error('on must be true or false.');
      Object.assign(state.line, { cutting: body.on, cut: undefined });
    }
    return { cutting: state.line.cutting, cuts: state.line.cuts };
  },
  reset(_state, api, body) {
    allowOnly(body, []);
    api.reset();
    return {};
  },
};

/** Unknown keys are refused, so a misspelt control fails loudly instead of doing nothing. */
function allowOnly(/** @type {Record<string, unknown>} */ body, /** @type {string[]} */ keys) {
  const unknown = Object.keys(body).filter((key) => !keys.includes(key));
  if (unknown.length > 0) throw new Error(`Unknown key(s): ${unknown.join(', ')}.`);
}

function nonNegative(/** @type {unknown} */ value, /** @type {string} */ name) {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`${name} must be a number ≥ 0.`);
  }
  return value;
}
