// Which fields each relay route takes, and the rules they must meet before anything is sent to Wistia under the
// site's token: the token's project, link imports that Wistia may fetch, S3 copies only from the site's buckets.

import { RelayBodyError } from './relay-errors.js';
import type { RelayTokenClaims } from './relay-token.js';

/** The media fields the element sends, in the order it sends them (the file, when any, comes last). */
export const MEDIA_FIELDS = ['project_id', 'name', 'description', 'contact_id'] as const;
const SOURCE_FIELDS = { upload: ['url'], s3: ['bucket', 'source_file'] } as const;

/** The same list as the element's (src/core/file-rules.ts): a link must end in one of them. */
const MEDIA_EXTENSIONS = (
  'mp4 mov m4v avi wmv mkv webm flv mpg mpeg 3gp 3g2 ogv mts m2ts ts mxf f4v asf vob divx dv qt ' +
  'mp3 m4a wav aac ogg oga flac wma aif aiff'
).split(' ');

export type FieldList = [name: string, value: string][];

/** Collects fields one at a time, refusing an unknown name or one sent twice. */
export class FieldCollector {
  readonly #allowed: readonly string[];
  readonly fields = new Map<string, string>();

  constructor(allowed: readonly string[]) {
    this.#allowed = allowed;
  }

  add(name: string, value: string): void {
    if (!this.#allowed.includes(name)) throw bad(`The field "${name.slice(0, 40)}" is not accepted here.`);
    if (this.fields.has(name)) throw bad(`The field "${name}" was sent twice.`);
    this.fields.set(name, value);
  }
}

/**
 * The media fields to forward, once the project is the token's: the token's own project id (or none), then the
 * others as sent.
 */
export function checkedMediaFields(claims: RelayTokenClaims, fields: Map<string, string>): FieldList {
  const sent = fields.get('project_id')?.trim() ?? '';
  if ((sent === '' ? null : sent) !== claims.projectId) {
    throw bad('This upload token is for another project: ask for a token for this project.');
  }
  const out: FieldList = claims.projectId === null ? [] : [['project_id', claims.projectId]];
  for (const name of MEDIA_FIELDS.slice(1)) {
    const value = fields.get(name);
    if (value !== undefined) out.push([name, value]);
  }
  return out;
}

export interface ImportRules {
  /** Buckets an S3 copy may come from; none when the site lists none. */
  s3Buckets: readonly string[];
}

/** Reads a link import or an S3 copy form and returns the fields to forward, in Wistia's order. */
export function checkedImportForm(
  text: string,
  kind: 'upload' | 's3',
  claims: RelayTokenClaims,
  rules: ImportRules,
): FieldList {
  const collector = new FieldCollector([...SOURCE_FIELDS[kind], ...MEDIA_FIELDS]);
  for (const [name, value] of new URLSearchParams(text)) collector.add(name, value);
  const { fields } = collector;
  const source: FieldList = [];
  if (kind === 'upload') {
    const url = fields.get('url');
    if (url === undefined) throw bad('Send a link in the field "url", or the video as multipart/form-data.');
    source.push(['url', checkedLink(url)]);
  } else {
    const bucket = fields.get('bucket') ?? '';
    const sourceFile = fields.get('source_file') ?? '';
    if (bucket === '' || sourceFile === '') throw bad('Send both "bucket" and "source_file".');
    if (!rules.s3Buckets.includes(bucket)) throw bad('This site does not copy from that S3 bucket.');
    source.push(['bucket', bucket], ['source_file', sourceFile]);
  }
  return [...source, ...checkedMediaFields(claims, fields)];
}

/** Only links Wistia should fetch for the site: http(s), no credentials, a media file. */
function checkedLink(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw bad('The link is not a valid URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw bad('Only http and https links can be imported.');
  if (url.username !== '' || url.password !== '') throw bad('A link must not carry a user name or password.');
  const extension = /\.([a-z0-9]+)$/i.exec(url.pathname)?.[1]?.toLowerCase();
  if (extension === undefined || !MEDIA_EXTENSIONS.includes(extension)) {
    throw bad('The link must point to a video or audio file.');
  }
  return url.href;
}

function bad(message: string): RelayBodyError {
  return new RelayBodyError(400, message);
}
