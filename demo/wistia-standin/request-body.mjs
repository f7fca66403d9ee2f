// Reads request bodies the way the scripted faults need: paced (slow network), cut off (reset), or small and whole.
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The request was answered with a bad-request error; the message is sent to the client. */
export class BadRequestError extends Error {}

/** The stand-in reset the connection on purpose (a scripted `resetAfterBytes`). */
export class ConnectionResetError extends Error {}

/**
 * A pass-through that counts body bytes, can pause between chunks and can reset the socket after n bytes.
 * A delayed callback holds back the socket too, so a browser sees its upload progress rise slowly.
 * @param {{ socket: import('node:net').Socket, chunkDelayMs?: number, resetAfterBytes?: number, onBytes?: (n: number) => void }} options
 */
export function createBodyPacer({ socket, chunkDelayMs = 0, resetAfterBytes, onBytes = () => {} }) {
  let bytes = 0;
  const reset = () => {
    resetSocket(socket);
    return new ConnectionResetError(`connection reset after ${bytes} body bytes`);
  };
  return new Transform({
    transform(chunk, _encoding, done) {
      if (resetAfterBytes !== undefined && bytes + chunk.length >= resetAfterBytes) {
        const room = resetAfterBytes - bytes;
        if (room > 0) this.push(chunk.subarray(0, room));
        bytes += room;
        onBytes(bytes);
        return done(reset());
      }
      bytes += chunk.length;
      onBytes(bytes);
      if (chunkDelayMs > 0) setTimeout(done, chunkDelayMs, null, chunk);
      else done(null, chunk);
    },
    flush(done) {
      // A body shorter than the reset point still ends in a reset, never in an answer.
      done(resetAfterBytes === undefined ? null : reset());
    },
  });
}

/** Sends a TCP reset where the platform allows it, so the client sees a connection reset rather than a clean close. */
export function resetSocket(/** @type {import('node:net').Socket} */ socket) {
  if (socket.destroyed) return;
  // A socket the peer already half-closed cannot be reset (EINVAL): we are killing it anyway, so that is no error.
  socket.on('error', () => {});
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

/**
 * What a socket reports when a connection ends the way the stand-in's faults mean it to: its own resets (the kernel
 * may refuse one on a socket the peer half-closed), and a client that hangs up mid-request (a cancel, a stall given up).
 */
export function isExpectedSocketError(/** @type {{ code?: string, syscall?: string } | undefined} */ error) {
  return error?.syscall === 'reset' || ['ECONNRESET', 'EPIPE', 'HPE_INVALID_EOF_STATE'].includes(error?.code ?? '');
}

/**
 * Reads a small body whole (token JSON, control JSON, bodies of GET requests).
 * @param {import('node:http').IncomingMessage} req
 * @param {Transform} pacer
 * @param {number} [limit]
 */
export async function readSmallBody(req, pacer, limit = 1 << 20) {
  /** @type {Buffer[]} */
  const chunks = [];
  let size = 0;
  const sink = new Writable({
    write(chunk, _encoding, done) {
      size += chunk.length;
      if (size > limit) return done(new BadRequestError(`Request body is larger than ${limit} bytes.`));
      chunks.push(chunk);
      done();
    },
  });
  await pipeline(req, pacer, sink);
  return Buffer.concat(chunks);
}

/**
 * Parses a JSON object body; anything else is a bad request.
 * @param {Buffer} raw
 * @returns {Record<string, unknown>}
 */
export function parseJsonObject(raw) {
  if (raw.length === 0) return {};
  /** @type {unknown} */
  let value;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new BadRequestError('Request body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadRequestError('Request body must be a JSON object.');
  }
  return /** @type {Record<string, unknown>} */ (value);
}
