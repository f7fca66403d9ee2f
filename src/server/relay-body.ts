// Reads an upload's multipart body only as far as the `file` part, then passes it on byte for byte,
// watching the rest for a limit, a part after `file` or an early end, without holding more than a chunk.

import type { ChunkReader } from './node-body.js';

/** Most bytes of form fields read ahead of the file part. */
export const FIELDS_LIMIT = 64 * 1024;

/** A body the relay refuses, with the status Wistia would give. */
export class RelayBodyError extends Error {
  override readonly name = 'RelayBodyError';
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/** A body read chunk by chunk (undefined at its end), lighter than a stream for the one reader it has. */
export interface BodySource {
  read(): Promise<Uint8Array | undefined>;
  cancel(reason?: unknown): Promise<void>;
}

export interface PeekedUpload {
  /** Text fields ahead of `file`, by name (the last value wins, as at Wistia). */
  fields: Record<string, string>;
  /** The body, unchanged, for the upstream request. */
  body: BodySource;
}

export interface PeekOptions {
  /** Largest body accepted, counted while streaming. */
  maxBytes: number;
  /** Called whenever the upstream takes another chunk (it is still reading). */
  onProgress: () => void;
  /** Called once the last byte went upstream. */
  onSent: () => void;
  /** Called when the body turns out bad after streaming began: the upstream request must be aborted. */
  onProblem: (error: unknown) => void;
}

const encoder = new TextEncoder();
const CRLF_CRLF = encoder.encode('\r\n\r\n');
const DASH = 0x2d;

/** The boundary of a `multipart/form-data` content type, or undefined. */
export function multipartBoundary(contentType: string): string | undefined {
  if (!/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/**
 * Reads the parts ahead of `file` (refusing a body without one), then returns those fields and a stream of the
 * whole body for the upstream request, pulled only as fast as the upstream reads it.
 */
export async function peekUpload(reader: ChunkReader, boundary: string, options: PeekOptions): Promise<PeekedUpload> {
  const delimiter = encoder.encode(`\r\n--${boundary}`);
  let head: Uint8Array = new Uint8Array(0);
  const more = async (): Promise<void> => {
    const { done, value } = await reader.read();
    if (done) throw new RelayBodyError(400, 'The upload has no file part: send the video in a field named "file".');
    head = concat(head, value);
    if (head.byteLength > options.maxBytes) throw new RelayBodyError(413, 'The upload is larger than allowed.');
  };

  try {
    const fields: Record<string, string> = {};
    // The first boundary has no CRLF ahead of it; scanning as if it had one keeps one rule for all.
    let at = -2;
    let fileStart: number;
    for (;;) {
      while (head.byteLength < at + delimiter.byteLength + 2) await more();
      if (!startsWith(head, delimiter, at)) throw new RelayBodyError(400, 'The multipart body is malformed.');
      const after = at + delimiter.byteLength;
      if (head[after] === DASH && head[after + 1] === DASH) {
        throw new RelayBodyError(400, 'The upload has no file part: send the video in a field named "file".');
      }
      let headersEnd: number;
      while ((headersEnd = indexOf(head, CRLF_CRLF, after)) < 0) {
        if (head.byteLength > FIELDS_LIMIT) throw new RelayBodyError(400, 'The form fields are too large.');
        await more();
      }
      const part = parseDisposition(new TextDecoder().decode(head.subarray(after + 2, headersEnd)));
      if (part === undefined) throw new RelayBodyError(400, 'A multipart part has no field name.');
      if (part.name === 'file') {
        fileStart = headersEnd + 4;
        break;
      }
      if (part.file) throw new RelayBodyError(400, 'Send one file, in the field named "file".');
      let end: number;
      while ((end = indexOf(head, delimiter, headersEnd + 4)) < 0) {
        if (head.byteLength > FIELDS_LIMIT) throw new RelayBodyError(400, 'The form fields are too large.');
        await more();
      }
      fields[part.name] = new TextDecoder().decode(head.subarray(headersEnd + 4, end));
      at = end;
    }
    return { fields, body: passThrough(reader, head, fileStart, delimiter, options) };
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    throw error;
  }
}

/** The body from its first byte, checked on the way: nothing after the file part, the closing boundary present. */
function passThrough(
  reader: ChunkReader,
  head: Uint8Array,
  fileStart: number,
  delimiter: Uint8Array,
  options: PeekOptions,
): BodySource {
  let total = head.byteLength;
  let pending: Uint8Array | undefined = head;
  let carry = new Uint8Array(0);
  let closed = false;

  /** Looks for the boundary after the file; only the closing one (`--` after it) may come. */
  const scan = (chunk: Uint8Array): void => {
    if (closed) return;
    const keep = delimiter.byteLength + 1;
    // The seam (the end of the last chunk and the start of this one) is searched on its own, so no chunk is copied.
    const seam = concat(carry, chunk.subarray(0, keep));
    let window = seam;
    let found = indexOf(seam, delimiter, 0);
    if (found < 0 || found >= carry.byteLength) {
      window = chunk;
      found = indexOf(chunk, delimiter, 0);
    }
    if (found < 0) {
      const tail = chunk.byteLength >= keep ? chunk : seam;
      carry = tail.slice(tail.byteLength - Math.min(keep, tail.byteLength));
      return;
    }
    const after = found + delimiter.byteLength;
    // The two bytes after the boundary decide; when they have not arrived, look again with the next chunk.
    if (after + 2 > window.byteLength) carry = window.slice(found);
    else if (window[after] === DASH && window[after + 1] === DASH) closed = true;
    else throw new RelayBodyError(400, 'Put the "file" part last: fields after it are not accepted.');
  };

  const next = async (): Promise<Uint8Array | undefined> => {
    options.onProgress();
    if (pending !== undefined) {
      const first = pending;
      pending = undefined;
      // The first chunk holds the fields and the file part's headers: scan from the file's content.
      scan(first.subarray(fileStart));
      return first;
    }
    const { done, value } = await reader.read();
    if (done) {
      if (!closed) throw new RelayBodyError(400, 'The upload ended before its multipart body was complete.');
      options.onSent();
      return undefined;
    }
    total += value.byteLength;
    if (total > options.maxBytes) throw new RelayBodyError(413, 'The upload is larger than allowed.');
    scan(value);
    return value;
  };

  return {
    async read() {
      try {
        return await next();
      } catch (error) {
        options.onProblem(error);
        await reader.cancel().catch(() => undefined);
        throw error;
      }
    },
    cancel: (reason) => reader.cancel(reason).catch(() => undefined),
  };
}

function parseDisposition(headers: string): { name: string; file: boolean } | undefined {
  const line = headers.split('\r\n').find((item) => /^content-disposition\s*:/i.test(item));
  const name = line === undefined ? undefined : /;\s*name="([^"]*)"/i.exec(line)?.[1];
  if (line === undefined || name === undefined || name === '') return undefined;
  return { name, file: /;\s*filename\*?=/i.test(line) };
}

function startsWith(haystack: Uint8Array, needle: Uint8Array, at: number): boolean {
  // `at` may be -2 for the first boundary, whose CRLF is implied.
  for (let i = Math.max(0, -at); i < needle.byteLength; i++) if (haystack[at + i] !== needle[i]) return false;
  return true;
}

/** Native search where Node's Buffer exists (fast for a gigabyte), a first-byte scan elsewhere. */
function indexOf(haystack: Uint8Array, needle: Uint8Array, from: number): number {
  const NodeBuffer = (globalThis as { Buffer?: typeof import('node:buffer').Buffer }).Buffer;
  if (NodeBuffer !== undefined) {
    return NodeBuffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).indexOf(needle, from);
  }
  for (let i = haystack.indexOf(needle[0] ?? 0, from); i >= 0; i = haystack.indexOf(needle[0] ?? 0, i + 1)) {
    if (i + needle.byteLength > haystack.byteLength) return -1;
    if (startsWith(haystack, needle, i)) return i;
  }
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.byteLength === 0) return b;
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a);
  out.set(b, a.byteLength);
  return out;
}
