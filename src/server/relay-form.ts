/// <reference types="node" />
// Reads the browser's multipart form with busboy (and the strict framing beside it), then builds the upstream body
// itself: the checked fields and the file's bytes under a boundary of its own, so Wistia reads what the relay read.

import type { Busboy, BusboyConfig } from 'busboy';
import { BoundaryScanner } from './multipart-framing.js';
import type { ChunkReader } from './node-body.js';
import { RelayBodyError, type BodySource } from './relay-errors.js';
import { FieldCollector, MEDIA_FIELDS, type FieldList } from './relay-fields.js';
import { frameUpstreamForm } from './upstream-multipart.js';

/** Most bytes of form fields read ahead of the file part. */
export const FIELDS_LIMIT = 64 * 1024;
/** Bytes of file data busboy may hold before it waits for the upstream request. */
const FILE_HIGH_WATER_MARK = 1024 * 1024;

export type BusboyFactory = (config: BusboyConfig) => Busboy;

/** busboy is an optional peer dependency: only the relay needs it, so it is loaded when a relay is created. */
export async function loadBusboy(): Promise<BusboyFactory> {
  // A name in a variable: bundlers must not insist on an optional package the site does not use.
  const packageName = 'busboy';
  try {
    const loaded = (await import(packageName)) as { default?: BusboyFactory } & BusboyFactory;
    return loaded.default ?? loaded;
  } catch (error) {
    throw new Error('createUploadRelay needs the busboy package to read uploads: npm install busboy', {
      cause: error,
    });
  }
}

export interface FormReadOptions {
  busboy: BusboyFactory;
  /** The browser's boundary, already checked by `multipartBoundary`. */
  boundary: string;
  /** The browser's Content-Length, when it sent one. */
  declaredLength: number | undefined;
  /** Largest body accepted, counted while streaming. */
  maxBytes: number;
  /** Resolves with the refusal once the fields before the file have taken too long. */
  fieldsDeadline: Promise<RelayBodyError>;
}

export interface BodyWatch {
  /** Called whenever the upstream takes another chunk (it is still reading). */
  onProgress: () => void;
  /** Called once the last byte went upstream. */
  onSent: () => void;
  /** Called when the body turns out bad after streaming began: the upstream request must be aborted. */
  onProblem: (error: unknown) => void;
}

export interface UpstreamForm {
  contentType: string;
  /** Known when the browser sent a Content-Length; the request is chunked otherwise. */
  contentLength: number | undefined;
  body: BodySource;
}

export interface UploadForm {
  /** The text fields ahead of the file, each at most once. */
  fields: Map<string, string>;
  /** The body for Wistia: `fields` (as checked), then the file, nothing else. */
  rebuild(checked: FieldList, watch: BodyWatch): UpstreamForm;
  cancel(): Promise<void>;
}

/** Reads up to the file part, refusing anything ambiguous; the file itself is read as Wistia takes it. */
export async function readUploadForm(reader: ChunkReader, options: FormReadOptions): Promise<UploadForm> {
  const { boundary, declaredLength, maxBytes } = options;
  const scanner = new BoundaryScanner(boundary);
  const collector = new FieldCollector(MEDIA_FIELDS);
  const parser = options.busboy({
    // Rebuilt from the checked boundary, so busboy cannot read the header differently from the relay.
    headers: { 'content-type': `multipart/form-data; boundary="${boundary}"` },
    // busboy says partsLimit on reaching the limit, fields and files on passing it: one part more than allowed.
    limits: { files: 1, fields: MEDIA_FIELDS.length, parts: MEDIA_FIELDS.length + 2, fieldSize: FIELDS_LIMIT },
    fileHwm: FILE_HIGH_WATER_MARK,
    // Browsers send file names in UTF-8; busboy would read them as Latin-1.
    defParamCharset: 'utf8',
  });
  let problem: RelayBodyError | undefined;
  const refuse = (message: string, status: 400 | 413 = 400): void => {
    problem ??= new RelayBodyError(status, message);
  };
  const queue: Buffer[] = [];
  let file: { partIndex: number; filename: string; mimeType: string } | undefined;
  let fileEnded = false;
  let total = 0;
  let readerDone = false;
  const closed = new Promise<void>((resolve) => parser.once('close', resolve));

  parser.on('field', (name, value, info) => {
    if (file !== undefined) return refuse('Put the "file" part last: fields after it are not accepted.');
    if (info.nameTruncated || info.valueTruncated) return refuse('The form fields are too large.');
    if (name === 'file') return refuse('Send the video in "file" as a file, with a filename.');
    try {
      collector.add(name, value);
    } catch (error) {
      problem ??= error as RelayBodyError;
    }
  });
  parser.on('file', (name, stream, info) => {
    // Every file stream needs an error listener: busboy fails it when the body ends early, which would crash.
    stream.on('error', () => refuse('The upload ended before its multipart body was complete.'));
    if (file !== undefined || name !== 'file') {
      stream.resume();
      return refuse('Send one file, in the field named "file".');
    }
    file = { partIndex: collector.fields.size, filename: info.filename ?? 'file', mimeType: info.mimeType };
    stream.on('data', (chunk: Buffer) => queue.push(chunk));
    stream.once('end', () => (fileEnded = true));
  });
  for (const limit of ['filesLimit', 'fieldsLimit', 'partsLimit'] as const) {
    parser.on(limit, () => refuse('Send one file, in the field named "file", and only the fields Wistia takes.'));
  }
  parser.on('error', () => refuse('The multipart body is malformed or ended early.'));

  /** Feeds one more chunk of the browser's body to the framing check and busboy. */
  const pump = async (deadline?: Promise<RelayBodyError>): Promise<void> => {
    const read = reader.read();
    const next = deadline === undefined ? await read : await Promise.race([read, deadline]);
    if (next instanceof RelayBodyError) throw next;
    if (next.done) {
      readerDone = true;
      parser.end();
      await closed;
    } else {
      total += next.value.byteLength;
      if (total > maxBytes) throw new RelayBodyError(413, 'The upload is larger than allowed.');
      scanner.feed(next.value);
      await new Promise<void>((resolve) => parser.write(next.value, () => resolve()));
    }
    if (problem !== undefined) throw problem;
  };

  try {
    while (file === undefined) {
      if (readerDone) throw new RelayBodyError(400, 'The upload has no file part: send the video in "file".');
      if (total > FIELDS_LIMIT) throw new RelayBodyError(400, 'The form fields are too large.');
      await pump(options.fieldsDeadline);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    parser.destroy();
    throw error;
  }
  const found = file;
  const tail = `\r\n--${boundary}--\r\n`.length;
  const start = scanner.partStarts[found.partIndex];
  const expectedFileBytes =
    declaredLength === undefined || start === undefined ? undefined : declaredLength - start - tail;
  if (declaredLength !== undefined && (expectedFileBytes === undefined || expectedFileBytes < 0)) {
    await reader.cancel().catch(() => undefined);
    throw new RelayBodyError(400, 'The body does not match its Content-Length.');
  }

  /** The file's bytes as busboy hands them out; undefined once it ended and the rest of the body was checked. */
  const nextFileChunk = async (): Promise<Buffer | undefined> => {
    for (;;) {
      if (problem !== undefined) throw problem;
      const chunk = queue.shift();
      if (chunk !== undefined) return chunk;
      if (fileEnded && readerDone) return undefined;
      await pump();
    }
  };

  return {
    fields: collector.fields,
    cancel: async () => {
      parser.destroy();
      await reader.cancel().catch(() => undefined);
    },
    rebuild(checked, watch) {
      const { contentType, head, closing } = frameUpstreamForm(checked, found.filename, found.mimeType);
      let stage: 'head' | 'file' | 'done' = 'head';
      let fileBytes = 0;
      const next = async (): Promise<Uint8Array | undefined> => {
        watch.onProgress();
        if (stage === 'head') {
          stage = 'file';
          return head;
        }
        if (stage === 'done') return undefined;
        const chunk = await nextFileChunk();
        if (chunk !== undefined) {
          fileBytes += chunk.byteLength;
          if (expectedFileBytes !== undefined && fileBytes > expectedFileBytes) throw mismatch();
          return chunk;
        }
        // Only a body that closed cleanly, with every part accounted for, earns the closing boundary.
        if (!scanner.closed || scanner.partStarts.length !== collector.fields.size + 1) {
          throw new RelayBodyError(400, 'The multipart body is malformed or ended early.');
        }
        if (expectedFileBytes !== undefined && fileBytes !== expectedFileBytes) throw mismatch();
        stage = 'done';
        watch.onSent();
        return closing;
      };
      return {
        contentType,
        contentLength:
          expectedFileBytes === undefined ? undefined : head.byteLength + expectedFileBytes + closing.byteLength,
        body: {
          async read() {
            try {
              return await next();
            } catch (error) {
              watch.onProblem(error);
              parser.destroy();
              await reader.cancel().catch(() => undefined);
              throw error;
            }
          },
          cancel: async (reason) => {
            parser.destroy();
            await reader.cancel(reason).catch(() => undefined);
          },
        },
      };
    },
  };
}

function mismatch(): RelayBodyError {
  return new RelayBodyError(400, 'The body does not match its Content-Length: it must end with the closing boundary.');
}
