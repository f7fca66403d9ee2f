// The demo's "Cut the connection" switch: the line between the page and the stand-in's upload relay, which can drop
// a resumable upload's chunk half-way through, as a phone losing its signal does. The connection is really cut (its
// socket destroyed); the relay keeps the bytes that arrived before, and the element goes on from there.
import { resetSocket } from './request-body.mjs';

/**
 * @typedef {object} RelayLine
 * @property {boolean} cutting while on, every other chunk (`PATCH` with a body) to the relay is cut half-way
 * @property {number} cuts connections cut so far
 * @property {{ url: string, offset: string } | undefined} cut the chunk cut last, until a later chunk went through
 */

/** @returns {RelayLine} */
export const newRelayLine = () => ({ cutting: false, cuts: 0, cut: undefined });

/** Back to a whole line, as a reset of the stand-in leaves it. */
export function resetRelayLine(/** @type {RelayLine} */ line) {
  Object.assign(line, newRelayLine());
}

/**
 * Decides whether this request to the relay is cut, and if so cuts it once half of its body has arrived. After a
 * cut the next chunk of a new offset goes through whole (so the upload moves on), then the one after is cut again.
 * A browser that re-sends the cut chunk by itself (same offset; the relay answers `409`) changes nothing.
 * @param {RelayLine} line
 * @param {import('node:http').IncomingMessage} req
 * @param {string} path
 * @returns {boolean} whether it will be cut
 */
export function cutIfDue(line, req, path) {
  const bytes = Number(req.headers['content-length'] ?? 0);
  if (!line.cutting || req.method !== 'PATCH' || !path.includes('/files/') || !(bytes > 0)) return false;
  const offset = String(req.headers['upload-offset'] ?? '');
  if (line.cut) {
    if (line.cut.url !== path || line.cut.offset !== offset) line.cut = undefined;
    return false;
  }
  line.cut = { url: path, offset };
  cutAfter(req, Math.floor(bytes / 2), () => line.cuts++);
  return true;
}

/**
 * Lets `after` bytes of the body reach the relay, then reads nothing more and destroys the connection once the relay
 * has taken what arrived: what a line that drops mid-request leaves at the server.
 * @param {import('node:http').IncomingMessage} req
 * @param {number} after
 * @param {() => void} onCut
 */
function cutAfter(req, after, onCut) {
  let arrived = 0;
  const push = req.push;
  // Node's HTTP parser hands each piece of the body to the request with `push`.
  req.push = function (/** @type {Buffer | null} */ chunk, /** @type {BufferEncoding | undefined} */ encoding) {
    if (chunk === null || arrived >= after) return arrived >= after ? false : push.call(this, chunk, encoding);
    const room = after - arrived;
    arrived += Math.min(room, chunk.length);
    if (chunk.length < room) return push.call(this, chunk, encoding);
    if (room > 0) push.call(this, chunk.subarray(0, room));
    onCut();
    drop(req, Date.now() + 1000);
    // `false` stops the socket being read: the rest of the chunk never arrives.
    return false;
  };
}

/** Destroys the connection once the relay has read every byte that arrived (or after a second, whichever first). */
function drop(/** @type {import('node:http').IncomingMessage} */ req, /** @type {number} */ deadline) {
  if (req.readableLength > 0 && !req.destroyed && Date.now() < deadline) {
    setTimeout(() => drop(req, deadline), 10);
    return;
  }
  resetSocket(req.socket);
}
