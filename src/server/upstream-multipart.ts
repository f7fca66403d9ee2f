// How the relay frames the multipart body it sends Wistia, whichever way the file arrived (one form or tus chunks):
// a boundary of its own, random, names escaped as browsers escape them, and the file part last.

import { RelayBodyError } from './relay-errors.js';
import type { FieldList } from './relay-fields.js';

/** The head (fields, then the file part's headers) and the closing line around the file's bytes. */
export interface UpstreamFraming {
  contentType: string;
  head: Uint8Array;
  closing: Uint8Array;
}

/** Frames the checked fields and a file; throws a 400 when a field happens to hold the random boundary. */
export function frameUpstreamForm(checked: FieldList, filename: string, mimeType: string): UpstreamFraming {
  const boundary = `wistia-uploader-relay-${randomHex(16)}`;
  if (checked.some(([, value]) => value.includes(boundary))) {
    throw new RelayBodyError(400, 'A field holds the boundary; try again.');
  }
  const encoder = new TextEncoder();
  const head = encoder.encode(
    checked.map(([name, value]) => part(boundary, `name="${quote(name)}"`) + value + '\r\n').join('') +
      part(
        boundary,
        `name="file"; filename="${quote(filename)}"`,
        `Content-Type: ${/^[\w.+-]+\/[\w.+-]+$/.test(mimeType) ? mimeType : 'application/octet-stream'}\r\n`,
      ),
  );
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    head,
    closing: encoder.encode(`\r\n--${boundary}--\r\n`),
  };
}

function part(boundary: string, disposition: string, extraHeaders = ''): string {
  return `--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\n${extraHeaders}\r\n`;
}

/** As browsers escape names in a multipart header: quotes and line breaks percent-encoded. */
function quote(text: string): string {
  return text.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function randomHex(bytes: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (byte) => byte.toString(16).padStart(2, '0')).join(
    '',
  );
}
