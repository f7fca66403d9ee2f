/// <reference types="node" />
// The strict framing rules the relay adds to busboy: one boundary parameter within RFC 2046, no preamble, nothing
// after a boundary but CRLF or the closing `--`. A body any two parsers could read differently is refused.

import { RelayBodyError } from './relay-errors.js';

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const PARAMETER = new RegExp(`^\\s*;\\s*(${TOKEN})\\s*=\\s*(${TOKEN}|"(?:[^"\\\\\\r\\n]|\\\\[^\\r\\n])*")\\s*`);
/** RFC 2046 bchars, 1 to 70 of them, not ending in a space. */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;
/** Busboy's own limit on one part's headers. */
const MAX_PART_HEADER_BYTES = 16 * 1024;

/** The boundary of a `multipart/form-data` type, or why it cannot be read unambiguously. */
export function multipartBoundary(contentType: string): { boundary: string } | { problem: string } {
  const type = /^\s*multipart\/form-data\s*/i.exec(contentType);
  if (type === null) return { problem: 'not multipart' };
  let rest = contentType.slice(type[0].length);
  const boundaries: string[] = [];
  while (rest !== '') {
    const match = PARAMETER.exec(rest);
    if (match === null) return { problem: 'Its Content-Type has parameters that cannot be read.' };
    const [whole, name = '', raw = ''] = match;
    const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
    // `boundary*` (RFC 2231) is a second way to say the same thing: refused rather than guessed.
    if (/^boundary\*?$/i.test(name)) boundaries.push(value);
    rest = rest.slice(whole.length);
  }
  if (boundaries.length !== 1) return { problem: 'Its Content-Type must have exactly one boundary.' };
  const boundary = boundaries[0] ?? '';
  if (!BOUNDARY.test(boundary)) return { problem: 'Its boundary must be 1 to 70 characters allowed by RFC 2046.' };
  return { boundary };
}

/**
 * Watches the raw body beside busboy: where each part's content starts (so the file's size can be known from
 * Content-Length), and refuses a preamble, bytes after a boundary, or oversized part headers.
 */
export class BoundaryScanner {
  /** Offset in the body of each part's first content byte. */
  readonly partStarts: number[] = [];
  closed = false;
  readonly #delimiter: Buffer;
  // The body as if it began with CRLF, so the first boundary is found like every other.
  #carry: Buffer = Buffer.from('\r\n');
  #carryAt = -2;
  #headerFrom: number | undefined;

  constructor(boundary: string) {
    this.#delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  }

  /** Takes the next chunk; throws a RelayBodyError when the framing is not unambiguous. */
  feed(chunk: Uint8Array): void {
    if (this.closed) return;
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const length = this.#delimiter.byteLength;
    // A gigabyte of file passes here: when no boundary starts in the few bytes kept from the last chunk, those are
    // settled and the chunk is searched where it lies, not copied behind them.
    if (this.#headerFrom === undefined && this.#carry.byteLength > 0 && bytes.byteLength >= length + 2) {
      const seam = Buffer.concat([this.#carry, bytes.subarray(0, length + 2)]);
      const found = seam.indexOf(this.#delimiter);
      if (found < 0 || found >= this.#carry.byteLength) {
        this.#carryAt += this.#carry.byteLength;
        this.#carry = Buffer.alloc(0);
      }
    }
    this.#scan(bytes);
  }

  #scan(bytes: Buffer): void {
    const window = this.#carry.byteLength === 0 ? bytes : Buffer.concat([this.#carry, bytes]);
    const base = this.#carryAt;
    const keep = (from: number): void => {
      // A copy: a view would keep the whole chunk alive until the next one.
      this.#carry = Buffer.from(window.subarray(from));
      this.#carryAt = base + from;
    };
    const length = this.#delimiter.byteLength;
    let at = 0;
    for (;;) {
      if (this.#headerFrom !== undefined) {
        const headersEnd = window.indexOf('\r\n\r\n', this.#headerFrom - base, 'latin1');
        if (headersEnd < 0) {
          if (window.byteLength - at > MAX_PART_HEADER_BYTES) throw refusal('A part’s headers are too large.');
          return keep(at);
        }
        this.partStarts.push(base + headersEnd + 4);
        this.#headerFrom = undefined;
        at = headersEnd + 4;
      }
      const found = window.indexOf(this.#delimiter, at);
      if (found < 0) return keep(Math.max(at, window.byteLength - (length - 1)));
      if (found + length + 2 > window.byteLength) return keep(found);
      if (this.partStarts.length === 0 && base + found !== -2) throw refusal('The body must start with its boundary.');
      const next = window.subarray(found + length, found + length + 2).toString('latin1');
      if (next === '--') {
        this.closed = true;
        this.#carry = Buffer.alloc(0);
        return;
      }
      if (next !== '\r\n') throw refusal('A boundary line must end right after the boundary.');
      this.#headerFrom = base + found + length;
      at = found + length;
    }
  }
}

const refusal = (message: string): RelayBodyError =>
  new RelayBodyError(400, `The multipart body is ambiguous: ${message}`);
