// One request's life on an API route: record it, apply any scripted fault, read the body, answer, check the answer.
import { setTimeout as sleep } from 'node:timers/promises';
import { JSON_TYPE, writeAnswer } from './http-answers.mjs';
import { BadRequestError, ConnectionResetError, createBodyPacer } from './request-body.mjs';
import { describeFault, scriptedReply } from './scripted-faults.mjs';

/**
 * @typedef {object} Settings
 * @property {number} tokenTtlSeconds
 * @property {'wistia' | 'oauth'} tokenShape
 * @property {number | null} videoLimit null: no limit
 * @property {import('./media-store.mjs').ProcessingTimes} processingMs
 * @property {number} chunkDelayMs standing pause between upload body chunks (0 = off)
 * @property {import('./http-answers.mjs').Misbehaviour} misbehave
 */
/**
 * @typedef {object} StandinState
 * @property {Settings} settings
 * @property {import('./token-store.mjs').TokenStore} tokens
 * @property {import('./media-store.mjs').MediaStore} media
 * @property {import('./scripted-faults.mjs').ScriptQueue} scripts
 * @property {import('./request-log.mjs').RequestLog} log
 * @property {import('./openapi-check.mjs').OpenapiCheck} openapi
 * @property {Set<import('node:net').Socket>} live sockets with a request in flight, ended by reset
 * @property {AbortController} lifetime aborted by reset, so pending delays stop
 * @property {import('./relay-line.mjs').RelayLine} line the line to the upload relay, which the demo can cut
 */
/**
 * @typedef {object} Exchange
 * @property {StandinState} state
 * @property {import('node:http').IncomingMessage} req
 * @property {import('node:http').ServerResponse} res
 * @property {URL} url
 * @property {import('./request-log.mjs').RequestRecord} record
 * @property {(status: number, body: unknown, options?: ReplyOptions) => void} reply
 * @property {(kind: import('./openapi-check.mjs').RequestKind, fields: Record<string, unknown>) => void} checkRequest
 */
/**
 * @typedef {object} ReplyOptions
 * @property {string} [contentType] default JSON
 * @property {Record<string, string>} [headers]
 * @property {import('./openapi-check.mjs').AnswerKind} [checkAs] check the answer against this route's schemas
 */
/**
 * @template Body
 * @typedef {object} RouteSpec
 * @property {import('./scripted-faults.mjs').ScriptableRoute} route
 * @property {URL} url
 * @property {boolean} needsAuth
 * @property {number} [chunkDelayMs]
 * @property {(req: import('node:http').IncomingMessage, pacer: import('node:stream').Transform, record: import('./request-log.mjs').RequestRecord) => Promise<Body>} read
 * @property {(exchange: Exchange, body: Body) => void | Promise<void>} answer
 * @property {import('./openapi-check.mjs').AnswerKind} [badRequestCheckAs] schema for this route's 400s, if it has one
 */

/**
 * @template Body
 * @param {StandinState} state
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {RouteSpec<Body>} spec
 */
export async function runExchange(state, req, res, spec) {
  const { route, url, needsAuth, read, answer } = spec;
  const { signal } = state.lifetime;
  const record = state.log.start({
    route,
    method: req.method ?? 'GET',
    url,
    contentType: req.headers['content-type'] ?? '',
    // Authentication looks at the headers only, as a real server decides before the body arrives.
    auth: needsAuth ? state.tokens.check(req.headers.authorization, Date.now()) : null,
    tokenProject: needsAuth ? state.tokens.projectOf(req.headers.authorization) : undefined,
  });
  const scripted = state.scripts.take(route);
  record.fault = describeFault(scripted);

  const socket = req.socket;
  state.live.add(socket);
  res.once('close', () => {
    state.live.delete(socket);
    record.endedAt = new Date().toISOString();
    if (record.outcome === 'pending') record.outcome = 'aborted';
    // Closed unanswered, and not by a scripted reset: the client gave up (a stalled request also ends so on reset).
    if (record.status === null && record.outcome !== 'reset') record.clientAborted = true;
  });

  if (scripted?.stall) {
    // Not reading leaves the body in socket buffers, so the client's upload progress stops.
    record.outcome = 'stalled';
    req.pause();
    return;
  }

  const pacer = createBodyPacer({
    socket,
    chunkDelayMs: scripted?.slowReadMs ?? spec.chunkDelayMs ?? 0,
    resetAfterBytes: scripted?.resetAfterBytes,
    onBytes: (bytes) => (record.bodyBytes = bytes),
  });

  if (scripted?.stallMs) {
    // Unread for a while, as a congested link: the body waits in socket buffers, then reading goes on.
    try {
      await sleep(scripted.stallMs, undefined, { signal });
    } catch {
      return;
    }
    if (res.destroyed) return;
  }

  /** @type {Body | undefined} */
  let body;
  /** @type {string | undefined} */
  let badRequest;
  try {
    body = await read(req, pacer, record);
    record.bodyComplete = true;
  } catch (error) {
    if (error instanceof ConnectionResetError) {
      record.outcome = 'reset';
      return;
    }
    if (!(error instanceof BadRequestError)) {
      if (socket.destroyed) return;
      throw error;
    }
    badRequest = error.message;
  }

  if (scripted?.delayMs) {
    try {
      await sleep(scripted.delayMs, undefined, { signal });
    } catch {
      return;
    }
  }
  if (signal.aborted || res.destroyed) return;

  /** @type {Exchange} */
  const exchange = {
    state,
    req,
    res,
    url,
    record,
    reply(status, replyBody, { contentType = JSON_TYPE, headers = {}, checkAs } = {}) {
      // Scripted answers are deliberately arbitrary; only the stand-in's own answers must match the spec.
      if (checkAs && state.openapi.enabled) {
        state.log.checked(record, 'answer', state.openapi.checkAnswer(checkAs, status, contentType, replyBody));
      }
      const text = typeof replyBody === 'string' ? replyBody : JSON.stringify(replyBody);
      if (writeAnswer(res, status, text, contentType, headers)) {
        record.status = status;
        record.outcome = 'answered';
      }
    },
    checkRequest(kind, fields) {
      if (state.openapi.enabled) state.log.checked(record, 'request', state.openapi.checkRequest(kind, fields));
    },
  };

  if (scripted?.status !== undefined) {
    const { status, text, contentType, headers } = scriptedReply({ ...scripted, status: scripted.status }, route);
    exchange.reply(status, text, { contentType, headers });
    return;
  }
  if (badRequest !== undefined) {
    exchange.reply(400, { error: badRequest }, { checkAs: spec.badRequestCheckAs });
    return;
  }
  await answer(exchange, /** @type {Body} */ (body));
}
